"""The day logic: totals, 'debt-free since', the housing and work 'on a day', on edge dates."""

import datetime
from decimal import Decimal

import pytest

from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.lifedomains import selectors
from droomplan.lifedomains.models import Debt, Education, HousingStatus, WorkPlacement

from .factories import DebtFactory, EducationFactory, HousingStatusFactory, WorkPlacementFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def debt(participant, amount, registered, settled=None):
    return DebtFactory(
        participant=participant,
        amount=Decimal(amount),
        registered_on=registered,
        settled_on=settled,
    )


@pytest.fixture
def mother(db):
    return ParticipantFactory(active=True)


def both_totals(mother, day):
    """The Python total over loaded debts and the database total must agree."""
    in_python = selectors.outstanding_on(selectors.debts_for(mother), day)
    in_db = selectors.outstanding_total(mother, day)
    assert in_python == in_db
    return in_python


def test_no_debts_total_is_zero_and_not_debt_free_since(mother):
    assert both_totals(mother, D(2025, 6, 1)) == Decimal("0.00")
    situation = selectors.debt_situation([], D(2025, 6, 1))
    assert situation.has_debts is False
    assert situation.debt_free_since is None
    assert situation.is_debt_free  # nothing open, but "no debts registered", not "since"


def test_registered_on_the_day_counts_registered_after_does_not(mother):
    debt(mother, "100", D(2025, 3, 10))
    assert both_totals(mother, D(2025, 3, 9)) == 0
    assert both_totals(mother, D(2025, 3, 10)) == Decimal("100.00")


def test_settled_exactly_on_the_day_is_no_longer_open(mother):
    debt(mother, "250.50", D(2025, 3, 1), D(2025, 7, 1))
    assert both_totals(mother, D(2025, 6, 30)) == Decimal("250.50")
    assert both_totals(mother, D(2025, 7, 1)) == 0
    assert both_totals(mother, D(2025, 7, 2)) == 0


def test_registered_and_settled_on_the_same_day_is_never_open(mother):
    debt(mother, "80", D(2025, 4, 4), D(2025, 4, 4))
    assert both_totals(mother, D(2025, 4, 3)) == 0
    assert both_totals(mother, D(2025, 4, 4)) == 0
    situation = selectors.debt_situation(selectors.debts_for(mother), D(2025, 4, 4))
    assert situation.debt_free_since == D(2025, 4, 4)


def test_leap_days(mother):
    debt(mother, "500", D(2024, 2, 29), D(2025, 2, 28))
    debt(mother, "40", D(2024, 2, 28), D(2024, 2, 29))
    assert both_totals(mother, D(2024, 2, 28)) == Decimal("40.00")
    assert both_totals(mother, D(2024, 2, 29)) == Decimal("500.00")
    assert both_totals(mother, D(2024, 3, 1)) == Decimal("500.00")
    assert both_totals(mother, D(2025, 2, 27)) == Decimal("500.00")
    assert both_totals(mother, D(2025, 2, 28)) == 0
    debts = selectors.debts_for(mother)
    assert selectors.debt_free_since(debts, D(2025, 2, 28)) == D(2025, 2, 28)
    assert selectors.debt_free_since(debts, D(2024, 2, 29)) is None


def test_debt_free_since_is_the_last_settlement(mother):
    debt(mother, "100", D(2025, 1, 10), D(2025, 3, 1))
    debt(mother, "200", D(2025, 2, 1), D(2025, 9, 15))
    debts = selectors.debts_for(mother)
    assert selectors.debt_free_since(debts, D(2025, 9, 14)) is None
    assert selectors.debt_free_since(debts, D(2025, 9, 15)) == D(2025, 9, 15)
    assert selectors.debt_free_since(debts, D(2026, 1, 1)) == D(2025, 9, 15)


def test_a_new_debt_ends_debt_free_and_a_later_one_does_not_count_yet(mother):
    debt(mother, "100", D(2025, 1, 10), D(2025, 3, 1))
    debt(mother, "60", D(2025, 5, 1))
    debts = selectors.debts_for(mother)
    # Before the new debt was registered she was debt-free since 1 March.
    assert selectors.debt_situation(debts, D(2025, 4, 30)).debt_free_since == D(2025, 3, 1)
    situation = selectors.debt_situation(debts, D(2025, 5, 1))
    assert situation.debt_free_since is None
    assert situation.open_count == 1
    assert situation.outstanding == Decimal("60.00")


def test_debts_registered_after_the_day_are_ignored(mother):
    debt(mother, "100", D(2025, 6, 1))
    situation = selectors.debt_situation(selectors.debts_for(mother), D(2025, 5, 31))
    assert situation.has_debts is False
    assert situation.debt_free_since is None


def test_series_has_a_point_on_every_change(mother):
    debt(mother, "100", D(2025, 1, 10), D(2025, 3, 1))
    debt(mother, "200", D(2025, 1, 10), D(2025, 6, 1))
    debt(mother, "50", D(2025, 2, 1), D(2025, 3, 1))
    series = selectors.outstanding_series(selectors.debts_for(mother))
    assert [(p.date, p.total) for p in series] == [
        (D(2025, 1, 10), Decimal("300.00")),
        (D(2025, 2, 1), Decimal("350.00")),
        (D(2025, 3, 1), Decimal("200.00")),
        (D(2025, 6, 1), Decimal("0.00")),
    ]
    # Each point equals the total on that day.
    for point in series:
        assert point.total == both_totals(mother, point.date)


def test_series_until_a_day_leaves_out_later_changes_and_ends_on_that_day(mother):
    debt(mother, "100", D(2025, 1, 10), D(2025, 8, 1))
    debt(mother, "70", D(2025, 9, 1))
    series = selectors.outstanding_series(selectors.debts_for(mother), until=D(2025, 7, 1))
    assert [(p.date, p.total) for p in series] == [
        (D(2025, 1, 10), Decimal("100.00")),
        (D(2025, 7, 1), Decimal("100.00")),
    ]
    assert selectors.outstanding_series([], until=D(2025, 7, 1)) == []


def test_open_on_queryset_over_many_participants(mother):
    other = ParticipantFactory(active=True)
    debt(mother, "100", D(2025, 1, 10), D(2025, 3, 1))
    debt(other, "100", D(2025, 1, 10))
    open_on = set(Debt.objects.open_on(D(2025, 3, 1)).values_list("participant", flat=True))
    assert open_on == {other.pk}
    assert Debt.objects.registered_by(D(2025, 1, 9)).count() == 0


# --- Housing -----------------------------------------------------------------------------------


def test_housing_on_a_day_is_the_latest_record_on_or_before_it(mother):
    assert selectors.housing_on([], D(2025, 1, 1)) is None
    first = HousingStatusFactory(participant=mother, date=D(2025, 1, 15), adequate=False)
    second = HousingStatusFactory(participant=mother, date=D(2025, 6, 1), adequate=True)
    planned = HousingStatusFactory(participant=mother, date=D(2026, 1, 1), adequate=True)
    records = selectors.housing_for(mother)
    assert selectors.housing_on(records, D(2025, 1, 14)) is None
    assert selectors.housing_on(records, D(2025, 1, 15)) == first
    assert selectors.housing_on(records, D(2025, 5, 31)) == first
    assert selectors.housing_on(records, D(2025, 6, 1)) == second
    assert selectors.housing_on(records, D(2025, 12, 31)) == second
    assert selectors.housing_on(records, D(2026, 1, 1)) == planned
    assert selectors.current_housing(mother, D(2025, 6, 1)) == second


def test_housing_two_records_on_one_day_the_last_entered_wins(mother):
    HousingStatusFactory(participant=mother, date=D(2025, 2, 1), adequate=False)
    corrected = HousingStatusFactory(participant=mother, date=D(2025, 2, 1), adequate=True)
    assert selectors.housing_on(selectors.housing_for(mother), D(2025, 2, 1)) == corrected
    assert selectors.current_housing(mother, D(2025, 2, 1)) == corrected


def test_latest_on_queryset_gives_one_record_per_participant(mother):
    other = ParticipantFactory(active=True)
    HousingStatusFactory(participant=mother, date=D(2025, 1, 1), adequate=False)
    now = HousingStatusFactory(participant=mother, date=D(2025, 5, 1), adequate=True)
    HousingStatusFactory(participant=mother, date=D(2025, 9, 1), adequate=False)
    theirs = HousingStatusFactory(participant=other, date=D(2024, 12, 1), adequate=False)
    ParticipantFactory(active=True)  # no record at all
    latest = HousingStatus.objects.latest_on(D(2025, 8, 31))
    assert set(latest) == {now, theirs}
    assert latest.filter(adequate=True).count() == 1


# --- Education and work --------------------------------------------------------------------


def test_current_work_includes_the_last_day(mother):
    job = WorkPlacementFactory(
        participant=mother, started_on=D(2025, 6, 1), ended_on=D(2025, 12, 31)
    )
    records = selectors.work_for(mother)
    assert selectors.current_work(records, D(2025, 5, 31)) == []
    assert selectors.current_work(records, D(2025, 6, 1)) == [job]
    assert selectors.current_work(records, D(2025, 12, 31)) == [job]
    assert selectors.current_work(records, D(2026, 1, 1)) == []
    assert list(WorkPlacement.objects.current_on(D(2025, 12, 31))) == [job]
    assert list(WorkPlacement.objects.current_on(D(2026, 1, 1))) == []


def test_current_education_ends_with_completed_or_stopped(mother):
    done = EducationFactory(
        participant=mother, started_on=D(2024, 9, 1), completed_on=D(2025, 7, 1)
    )
    stopped = EducationFactory(
        participant=mother, started_on=D(2025, 9, 1), stopped_on=D(2025, 11, 1)
    )
    open_ = EducationFactory(participant=mother, started_on=D(2026, 2, 1))
    records = selectors.educations_for(mother)
    assert selectors.current_educations(records, D(2025, 7, 1)) == [done]
    assert selectors.current_educations(records, D(2025, 7, 2)) == []
    assert selectors.current_educations(records, D(2025, 10, 1)) == [stopped]
    assert selectors.current_educations(records, D(2026, 2, 1)) == [open_]
    assert set(Education.objects.current_on(D(2025, 10, 1))) == {stopped}


def test_education_without_start_is_never_current(mother):
    old = EducationFactory(participant=mother, started_on=None, completed_on=D(2020, 6, 1))
    assert not old.is_current_on(D(2020, 6, 1))
    assert selectors.current_educations([old], D(2020, 6, 1)) == []


def test_life_domains_only_loads_the_domains_asked_for(mother, django_assert_num_queries):
    debt(mother, "100", D(2025, 1, 10))
    with django_assert_num_queries(2):
        ld = selectors.life_domains_for(mother, frozenset({"finances"}), today=D(2025, 2, 1))
    assert ld.housing is None and ld.educations is None and ld.work is None
    assert ld.debt.outstanding == Decimal("100.00")
    with django_assert_num_queries(0):
        ld = selectors.life_domains_for(mother, frozenset({"children"}), today=D(2025, 2, 1))
    assert ld.debts is None


# --- The line on the case overview (issue 18) ------------------------------------------------

ALL = frozenset({"finances", "family_stability", "education", "employment"})


def _line_from_records(mother, domains, day):
    """What the overview line showed when it was built from her records."""
    ld = selectors.life_domains_for(mother, domains, today=day)
    return (
        ld.debt,
        ld.current_housing.adequate if ld.current_housing else None,
        ld.current_educations[0].name if ld.current_educations else None,
        ld.current_work[0].get_kind_display() if ld.current_work else None,
    )


@pytest.mark.parametrize(
    "day",
    [D(2024, 12, 31), D(2025, 1, 10), D(2025, 2, 1), D(2025, 3, 1), D(2025, 9, 1), D(2026, 1, 1)],
)
def test_overview_line_agrees_with_the_records_in_one_query(mother, day, django_assert_num_queries):
    debt(mother, "100.10", D(2025, 1, 10), settled=D(2025, 3, 1))
    debt(mother, "50", D(2025, 2, 1), settled=D(2025, 2, 20))
    debt(mother, "25.5", D(2025, 9, 1))
    HousingStatusFactory(participant=mother, date=D(2025, 1, 10), adequate=False)
    HousingStatusFactory(participant=mother, date=D(2025, 3, 1), adequate=True)
    HousingStatusFactory(participant=mother, date=D(2025, 3, 1), adequate=False)  # entered last
    EducationFactory(participant=mother, name="Later", started_on=D(2025, 3, 1))
    EducationFactory(participant=mother, name="Eerst", started_on=D(2025, 2, 1))
    EducationFactory(
        participant=mother, name="Gestopt", started_on=D(2025, 1, 1), stopped_on=D(2025, 2, 1)
    )
    WorkPlacementFactory(participant=mother, kind="internship", started_on=D(2025, 1, 10))
    WorkPlacementFactory(participant=mother, started_on=D(2025, 2, 1), ended_on=D(2025, 9, 1))
    with django_assert_num_queries(1):
        line = selectors.overview_line(mother, ALL, today=day)
    debt_situation, adequate, education, work = _line_from_records(mother, ALL, day)
    assert line.debt == debt_situation
    assert (line.housing_adequate, line.education, line.work_kind) == (adequate, education, work)
    assert line.housing_shown and line.education_shown and line.work_shown


def test_overview_line_reads_only_the_domains_shown(mother, django_assert_num_queries):
    HousingStatusFactory(participant=mother, date=D(2025, 1, 10), adequate=False)
    line = selectors.overview_line(mother, frozenset({"family_stability"}), today=D(2025, 2, 1))
    assert line.debt is None and not line.education_shown and not line.work_shown
    assert line.housing_shown and line.housing_adequate is False
    line = selectors.overview_line(mother, frozenset({"finances"}), today=D(2025, 2, 1))
    assert not line.debt.has_debts and line.debt.outstanding == Decimal("0.00")
    assert not line.housing_shown and line.housing_adequate is None
    with django_assert_num_queries(0):
        selectors.overview_line(mother, frozenset({"children"}), today=D(2025, 2, 1))


def test_overview_line_is_built_from_the_rules_querysets_once(mother, monkeypatch):
    """The line's subqueries are the rules' own querysets (`_line_columns`), compiled once per
    process and domains: another family or day reuses the SQL with her id and the day."""
    built = []
    columns = selectors._line_columns
    monkeypatch.setattr(selectors, "_line_sql_cache", {})
    monkeypatch.setattr(
        selectors, "_line_columns", lambda *args: built.append(args[0]) or columns(*args)
    )
    other = ParticipantFactory(programme=mother.programme)
    EducationFactory(participant=other, name="Kapper", started_on=D(2025, 1, 1))
    assert selectors.overview_line(mother, ALL, today=D(2025, 2, 1)).education is None
    assert selectors.overview_line(other, ALL, today=D(2025, 2, 1)).education == "Kapper"
    assert selectors.overview_line(other, ALL, today=D(2024, 12, 1)).education is None
    assert built == list(selectors.SHOWN_ON_LINE)  # each domain's querysets built once
