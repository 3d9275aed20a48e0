"""Working days: Monday to Friday, without the Dutch public holidays.

The holidays are the ones most employers in the Netherlands give off: New Year's Day, Easter
Monday, King's Day (27 April, or 26 April when the 27th is a Sunday), Liberation Day (5 May,
only in lustrum years, as in most collective agreements), Ascension Day, Whit Monday and both
Christmas days. Good Friday is not a general day off and is not counted as a holiday."""

import datetime
from functools import cache


def easter_sunday(year: int) -> datetime.date:
    """Gregorian Easter (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


@cache
def dutch_holidays(year: int) -> frozenset[datetime.date]:
    easter = easter_sunday(year)
    kings_day = datetime.date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = datetime.date(year, 4, 26)
    days = {
        datetime.date(year, 1, 1),
        easter + datetime.timedelta(days=1),
        kings_day,
        easter + datetime.timedelta(days=39),  # Ascension Day
        easter + datetime.timedelta(days=50),  # Whit Monday
        datetime.date(year, 12, 25),
        datetime.date(year, 12, 26),
    }
    if year % 5 == 0:
        days.add(datetime.date(year, 5, 5))
    return frozenset(days)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in dutch_holidays(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day after `start` (the day itself does not count). A signal that
    arrives on a Friday with 5 days has until the next Friday; on a Saturday, also until Friday."""
    day = start
    remaining = days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
