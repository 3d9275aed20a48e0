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


@pytest.mark.django_db
def test_a_refusal_about_another_object_is_not_linked_to_a_mother_with_that_id(rf):
    """`deny` logs an object's id without taking it for a participant id."""
    from droomplan.access.shortcuts import deny
    from droomplan.accounts.tests.factories import UserFactory

    mother = ParticipantFactory()
    request = rf.get("/")
    request.user = UserFactory()
    deny(request, object_type="meeting", object_id=mother.pk, verb="view")
    entry = AccessLogEntry.objects.get(outcome=Outcome.DENIED)
    assert entry.object_id == str(mother.pk)
    assert entry.participant is None


@pytest.mark.django_db
def test_a_guessed_case_id_is_linked_to_the_mother(client):
    from droomplan.accounts.tests.factories import UserFactory

    mother = ParticipantFactory()
    client.force_login(UserFactory())
    assert client.get(reverse("cases:detail", args=[mother.pk])).status_code == 404
    assert AccessLogEntry.objects.get(outcome=Outcome.DENIED).participant == mother
