"""Working days (core.workdays): the one definition behind every deadline in working days."""

import datetime

import pytest

from droomplan.core.workdays import (
    add_working_days,
    dutch_holidays,
    is_working_day,
    subtract_working_days,
    working_days_between,
)

D = datetime.date


def test_dutch_public_holidays_2025():
    assert {d for d in dutch_holidays(2025) if d.weekday() < 5} == {
        D(2025, 1, 1),
        D(2025, 4, 18),  # Good Friday
        D(2025, 4, 21),  # Easter Monday
        D(2025, 5, 5),  # Liberation Day, lustrum year
        D(2025, 5, 29),  # Ascension Day
        D(2025, 6, 9),  # Whit Monday
        D(2025, 12, 25),
        D(2025, 12, 26),
    }
    assert D(2025, 4, 26) in dutch_holidays(2025)  # King's Day on the 26th: the 27th is a Sunday


def test_liberation_day_only_in_lustrum_years():
    assert D(2025, 5, 5) in dutch_holidays(2025)
    assert D(2026, 5, 5) not in dutch_holidays(2026)
    assert is_working_day(D(2026, 5, 5))


def test_weekends_and_holidays_are_not_working_days():
    assert not is_working_day(D(2025, 3, 8))  # Saturday
    assert not is_working_day(D(2025, 3, 9))  # Sunday
    assert not is_working_day(D(2025, 12, 25))
    assert is_working_day(D(2025, 3, 10))


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2025, 3, 3), 5, D(2025, 3, 10)),  # Monday → next Monday
        (D(2025, 3, 3), 10, D(2025, 3, 17)),  # Monday + 10 → Monday two weeks later
        (D(2025, 3, 7), 1, D(2025, 3, 10)),  # Friday + 1 → Monday
        (D(2025, 3, 7), 5, D(2025, 3, 14)),  # Friday → next Friday
        (D(2025, 3, 8), 1, D(2025, 3, 10)),  # Saturday: counting starts on Monday
        (D(2025, 3, 8), 5, D(2025, 3, 14)),  # Saturday → Friday
        (D(2025, 3, 9), 10, D(2025, 3, 21)),  # Sunday
        (D(2025, 4, 17), 5, D(2025, 4, 28)),  # over Good Friday and Easter Monday
        (D(2025, 12, 23), 5, D(2026, 1, 2)),  # over Christmas and New Year
        (D(2024, 12, 24), 10, D(2025, 1, 10)),  # over Christmas and the year end
        (D(2024, 2, 28), 2, D(2024, 3, 1)),  # the leap day is a working day (Thursday)
        (D(2025, 3, 3), 0, D(2025, 3, 3)),  # 0 days: the day itself
        (D(2025, 3, 8), 0, D(2025, 3, 8)),  # ...even on a Saturday
    ],
)
def test_add_working_days(start, days, due):
    assert add_working_days(start, days) == due


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2025, 3, 3), -1)
    with pytest.raises(ValueError):
        subtract_working_days(D(2025, 3, 3), -1)


def test_subtract_working_days_is_the_inverse_on_working_days():
    assert subtract_working_days(D(2025, 3, 10), 1) == D(2025, 3, 7)  # Monday - 1 → Friday
    assert subtract_working_days(D(2025, 4, 22), 2) == D(2025, 4, 16)  # over Easter
    for end in (D(2025, 3, 10), D(2025, 4, 22), D(2026, 1, 2)):
        for days in (0, 1, 5, 10):
            assert add_working_days(subtract_working_days(end, days), days) == end


def test_working_days_between():
    assert working_days_between(D(2025, 3, 7), D(2025, 3, 10)) == 1  # Friday → Monday
    assert working_days_between(D(2025, 3, 7), D(2025, 3, 14)) == 5
    assert working_days_between(D(2025, 3, 3), D(2025, 3, 17)) == 10
    assert working_days_between(D(2025, 3, 8), D(2025, 3, 9)) == 0  # a weekend
    assert working_days_between(D(2025, 4, 17), D(2025, 4, 22)) == 1  # Easter: only Tuesday
    assert working_days_between(D(2025, 3, 3), D(2025, 3, 3)) == 0


def test_a_reversed_range_counts_zero_not_a_negative_number():
    assert working_days_between(D(2025, 3, 17), D(2025, 3, 3)) == 0
    assert working_days_between(D(2025, 3, 14), D(2025, 3, 7)) == 0


@pytest.mark.parametrize("start", [D(2025, 3, 3) + datetime.timedelta(days=n) for n in range(60)])
def test_add_and_between_agree(start):
    for days in (1, 3, 5, 10):
        assert working_days_between(start, add_working_days(start, days)) == days


def test_extra_closed_days_are_not_working_days():
    """A programme's own closing days (`extra_closed`) count like public holidays."""
    closed = {D(2026, 12, 28), D(2026, 12, 29)}  # Monday and Tuesday after Christmas
    assert is_working_day(D(2026, 12, 28))
    assert not is_working_day(D(2026, 12, 28), extra_closed=closed)
    # Thursday 24 December + 1: past Christmas Day, the weekend and the closed Monday-Tuesday.
    assert add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 28)
    assert add_working_days(D(2026, 12, 24), 1, extra_closed=closed) == D(2026, 12, 30)
    assert subtract_working_days(D(2026, 12, 30), 1, extra_closed=closed) == D(2026, 12, 24)
    assert working_days_between(D(2026, 12, 24), D(2026, 12, 31)) == 4
    assert working_days_between(D(2026, 12, 24), D(2026, 12, 31), extra_closed=closed) == 2
    assert working_days_between(D(2026, 12, 31), D(2026, 12, 24), extra_closed=closed) == 0
