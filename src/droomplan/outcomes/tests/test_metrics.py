"""Every definition of docs/outcomes.md on hand-built data; expected values are worked out by
hand in the comments, never copied from an output."""

import datetime

import pytest

from droomplan.lifedomains.models import WorkKind
from droomplan.outcomes import metrics
from droomplan.outcomes.metrics import Selection, percentage, two_years_after
from droomplan.programmes.tests.factories import (
    CohortFactory,
    MunicipalityFactory,
    ProgrammeFactory,
)

from .factories import (
    brug,
    debt,
    education,
    executive,
    housing,
    ladder,
    mother,
    pss,
    work,
)

D = datetime.date
AS_OF = D(2026, 6, 30)
pytestmark = pytest.mark.django_db


def run(name, programme, as_of=AS_OF, **selection):
    result = metrics.FUNCTIONS[name](Selection(programme, **selection), as_of)
    return result


def refs(*participants):
    return sorted(p.ref for p in participants)


# --- Pure helpers -------------------------------------------------------------------------------


def test_two_years_after_keeps_day_and_month_and_29_february_becomes_28():
    assert two_years_after(D(2024, 9, 1)) == D(2026, 9, 1)
    assert two_years_after(D(2024, 2, 29)) == D(2026, 2, 28)
    assert two_years_after(D(2024, 2, 28)) == D(2026, 2, 28)
    assert two_years_after(D(2023, 3, 1)) == D(2025, 3, 1)
    assert two_years_after(D(2026, 2, 28)) == D(2028, 2, 28)


def test_percentage_is_rounded_to_one_decimal_and_none_without_denominator():
    assert percentage(2, 3) == 66.7
    assert percentage(1, 3) == 33.3
    assert percentage(16, 20) == 80.0
    assert percentage(0, 5) == 0.0
    assert percentage(0, 0) is None


# --- Population ---------------------------------------------------------------------------------


def test_population_includes_drop_outs_and_excludes_intake_later_starts_and_other_programmes(
    programme,
):
    active = mother(programme, D(2024, 9, 1))
    dropped = mother(programme, D(2024, 9, 1), ended=D(2025, 3, 1))
    mother(programme, None)  # still in intake: no start date
    starts_after = mother(programme, D(2026, 7, 1))  # starts the day after D
    on_d = mother(programme, AS_OF)  # starts exactly on D: in P
    mother(ProgrammeFactory(code="other"), D(2024, 9, 1))
    result = run("debt_free", programme)
    assert result.denominator_refs == refs(active, dropped, on_d)
    assert starts_after.ref not in result.denominator_refs
    # Nothing is known about their debts (OUTCOMES.md v2): 0 / 3, all three not measured.
    assert (result.numerator, result.denominator, result.percentage) == (0, 3, 0.0)
    assert result.unknown_refs == refs(active, dropped, on_d)


def test_empty_selection_gives_zero_denominators_and_no_percentage(programme):
    mother(programme, None)
    for name in metrics.CODES:
        result = run(name, programme)
        assert (result.numerator, result.denominator, result.percentage) == (0, 0, None)
        assert result.numerator_refs == result.denominator_refs == []


def test_cohort_and_municipality_selection(programme):
    c1 = CohortFactory(programme=programme, code="groep-1")
    c2 = CohortFactory(programme=programme, code="groep-2")
    vaals = MunicipalityFactory(cbs_code="GM0981", name="Vaals")
    maastricht = MunicipalityFactory(cbs_code="GM0935", name="Maastricht")
    a = mother(programme, cohort=c1, municipality=maastricht)
    b = mother(programme, cohort=c1, municipality=vaals)
    c = mother(programme, cohort=c2, municipality=vaals)
    assert run("debt_free", programme, cohorts=(c1,)).denominator_refs == refs(a, b)
    assert run("debt_free", programme, municipalities=(vaals,)).denominator_refs == refs(b, c)
    both = run("debt_free", programme, cohorts=(c1,), municipalities=(vaals,))
    assert both.denominator_refs == refs(b)
    assert run("debt_free", programme, cohorts=(c1, c2)).denominator == 3


# --- debt_free ----------------------------------------------------------------------------------


def test_debt_free(programme):
    no_debt = mother(programme, debt_inventory_on=D(2024, 9, 15))  # inventoried: none
    nothing_recorded = mother(programme)  # debt situation unknown: never debt-free
    inventory_after_d = mother(programme, debt_inventory_on=D(2026, 7, 1))  # unknown on D
    inventory_on_d = mother(programme, debt_inventory_on=AS_OF)  # known on D
    open_debt = mother(programme)
    debt(open_debt, D(2025, 1, 10))
    settled_before = mother(programme)
    debt(settled_before, D(2025, 1, 10), D(2026, 1, 5))
    settled_on_d = mother(programme)  # settled exactly on D: no longer open on D
    debt(settled_on_d, D(2025, 1, 10), AS_OF)
    settled_after = mother(programme)  # settled the day after D: still open on D
    debt(settled_after, D(2025, 1, 10), D(2026, 7, 1))
    registered_after = mother(programme)  # a debt registered after D does not exist yet
    debt(registered_after, D(2026, 7, 1))
    registered_on_d = mother(programme)  # registered on D and open: counts
    debt(registered_on_d, AS_OF)
    mixed = mother(programme)  # one settled, one still open
    debt(mixed, D(2025, 1, 1), D(2025, 6, 1))
    debt(mixed, D(2025, 2, 1))
    result = run("debt_free", programme)
    # Debt-free: no_debt, inventory_on_d, settled_before, settled_on_d = 4 of 11. Not measured:
    # nothing_recorded, inventory_after_d and registered_after (a debt after D is not known on
    # D) = 3; they stay in the denominator.
    assert result.numerator_refs == refs(no_debt, inventory_on_d, settled_before, settled_on_d)
    assert (result.numerator, result.denominator, result.percentage) == (4, 11, 36.4)
    assert result.unknown_refs == refs(nothing_recorded, inventory_after_d, registered_after)
    assert result.unknown == 3


def test_a_mother_who_started_today_with_nothing_recorded_is_not_debt_free(programme):
    today = D(2026, 6, 30)
    new = mother(programme, today)
    result = run("debt_free", programme, as_of=today)
    assert (result.numerator, result.denominator, result.unknown) == (0, 1, 1)
    assert result.unknown_refs == [new.ref]


def test_unknown_per_metric(programme):
    # One mother with everything measured twice, one with one measurement of each, one with
    # nothing at all.
    full = mother(programme, debt_inventory_on=D(2024, 9, 2))
    housing(full, D(2024, 9, 2), True)
    for day in (D(2024, 9, 10), D(2025, 9, 10)):
        brug(full, day, 10)
        pss(full, day, 2)
        executive(full, day, 4)
    once = mother(programme)
    debt(once, D(2024, 10, 1))
    ladder(once, D(2024, 9, 10), 2)
    pss(once, D(2024, 9, 10), 3)
    executive(once, D(2024, 9, 10), 4)
    ladder_twice = mother(programme)
    ladder(ladder_twice, D(2024, 9, 10), 2)
    ladder(ladder_twice, D(2025, 9, 10), 3)
    nothing = mother(programme)
    figures = metrics.compute(Selection(programme), AS_OF)
    unknown = {code: result.unknown_refs for code, result in figures.metrics.items()}
    assert unknown["debt_free"] == refs(ladder_twice, nothing)
    assert unknown["adequate_housing"] == refs(once, ladder_twice, nothing)
    # Two ladder measurements are enough to judge self-reliance.
    assert unknown["self_reliance_2_steps"] == refs(once, nothing)
    assert unknown["less_stress"] == refs(once, ladder_twice, nothing)
    assert unknown["executive_functions_growth"] == refs(once, ladder_twice, nothing)
    for code in (
        "education_started_or_completed",
        "paid_work_within_2_years",
        "paid_work_after_2_years",
    ):
        assert unknown[code] == []
        assert figures.metrics[code].unknown == 0
    # The grouped counts carry the same unknowns.
    total = metrics.totals(Selection(programme), AS_OF)
    for code, result in figures.metrics.items():
        assert total.counts[code][2] == result.unknown


# --- adequate_housing ---------------------------------------------------------------------------


def test_adequate_housing_uses_the_latest_record_on_or_before_d(programme):
    mother(programme)  # no housing record: not counted
    adequate = mother(programme)
    housing(adequate, D(2024, 9, 1), False)
    housing(adequate, D(2025, 9, 1), True)
    became_inadequate = mother(programme)
    housing(became_inadequate, D(2024, 9, 1), True)
    housing(became_inadequate, D(2026, 1, 1), False)
    later_ignored = mother(programme)  # the inadequate record after D does not exist yet
    housing(later_ignored, D(2025, 1, 1), True)
    housing(later_ignored, D(2026, 7, 1), False)
    record_on_d = mother(programme)
    housing(record_on_d, D(2024, 9, 1), False)
    housing(record_on_d, AS_OF, True)
    only_after = mother(programme)
    housing(only_after, D(2026, 8, 1), True)
    result = run("adequate_housing", programme)
    assert result.numerator_refs == refs(adequate, later_ignored, record_on_d)
    assert (result.numerator, result.denominator) == (3, 6)


# --- self_reliance_2_steps ----------------------------------------------------------------------


def test_self_reliance_two_steps_on_the_bridge_or_the_ladder(programme):
    brug_2 = mother(programme)  # 10 → 12: +2 on the Bridge
    brug(brug_2, D(2024, 9, 10), 10)
    brug(brug_2, D(2026, 3, 1), 12)
    brug_1 = mother(programme)  # +1 on the Bridge, +1 on the ladder: neither reaches 2
    brug(brug_1, D(2024, 9, 10), 10)
    brug(brug_1, D(2026, 3, 1), 11)
    ladder(brug_1, D(2024, 9, 10), 2)
    ladder(brug_1, D(2026, 3, 1), 3)
    ladder_2 = mother(programme)  # rung 1 → 3
    ladder(ladder_2, D(2024, 9, 10), 1)
    ladder(ladder_2, D(2026, 3, 1), 3)
    out_of_order = mother(programme)  # entered latest first: baseline is still the earliest
    brug(out_of_order, D(2026, 3, 1), 15)
    brug(out_of_order, D(2024, 9, 10), 9)
    brug(out_of_order, D(2025, 3, 1), 20)  # a middle one does not matter: 15 − 9 = +6
    one_measurement = mother(programme)
    brug(one_measurement, D(2025, 3, 1), 25)
    gain_after_d = mother(programme)  # the +4 measurement lies after D: only one counts
    brug(gain_after_d, D(2024, 9, 10), 8)
    brug(gain_after_d, D(2026, 7, 1), 12)
    went_down = mother(programme)  # later measurement lower, ladder unchanged
    brug(went_down, D(2024, 9, 10), 14)
    brug(went_down, D(2026, 3, 1), 11)
    result = run("self_reliance_2_steps", programme)
    assert result.numerator_refs == refs(brug_2, ladder_2, out_of_order)
    assert (result.numerator, result.denominator) == (3, 7)


# --- less_stress and executive_functions_growth -------------------------------------------------


def test_less_stress_is_a_latest_pss_strictly_below_the_baseline(programme):
    lower = mother(programme)  # value 3 → 1: total 22 → 18
    pss(lower, D(2024, 9, 10), 3)
    pss(lower, D(2026, 3, 1), 1)
    equal = mother(programme)
    pss(equal, D(2024, 9, 10), 2)
    pss(equal, D(2026, 3, 1), 2)
    higher = mother(programme)
    pss(higher, D(2024, 9, 10), 1)
    pss(higher, D(2026, 3, 1), 3)
    single = mother(programme)
    pss(single, D(2024, 9, 10), 4)
    out_of_order = mother(programme)  # entered in reverse: 2026 (value 0) then 2024 (value 4)
    pss(out_of_order, D(2026, 3, 1), 0)
    pss(out_of_order, D(2024, 9, 10), 4)
    reverse_if_by_id = mother(programme)  # by entry order it would look lower; by date it rose
    pss(reverse_if_by_id, D(2026, 3, 1), 3)
    pss(reverse_if_by_id, D(2024, 9, 10), 1)
    result = run("less_stress", programme)
    assert result.numerator_refs == refs(lower, out_of_order)
    assert (result.numerator, result.denominator, result.percentage) == (2, 6, 33.3)


def test_executive_functions_growth_is_strictly_above_the_baseline(programme):
    grew = mother(programme)
    executive(grew, D(2024, 9, 10), 3)
    executive(grew, D(2026, 3, 1), 4)
    same = mother(programme)
    executive(same, D(2024, 9, 10), 4)
    executive(same, D(2026, 3, 1), 4)
    single = mother(programme)
    executive(single, D(2026, 3, 1), 7)
    growth_after_d = mother(programme)
    executive(growth_after_d, D(2024, 9, 10), 3)
    executive(growth_after_d, D(2026, 5, 1), 2)
    executive(growth_after_d, D(2026, 9, 1), 7)  # after D: latest on D is the 2 (down)
    other_instrument = mother(programme)  # Bridge growth is not executive growth
    brug(other_instrument, D(2024, 9, 10), 5)
    brug(other_instrument, D(2026, 3, 1), 20)
    result = run("executive_functions_growth", programme)
    assert result.numerator_refs == refs(grew)
    assert (result.numerator, result.denominator, result.percentage) == (1, 5, 20.0)


# --- education_started_or_completed -------------------------------------------------------------


def test_education_started_or_completed_between_start_and_d(programme):
    started = mother(programme, D(2024, 9, 1))
    education(started, started_on=D(2025, 9, 1))
    on_start_date = mother(programme, D(2024, 9, 1))
    education(on_start_date, started_on=D(2024, 9, 1))
    completed_only = mother(programme, D(2024, 9, 1))  # started before her start, completed after
    education(completed_only, started_on=D(2023, 9, 1), completed_on=D(2025, 7, 1))
    before_start = mother(programme, D(2024, 9, 1))  # started the day before her start
    education(before_start, started_on=D(2024, 8, 31))
    after_d = mother(programme, D(2024, 9, 1))
    education(after_d, started_on=D(2026, 7, 1))
    completed_on_d = mother(programme, D(2024, 9, 1))
    education(completed_on_d, started_on=D(2023, 1, 1), completed_on=AS_OF)
    mother(programme, D(2024, 9, 1))  # no education
    result = run("education_started_or_completed", programme)
    assert result.numerator_refs == refs(started, on_start_date, completed_only, completed_on_d)
    assert (result.numerator, result.denominator, result.percentage) == (4, 7, 57.1)


# --- paid work ----------------------------------------------------------------------------------


def test_paid_work_within_2_years(programme):
    as_of = D(2027, 1, 31)
    on_two_year_date = mother(programme, D(2024, 9, 1))  # work starts exactly on 2026-09-01
    work(on_two_year_date, D(2026, 9, 1))
    day_late = mother(programme, D(2024, 9, 1))  # 2026-09-02: after two years
    work(day_late, D(2026, 9, 2))
    supported = mother(programme, D(2024, 9, 1))
    work(supported, D(2025, 5, 1), WorkKind.PAID_SUPPORTED)
    internship = mother(programme, D(2024, 9, 1))
    work(internship, D(2025, 5, 1), WorkKind.INTERNSHIP)
    volunteer = mother(programme, D(2024, 9, 1))
    work(volunteer, D(2025, 5, 1), WorkKind.VOLUNTEER)
    before_start = mother(programme, D(2024, 9, 1))  # already working before the trajectory
    work(before_start, D(2024, 8, 1))
    leap = mother(programme, D(2024, 2, 29))  # two-year date 2026-02-28
    work(leap, D(2026, 2, 28))
    leap_late = mother(programme, D(2024, 2, 29))
    work(leap_late, D(2026, 3, 1))
    result = run("paid_work_within_2_years", programme, as_of)
    assert result.numerator_refs == refs(on_two_year_date, supported, leap)
    assert (result.numerator, result.denominator, result.percentage) == (3, 8, 37.5)


def test_paid_work_within_2_years_only_counts_work_on_or_before_d(programme):
    m = mother(programme, D(2024, 9, 1))
    work(m, D(2026, 7, 1))  # within two years but after D
    assert run("paid_work_within_2_years", programme).numerator == 0
    assert run("paid_work_within_2_years", programme, D(2026, 7, 1)).numerator == 1


def test_paid_work_after_2_years_denominator_is_those_past_their_two_year_date(programme):
    as_of = D(2026, 9, 1)
    two_years_today = mother(programme, D(2024, 9, 1))  # two-year date = D: in the denominator
    work(two_years_today, D(2026, 8, 1))
    two_years_tomorrow = mother(programme, D(2024, 9, 2))  # not yet two years: not counted
    work(two_years_tomorrow, D(2025, 1, 1))
    late_work = mother(programme, D(2023, 9, 1))  # work in year three still counts
    work(late_work, D(2026, 3, 1))
    internship = mother(programme, D(2023, 9, 1))
    work(internship, D(2024, 3, 1), WorkKind.INTERNSHIP)
    work_after_d = mother(programme, D(2023, 9, 1))
    work(work_after_d, D(2026, 9, 2))
    dropped = mother(programme, D(2023, 9, 1), ended=D(2024, 1, 1))
    result = run("paid_work_after_2_years", programme, as_of)
    assert result.denominator_refs == refs(
        two_years_today, late_work, internship, work_after_d, dropped
    )
    assert result.numerator_refs == refs(two_years_today, late_work)
    assert (result.numerator, result.denominator, result.percentage) == (2, 5, 40.0)


def test_paid_work_after_2_years_with_a_29_february_start(programme):
    leap = mother(programme, D(2024, 2, 29))
    work(leap, D(2025, 1, 1))
    # Two-year date 2026-02-28: in the denominator on that day, not the day before.
    on_date = run("paid_work_after_2_years", programme, D(2026, 2, 28))
    assert (on_date.numerator, on_date.denominator) == (1, 1)
    before = run("paid_work_after_2_years", programme, D(2026, 2, 27))
    assert (before.numerator, before.denominator, before.percentage) == (0, 0, None)


def test_compute_gives_the_same_as_the_named_functions(programme):
    m1 = mother(programme)
    debt(m1, D(2025, 1, 1))
    housing(m1, D(2025, 1, 1), True)
    m2 = mother(programme, D(2024, 1, 1))
    work(m2, D(2025, 1, 1))
    figures = metrics.compute(Selection(programme), AS_OF)
    assert figures.population == 2
    for name, function in metrics.FUNCTIONS.items():
        assert figures.metrics[name] == function(Selection(programme), AS_OF)
    total = metrics.totals(Selection(programme), AS_OF)
    assert total.population == 2
    for name, result in figures.metrics.items():
        assert total.counts[name] == (result.numerator, result.denominator, result.unknown)
