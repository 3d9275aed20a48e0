import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from droomplan.audit.models import AccessLogEntry
from droomplan.cases.tests.factories import ChildFactory, CoachFactory
from droomplan.plans.selectors import plan_for
from droomplan.plans.tests.factories import ActionFactory, DreamFactory, GoalFactory

pytestmark = pytest.mark.django_db


def fill(participant, n, organisation, today):
    for i in range(n):
        dream = DreamFactory(participant=participant, text=f"Droom {i}")
        child = ChildFactory(participant=participant)
        goal = GoalFactory(participant=participant, dream=dream, title=f"Doel {i}")
        child_goal = GoalFactory(participant=participant, dream=None, child=child)
        ActionFactory(goal=goal, owner="partner", organisation=organisation)
        ActionFactory(goal=child_goal, due_date=today - datetime.timedelta(days=3))


def test_plan_queries_do_not_grow(
    participant, coach, partner_org, today, django_assert_num_queries
):
    for families in (2, 8):
        fill(participant, families, partner_org, today)
        user = type(coach).objects.get(pk=coach.pk)  # as in a request: roles not yet cached
        with django_assert_num_queries(6):
            plan = plan_for(participant, user)
            render_to_string("plans/case_plan.html", {"plan": plan, "participant": participant})


def test_plan_groups_goals(participant, coach, dream, child, partner_org, today):
    dream_goal = GoalFactory(participant=participant, dream=dream)
    child_goal = GoalFactory(participant=participant, dream=None, child=child)
    orphan = GoalFactory(participant=participant, dream=None)
    overdue = ActionFactory(goal=child_goal, due_date=today - datetime.timedelta(days=1))
    ActionFactory(goal=dream_goal, owner="partner", organisation=partner_org, due_date=None)
    ActionFactory(goal=dream_goal, done_on=today, due_date=today - datetime.timedelta(days=9))
    plan = plan_for(participant, coach)
    assert plan["dreams"] == [dream] and plan["dreams"][0].plan_goals == [dream_goal]
    assert plan["children"] == [child] and plan["children"][0].plan_goals == [child_goal]
    assert plan["other_goals"] == [orphan]
    assert plan["open_action_count"] == 2
    assert plan["overdue_action_count"] == 1
    shown = plan["children"][0].plan_goals[0].plan_actions[0]
    assert shown == overdue and shown.is_overdue
    assert plan["organisations"] == [partner_org]
    assert plan["can_edit"] is True


def test_case_plan_template(participant, coach, dream, child, partner_org, today):
    goal = GoalFactory(participant=participant, dream=dream, title="Diploma mbo-2")
    GoalFactory(participant=participant, dream=None, child=child, title="Zwemles")
    ActionFactory(goal=goal, description="Inschrijven", due_date=today - datetime.timedelta(1))
    ActionFactory(goal=goal, description="Budget", owner="partner", organisation=partner_org)
    html = render_to_string(
        "plans/case_plan.html", {"plan": plan_for(participant, coach), "participant": participant}
    )
    assert dream.text in html
    assert "Voor de kinderen" in html and "Voor Mila" in html and "Zwemles" in html
    assert "Te laat" in html  # overdue is said in words, not colour only
    assert "Kredietbank Limburg" in html
    assert reverse("plans:goal_edit", args=[participant.pk, goal.pk]) in html
    assert "Afvinken" in html


def test_case_plan_without_edit_rights_has_no_edit_links(participant, dream):
    reader = CoachFactory()  # not her coach: may not edit (the case page would not show)
    plan = plan_for(participant, reader)
    assert plan["can_edit"] is False
    html = render_to_string("plans/case_plan.html", {"plan": plan, "participant": participant})
    assert "bewerken" not in html and "Droom toevoegen" not in html
    assert dream.text in html


def test_print_page(coach_client, participant, dream, child, goal, action):
    response = coach_client.get(reverse("plans:print", args=[participant.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    # The print button works through core/static/droomplan/ui.js (no inline script: CSP).
    assert "Afdrukken" in html and "data-dp-print" in html
    assert html.index(dream.text) < html.index("Voor de kinderen")
    assert goal.title in html and action.description in html
    assert "print.css" in html
    entry = AccessLogEntry.objects.get(participant=participant, action="print")
    assert entry.object_type == "plan" and entry.outcome == "allowed"


def test_print_page_for_programme_lead(client, programme_lead, participant):
    client.force_login(programme_lead)
    response = client.get(reverse("plans:print", args=[participant.pk]))
    assert response.status_code == 200
    assert "nog geen dromen opgeschreven" in response.content.decode()


def test_case_page_shows_the_plan(coach_client, participant, dream, goal, action):
    overview = coach_client.get(reverse("cases:detail", args=[participant.pk])).content.decode()
    assert goal.title in overview and action.description not in overview  # open goals only
    response = coach_client.get(reverse("cases:part", args=[participant.pk, "plan"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert dream.text in html and goal.title in html and action.description in html
    assert reverse("plans:action_done", args=[participant.pk, action.pk]) in html
    assert html.count('id="plan"') == 1


def test_goals_finished_in_an_earlier_year_are_folded(participant, coach, dream, today):
    """Issue 19: a goal achieved in an earlier year no longer fills the case page; it sits
    in a <details> under its dream (no JavaScript needed). Open and this year's stay shown."""
    from django.utils import timezone

    from droomplan.plans.models import Goal

    last_year = today.replace(year=today.year - 1)
    old = GoalFactory(
        participant=participant, dream=dream, title="Rijbewijs", status="achieved", target_date=None
    )
    older = GoalFactory(
        participant=participant,
        dream=dream,
        title="Zwemmen",
        status="stopped",
        target_date=last_year,
    )
    recent = GoalFactory(
        participant=participant, dream=dream, title="Werk", status="achieved", target_date=None
    )
    current = GoalFactory(
        participant=participant, dream=dream, title="Diploma", target_date=last_year
    )
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Goal.objects.filter(pk=old.pk).update(updated_at=long_ago)
    plan = plan_for(participant, coach)
    (shown_dream,) = plan["dreams"]
    assert {g.pk for g in shown_dream.plan_goals} == {recent.pk, current.pk}
    assert {g.pk for g in shown_dream.earlier_goals} == {old.pk, older.pk}
    html = render_to_string("plans/case_plan.html", {"plan": plan, "participant": participant})
    folded = html.split('<details class="dp-details dp-earlier-goals">')[1].split("</details>")[0]
    assert "Rijbewijs" in folded and "Diploma" not in folded
    assert "2 doelen afgerond in eerdere jaren" in folded
