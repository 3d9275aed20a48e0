"""Writes of escalations: open (coach), advise (programme lead), decide (board), withdraw.
Every write leaves an access-log entry linked to the mother. A decision becomes actions in
her plan for the organisation that carries it out, through `plans.services`."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from droomplan.access.policy import staff
from droomplan.accounts.models import Organisation, User
from droomplan.audit.models import Action as AuditAction
from droomplan.audit.services import record
from droomplan.cases.models import Participant
from droomplan.core.events import Kind, notify
from droomplan.plans import services as plan_services
from droomplan.plans.models import Action, ActionOwner, Goal, GoalStatus

from .models import WAITING, BarrierKind, Decision, Escalation, EscalationStatus
from .selectors import deadline_for

MAX_ACTIONS = 10


def _log(actor: User, action: str, escalation: Escalation, detail: str = "", obj=None) -> None:
    record(
        request=None,
        user=actor,
        action=action,
        object_type=(obj or escalation)._meta.model_name,
        object_id=(obj or escalation).pk,
        participant=escalation.participant,
        detail=detail,
    )


def _text(value: str, field: str, message: str, maximum: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    if len(value) > maximum:
        raise ValidationError(
            {
                field: _("This text is too long: %(length)d characters. The maximum is %(max)d.")
                % {"length": len(value), "max": maximum}
            }
        )
    return value


def _tell(kind: str, escalation: Escalation, people, actor: User) -> None:
    notify(
        kind=kind,
        recipients=people,
        participant=escalation.participant,
        about=escalation,
        url=reverse("escalations:detail", args=[escalation.pk]),
        params={"deadline": escalation.deadline},
        actor=actor,
    )


@transaction.atomic
def open_escalation(
    *,
    actor: User,
    participant: Participant,
    goal: Goal | None,
    action: Action | None = None,
    kind: str,
    barrier: str,
    tried: str,
    asked: str,
    today: datetime.date | None = None,
) -> Escalation:
    """The coach asks the board to remove a barrier in the plan: linked to the stuck goal
    (and, if it is about one action, that action)."""
    today = today or timezone.localdate()
    if action is not None:
        if action.goal.participant_id != participant.pk:
            raise ValidationError({"action": _("This action belongs to another family.")})
        if goal is None:
            goal = action.goal
        elif action.goal_id != goal.pk:
            raise ValidationError({"action": _("This action belongs to another goal.")})
    if goal is None:
        raise ValidationError({"goal": _("Choose the goal that is stuck.")})
    if goal.participant_id != participant.pk:
        raise ValidationError({"goal": _("This goal belongs to another family.")})
    if goal.status in (GoalStatus.ACHIEVED, GoalStatus.STOPPED):
        raise ValidationError({"goal": _("This goal is closed: choose an open goal.")})
    if kind not in BarrierKind.values:
        raise ValidationError({"kind": _("Choose the kind of barrier.")})
    cleaned = {
        "barrier": _text(barrier, "barrier", _("Describe the barrier."), 2000),
        "tried": _text(tried, "tried", _("Write down what has been tried."), 2000),
        "asked": _text(asked, "asked", _("Write down what you ask the board."), 2000),
    }
    escalation = Escalation.objects.create(
        participant=participant,
        goal=goal,
        action=action,
        kind=kind,
        opened_by=actor,
        opened_on=today,
        deadline=deadline_for(participant, today),
        status=EscalationStatus.OPEN,
        **cleaned,
    )
    _log(actor, AuditAction.CREATE, escalation, f"kind: {kind}")
    _tell(Kind.ESCALATION_OPENED, escalation, staff.programme_leads(), actor)
    return escalation


def _lock_waiting(escalation: Escalation) -> Escalation:
    locked = (
        Escalation.objects.select_for_update().select_related("participant").get(pk=escalation.pk)
    )
    if locked.status not in WAITING:
        raise ValidationError(
            _("This escalation is already %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    return locked


@transaction.atomic
def add_advice(
    *, actor: User, escalation: Escalation, advice: str, today: datetime.date | None = None
) -> Escalation:
    """The programme lead's advice to the board (may be changed until the board decides)."""
    escalation = _lock_waiting(escalation)
    escalation.advice = _text(advice, "advice", _("Write down your advice."), 2000)
    escalation.advice_by = actor
    escalation.advice_on = today or timezone.localdate()
    escalation.status = EscalationStatus.ADVISED
    escalation.save(update_fields=["advice", "advice_by", "advice_on", "status", "updated_at"])
    _log(actor, AuditAction.UPDATE, escalation, "advice")
    _tell(Kind.ESCALATION_WAITING, escalation, staff.board_members(), actor)
    _tell(
        Kind.ESCALATION_ADVISED,
        escalation,
        staff.current_coaches(escalation.participant),
        actor,
    )
    return escalation


def _action_lines(lines: list[str] | str) -> list[str]:
    if isinstance(lines, str):
        lines = lines.splitlines()
    cleaned = [" ".join(line.split()) for line in lines]
    return [line for line in cleaned if line]


@transaction.atomic
def decide(
    *,
    actor: User,
    escalation: Escalation,
    text: str,
    organisation: Organisation | None,
    due_date: datetime.date | None,
    carried_out_by: User | None = None,
    actions: list[str] | str = (),
    today: datetime.date | None = None,
) -> Decision:
    """The board's decision. Each line of `actions` (or, without lines, the decision itself)
    becomes an action in her plan, under the escalated goal, for `organisation`, due by
    `due_date`."""
    today = today or timezone.localdate()
    escalation = _lock_waiting(escalation)
    text = _text(text, "text", _("Write down the decision."), 3000)
    if organisation is None:
        raise ValidationError({"organisation": _("Choose the organisation that carries it out.")})
    if not organisation.is_active:
        raise ValidationError({"organisation": _("This organisation no longer takes part.")})
    if (
        carried_out_by is not None
        and not carried_out_by.memberships.filter(organisation=organisation).exists()
    ):
        raise ValidationError(
            {
                "carried_out_by": _("%(name)s does not work for %(organisation)s.")
                % {"name": carried_out_by, "organisation": organisation.name}
            }
        )
    if due_date is None:
        raise ValidationError({"due_date": _("Choose the date by which it is done.")})
    if due_date < today:
        raise ValidationError({"due_date": _("Choose a date from today on.")})
    lines = _action_lines(actions)
    if len(lines) > MAX_ACTIONS:
        raise ValidationError(
            {"actions": _("Write at most %(max)d actions, one per line.") % {"max": MAX_ACTIONS}}
        )
    maximum = Action._meta.get_field("description").max_length
    for line in lines:
        if len(line) > maximum:
            raise ValidationError(
                {
                    "actions": _("An action is at most %(max)d characters: “%(start)s…”.")
                    % {"max": maximum, "start": line[:40]}
                }
            )
    goal = escalation.goal
    if goal is None:
        raise ValidationError(_("The goal of this escalation no longer exists in the plan."))
    if not lines:
        summary = _("Board decision: %(text)s") % {"text": " ".join(text.split())}
        lines = [summary if len(summary) <= maximum else summary[: maximum - 1] + "…"]
    decision = Decision.objects.create(
        escalation=escalation,
        text=text,
        organisation=organisation,
        carried_out_by=carried_out_by,
        due_date=due_date,
        decided_by=actor,
        decided_on=today,
    )
    created = [
        plan_services.create_action(
            actor=actor,
            goal=goal,
            description=line,
            owner=ActionOwner.PARTNER,
            organisation=organisation,
            due_date=due_date,
        )
        for line in lines
    ]
    decision.actions.set(created)
    escalation.status = EscalationStatus.DECIDED
    escalation.save(update_fields=["status", "updated_at"])
    _log(actor, AuditAction.CREATE, escalation, f"decision, {len(created)} actions", decision)
    _tell(
        Kind.ESCALATION_DECIDED,
        escalation,
        staff.current_coaches(escalation.participant),
        actor,
    )
    return decision


@transaction.atomic
def withdraw(
    *, actor: User, escalation: Escalation, reason: str, today: datetime.date | None = None
) -> Escalation:
    """The coach or the programme lead withdraws an escalation (solved another way)."""
    escalation = _lock_waiting(escalation)
    escalation.withdrawn_reason = _text(reason, "reason", _("Write down why it is withdrawn."), 500)
    escalation.withdrawn_on = today or timezone.localdate()
    escalation.status = EscalationStatus.WITHDRAWN
    escalation.save(update_fields=["withdrawn_reason", "withdrawn_on", "status", "updated_at"])
    _log(actor, AuditAction.UPDATE, escalation, "withdrawn")
    return escalation
