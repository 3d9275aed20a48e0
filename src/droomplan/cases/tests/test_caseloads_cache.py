"""Issue 18: the lead's coaches overview ("Caseload per coach" on her home page) counts the
families and overdue actions of every current family (2,000 families and 27,000 actions at
100,000 participants), so the two counts per coach are kept in the shared cache keyed by the
data version and the day (`core.dataversion`): a second view counts nothing, and every write
that changes a figure (an action ticked off or added, a handover, a family ending) or the next
day makes the next view count again and show the new figure."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from droomplan.cases import selectors, services
from droomplan.cases.models import EndReason
from droomplan.plans import services as plan_services
from droomplan.plans.tests.factories import ActionFactory, GoalFactory

from .factories import CoachFactory, ParticipantFactory

pytestmark = pytest.mark.django_db
HOME = reverse("core:home")
LATE = datetime.date.today() - datetime.timedelta(days=3)


def caseload_counts(captured) -> int:
    """The overview's two count queries (families per coach, overdue actions per coach)."""
    return sum(
        1
        for q in captured.captured_queries
        if '"cases_coachassignment"."coach_id"' in q["sql"] and "COUNT(" in q["sql"]
    )


def view(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode(), caseload_counts(captured)


@pytest.fixture
def family(programme, coach):
    family = ParticipantFactory(programme=programme, coach=coach, active=True)
    ActionFactory(goal=GoalFactory(participant=family), due_date=LATE)
    return family


def test_a_second_view_counts_nothing(lead_client, family, django_assert_num_queries):
    page, counted = view(lead_client)
    assert counted == 2
    assert "1 gezin · 1 actie te laat" in page
    # 18 when the counts are not cached; the session is not saved again within a minute
    with django_assert_num_queries(15) as second:  # escalations read once (issue 18)
        response = lead_client.get(HOME)
    assert caseload_counts(second) == 0
    assert "1 gezin · 1 actie te laat" in response.content.decode()  # from the cache


def test_a_ticked_off_action_shows_in_the_next_view(lead_client, lead, coach, family):
    view(lead_client)
    action = family.goals.get().actions.get()
    plan_services.mark_action_done(actor=coach, action=action)
    page, counted = view(lead_client)
    assert counted == 2
    assert "1 gezin" in page
    assert "actie te laat" not in page


def test_a_new_late_action_shows_in_the_next_view(lead_client, family):
    view(lead_client)
    ActionFactory(goal=family.goals.get(), due_date=LATE)
    page, counted = view(lead_client)
    assert counted == 2
    assert "1 gezin · 2 acties te laat" in page


def test_a_handover_shows_in_the_next_view(lead_client, lead, family):
    other = CoachFactory(first_name="Bea", last_name="Tweede")
    page, _ = view(lead_client)
    assert page.count("1 gezin · 1 actie te laat") == 1
    services.assign_coach(
        actor=lead, participant=family, coach=other, on_date=family.intake_date, handover_note="x"
    )
    page, counted = view(lead_client)
    assert counted == 2
    assert page.count("1 gezin · 1 actie te laat") == 1  # now Bea's
    assert page.index("Bea Tweede") < page.index("1 gezin · 1 actie te laat")


def test_an_ended_family_shows_in_the_next_view(lead_client, lead, family, today):
    view(lead_client)
    services.end_trajectory(
        actor=lead, participant=family, end_date=today, end_reason=EndReason.MOVED
    )
    page, counted = view(lead_client)
    assert counted == 2
    assert "actie te laat" not in page


def test_the_next_day_counts_again(coach, family, django_assert_num_queries):
    """Overdue depends on the day too: the day is in the key."""
    with django_assert_num_queries(3):
        selectors.coach_caseloads(today=LATE + datetime.timedelta(days=1))
    with django_assert_num_queries(1):  # the coaches only
        loads = selectors.coach_caseloads(today=LATE + datetime.timedelta(days=1))
    assert [(c.family_count, c.overdue_count) for c in loads] == [(1, 1)]
    with django_assert_num_queries(3):
        loads = selectors.coach_caseloads(today=LATE)  # not yet late that day
    assert [(c.family_count, c.overdue_count) for c in loads] == [(1, 0)]
