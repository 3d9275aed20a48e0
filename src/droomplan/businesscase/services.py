"""Writes of the business-case inputs. Keyword-only, atomic, each with its access-log entry.

- Assumptions are never changed in place: `save_assumption` adds a version (history kept).
- Partner contributions and spending are `Versioned`: an edit form opened on an older version
  is refused (`core.concurrency.claim_version`)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from droomplan.accounts.models import Organisation, User
from droomplan.audit.models import Action
from droomplan.audit.services import record
from droomplan.cases.models import Participant
from droomplan.core.concurrency import claim_version
from droomplan.programmes.models import Programme

from .assumptions import BY_CODE, Kind, Unit
from .models import Assumption, PartnerContribution, Spending

MAX_AMOUNT = Decimal("1000000")


def _money(value) -> str:
    return "" if value is None else str(value)


# --- Assumptions -------------------------------------------------------------------------------


def latest_version(programme: Programme, code: str) -> Assumption | None:
    return Assumption.objects.filter(programme=programme, code=code).order_by("-pk").first()


def _check_levels(code: str, low, central, high) -> None:
    definition = BY_CODE[code]
    values = {"low": low, "central": central, "high": high}
    given = [v for v in values.values() if v is not None]
    if given and len(given) < 3:
        raise ValidationError(
            _("Fill in all three values (low, central, high), or leave all three empty.")
        )
    if not given:
        return
    errors = {}
    for name, value in values.items():
        if value < 0:
            errors[name] = _("A value cannot be negative.")
        elif definition.unit == Unit.PERCENT and value > 100:
            errors[name] = _("A percentage is at most 100.")
        elif definition.kind == Kind.FACTOR and value < 1:
            errors[name] = _("The factor is at least 1 (1 = only the logged time).")
        elif value > MAX_AMOUNT:
            errors[name] = _("This value is too large.")
    if errors:
        raise ValidationError(errors)
    if not low <= central <= high:
        raise ValidationError({"central": _("The values must go up: low ≤ central ≤ high.")})


@transaction.atomic
def save_assumption(
    *,
    actor: User,
    programme: Programme,
    code: str,
    low: Decimal | None,
    central: Decimal | None,
    high: Decimal | None,
    valid_from: datetime.date,
    source: str = "",
    source_url: str = "",
    note: str = "",
    based_on: int | None = None,
) -> Assumption:
    """A new version of one assumption. `based_on`: the id of the latest version when the form
    was opened (0 or None: there was none); a newer one saved since then is an edit conflict."""
    if code not in BY_CODE:
        raise ValidationError(_("Unknown assumption."))
    _check_levels(code, low, central, high)
    if valid_from > timezone.localdate() + datetime.timedelta(days=366):
        raise ValidationError({"valid_from": _("Choose a date at most a year ahead.")})
    latest = (
        Assumption.objects.select_for_update()
        .filter(programme=programme, code=code)
        .order_by("-pk")
        .first()
    )
    if based_on is not None and (latest.pk if latest else 0) != based_on:
        raise ValidationError(
            _(
                "Someone else saved a new version of this assumption while you were editing "
                "it. Open the page again to see it; nothing of yours has been saved."
            )
        )
    assumption = Assumption.objects.create(
        programme=programme,
        code=code,
        low=low,
        central=central,
        high=high,
        valid_from=valid_from,
        source=(source or "").strip(),
        source_url=(source_url or "").strip(),
        note=(note or "").strip(),
        created_by=actor,
    )
    record(
        request=None,
        user=actor,
        action=Action.CREATE,
        object_type="assumption",
        object_id=assumption.pk,
        detail=(f"{code} from {valid_from}: {_money(low)}/{_money(central)}/{_money(high)}"),
    )
    return assumption


# --- Partner contributions ----------------------------------------------------------------------


def _check_contribution(year: int, hours, euros) -> None:
    if hours is None and euros is None:
        raise ValidationError(_("Fill in hours, an amount, or both."))
    errors = {}
    if hours is not None and not 0 <= hours <= 100000:
        errors["hours"] = _("Fill in a number of hours between 0 and 100,000.")
    if euros is not None and not 0 <= euros <= MAX_AMOUNT:
        errors["euros"] = _("Fill in an amount between 0 and 1,000,000 euros.")
    if not 2000 <= year <= timezone.localdate().year + 1:
        errors["year"] = _("Choose a year between 2000 and next year.")
    if errors:
        raise ValidationError(errors)


def _log_contribution(actor, action, contribution, detail=""):
    record(
        request=None,
        user=actor,
        action=action,
        object_type="partner_contribution",
        object_id=contribution.pk,
        detail=detail
        or (
            f"{contribution.organisation_id} {contribution.year}: "
            f"hours={_money(contribution.hours)} euros={_money(contribution.euros)}"
        ),
    )


@transaction.atomic
def create_contribution(
    *,
    actor: User,
    programme: Programme,
    organisation: Organisation,
    year: int,
    hours: Decimal | None = None,
    euros: Decimal | None = None,
    note: str = "",
) -> PartnerContribution:
    _check_contribution(year, hours, euros)
    if PartnerContribution.objects.filter(
        programme=programme, organisation=organisation, year=year
    ).exists():
        raise ValidationError(
            {"year": _("This organisation already has a contribution for this year. Change it.")}
        )
    contribution = PartnerContribution.objects.create(
        programme=programme,
        organisation=organisation,
        year=year,
        hours=hours,
        euros=euros,
        note=(note or "").strip(),
        created_by=actor,
        updated_by=actor,
    )
    _log_contribution(actor, Action.CREATE, contribution)
    return contribution


@transaction.atomic
def update_contribution(
    *,
    actor: User,
    contribution: PartnerContribution,
    hours: Decimal | None,
    euros: Decimal | None,
    note: str = "",
    version: int | None = None,
) -> PartnerContribution:
    _check_contribution(contribution.year, hours, euros)
    claim_version(contribution, version)
    contribution.hours, contribution.euros = hours, euros
    contribution.note = (note or "").strip()
    contribution.updated_by = actor
    contribution.save()
    _log_contribution(actor, Action.UPDATE, contribution)
    return contribution


@transaction.atomic
def delete_contribution(*, actor: User, contribution: PartnerContribution) -> None:
    _log_contribution(actor, Action.DELETE, contribution)
    contribution.delete()


# --- A family's spending ------------------------------------------------------------------------


def _check_spending(participant: Participant, date: datetime.date, amount) -> None:
    errors = {}
    if date > timezone.localdate():
        errors["date"] = _("Spending cannot be in the future.")
    elif date < participant.intake_date - datetime.timedelta(days=366):
        errors["date"] = _("This date is long before her intake. Check the date.")
    if amount is None or amount <= 0:
        errors["amount"] = _("Fill in an amount above 0.")
    elif amount > MAX_AMOUNT:
        errors["amount"] = _("This amount is too large.")
    if errors:
        raise ValidationError(errors)


def _log_spending(actor, action, spending: Spending, detail: str = "") -> None:
    record(
        request=None,
        user=actor,
        action=action,
        object_type="spending",
        object_id=spending.pk,
        participant=spending.participant,
        detail=detail,
    )


@transaction.atomic
def create_spending(
    *,
    actor: User,
    participant: Participant,
    date: datetime.date,
    amount: Decimal,
    purpose: str,
    description: str = "",
) -> Spending:
    _check_spending(participant, date, amount)
    spending = Spending(
        participant=participant,
        date=date,
        amount=amount,
        purpose=purpose,
        description=(description or "").strip(),
        created_by=actor,
        updated_by=actor,
    )
    spending.full_clean()
    spending.save()
    _log_spending(actor, Action.CREATE, spending, f"{date} {amount} {purpose}")
    return spending


@transaction.atomic
def update_spending(
    *,
    actor: User,
    spending: Spending,
    date: datetime.date,
    amount: Decimal,
    purpose: str,
    description: str = "",
    version: int | None = None,
) -> Spending:
    _check_spending(spending.participant, date, amount)
    claim_version(spending, version)
    values = {
        "date": date,
        "amount": amount,
        "purpose": purpose,
        "description": (description or "").strip(),
    }
    changed = [name for name, value in values.items() if getattr(spending, name) != value]
    for name, value in values.items():
        setattr(spending, name, value)
    spending.updated_by = actor
    spending.full_clean()
    spending.save()
    _log_spending(actor, Action.UPDATE, spending, "changed=" + ",".join(changed))
    return spending


@transaction.atomic
def delete_spending(*, actor: User, spending: Spending) -> None:
    _log_spending(
        actor, Action.DELETE, spending, f"{spending.date} {spending.amount} {spending.purpose}"
    )
    spending.delete()
