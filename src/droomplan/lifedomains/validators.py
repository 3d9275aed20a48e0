"""The rules for debts, housing, education and work as pure functions.

Each function takes plain values (and `today`) and returns ``{field: [message, ...]}``; an
empty dict means valid. The models' ``clean()``, the services and the exchange importer all use
these, so a rule is written once. Field names are those of the exchange format (FORMAT.md), so
an importer can turn ``{"amount": [...]}`` into ``participants[3].debts[0].amount: ...``.

``ErrorDict`` values are lazy translations; call ``str()`` on them for a plain message.
"""

import datetime
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

ErrorDict = dict[str, list]

#: How far ahead a planned date may lie (a move, the start of a course or a job).
MAX_DAYS_AHEAD = 366
#: Largest amount of one debt; anything above is almost certainly a typing error.
MAX_AMOUNT = Decimal("1000000.00")
#: Most hours per week a placement can have.
MAX_HOURS_PER_WEEK = Decimal("60")

# Route codes that close a debt (kept here so the validators need no models import).
SETTLED_ROUTES = frozenset({"paid_off", "remitted"})


def _add(errors: ErrorDict, field: str, message) -> None:
    errors.setdefault(field, []).append(message)


def _fmt(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def _not_in_future(errors: ErrorDict, field: str, day, today: datetime.date) -> None:
    """A fact that has happened (settled, completed, stopped) cannot lie after today."""
    if day is not None and day > today:
        _add(errors, field, _("This date lies in the future. Fill in a date up to today."))


def _not_far_ahead(errors: ErrorDict, field: str, day, today: datetime.date) -> None:
    """A planned date may lie at most MAX_DAYS_AHEAD days ahead."""
    if day is not None and day > today + datetime.timedelta(days=MAX_DAYS_AHEAD):
        _add(
            errors,
            field,
            _("This date lies more than a year ahead (after %(limit)s). Check the year.")
            % {"limit": _fmt(today + datetime.timedelta(days=MAX_DAYS_AHEAD))},
        )


def _not_before(errors: ErrorDict, field: str, day, start, message) -> None:
    if day is not None and start is not None and day < start:
        _add(errors, field, message)


def debt_errors(
    *,
    amount: Decimal | None,
    registered_on: datetime.date | None,
    settled_on: datetime.date | None = None,
    route: str | None = None,
    today: datetime.date,
) -> ErrorDict:
    """A debt: amount > 0, registered up to today, settled between registered and today,
    and the routes 'paid off' and 'remitted' only with a settled date."""
    errors: ErrorDict = {}
    if amount is None:
        _add(errors, "amount", _("Fill in the amount."))
    elif amount <= 0:
        _add(errors, "amount", _("The amount must be more than € 0."))
    elif amount > MAX_AMOUNT:
        _add(errors, "amount", _("The amount is more than € 1,000,000. Check the amount."))
    if registered_on is None:
        _add(errors, "registered_on", _("Fill in the date the debt was registered."))
    else:
        _not_in_future(errors, "registered_on", registered_on, today)
    _not_in_future(errors, "settled_on", settled_on, today)
    _not_before(
        errors,
        "settled_on",
        settled_on,
        registered_on,
        _("A debt cannot be settled before it was registered."),
    )
    if route in SETTLED_ROUTES and settled_on is None:
        _add(
            errors,
            "settled_on",
            _("Fill in the date the debt was paid off or remitted."),
        )
    return errors


def route_change_errors(
    *,
    route: str | None,
    date: datetime.date | None,
    registered_on: datetime.date | None,
    today: datetime.date,
) -> ErrorDict:
    """A step on a debt's route: a route, dated between registration and today."""
    errors: ErrorDict = {}
    if not route:
        _add(errors, "route", _("Choose a route."))
    if date is None:
        _add(errors, "date", _("Fill in the date."))
    else:
        _not_in_future(errors, "date", date, today)
        _not_before(
            errors,
            "date",
            date,
            registered_on,
            _("This date lies before the debt was registered (%(date)s).")
            % {"date": _fmt(registered_on)}
            if registered_on
            else "",
        )
    return errors


def housing_errors(*, date: datetime.date | None, today: datetime.date) -> ErrorDict:
    """A housing record: a date, at most a year ahead (a planned move)."""
    errors: ErrorDict = {}
    if date is None:
        _add(errors, "date", _("Fill in the date."))
    else:
        _not_far_ahead(errors, "date", date, today)
    return errors


def education_errors(
    *,
    started_on: datetime.date | None,
    completed_on: datetime.date | None = None,
    stopped_on: datetime.date | None = None,
    today: datetime.date,
) -> ErrorDict:
    """An education: started (at most a year ahead) and/or completed; completed or stopped,
    not both; neither before the start nor in the future."""
    errors: ErrorDict = {}
    if started_on is None and completed_on is None:
        _add(errors, "started_on", _("Fill in when the education started (or was completed)."))
    _not_far_ahead(errors, "started_on", started_on, today)
    _not_in_future(errors, "completed_on", completed_on, today)
    _not_in_future(errors, "stopped_on", stopped_on, today)
    _not_before(
        errors,
        "completed_on",
        completed_on,
        started_on,
        _("An education cannot be completed before it started."),
    )
    _not_before(
        errors,
        "stopped_on",
        stopped_on,
        started_on,
        _("An education cannot be stopped before it started."),
    )
    if completed_on is not None and stopped_on is not None:
        _add(
            errors,
            "stopped_on",
            _("An education is either completed or stopped, not both. Clear one of the dates."),
        )
    return errors


WORK_KINDS = frozenset({"paid", "paid_supported", "internship", "volunteer"})


def work_errors(
    *,
    kind: str | None,
    employer: str | None,
    has_employer_organisation: bool = False,
    started_on: datetime.date | None,
    ended_on: datetime.date | None = None,
    hours_per_week: Decimal | None = None,
    today: datetime.date,
) -> ErrorDict:
    """A work placement: a known kind, an employer (name or partner organisation), started
    (at most a year ahead), ended not before started (at most a year ahead: a contract's end
    date is often known), hours per week between 0 and 60."""
    errors: ErrorDict = {}
    if kind not in WORK_KINDS:
        _add(
            errors,
            "kind",
            _("Choose paid work, paid work with support, internship or volunteer work."),
        )
    if not (employer or "").strip() and not has_employer_organisation:
        _add(errors, "employer", _("Fill in the employer or choose a partner organisation."))
    if started_on is None:
        _add(errors, "started_on", _("Fill in the start date."))
    _not_far_ahead(errors, "started_on", started_on, today)
    _not_far_ahead(errors, "ended_on", ended_on, today)
    _not_before(
        errors, "ended_on", ended_on, started_on, _("The end date lies before the start date.")
    )
    if hours_per_week is not None:
        if hours_per_week <= 0:
            _add(errors, "hours_per_week", _("Hours per week must be more than 0."))
        elif hours_per_week > MAX_HOURS_PER_WEEK:
            _add(errors, "hours_per_week", _("Hours per week can be at most 60."))
    return errors
