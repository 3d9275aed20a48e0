"""The admission rules as pure functions: edge dates of the age rule."""

import datetime

import pytest

from droomplan.cases.eligibility import age_on, check_eligibility, is_eligible

D = datetime.date


def rules(birth_date, intake_date, **overrides):
    kwargs = {
        "birth_date": birth_date,
        "intake_date": intake_date,
        "max_age": 27,
        "single_parent": True,
        "municipality_in_programme": True,
        "has_starting_qualification": False,
        "has_paid_work": False,
        **overrides,
    }
    return check_eligibility(**kwargs)


def age_rule(results):
    return next(r for r in results if r.code == "age")


def test_28th_birthday_the_day_after_intake_is_eligible():
    results = rules(D(1997, 6, 11), D(2025, 6, 10))
    assert age_rule(results).passed
    assert is_eligible(results)
    assert "27" in str(age_rule(results).reason)


def test_28th_birthday_on_the_intake_date_is_not_eligible():
    results = rules(D(1997, 6, 10), D(2025, 6, 10))
    assert not age_rule(results).passed
    assert not is_eligible(results)
    assert "28" in str(age_rule(results).reason)


@pytest.mark.parametrize(
    ("intake", "expected_age"),
    [
        (D(2023, 2, 28), 26),  # no 29 February in 2023: not 27 yet on the 28th
        (D(2023, 3, 1), 27),  # ... but from 1 March
        (D(2024, 2, 28), 27),  # leap year: the day before her 28th birthday, eligible
        (D(2024, 2, 29), 28),  # leap year: on her 28th birthday, too old
        (D(2024, 3, 1), 28),
    ],
)
def test_29_february_birthdays(intake, expected_age):
    birth = D(1996, 2, 29)
    assert age_on(birth, intake) == expected_age
    assert age_rule(rules(birth, intake)).passed is (expected_age <= 27)


def test_youngest_mothers_are_eligible():
    assert is_eligible(rules(D(2008, 1, 1), D(2025, 1, 1)))


@pytest.mark.parametrize(
    ("override", "code"),
    [
        ({"single_parent": False}, "single_parent"),
        ({"municipality_in_programme": False}, "municipality"),
        ({"has_starting_qualification": True}, "starting_qualification"),
        ({"has_paid_work": True}, "paid_work"),
    ],
)
def test_every_rule_fails_on_its_own_with_a_reason(override, code):
    results = rules(D(2000, 1, 1), D(2025, 1, 1), **override)
    failed = [r for r in results if not r.passed]
    assert [r.code for r in failed] == [code]
    assert str(failed[0].reason)
    assert not is_eligible(results)
