"""The one rule for dates that make no sense (docs/security.md, item 12): nothing Droomplan
records happened before 1900, and nothing is planned more than a hundred years ahead; a birth date
is not in the future either. Every form's date field gets `validate_plausible_date` (through
`core.forms.StyledFormMixin`), birth-date fields `validate_birth_date`, and the exchange
importer asks `date_problem` for every date in a document. Finer rules (a contact moment or a
debt not in the future, a planned move at most a year ahead) live with their domain."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

EARLIEST = datetime.date(1900, 1, 1)
MAX_YEARS_AHEAD = 100

BEFORE_EARLIEST = gettext_noop("a date before 1900 is not possible here; check the year")
TOO_FAR_AHEAD = gettext_noop(
    "a date more than %(years)s years ahead is not possible here; check the year"
)
BIRTH_IN_FUTURE = gettext_noop("a date of birth cannot be in the future")


def latest(today: datetime.date) -> datetime.date:
    try:
        return today.replace(year=today.year + MAX_YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + MAX_YEARS_AHEAD, day=28)


def date_problem(
    value: datetime.date | None, *, today: datetime.date | None = None, birth: bool = False
) -> tuple[str, dict] | None:
    """(untranslated message, parameters) when `value` makes no sense, else None."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    today = today or timezone.localdate()
    if value < EARLIEST:
        return BEFORE_EARLIEST, {}
    if birth and value > today:
        return BIRTH_IN_FUTURE, {}
    if value > latest(today):
        return TOO_FAR_AHEAD, {"years": MAX_YEARS_AHEAD}
    return None


def _validate(value, *, birth: bool) -> None:
    problem = date_problem(value, birth=birth)
    if problem is not None:
        message, params = problem
        text = gettext(message) % params if params else gettext(message)
        raise ValidationError(text[:1].upper() + text[1:] + ".", code="implausible_date")


def validate_plausible_date(value) -> None:
    """A form validator: not before 1900, not more than a hundred years ahead."""
    _validate(value, birth=False)


def validate_birth_date(value) -> None:
    """A form validator for a date of birth: from 1900 up to today."""
    _validate(value, birth=True)
