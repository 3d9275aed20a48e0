"""Every formula of the business case on hand-built data: the worked example of
docs/business-case.md, recomputed by hand below."""

import datetime
from decimal import Decimal

import pytest

from droomplan.accounts.tests.factories import OrganisationFactory
from droomplan.businesscase import computation
from droomplan.businesscase.services import save_assumption
from droomplan.cases.models import ContactKind
from droomplan.cases.tests.factories import ContactFactory, ParticipantFactory
from droomplan.lifedomains.tests.factories import (
    DebtFactory,
    EducationFactory,
    HousingStatusFactory,
    WorkPlacementFactory,
)
from droomplan.meetings.tests.factories import AttendanceFactory, GroupSessionFactory
from droomplan.outcomes.metrics import Selection
from droomplan.programmes.tests.factories import CohortFactory

from .factories import AssumptionFactory, PartnerContributionFactory, SpendingFactory

D = datetime.date(2025, 12, 31)
START = datetime.date(2025, 1, 1)
LEAD_VALUES = {
    "hourly_rate": ("60", "80", "100"),
    "overhead_factor": ("1", "1.5", "2"),
    "meeting_cost": ("200", "300", "400"),
    "benefit_per_month": ("600", "1200", "1400"),
    "debt_cost_per_year": ("5000", "10000", "15000"),
    "eviction_cost": ("5000", "7500", "10000"),
    "deadweight_work": ("0", "10", "20"),
}


def worked_example(programme):
    """Anna and Bea, one cohort, 2025 (docs/business-case.md, "Worked example")."""
    for code, (low, central, high) in LEAD_VALUES.items():
        AssumptionFactory(
            programme=programme, code=code, low=low, central=central, high=high, valid_from=START
        )
    cohort = CohortFactory(programme=programme, code="g1", name="Groep 1")
    anna = ParticipantFactory(
        programme=programme, cohort=cohort, active=True, start_date=START, ref="DM-0001"
    )
    bea = ParticipantFactory(
        programme=programme, cohort=cohort, active=True, start_date=START, ref="DM-0002"
    )
    ParticipantFactory(programme=programme, ref="DM-0003")  # in intake: not in P
    # Coaching: 60 + 120 + (30 corrected to 45) for Anna, a group contact left out; 60 for Bea.
    ContactFactory(participant=anna, date=datetime.date(2025, 3, 10), duration_minutes=60)
    ContactFactory(participant=anna, date=datetime.date(2025, 4, 10), duration_minutes=120)
    ContactFactory(
        participant=anna,
        date=datetime.date(2025, 5, 1),
        duration_minutes=90,
        kind=ContactKind.GROUP,
    )
    wrong = ContactFactory(participant=anna, date=datetime.date(2025, 6, 1), duration_minutes=30)
    ContactFactory(
        participant=anna, date=datetime.date(2025, 6, 1), duration_minutes=45, corrects=wrong
    )
    ContactFactory(participant=anna, date=datetime.date(2026, 1, 5), duration_minutes=600)  # > D
    ContactFactory(participant=bea, date=datetime.date(2025, 2, 1), duration_minutes=60)
    # Meetings: one with both invited, one with nobody of P (a programme cost).
    session = GroupSessionFactory(programme=programme, date=datetime.date(2025, 3, 10))
    AttendanceFactory(session=session, participant=anna)
    AttendanceFactory(session=session, participant=bea)
    GroupSessionFactory(programme=programme, date=datetime.date(2025, 4, 10))
    GroupSessionFactory(programme=programme, date=datetime.date(2026, 2, 10))  # after D
    PartnerContributionFactory(
        programme=programme,
        organisation=OrganisationFactory(name="Kredietbank"),
        year=2025,
        hours=Decimal("10"),
        euros=Decimal("500"),
    )
    SpendingFactory(participant=anna, date=datetime.date(2025, 2, 1), amount=Decimal("250"))
    SpendingFactory(participant=anna, date=datetime.date(2026, 2, 1), amount=Decimal("999"))
    # Anna: paid work from 1 July (184 days to D), a debt settled on 30 June.
    WorkPlacementFactory(participant=anna, started_on=datetime.date(2025, 7, 1))
    WorkPlacementFactory(
        participant=anna, started_on=datetime.date(2025, 8, 1), ended_on=datetime.date(2025, 9, 1)
    )  # overlaps: counted once
    WorkPlacementFactory(participant=bea, kind="volunteer", started_on=datetime.date(2025, 3, 1))
    DebtFactory(
        participant=anna,
        amount=Decimal("1000"),
        registered_on=datetime.date(2025, 1, 10),
        settled_on=datetime.date(2025, 6, 30),
    )
    # Bea: inadequate housing, then adequate from 1 September; an education.
    HousingStatusFactory(participant=bea, date=datetime.date(2025, 1, 1), adequate=False)
    HousingStatusFactory(participant=bea, date=datetime.date(2025, 9, 1), adequate=True)
    EducationFactory(participant=bea, started_on=datetime.date(2025, 9, 1))
    return anna, bea


@pytest.fixture
def case(programme):
    worked_example(programme)
    return computation.build(Selection(programme), D, external=False, with_mothers=True)


WORK_MONTHS = 184 / (365.25 / 12)  # 1 July – 31 December, both included
DEBT_YEARS = 184 / 365.25  # 30 June – 31 December


def test_quantities(case):
    q = case.total.quantities
    assert q.coaching_minutes == 285  # 60 + 120 + 45 + 60
    assert q.meetings == pytest.approx(2)  # 0.5 + 0.5 (shared) + 2 × 0.5 (invited)
    assert q.partner_euros == pytest.approx(500)
    assert q.partner_hours == pytest.approx(10)
    assert q.spending == pytest.approx(250)
    assert q.work_months == pytest.approx(WORK_MONTHS)
    assert q.debt_years == pytest.approx(DEBT_YEARS)
    assert q.debt_settled == pytest.approx(1000)
    assert q.housing == 1
    assert q.education == 1
    assert case.total.population.denominator == 2


def test_central_scenario(case):
    v = case.total.valued["central"]
    assert v.costs["coaching"] == pytest.approx(4.75 * 1.5 * 80)  # 570
    assert v.costs["meetings"] == pytest.approx(2 * 300)
    assert v.costs["partners"] == pytest.approx(500 + 10 * 80)
    assert v.costs["spending"] == pytest.approx(250)
    assert v.total_costs == pytest.approx(2720)
    assert v.gross["work"] == pytest.approx(WORK_MONTHS * 1200)
    assert v.net["work"] == pytest.approx(WORK_MONTHS * 1200 * 0.9)
    assert v.net["debt"] == pytest.approx(DEBT_YEARS * 10000)
    assert v.net["housing"] == pytest.approx(7500)
    assert v.gross["education"] is None  # no value: counted, not valued
    assert v.total_net == pytest.approx(WORK_MONTHS * 1080 + DEBT_YEARS * 10000 + 7500)
    assert v.per_euro == round(v.total_net / 2720, 2) == 7.01


def test_low_scenario_is_cautious(case):
    v = case.total.valued["low"]
    assert v.total_costs == pytest.approx(4.75 * 2 * 100 + 2 * 400 + 500 + 10 * 100 + 250)
    assert v.net["work"] == pytest.approx(WORK_MONTHS * 600 * 0.8)
    assert v.net["debt"] == pytest.approx(DEBT_YEARS * 5000)
    assert v.net["housing"] == pytest.approx(5000)
    h = case.total.valued["high"]
    assert h.total_costs == pytest.approx(4.75 * 1 * 60 + 2 * 200 + 500 + 10 * 60 + 250)
    assert h.net["work"] == pytest.approx(WORK_MONTHS * 1400)
    assert v.per_euro < case.total.valued["central"].per_euro < h.per_euro


def test_per_mother_adds_up_to_the_total(case):
    anna, bea = case.mothers
    assert anna.ref == "DM-0001"
    assert anna.own.coaching_minutes == 225
    assert bea.own.coaching_minutes == 60
    assert anna.quantities.meetings == pytest.approx(1)  # 0.5 invited + 0.5 shared
    assert anna.quantities.partner_hours == pytest.approx(5)
    assert anna.debt_free_since == datetime.date(2025, 6, 30)
    assert bea.housed_on == datetime.date(2025, 9, 1)
    assert bea.education_on == datetime.date(2025, 9, 1)
    total = sum(m.valued["central"].total_net for m in case.mothers)
    assert total == pytest.approx(case.total.valued["central"].total_net)
    [cohort] = case.cohorts
    assert cohort.code == "g1"
    assert cohort.valued["central"].total_costs == pytest.approx(2720)


def test_timeline_and_break_even(case):
    assert case.timeline[0].day == datetime.date(2025, 1, 31)
    assert case.timeline[-1].day == D
    assert len(case.timeline) == 12
    last = case.timeline[-1]
    assert last.costs["central"] == pytest.approx(2720)
    # 31 July: costs 570 + 600 + 250 + 1300 × 212/365 = 2175.07; returns (work 31 days,
    # debt-free 31 days) 31/30.4375 × 1080 + 31/365.25 × 10000 = 1948.72: not yet.
    july = next(p for p in case.timeline if p.day == datetime.date(2025, 7, 31))
    assert july.costs["central"] == pytest.approx(1420 + 1300 * 212 / 365)
    assert july.returns["central"] == pytest.approx(31 / (365.25 / 12) * 1080 + 31 / 365.25 * 1e4)
    assert case.break_even["central"] == datetime.date(2025, 8, 31)
    for earlier, later in zip(case.timeline, case.timeline[1:], strict=False):
        assert later.costs["central"] >= earlier.costs["central"]


def test_facts_after_the_day_do_not_count(programme):
    anna, _bea = worked_example(programme)
    early = computation.build(
        Selection(programme), datetime.date(2025, 6, 30), external=False, with_mothers=True
    )
    assert early.total.quantities.work_months == 0
    assert early.total.quantities.housing == 0
    assert early.total.quantities.debt_years == 0  # settled on D: 0 days debt-free
    assert early.total.quantities.partner_euros == pytest.approx(500 * 181 / 365)


def test_a_new_version_changes_the_figures_and_keeps_history(programme, django_user_model):
    worked_example(programme)
    lead = django_user_model.objects.create_user("lead-bc", password="x")
    before = computation.build(Selection(programme), D, external=False)
    save_assumption(
        actor=lead,
        programme=programme,
        code="hourly_rate",
        low=Decimal("70"),
        central=Decimal("90"),
        high=Decimal("110"),
        valid_from=datetime.date(2025, 12, 1),
        source="CAO",
    )
    after = computation.build(Selection(programme), D, external=False)
    assert after.total.valued["central"].costs["coaching"] == pytest.approx(4.75 * 1.5 * 90)
    assert after.assumptions["hourly_rate"].central == Decimal("90")
    assert before.total.valued["central"].total_costs != after.total.valued["central"].total_costs
    # A report as of a day before the new version still uses the old one.
    old = computation.build(Selection(programme), datetime.date(2025, 11, 30), external=False)
    assert old.assumptions["hourly_rate"].central == Decimal("80")


def test_defaults_until_a_lead_confirms(programme):
    ParticipantFactory(programme=programme, active=True, start_date=START)
    case = computation.build(Selection(programme), D, external=False)
    used = case.assumptions
    assert used["benefit_per_month"].is_default
    assert used["benefit_per_month"].central == Decimal("1308.45")
    assert used["hourly_rate"].central is None  # no source found: not valued
    assert case.total.valued["central"].costs["coaching"] is None
    assert {a.code for a in case.not_valued} >= {"hourly_rate", "meeting_cost"}
