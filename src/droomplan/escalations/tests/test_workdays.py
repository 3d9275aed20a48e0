import datetime

import pytest

from droomplan.escalations.workdays import add_working_days, working_days_between

D = datetime.date


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2025, 3, 3), 10, D(2025, 3, 17)),  # Monday + 10 → Monday two weeks later
        (D(2025, 3, 7), 1, D(2025, 3, 10)),  # Friday + 1 → Monday
        (D(2025, 3, 7), 10, D(2025, 3, 21)),  # Friday + 10 → Friday two weeks later
        (D(2025, 3, 8), 1, D(2025, 3, 10)),  # opened on Saturday: counting starts Monday
        (D(2025, 3, 9), 10, D(2025, 3, 21)),  # opened on Sunday
        (D(2025, 3, 5), 10, D(2025, 3, 19)),  # Wednesday
        (D(2024, 12, 24), 10, D(2025, 1, 7)),  # over the year end (holidays not skipped)
        (D(2024, 2, 28), 2, D(2024, 3, 1)),  # leap day counts as a working day (Thursday)
        (D(2025, 3, 3), 0, D(2025, 3, 3)),
    ],
)
def test_add_working_days(start, days, expected):
    assert add_working_days(start, days) == expected
    assert add_working_days(start, days).weekday() < 5 or days == 0


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2025, 3, 3), -1)


def test_working_days_between():
    assert working_days_between(D(2025, 3, 7), D(2025, 3, 10)) == 1
    assert working_days_between(D(2025, 3, 3), D(2025, 3, 17)) == 10
    assert working_days_between(D(2025, 3, 17), D(2025, 3, 3)) == -10
    assert working_days_between(D(2025, 3, 8), D(2025, 3, 9)) == 0
