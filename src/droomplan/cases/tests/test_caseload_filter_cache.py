"""Issue 18: the caseload's domain and overdue filters first read which families have an open
action in the domain or an overdue action (`cases.selectors.domain_family_ids`,
`overdue_family_ids`: every current open action, 21,600 at 100,000 participants). Those ids
are kept in the shared cache under the data version of the caseloads and the day or domain
(`core.dataversion`), like the coaches' counts: a second view reads no actions, and every
write that changes which families match (an action ticked off or added, a goal moved to
another domain), or the next day, makes the next view read them again. The page then reads
the listed families by their key (`core.queries.pk_among`), not by walking every family in
name order."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from droomplan.cases import selectors
from droomplan.core.queries import pk_among
from droomplan.plans import services as plan_services
from droomplan.plans.tests.factories import ActionFactory, GoalFactory

from .factories import ParticipantFactory

pytestmark = pytest.mark.django_db
URL = reverse("cases:caseload")
TODAY = datetime.date.today()
LATE = TODAY - datetime.timedelta(days=3)


def id_queries(captured) -> int:
    """The filters' two reads: the goals of the open (or overdue) actions, their families."""
    return sum(
        1
        for q in captured.captured_queries
        if 'DISTINCT "plans_action"."goal_id"' in q["sql"]
        or 'DISTINCT "plans_goal"."participant_id"' in q["sql"]
    )


def view(client, query: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL + query)
    assert response.status_code == 200
    return response.content.decode(), id_queries(captured)


@pytest.fixture
def family(programme, coach):
    family = ParticipantFactory(
        programme=programme, coach=coach, active=True, family_name="Zwaluwstaart"
    )
    ActionFactory(goal=GoalFactory(participant=family, domain="finances"), due_date=LATE)
    return family


@pytest.mark.parametrize("query", ["?overdue=on", "?domain=finances"])
def test_a_second_view_reads_no_actions(lead_client, family, query):
    page, read = view(lead_client, query)
    assert read == 2
    assert "Zwaluwstaart" in page
    page, read = view(lead_client, query)
    assert read == 0  # from the cache
    assert "Zwaluwstaart" in page


def test_a_ticked_off_action_leaves_both_filters_in_the_next_view(lead_client, coach, family):
    view(lead_client, "?overdue=on")
    view(lead_client, "?domain=finances")
    plan_services.mark_action_done(actor=coach, action=family.goals.get().actions.get())
    for query in ("?overdue=on", "?domain=finances"):
        page, read = view(lead_client, query)
        assert read == 1  # read again: no open action is left, so no goals to look up
        assert "Zwaluwstaart" not in page


def test_a_new_open_action_and_a_goal_moved_to_another_domain_show_in_the_next_view(
    lead_client, coach, programme
):
    family = ParticipantFactory(
        programme=programme, coach=coach, active=True, family_name="Ooievaarsnest"
    )
    goal = GoalFactory(participant=family, domain="finances")
    assert "Ooievaarsnest" not in view(lead_client, "?domain=finances")[0]  # no open action yet
    ActionFactory(goal=goal, due_date=TODAY + datetime.timedelta(days=7))
    assert "Ooievaarsnest" in view(lead_client, "?domain=finances")[0]
    assert "Ooievaarsnest" not in view(lead_client, "?domain=education")[0]
    plan_services.update_goal(
        actor=coach,
        goal=goal,
        title=goal.title,
        domain="education",
        dream=goal.dream,
        child=goal.child,
    )
    assert "Ooievaarsnest" not in view(lead_client, "?domain=finances")[0]
    assert "Ooievaarsnest" in view(lead_client, "?domain=education")[0]


def test_an_action_becomes_overdue_the_next_day(lead, coach, programme):
    family = ParticipantFactory(programme=programme, coach=coach, active=True)
    ActionFactory(goal__participant=family, due_date=TODAY)
    assert list(selectors.caseload(lead, overdue=True, today=TODAY)) == []
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert list(selectors.caseload(lead, overdue=True, today=tomorrow)) == [family]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_the_listed_families_are_read_by_their_key(lead, coach, programme):
    """At 100,000 families with 900 listed, PostgreSQL walked the name index and tested every
    family against the list (`pk = ANY(...)`) until it had 50: 15,000 families."""
    families = ParticipantFactory.create_batch(60, programme=programme)
    listed = [family.pk for family in families[::2]]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cases_participant")
    sql, params = selectors.caseload(lead).filter(pk_among(listed))[:50].query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "participant_list_order" not in plan, plan  # no walk in name order
    assert "Sort Key: cases_participant.family_name" in plan, plan  # the listed, sorted
