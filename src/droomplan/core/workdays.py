"""Working days: Monday to Friday, without the Dutch public holidays. The one definition for
every deadline in working days (a signal's first contact, the board's decision on an
escalation).

The holidays come from the `holidays` library (its public holidays of the Netherlands): New
Year's Day, Good Friday, Easter Monday, King's Day (26 April when the 27th is a Sunday),
Liberation Day in lustrum years (2025, 2030...), Ascension Day, Whit Monday and both Christmas
days (Easter and Whit Sunday fall on a Sunday anyway).

A programme can close on more days (a team day, the days between Christmas and New Year):
every function takes an optional `extra_closed` set of dates that are not working days either
(`programmes.Programme.closed_days`).

Counting starts the day after `start`: something that arrives on a Friday with 1 working day
is due on Monday; on a Saturday or Sunday, also on Monday."""

import datetime
from collections.abc import Collection
from functools import cache

import holidays


@cache
def _holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("NL", years=year))


def dutch_holidays(year: int) -> frozenset[datetime.date]:
    """The Dutch public holidays of `year`."""
    return _holidays(year)


NONE: frozenset[datetime.date] = frozenset()


def is_working_day(day: datetime.date, *, extra_closed: Collection[datetime.date] = NONE) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year) and day not in extra_closed


def add_working_days(
    start: datetime.date, days: int, *, extra_closed: Collection[datetime.date] = NONE
) -> datetime.date:
    """The `days`-th working day after `start` (`start` itself does not count; 0 gives
    `start`). Negative `days` are refused: a deadline lies ahead."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    remaining = days
    while remaining:
        day += datetime.timedelta(days=1)
        if is_working_day(day, extra_closed=extra_closed):
            remaining -= 1
    return day


def subtract_working_days(
    end: datetime.date, days: int, *, extra_closed: Collection[datetime.date] = NONE
) -> datetime.date:
    """The day `days` working days before `end` (for dating things in the past, such as demo
    data): `add_working_days(subtract_working_days(end, n), n)` is `end` for a working day."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = end
    remaining = days
    while remaining:
        day -= datetime.timedelta(days=1)
        if is_working_day(day, extra_closed=extra_closed):
            remaining -= 1
    return day


def working_days_between(
    start: datetime.date, end: datetime.date, *, extra_closed: Collection[datetime.date] = NONE
) -> int:
    """Working days after `start` up to and including `end`. A reversed range (`end` before
    `start`) gives 0, never a negative number: "working days left" of something overdue is
    0, and being overdue is a separate fact (`end < today`)."""
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day, extra_closed=extra_closed):
            count += 1
    return count
