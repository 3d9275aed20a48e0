"""The programme's admission rules, as pure functions. Each rule gives its reason."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class RuleResult:
    code: str
    passed: bool
    reason: str


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Completed years on `day` (a 29 February birthday counts from 1 March in other years)."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def check_eligibility(
    *,
    birth_date: datetime.date,
    intake_date: datetime.date,
    max_age: int,
    single_parent: bool,
    municipality_in_programme: bool,
    has_starting_qualification: bool,
    has_paid_work: bool,
) -> list[RuleResult]:
    """All rules with their outcome. A mother is eligible when every rule passes; a programme
    lead may still admit her with a recorded reason."""
    age = age_on(birth_date, intake_date)
    return [
        RuleResult(
            "age",
            age <= max_age,
            _("Age on the intake date: %(age)s (maximum %(max)s).") % {"age": age, "max": max_age},
        ),
        RuleResult(
            "single_parent",
            single_parent,
            _("Single parent.") if single_parent else _("Not a single parent."),
        ),
        RuleResult(
            "municipality",
            municipality_in_programme,
            _("Lives in a municipality of the programme.")
            if municipality_in_programme
            else _("Does not live in a municipality of the programme."),
        ),
        RuleResult(
            "starting_qualification",
            not has_starting_qualification,
            _("Already has a starting qualification.")
            if has_starting_qualification
            else _("No starting qualification yet."),
        ),
        RuleResult(
            "paid_work",
            not has_paid_work,
            _("Has paid work.") if has_paid_work else _("No paid work."),
        ),
    ]


def is_eligible(results: list[RuleResult]) -> bool:
    return all(r.passed for r in results)
