import datetime

import pytest

from droomplan.signals.workdays import (
    add_working_days,
    dutch_holidays,
    easter_sunday,
    is_working_day,
    working_days_between,
)

D = datetime.date


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, D(2024, 3, 31)), (2025, D(2025, 4, 20)), (2026, D(2026, 4, 5)), (2038, D(2038, 4, 25))],
)
def test_easter(year, easter):
    assert easter_sunday(year) == easter


def test_dutch_holidays_2025():
    assert dutch_holidays(2025) == {
        D(2025, 1, 1),
        D(2025, 4, 21),  # Easter Monday
        D(2025, 4, 26),  # King's Day on Saturday the 26th (the 27th is a Sunday)
        D(2025, 5, 5),  # Liberation Day, lustrum year
        D(2025, 5, 29),  # Ascension Day
        D(2025, 6, 9),  # Whit Monday
        D(2025, 12, 25),
        D(2025, 12, 26),
    }
    assert D(2026, 5, 5) not in dutch_holidays(2026)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2025, 3, 3), 5, D(2025, 3, 10)),  # Monday → next Monday
        (D(2025, 3, 7), 5, D(2025, 3, 14)),  # Friday → next Friday
        (D(2025, 3, 8), 5, D(2025, 3, 14)),  # Saturday → Friday
        (D(2025, 3, 9), 5, D(2025, 3, 14)),  # Sunday → Friday
        (D(2025, 3, 7), 1, D(2025, 3, 10)),  # Friday + 1 → Monday
        (D(2025, 4, 17), 5, D(2025, 4, 25)),  # over Easter Monday
        (D(2025, 12, 23), 5, D(2026, 1, 2)),  # over Christmas and New Year
        (D(2025, 3, 3), 0, D(2025, 3, 3)),
    ],
)
def test_add_working_days(start, days, due):
    assert add_working_days(start, days) == due


def test_weekend_is_not_a_working_day():
    assert not is_working_day(D(2025, 3, 8))
    assert not is_working_day(D(2025, 3, 9))
    assert is_working_day(D(2025, 3, 10))


def test_working_days_between():
    assert working_days_between(D(2025, 3, 7), D(2025, 3, 14)) == 5
    assert working_days_between(D(2025, 3, 14), D(2025, 3, 7)) == 0
