import pytest
from django.urls import reverse

from droomplan.audit.models import AccessLogEntry, Action, Outcome
from droomplan.cases.tests.factories import CoachFactory, ParticipantFactory
from droomplan.plans.tests.factories import GoalFactory


@pytest.fixture
def coach_and_mother(db):
    coach = CoachFactory()
    return coach, ParticipantFactory(coach=coach, active=True)


def test_opening_a_form_page_logs_that_her_data_was_seen(client, coach_and_mother):
    coach, mother = coach_and_mother
    client.force_login(coach)
    assert client.get(reverse("cases:edit", args=[mother.pk])).status_code == 200
    entry = AccessLogEntry.objects.get(participant=mother, action=Action.VIEW)
    assert (entry.object_type, entry.detail, entry.outcome) == ("case", "form", Outcome.ALLOWED)


def test_a_plan_form_logs_the_object_it_shows(client, coach_and_mother):
    coach, mother = coach_and_mother
    goal = GoalFactory(participant=mother)
    client.force_login(coach)
    url = reverse("plans:goal_edit", args=[mother.pk, goal.pk])
    assert client.get(url).status_code == 200
    entry = AccessLogEntry.objects.get(participant=mother, action=Action.VIEW)
    assert (entry.object_type, entry.object_id) == ("goal", str(goal.pk))


def test_posting_a_form_logs_the_write_not_a_view(client, coach_and_mother):
    coach, mother = coach_and_mother
    client.force_login(coach)
    client.post(reverse("cases:edit", args=[mother.pk]), {"given_name": ""})  # invalid
    assert not AccessLogEntry.objects.filter(participant=mother, action=Action.VIEW).exists()
