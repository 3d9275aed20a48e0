"""Mijn plan: she reads her plan, ticks off her own steps, adds a step and a note; everything
goes through plans.services with her as the actor and shows on her coach's case page."""

import pytest
from django.urls import reverse

from droomplan.attention.models import Notification
from droomplan.audit.models import AccessLogEntry, Outcome
from droomplan.cases.tests.factories import ChildFactory
from droomplan.plans.models import ActionOwner, GoalNote
from droomplan.plans.tests.factories import ActionFactory, DreamFactory, GoalFactory

from .factories import mother_with_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(mother):
    dream = DreamFactory(participant=mother, text="Een eigen huis met een tuin")
    goal = GoalFactory(participant=mother, dream=dream, title="Schulden op orde")
    child = ChildFactory(participant=mother, given_name="Sem")
    child_goal = GoalFactory(
        participant=mother, dream=None, child=child, title="Sem naar de opvang"
    )
    mine = ActionFactory(goal=goal, description="Post openen", owner=ActionOwner.MOTHER)
    coach_action = ActionFactory(goal=goal, description="Bellen met bank", owner=ActionOwner.COACH)
    return {"goal": goal, "child_goal": child_goal, "mine": mine, "coach_action": coach_action}


def test_she_reads_her_plan(mother_client, mother, plan, django_assert_num_queries):
    with django_assert_num_queries(14):
        page = mother_client.get(reverse("portal:plan"))
    body = page.content.decode()
    assert page.status_code == 200
    for text in ("Een eigen huis met een tuin", "Schulden op orde", "Sem naar de opvang"):
        assert text in body
    assert reverse("portal:tick_off", args=[plan["mine"].pk]) in body
    assert reverse("portal:tick_off", args=[plan["coach_action"].pk]) not in body
    entry = AccessLogEntry.objects.get(object_type="plan")
    assert entry.user == mother.user and entry.participant == mother


def test_plan_queries_do_not_grow(mother_client, mother, plan, django_assert_num_queries):
    for _ in range(3):
        goal = GoalFactory(participant=mother, dream=plan["goal"].dream)
        ActionFactory(goal=goal, owner=ActionOwner.MOTHER)
    with django_assert_num_queries(14):
        assert mother_client.get(reverse("portal:plan")).status_code == 200


def test_she_ticks_off_her_step(mother_client, mother, coach, plan):
    response = mother_client.post(reverse("portal:tick_off", args=[plan["mine"].pk]))
    assert response.status_code == 302
    plan["mine"].refresh_from_db()
    assert plan["mine"].done_on is not None and plan["mine"].done_by == mother.user
    assert AccessLogEntry.objects.filter(
        object_type="action", user=mother.user, action="update"
    ).exists()
    assert Notification.objects.filter(recipient=coach, kind="portal_activity").exists()
    # A second tap changes nothing.
    assert mother_client.post(reverse("portal:tick_off", args=[plan["mine"].pk])).status_code == 302
    mother_client.force_login(coach)
    body = mother_client.get(reverse("cases:part", args=[mother.pk, "plan"])).content.decode()
    assert "Done by her" in body or "Door haar" in body


def test_she_cannot_tick_off_her_coachs_step(mother_client, plan):
    url = reverse("portal:tick_off", args=[plan["coach_action"].pk])
    assert mother_client.post(url).status_code == 403
    plan["coach_action"].refresh_from_db()
    assert plan["coach_action"].done_on is None


def test_another_mothers_step_is_not_found(mother_client):
    other = mother_with_login()
    action = ActionFactory(goal=GoalFactory(participant=other), owner=ActionOwner.MOTHER)
    assert mother_client.post(reverse("portal:tick_off", args=[action.pk])).status_code == 404
    assert mother_client.get(reverse("portal:add_note", args=[action.goal.pk])).status_code == 404
    assert AccessLogEntry.objects.filter(outcome=Outcome.DENIED, user__isnull=False).exists()
    action.refresh_from_db()
    assert action.done_on is None


def test_she_adds_her_own_step(mother_client, mother, plan):
    url = reverse("portal:add_action", args=[plan["goal"].pk])
    assert mother_client.get(url).status_code == 200
    assert mother_client.post(url, {"description": ""}).status_code == 400
    response = mother_client.post(url, {"description": "Opvang bellen", "due_date": ""})
    assert response.status_code == 302
    action = plan["goal"].actions.get(description="Opvang bellen")
    assert action.owner == ActionOwner.MOTHER and action.created_by == mother.user


def test_she_writes_a_note(mother_client, mother, coach, plan):
    url = reverse("portal:add_note", args=[plan["goal"].pk])
    assert mother_client.post(url, {"went_well": "", "difficult": ""}).status_code == 400
    response = mother_client.post(url, {"went_well": "Alle post geopend", "difficult": ""})
    assert response.status_code == 302
    note = GoalNote.objects.get()
    assert note.written_by == mother.user and note.goal == plan["goal"]
    mother_client.force_login(coach)
    timeline = reverse("cases:part", args=[mother.pk, "contacten"])
    assert "Alle post geopend" in mother_client.get(timeline).content.decode()


def test_no_step_on_a_closed_goal(mother_client, plan):
    goal = plan["goal"]
    goal.status = "achieved"
    goal.save()
    assert mother_client.get(reverse("portal:add_action", args=[goal.pk])).status_code == 403


def test_plan_is_in_the_menu(mother_client):
    assert reverse("portal:plan") in mother_client.get(reverse("portal:home")).content.decode()
