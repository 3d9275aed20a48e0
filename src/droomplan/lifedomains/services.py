"""Writes to the life-domain trackers. Each write is atomic and leaves an access-log entry.

The rules are the pure functions of `validators` (shared with the exchange importer); the
services raise their errors as a ValidationError keyed by field name, so forms show them on
the right field."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from droomplan.accounts.models import Organisation, User
from droomplan.audit.models import Action as AuditAction
from droomplan.audit.services import record
from droomplan.cases.models import Participant
from droomplan.core.concurrency import claim_version

from . import validators
from .models import (
    SETTLED_ROUTES,
    Debt,
    DebtRoute,
    DebtRouteChange,
    Education,
    HousingKind,
    HousingStatus,
    WorkPlacement,
)


def _log(actor: User | None, action: str, participant: Participant, obj, detail: str = ""):
    record(
        request=None,
        user=actor,
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        participant=participant,
        detail=detail,
    )


def _raise(errors: validators.ErrorDict) -> None:
    if errors:
        raise ValidationError({k: [str(m) for m in v] for k, v in errors.items()})


def _text(value: str | None, field: str, maximum: int, *, required_message: str = "") -> str:
    value = (value or "").strip()
    if required_message and not value:
        raise ValidationError({field: required_message})
    if len(value) > maximum:
        raise ValidationError(
            {
                field: _("This text is too long: %(length)d characters. The maximum is %(max)d.")
                % {"length": len(value), "max": maximum}
            }
        )
    return value


def _max(model, field: str) -> int:
    return model._meta.get_field(field).max_length


def _changed(obj, values: dict) -> list[str]:
    return [name for name, value in values.items() if getattr(obj, name) != value]


def _save_changes(obj, values: dict, *, actor: User | None):
    """Apply checked `values` to a record, save it and log which fields changed."""
    changed = _changed(obj, values)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.updated_by = actor
    obj.save()
    _log(actor, AuditAction.UPDATE, obj.participant, obj, "changed=" + ",".join(changed))
    return obj


def _delete(obj, *, actor: User | None) -> None:
    """Remove a record; the log keeps which one it was and whose."""
    participant, pk = obj.participant, obj.pk
    obj.delete()
    record(
        request=None,
        user=actor,
        action=AuditAction.DELETE,
        object_type=obj._meta.model_name,
        object_id=pk,
        participant=participant,
    )


# --- Debts -----------------------------------------------------------------------------------


@transaction.atomic
def set_debt_inventory(
    *,
    actor: User | None,
    participant: Participant,
    debt_inventory_on: datetime.date | None,
    version: int | None = None,
    today: datetime.date | None = None,
) -> Participant:
    """Record the day her debt situation was inventoried (None: not done yet). Without it and
    without a registered debt, the outcome report counts her debt situation as unknown."""
    today = today or timezone.localdate()
    if debt_inventory_on is not None:
        if debt_inventory_on > today:
            raise ValidationError(
                {"debt_inventory_on": _("The date of the inventory cannot be in the future.")}
            )
        if participant.intake_date and debt_inventory_on < participant.intake_date:
            raise ValidationError(
                {
                    "debt_inventory_on": _("The inventory cannot be before the intake (%(date)s).")
                    % {"date": participant.intake_date.strftime("%d-%m-%Y")}
                }
            )
    claim_version(participant, version)
    old = participant.debt_inventory_on
    participant.debt_inventory_on = debt_inventory_on
    participant.save(update_fields=["debt_inventory_on", "version", "updated_at"])
    record(
        request=None,
        user=actor,
        action=AuditAction.UPDATE,
        object_type="debt_inventory",
        object_id=participant.pk,
        participant=participant,
        detail=f"debt_inventory_on {old} -> {debt_inventory_on}",
    )
    return participant


def _debt_fields(creditor, amount, registered_on, settled_on, route, note, today):
    creditor = _text(
        creditor,
        "creditor",
        _max(Debt, "creditor"),
        required_message=_("Fill in the creditor (who the debt is owed to)."),
    )
    note = _text(note, "note", _max(Debt, "note"))
    if route not in DebtRoute.values:
        raise ValidationError({"route": _("Choose a route.")})
    _raise(
        validators.debt_errors(
            amount=amount,
            registered_on=registered_on,
            settled_on=settled_on,
            route=route,
            today=today,
        )
    )
    return creditor, note


@transaction.atomic
def create_debt(
    *,
    actor: User | None,
    participant: Participant,
    creditor: str,
    amount: Decimal,
    registered_on: datetime.date,
    settled_on: datetime.date | None = None,
    route: str | None = None,
    note: str = "",
    today: datetime.date | None = None,
) -> Debt:
    """Register a debt. Without a route it starts in inventory (or 'paid off' when it is
    already settled, also when the route given is 'inventory'). The route history starts
    with one step: the route on the registration date (a settled route on the settled
    date)."""
    today = today or timezone.localdate()
    if not route or (settled_on and route == DebtRoute.INVENTORY):
        # "In inventory" and settled makes no sense: a settled debt without a route was paid.
        route = DebtRoute.PAID_OFF if settled_on else DebtRoute.INVENTORY
    creditor, note = _debt_fields(creditor, amount, registered_on, settled_on, route, note, today)
    debt = Debt.objects.create(
        participant=participant,
        creditor=creditor,
        amount=amount,
        registered_on=registered_on,
        settled_on=settled_on,
        route=route,
        note=note,
        created_by=actor,
        updated_by=actor,
    )
    DebtRouteChange.objects.create(
        debt=debt,
        route=route,
        date=settled_on if route in SETTLED_ROUTES else registered_on,
        changed_by=actor,
    )
    _log(actor, AuditAction.CREATE, participant, debt, f"route={route}")
    return debt


@transaction.atomic
def update_debt(
    *,
    actor: User | None,
    debt: Debt,
    creditor: str,
    amount: Decimal,
    registered_on: datetime.date,
    settled_on: datetime.date | None = None,
    note: str = "",
    today: datetime.date | None = None,
    version: int | None = None,
) -> Debt:
    """Correct a debt's details. The route is changed with `change_debt_route`; route steps
    dated before a corrected registration date move to it, and a settled route's last step
    follows a corrected settled date. `version`: the version the form was opened on (raises
    EditConflict when someone else saved in the meantime)."""
    claim_version(debt, version)
    today = today or timezone.localdate()
    creditor, note = _debt_fields(
        creditor, amount, registered_on, settled_on, debt.route, note, today
    )
    values = {
        "creditor": creditor,
        "amount": amount,
        "registered_on": registered_on,
        "settled_on": settled_on,
        "note": note,
    }
    _save_changes(debt, values, actor=actor)
    debt.route_changes.filter(date__lt=registered_on).update(date=registered_on)
    if debt.route in SETTLED_ROUTES and settled_on is not None:
        last = debt.route_changes.order_by("-date", "-created_at", "-pk").first()
        if last is not None and last.route == debt.route and last.date != settled_on:
            last.date = settled_on
            last.save(update_fields=["date"])
    return debt


@transaction.atomic
def change_debt_route(
    *,
    actor: User | None,
    debt: Debt,
    route: str,
    date: datetime.date,
    note: str = "",
    today: datetime.date | None = None,
) -> DebtRouteChange:
    """Put the debt on a next route from `date` on. 'Paid off' and 'remitted' settle it on
    that date; a next open route after a settled one opens it again. The route only moves
    forward in time: a step cannot be dated before the current one."""
    today = today or timezone.localdate()
    note = _text(note, "note", _max(DebtRouteChange, "note"))
    if route and route not in DebtRoute.values:
        raise ValidationError({"route": _("Choose a route.")})
    _raise(
        validators.route_change_errors(
            route=route, date=date, registered_on=debt.registered_on, today=today
        )
    )
    last = debt.route_changes.order_by("-date", "-created_at", "-pk").first()
    if last is not None:
        if route == last.route:
            raise ValidationError({"route": _("The debt is already on this route.")})
        if date < last.date:
            raise ValidationError(
                {
                    "date": _(
                        "This date lies before the current route step (%(date)s). "
                        "The route only moves forward."
                    )
                    % {"date": validators._fmt(last.date)}
                }
            )
    claim_version(debt)  # the settled date may change: an open edit form is now out of date
    step = DebtRouteChange.objects.create(
        debt=debt, route=route, date=date, note=note, changed_by=actor
    )
    debt.route = route
    if route in SETTLED_ROUTES:
        debt.settled_on = date
    elif debt.settled_on is not None and debt.settled_on <= date:
        debt.settled_on = None
    debt.updated_by = actor
    debt.save(update_fields=["route", "settled_on", "updated_by", "updated_at"])
    _log(actor, AuditAction.UPDATE, debt.participant, debt, f"route={route} from={date}")
    return step


@transaction.atomic
def undo_route_change(*, actor: User | None, debt: Debt) -> Debt:
    """Take back the last route step (a mistake). The first step cannot be taken back."""
    steps = list(debt.route_changes.order_by("-date", "-created_at", "-pk")[:2])
    if len(steps) < 2:
        raise ValidationError(_("The first step of the route cannot be taken back."))
    last, previous = steps
    claim_version(debt)
    last.delete()
    if last.route in SETTLED_ROUTES and previous.route not in SETTLED_ROUTES:
        debt.settled_on = None
    debt.route = previous.route
    debt.updated_by = actor
    debt.save(update_fields=["route", "settled_on", "updated_by", "updated_at"])
    _log(actor, AuditAction.UPDATE, debt.participant, debt, f"route undone={last.route}")
    return debt


@transaction.atomic
def delete_debt(*, actor: User | None, debt: Debt) -> None:
    """Remove a debt registered by mistake (the access log keeps that it existed)."""
    _delete(debt, actor=actor)


# --- Housing ---------------------------------------------------------------------------------


def _housing_fields(date, kind, situation, note, today):
    if kind and kind not in HousingKind.values:
        raise ValidationError({"kind": _("Choose a kind of housing.")})
    situation = _text(situation, "situation", _max(HousingStatus, "situation"))
    note = _text(note, "note", _max(HousingStatus, "note"))
    _raise(validators.housing_errors(date=date, today=today))
    return situation, note


@transaction.atomic
def create_housing(
    *,
    actor: User | None,
    participant: Participant,
    date: datetime.date,
    adequate: bool,
    kind: str = "",
    situation: str = "",
    note: str = "",
    today: datetime.date | None = None,
) -> HousingStatus:
    today = today or timezone.localdate()
    situation, note = _housing_fields(date, kind, situation, note, today)
    housing = HousingStatus.objects.create(
        participant=participant,
        date=date,
        kind=kind or "",
        adequate=bool(adequate),
        situation=situation,
        note=note,
        created_by=actor,
        updated_by=actor,
    )
    _log(actor, AuditAction.CREATE, participant, housing)
    return housing


@transaction.atomic
def update_housing(
    *,
    actor: User | None,
    housing: HousingStatus,
    date: datetime.date,
    adequate: bool,
    kind: str = "",
    situation: str = "",
    note: str = "",
    today: datetime.date | None = None,
) -> HousingStatus:
    today = today or timezone.localdate()
    situation, note = _housing_fields(date, kind, situation, note, today)
    values = {
        "date": date,
        "adequate": bool(adequate),
        "kind": kind or "",
        "situation": situation,
        "note": note,
    }
    return _save_changes(housing, values, actor=actor)


@transaction.atomic
def delete_housing(*, actor: User | None, housing: HousingStatus) -> None:
    _delete(housing, actor=actor)


# --- Education -------------------------------------------------------------------------------


def _education_fields(name, level, institution, note, started_on, completed_on, stopped_on, today):
    name = _text(
        name,
        "name",
        _max(Education, "name"),
        required_message=_("Fill in the name of the education."),
    )
    level = _text(level, "level", _max(Education, "level"))
    institution = _text(institution, "institution", _max(Education, "institution"))
    note = _text(note, "note", _max(Education, "note"))
    _raise(
        validators.education_errors(
            started_on=started_on, completed_on=completed_on, stopped_on=stopped_on, today=today
        )
    )
    return name, level, institution, note


@transaction.atomic
def create_education(
    *,
    actor: User | None,
    participant: Participant,
    name: str,
    level: str = "",
    institution: str = "",
    started_on: datetime.date | None = None,
    completed_on: datetime.date | None = None,
    stopped_on: datetime.date | None = None,
    note: str = "",
    today: datetime.date | None = None,
) -> Education:
    today = today or timezone.localdate()
    name, level, institution, note = _education_fields(
        name, level, institution, note, started_on, completed_on, stopped_on, today
    )
    education = Education.objects.create(
        participant=participant,
        name=name,
        level=level,
        institution=institution,
        started_on=started_on,
        completed_on=completed_on,
        stopped_on=stopped_on,
        note=note,
        created_by=actor,
        updated_by=actor,
    )
    _log(actor, AuditAction.CREATE, participant, education)
    return education


@transaction.atomic
def update_education(
    *,
    actor: User | None,
    education: Education,
    name: str,
    level: str = "",
    institution: str = "",
    started_on: datetime.date | None = None,
    completed_on: datetime.date | None = None,
    stopped_on: datetime.date | None = None,
    note: str = "",
    today: datetime.date | None = None,
) -> Education:
    today = today or timezone.localdate()
    name, level, institution, note = _education_fields(
        name, level, institution, note, started_on, completed_on, stopped_on, today
    )
    values = {
        "name": name,
        "level": level,
        "institution": institution,
        "started_on": started_on,
        "completed_on": completed_on,
        "stopped_on": stopped_on,
        "note": note,
    }
    return _save_changes(education, values, actor=actor)


@transaction.atomic
def delete_education(*, actor: User | None, education: Education) -> None:
    _delete(education, actor=actor)


# --- Work ------------------------------------------------------------------------------------


def _work_fields(
    kind, employer, employer_organisation, started_on, ended_on, hours_per_week, note, today
):
    employer = _text(employer, "employer", _max(WorkPlacement, "employer"))
    note = _text(note, "note", _max(WorkPlacement, "note"))
    if employer_organisation is not None and not isinstance(employer_organisation, Organisation):
        raise ValidationError({"employer_organisation": _("Choose a partner organisation.")})
    _raise(
        validators.work_errors(
            kind=kind,
            employer=employer,
            has_employer_organisation=employer_organisation is not None,
            started_on=started_on,
            ended_on=ended_on,
            hours_per_week=hours_per_week,
            today=today,
        )
    )
    return employer, note


@transaction.atomic
def create_work(
    *,
    actor: User | None,
    participant: Participant,
    kind: str,
    started_on: datetime.date,
    employer: str = "",
    employer_organisation: Organisation | None = None,
    ended_on: datetime.date | None = None,
    hours_per_week: Decimal | None = None,
    note: str = "",
    today: datetime.date | None = None,
) -> WorkPlacement:
    today = today or timezone.localdate()
    employer, note = _work_fields(
        kind, employer, employer_organisation, started_on, ended_on, hours_per_week, note, today
    )
    work = WorkPlacement.objects.create(
        participant=participant,
        kind=kind,
        employer=employer,
        employer_organisation=employer_organisation,
        started_on=started_on,
        ended_on=ended_on,
        hours_per_week=hours_per_week,
        note=note,
        created_by=actor,
        updated_by=actor,
    )
    _log(actor, AuditAction.CREATE, participant, work, f"kind={kind}")
    return work


@transaction.atomic
def update_work(
    *,
    actor: User | None,
    work: WorkPlacement,
    kind: str,
    started_on: datetime.date,
    employer: str = "",
    employer_organisation: Organisation | None = None,
    ended_on: datetime.date | None = None,
    hours_per_week: Decimal | None = None,
    note: str = "",
    today: datetime.date | None = None,
) -> WorkPlacement:
    today = today or timezone.localdate()
    employer, note = _work_fields(
        kind, employer, employer_organisation, started_on, ended_on, hours_per_week, note, today
    )
    values = {
        "kind": kind,
        "employer": employer,
        "employer_organisation": employer_organisation,
        "started_on": started_on,
        "ended_on": ended_on,
        "hours_per_week": hours_per_week,
        "note": note,
    }
    return _save_changes(work, values, actor=actor)


@transaction.atomic
def delete_work(*, actor: User | None, work: WorkPlacement) -> None:
    _delete(work, actor=actor)
