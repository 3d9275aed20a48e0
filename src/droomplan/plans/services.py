"""Writes to the one plan: dreams, goals, actions. Each write leaves an access-log entry.

The business rules of the plan live here (and only here); forms show the errors these
functions raise, keyed by the form's field names."""

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
from droomplan.core.concurrency import claim_version
from droomplan.core.domains import LifeDomain
from droomplan.core.events import Kind, notify

from .models import Action, ActionOwner, Dream, Goal, GoalNote, GoalStatus, GoalStatusChange

#: Dates further than this from today are almost certainly typing mistakes.
MAX_YEARS_FROM_TODAY = 10
#: Status changes that need a reason: expectation management is part of the method.
REASON_REQUIRED = frozenset({GoalStatus.ADJUSTED, GoalStatus.STOPPED})


def _log(actor: User, action: str, participant, obj, detail: str = "") -> None:
    record(
        request=None,
        user=actor,
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        participant=participant,
        detail=detail,
    )


def _check_date(value: datetime.date | None, field: str, today: datetime.date | None = None):
    if value is None:
        return
    today = today or timezone.localdate()
    years = MAX_YEARS_FROM_TODAY
    try:
        earliest = today.replace(year=today.year - years)
        latest = today.replace(year=today.year + years)
    except ValueError:  # 29 February
        earliest = today.replace(year=today.year - years, day=28)
        latest = today.replace(year=today.year + years, day=28)
    if not earliest <= value <= latest:
        raise ValidationError(
            {field: _("Choose a date within %(years)d years from today.") % {"years": years}}
        )


def _check_length(value: str, field: str, maximum: int) -> None:
    if len(value) > maximum:
        raise ValidationError(
            {
                field: _("This text is too long: %(length)d characters. The maximum is %(max)d.")
                % {"length": len(value), "max": maximum}
            }
        )


def _required_text(value: str, field: str, message: str, maximum: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    _check_length(value, field, maximum)
    return value


# --- Dreams ----------------------------------------------------------------------------------


def _dream_text(text: str) -> str:
    return _required_text(
        text,
        "text",
        _("Write down the dream, in her own words."),
        Dream._meta.get_field("text").max_length,
    )


@transaction.atomic
def create_dream(*, actor: User, participant, text: str) -> Dream:
    dream = Dream.objects.create(participant=participant, text=_dream_text(text), created_by=actor)
    _log(actor, AuditAction.CREATE, participant, dream)
    return dream


@transaction.atomic
def update_dream(*, actor: User, dream: Dream, text: str) -> Dream:
    dream.text = _dream_text(text)
    dream.save(update_fields=["text", "updated_at"])
    _log(actor, AuditAction.UPDATE, dream.participant, dream)
    return dream


# --- Goals -----------------------------------------------------------------------------------


def _check_goal_fields(
    *,
    participant,
    title: str,
    domain: str,
    dream: Dream | None,
    child,
    target_date: datetime.date | None,
) -> str:
    title = _required_text(
        title, "title", _("Write down the goal."), Goal._meta.get_field("title").max_length
    )
    if domain not in LifeDomain.values:
        raise ValidationError({"domain": _("Choose a life domain.")})
    if dream is None and child is None:
        raise ValidationError({"belongs_to": _("Choose the dream or the child this goal is for.")})
    if dream is not None and dream.participant_id != participant.pk:
        raise ValidationError({"belongs_to": _("This dream belongs to another family.")})
    if child is not None and child.participant_id != participant.pk:
        raise ValidationError({"belongs_to": _("This child belongs to another family.")})
    _check_date(target_date, "target_date")
    return title


@transaction.atomic
def create_goal(
    *,
    actor: User,
    participant,
    title: str,
    domain: str,
    dream: Dream | None = None,
    child=None,
    target_date: datetime.date | None = None,
) -> Goal:
    """A realistic goal towards one of her dreams, or for one of her children."""
    title = _check_goal_fields(
        participant=participant,
        title=title,
        domain=domain,
        dream=dream,
        child=child,
        target_date=target_date,
    )
    goal = Goal.objects.create(
        participant=participant,
        dream=dream,
        child=child,
        domain=domain,
        title=title,
        target_date=target_date,
        status=GoalStatus.OPEN,
        created_by=actor,
    )
    GoalStatusChange.objects.create(
        goal=goal, from_status="", to_status=GoalStatus.OPEN, changed_by=actor
    )
    _log(actor, AuditAction.CREATE, participant, goal)
    return goal


@transaction.atomic
def update_goal(
    *,
    actor: User,
    goal: Goal,
    title: str,
    domain: str,
    dream: Dream | None = None,
    child=None,
    target_date: datetime.date | None = None,
    version: int | None = None,
) -> Goal:
    """Change what the goal is; its status changes only through `change_goal_status`.
    `version`: the version the form was opened on (raises EditConflict when it is old)."""
    claim_version(goal, version)
    goal.title = _check_goal_fields(
        participant=goal.participant,
        title=title,
        domain=domain,
        dream=dream,
        child=child,
        target_date=target_date,
    )
    goal.domain = domain
    goal.dream = dream
    goal.child = child
    goal.target_date = target_date
    goal.save()
    _log(actor, AuditAction.UPDATE, goal.participant, goal)
    return goal


@transaction.atomic
def change_goal_status(*, actor: User, goal: Goal, to_status: str, reason: str = "") -> Goal:
    """Open, achieved, adjusted or stopped. Adjusting or stopping needs a reason; every change
    is kept in the goal's history."""
    if to_status not in GoalStatus.values:
        raise ValidationError({"to_status": _("Choose a status.")})
    reason = (reason or "").strip()
    _check_length(reason, "reason", GoalStatusChange._meta.get_field("reason").max_length)
    if to_status in REASON_REQUIRED and not reason:
        raise ValidationError(
            {
                "reason": _("Write down why the goal is adjusted.")
                if to_status == GoalStatus.ADJUSTED
                else _("Write down why the goal is stopped.")
            }
        )
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    # Adjusting again (with a new reason) is a real change; anything else must differ.
    if to_status == goal.status and to_status != GoalStatus.ADJUSTED:
        raise ValidationError({"to_status": _("The goal already has this status.")})
    GoalStatusChange.objects.create(
        goal=goal,
        from_status=goal.status,
        to_status=to_status,
        reason=reason,
        changed_by=actor,
    )
    goal.status = to_status
    goal.status_reason = reason
    goal.save(update_fields=["status", "status_reason", "updated_at"])
    _log(actor, AuditAction.UPDATE, goal.participant, goal, f"status: {to_status}")
    return goal


# --- Actions ---------------------------------------------------------------------------------


def _check_action_fields(
    *,
    description: str,
    owner: str,
    organisation: Organisation | None,
    due_date: datetime.date | None,
    previous_organisation_id: int | None = None,
) -> str:
    description = _required_text(
        description,
        "description",
        _("Write down what needs to be done."),
        Action._meta.get_field("description").max_length,
    )
    if owner not in ActionOwner.values:
        raise ValidationError({"owner": _("Choose who does this.")})
    if owner == ActionOwner.PARTNER:
        if organisation is None:
            raise ValidationError(
                {"organisation": _("Choose the partner organisation that does this.")}
            )
        if not organisation.is_active and organisation.pk != previous_organisation_id:
            raise ValidationError({"organisation": _("This organisation no longer takes part.")})
    elif organisation is not None:
        raise ValidationError(
            {
                "organisation": _(
                    "Only choose an organisation when a partner organisation does this."
                )
            }
        )
    _check_date(due_date, "due_date")
    return description


def _tell_organisation(actor: User, action: Action, previous_organisation_id=None) -> None:
    """A partner organisation that gets an action (new, or moved to it) is told."""
    if action.organisation_id is None or action.organisation_id == previous_organisation_id:
        return
    participant = action.goal.participant
    notify(
        kind=Kind.ACTION_ASSIGNED,
        recipients=staff.partners_of(action.organisation),
        participant=participant,
        about=action,
        domain=action.goal.domain,
        url=reverse("cases:detail", args=[participant.pk]),
        params={"organisation": action.organisation.name, "due": action.due_date},
        actor=actor,
    )


@transaction.atomic
def create_action(
    *,
    actor: User,
    goal: Goal,
    description: str,
    owner: str,
    organisation: Organisation | None = None,
    due_date: datetime.date | None = None,
) -> Action:
    """What needs doing for a goal, by whom: the mother, the coach or a partner organisation."""
    description = _check_action_fields(
        description=description, owner=owner, organisation=organisation, due_date=due_date
    )
    action = Action.objects.create(
        goal=goal,
        description=description,
        owner=owner,
        organisation=organisation,
        due_date=due_date,
        created_by=actor,
    )
    _log(actor, AuditAction.CREATE, goal.participant, action)
    _tell_organisation(actor, action)
    return action


@transaction.atomic
def update_action(
    *,
    actor: User,
    action: Action,
    description: str,
    owner: str,
    organisation: Organisation | None = None,
    due_date: datetime.date | None = None,
    version: int | None = None,
) -> Action:
    """Change the action. `version`: the version the form was opened on (raises EditConflict
    when it is old)."""
    claim_version(action, version)
    action.description = _check_action_fields(
        description=description,
        owner=owner,
        organisation=organisation,
        due_date=due_date,
        previous_organisation_id=action.organisation_id,
    )
    previous_organisation_id = action.organisation_id
    action.owner = owner
    action.organisation = organisation
    action.due_date = due_date
    action.save()
    _log(actor, AuditAction.UPDATE, action.goal.participant, action)
    _tell_organisation(actor, action, previous_organisation_id)
    return action


@transaction.atomic
def mark_action_done(
    *, actor: User, action: Action, done: bool = True, on_date: datetime.date | None = None
) -> Action:
    """Tick an action off (today, unless `on_date`), or undo that with done=False. `actor` is
    kept as who did it (the mother herself, from her portal, or a professional)."""
    if done:
        on_date = on_date or timezone.localdate()
        if on_date > timezone.localdate():
            raise ValidationError({"done_on": _("An action cannot be done in the future.")})
        action.done_on = on_date
        action.done_by = actor
    else:
        action.done_on = None
        action.done_by = None
    action.save(update_fields=["done_on", "done_by", "updated_at"])
    _log(
        actor,
        AuditAction.UPDATE,
        action.goal.participant,
        action,
        f"done: {on_date:%Y-%m-%d}" if done else "not done",
    )
    return action


# --- Notes on a goal (the mother, in her portal) ---------------------------------------------


@transaction.atomic
def add_goal_note(*, actor: User, goal: Goal, went_well: str = "", difficult: str = "") -> GoalNote:
    """A short note on a goal: what went well, what is hard (at least one of the two)."""
    went_well, difficult = (went_well or "").strip(), (difficult or "").strip()
    if not went_well and not difficult:
        raise ValidationError({"went_well": _("Write down what went well or what is hard.")})
    _check_length(went_well, "went_well", GoalNote._meta.get_field("went_well").max_length)
    _check_length(difficult, "difficult", GoalNote._meta.get_field("difficult").max_length)
    note = GoalNote.objects.create(
        goal=goal, went_well=went_well, difficult=difficult, written_by=actor
    )
    _log(actor, AuditAction.CREATE, goal.participant, note)
    return note
