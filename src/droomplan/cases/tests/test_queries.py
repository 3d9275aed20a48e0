"""The caseload and the case page use a fixed number of queries, however much data: the same
exact count for a small and a large case proves that it does not grow."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from droomplan.access.tests.factories import ConsentFactory
from droomplan.accounts.tests.factories import OrganisationFactory
from droomplan.cases import selectors, services, views
from droomplan.cases.models import Child, CoachAssignment
from droomplan.cases.tests.factories import CoachFactory, ContactFactory, ParticipantFactory
from droomplan.plans.models import GoalStatusChange
from droomplan.plans.tests.factories import ActionFactory, GoalFactory
from droomplan.programmes.tests.factories import CohortFactory

pytestmark = pytest.mark.django_db


def get_ok(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def add_families(n, *, coach, programme, cohort):
    for _ in range(n):
        participant = ParticipantFactory(
            programme=programme, coach=coach, cohort=cohort, active=True, family_name="Maas"
        )
        ActionFactory(goal__participant=participant)  # overdue


@pytest.mark.parametrize("who", ["coach", "lead"])
def test_caseload_queries_do_not_grow(
    client, coach, lead, programme, who, django_assert_num_queries
):
    cohort = CohortFactory(programme=programme)
    client.force_login(coach if who == "coach" else lead)
    url = reverse("cases:caseload")
    with_filters = url + "?q=maas&overdue=on&status=active"  # every family matches
    # The session's first request saves it (accounts.middleware); the first list with a
    # family reads the schedule settings, which the process keeps until an instrument or a
    # programme changes (instruments.selectors.schedule_settings): 2 queries fewer after it.
    # The filter form's groups and municipalities are kept too (cases.forms.filter_choices).
    add_families(1, coach=coach, programme=programme, cohort=cohort)
    get_ok(client, url)
    for families, total in ((2, 3), (8, 11)):
        add_families(families, coach=coach, programme=programme, cohort=cohort)
        # The list: 11 with new families to log (the access log checks who was listed today,
        # then again under its lock, and writes them); the same families listed again today
        # are not logged again (its check finds them: no lock, no INSERT): 8. The session
        # is saved at most once a minute, so not on these requests.
        with django_assert_num_queries(11):
            get_ok(client, url)
        # + the goals with overdue actions and their families, + the bounds of the search,
        # and the families are seen today already (-3)
        with django_assert_num_queries(11):
            response = get_ok(client, with_filters)
        assert response.context["page"].paginator.count == total
        # + the goals with open actions, their families; the overdue families come from the
        # shared cache now (no write since the view before: cases.selectors._family_ids_cached)
        with django_assert_num_queries(11):
            response = get_ok(client, with_filters + "&domain=finances")
        assert response.context["page"].paginator.count == total


def test_coach_home_queries_do_not_grow(client, coach, programme, django_assert_num_queries):
    cohort = CohortFactory(programme=programme)
    client.force_login(coach)
    # The session's first request saves it (accounts.middleware); the first with a family
    # reads the measurement schedule's settings, which the process keeps
    # (instruments.selectors.schedule_settings).
    add_families(1, coach=coach, programme=programme, cohort=cohort)
    get_ok(client, "/")
    # New families each time, each logged once today (the access log first checks who was
    # already listed today, then again under its lock, for each list on the page that names
    # new families). Her families are read once for the work list, her families section and her open
    # escalations (3 fewer than with the caseload query), the consents that end soon once for
    # the work list and their part (1 fewer; issue 18).
    for families, queries in ((2, 18), (8, 21)):
        add_families(families, coach=coach, programme=programme, cohort=cohort)
        with django_assert_num_queries(queries):
            get_ok(client, "/")


def grow_case(participant, coach, n, organisations):
    for i in range(n):
        contact = ContactFactory(participant=participant, author=coach, note=f"Notitie {i}")
        contact.shared_with.set(organisations)
        ContactFactory(participant=participant, author=coach, corrects=contact)
        Child.objects.create(participant=participant, given_name=f"Kind {i}", birth_date="2020-1-1")
        goal = GoalFactory(participant=participant, title=f"Doel {i}")
        ActionFactory(goal=goal)
        GoalStatusChange.objects.create(goal=goal, from_status="open", to_status="achieved")
        ConsentFactory(participant=participant, organisation=organisations[0], withdrawn=True)


@pytest.mark.parametrize(
    ("who", "queries"), [("coach", 20), ("lead", 19)]
)  # 43 and 41 before the overview (coach: one check of her coaching per request); the
# access log: one entry per case page view; 3 fewer since the session is saved at most once a
# minute (accounts.middleware), not on every request; 6 fewer since the overview reads her
# programme, municipality, group and contact summary in one query and leaves the status
# history, the places in her group and the admission rules (unless shown) to her details; 3
# fewer since the line on her life domains is one query of figures (lifedomains.selectors.
# overview_line), not her records
def test_case_page_queries_do_not_grow(
    client, coach, lead, programme, who, queries, django_assert_num_queries
):
    organisations = [OrganisationFactory(), OrganisationFactory()]
    participant = ParticipantFactory(
        programme=programme, coach=coach, cohort=CohortFactory(programme=programme)
    )
    client.force_login(coach if who == "coach" else lead)
    url = reverse("cases:detail", args=[participant.pk])
    get_ok(client, url)  # the session's first request saves it
    grow_case(participant, coach, 2, organisations)
    with django_assert_num_queries(queries):
        get_ok(client, url)

    grow_case(participant, coach, 8, organisations)
    # more coaches and status changes too
    for i in range(3):
        other = CoachAssignment.objects.get(participant=participant, ended_on=None).coach
        services.assign_coach(
            actor=lead,
            participant=participant,
            coach=CoachFactory(),
            on_date=participant.intake_date,
            handover_note=f"Overdracht {i} van {other}",
        )
    services.assign_coach(
        actor=lead,
        participant=participant,
        coach=coach,
        on_date=participant.intake_date,
        handover_note="Terug naar Anna",
    )
    with django_assert_num_queries(queries):
        get_ok(client, url)


@pytest.mark.parametrize("query", ["", "?q=maas&overdue=on&status=active&domain=finances"])
def test_caseload_counts_actions_per_shown_row_and_pages_without_them(
    lead_client, coach, programme, query
):
    """No COUNT(DISTINCT) over a join of every family with every action before LIMIT: the
    figures are scalar subqueries (computed for the page's rows), and the paginator's count
    does not read the actions at all (unless a filter on actions needs them)."""
    cohort = CohortFactory(programme=programme)
    future, done = datetime.date(2099, 1, 1), datetime.date(2025, 1, 1)
    for extra in ([], [{"due_date": future}, {"done_on": done}], [{}, {"due_date": None}]):
        participant = ParticipantFactory(
            programme=programme, coach=coach, cohort=cohort, active=True, family_name="Maas"
        )
        goal = GoalFactory(participant=participant)
        for kwargs in [{}, *extra]:
            ActionFactory(goal=goal, **kwargs)  # overdue unless said otherwise
    client = lead_client
    with CaptureQueriesContext(connection) as captured:
        response = get_ok(client, reverse("cases:caseload") + query)
    page = response.context["page"]
    assert page.paginator.count == 3
    sqls = [q["sql"].upper() for q in captured.captured_queries]
    assert not [sql for sql in sqls if "COUNT(DISTINCT" in sql or "GROUP BY" in sql]
    counts = [
        sql
        for sql in sqls
        if sql.startswith("SELECT COUNT(*)") and "CASES_PARTICIPANT" in sql and "MIN(" not in sql
    ]
    assert len(counts) == 1
    assert "LIMIT 1001" in counts[0]  # the paginator counts at most 1,000 (core.pagination)
    action_refs = counts[0].count("PLANS_ACTION")
    # none: the overdue and domain filters are lists of ids read before (an EXISTS on the
    # actions made PostgreSQL probe every family in name order)
    assert action_refs == 0
    rows = {p.pk: (p.open_action_count, p.overdue_action_count) for p in page.object_list}
    assert sorted(rows.values()) == [(1, 1), (2, 1), (3, 2)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL plan")
@pytest.mark.parametrize("search", ["", "maas"])
def test_caseload_page_computes_the_counts_after_sort_and_limit(lead, search):
    """PostgreSQL's plan: Limit over a Result that runs the count subqueries, over the Sort of
    the families; so the subqueries run only for the rows the page takes, never for every
    family before sorting. (With other statistics PostgreSQL may read the families in order
    from the name index instead, with no Sort: then the Limit stops the subqueries as well.)"""
    families = selectors.caseload(lead, search=search)[: views.PER_PAGE]
    sql, params = families.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = [row[0] for row in cursor.fetchall()]
    text = "\n".join(plan)
    assert plan[0].startswith("Limit"), text
    subplans = [line for line in plan if line.lstrip().startswith("SubPlan")]
    assert len(subplans) >= 5, text  # the coach (3) and the two action counts
    sorts = [line for line in plan if line.lstrip().startswith("->  Sort")]
    if not sorts:
        assert "participant_list_order" in text, text  # in order: nothing to sort
        return
    assert "Result" in plan[1], text
    sort_indent = len(sorts[0]) - len(sorts[0].lstrip())
    assert {len(line) - len(line.lstrip()) for line in subplans} == {sort_indent}, text


def caseloads_with_handover_and_ended(coach, lead, programme):
    other = CoachFactory()
    cohort = CohortFactory(programme=programme)
    kept = ParticipantFactory(programme=programme, coach=coach, cohort=cohort, active=True)
    goal = GoalFactory(participant=kept)
    ActionFactory(goal=goal)  # overdue
    ActionFactory(goal=goal, due_date=datetime.date(2099, 1, 1))  # not yet
    ActionFactory(goal=goal, done_on=datetime.date(2025, 5, 1))  # done
    moved = ParticipantFactory(programme=programme, coach=coach, cohort=cohort, active=True)
    ActionFactory(goal__participant=moved)  # overdue, but she has another coach now
    services.assign_coach(
        actor=lead, participant=moved, coach=other, on_date=moved.intake_date, handover_note="x"
    )
    ended = ParticipantFactory(programme=programme, coach=coach, cohort=cohort, status="ended")
    ActionFactory(goal__participant=ended)
    return other


def test_coach_caseloads_counts_per_coach_in_three_queries(
    coach, lead, programme, django_assert_num_queries
):
    """Families coached now (not ended) and their overdue actions, per coach: the coaches,
    then one count per coach of the current assignments and one of the overdue actions (no
    query per coach, no COUNT(DISTINCT)); exact however the families were handed over."""
    today = datetime.date(2026, 6, 30)
    other = caseloads_with_handover_and_ended(coach, lead, programme)
    idle = CoachFactory()
    with django_assert_num_queries(3) as captured:
        loads = {
            u.pk: (u.family_count, u.overdue_count) for u in selectors.coach_caseloads(today=today)
        }
    assert loads == {coach.pk: (1, 1), other.pk: (1, 1), idle.pk: (0, 0)}
    assert not [q for q in captured.captured_queries if "COUNT(DISTINCT" in q["sql"].upper()]
    for _ in range(3):
        CoachFactory()
    with django_assert_num_queries(3):  # more coaches, the same queries
        assert len(selectors.coach_caseloads(today=today)) == 6


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL plan")
def test_coach_caseloads_read_current_assignments_and_families_through_their_indexes(
    coach, lead, programme
):
    """Both counts read the current assignments and the families not ended through their
    partial indexes, not every assignment and family of the years behind."""
    caseloads_with_handover_and_ended(coach, lead, programme)
    with CaptureQueriesContext(connection) as captured:
        selectors.coach_caseloads(today=datetime.date(2026, 6, 30))
    plans = []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # few rows: see what can serve it
        for query in captured.captured_queries[1:]:
            cursor.execute(f"EXPLAIN {query['sql']}")
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    families, overdue = plans
    assert "current_assignment_coach" in families, families
    assert "participant_not_ended" in families, families
    # the overdue actions: through the families not ended, and the assignments by an index
    # (with a handful of rows the planner may take the assignment's participant index and
    # filter on "current": that is fine, a scan of every assignment is not)
    assert "participant_not_ended" in overdue, overdue
    assert "Seq Scan on cases_coachassignment" not in overdue, overdue
