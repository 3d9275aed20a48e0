import datetime

import pytest
from django.urls import reverse

from droomplan.audit.models import AccessLogEntry
from droomplan.cases.tests.factories import CoachFactory, ParticipantFactory
from droomplan.plans.models import Action, Dream, Goal, GoalStatusChange
from droomplan.plans.tests.factories import ActionFactory, DreamFactory, GoalFactory
from droomplan.plans.views import case_url

pytestmark = pytest.mark.django_db


def url(name, participant, *args):
    return reverse(f"plans:{name}", args=[participant.pk, *args])


def snapshot():
    return (
        list(Dream.objects.values()),
        list(Goal.objects.values()),
        list(GoalStatusChange.objects.values()),
        list(Action.objects.values()),
    )


# --- Happy paths --------------------------------------------------------------------------


@pytest.fixture(params=["coach", "programme_lead"])
def editor_client(request, client, coach, programme_lead):
    client.force_login(coach if request.param == "coach" else programme_lead)
    return client


def test_add_and_edit_dream(editor_client, participant):
    assert editor_client.get(url("dream_create", participant)).status_code == 200
    response = editor_client.post(url("dream_create", participant), {"text": "Een eigen huis"})
    dream = Dream.objects.get()
    assert response.status_code == 302
    assert response.url == case_url(participant, f"dream-{dream.pk}")
    # the plan's own page, not the overview (issue 19: no anchor inside a folded part)
    assert response.url.startswith(reverse("cases:part", args=[participant.pk, "plan"]) + "#")
    response = editor_client.post(
        url("dream_edit", participant, dream.pk), {"text": "Een eigen huis met tuin"}
    )
    assert response.status_code == 302
    dream.refresh_from_db()
    assert dream.text == "Een eigen huis met tuin"


def test_add_goal_for_dream_and_for_child(editor_client, participant, dream, child, today):
    page = editor_client.get(url("goal_create", participant) + f"?kind={child.pk}")
    assert page.status_code == 200
    assert f'value="child:{child.pk}" selected' in page.content.decode()
    data = {"title": "Schulden op een rij", "domain": "finances", "target_date": today}
    response = editor_client.post(
        url("goal_create", participant), {**data, "belongs_to": f"dream:{dream.pk}"}
    )
    assert response.status_code == 302
    response = editor_client.post(
        url("goal_create", participant),
        {**data, "title": "Peuteropvang", "domain": "children", "belongs_to": f"child:{child.pk}"},
    )
    assert response.status_code == 302
    assert Goal.objects.get(title="Schulden op een rij").dream == dream
    assert Goal.objects.get(title="Peuteropvang").child == child


def test_edit_goal(editor_client, participant, goal, today):
    page = editor_client.get(url("goal_edit", participant, goal.pk))
    assert goal.title in page.content.decode()
    response = editor_client.post(
        url("goal_edit", participant, goal.pk),
        {
            "belongs_to": f"dream:{goal.dream_id}",
            "title": "Anders",
            "domain": "education",
            "target_date": today,
        },
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.title, goal.domain) == ("Anders", "education")


def test_change_goal_status(editor_client, participant, goal):
    assert editor_client.get(url("goal_status", participant, goal.pk)).status_code == 200
    response = editor_client.post(
        url("goal_status", participant, goal.pk),
        {"to_status": "stopped", "reason": "Ze wil nu eerst werk zoeken."},
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.status == "stopped"
    assert goal.status_changes.last().reason == "Ze wil nu eerst werk zoeken."


def test_add_and_edit_action(editor_client, participant, goal, partner_org, today):
    response = editor_client.post(
        url("action_create", participant, goal.pk),
        {
            "description": "Budgetplan maken",
            "owner": "partner",
            "organisation": partner_org.pk,
            "due_date": today,
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.organisation == partner_org
    response = editor_client.post(
        url("action_edit", participant, action.pk),
        {"description": "Budgetplan maken", "owner": "coach", "organisation": "", "due_date": ""},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.owner, action.organisation, action.due_date) == ("coach", None, None)


def test_mark_done_and_undo_with_normal_post(coach_client, participant, action, today):
    response = coach_client.post(url("action_done", participant, action.pk), {"done": "1"})
    assert response.status_code == 302
    assert response.url == case_url(participant, f"action-{action.pk}")
    action.refresh_from_db()
    assert action.done_on == today
    coach_client.post(url("action_done", participant, action.pk), {"done": "0"})
    action.refresh_from_db()
    assert action.done_on is None


def test_mark_done_with_htmx_returns_the_action(coach_client, participant, action):
    response = coach_client.post(
        url("action_done", participant, action.pk), {"done": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="action-{action.pk}"' in html
    assert "Toch niet klaar" in html  # the undo button
    assert "<html" not in html


def test_mark_done_needs_post(coach_client, participant, action):
    assert coach_client.get(url("action_done", participant, action.pk)).status_code == 405


# --- Who may ------------------------------------------------------------------------------


def all_urls(participant, dream, goal, action):
    return [
        url("dream_create", participant),
        url("dream_edit", participant, dream.pk),
        url("goal_create", participant),
        url("goal_edit", participant, goal.pk),
        url("goal_status", participant, goal.pk),
        url("action_create", participant, goal.pk),
        url("action_edit", participant, action.pk),
        url("print", participant),
    ]


def test_coach_of_another_family_gets_404_and_is_logged(client, participant, dream, goal, action):
    client.force_login(CoachFactory())
    before = snapshot()
    for address in all_urls(participant, dream, goal, action):
        assert client.get(address).status_code == 404, address
        assert client.post(address, {"text": "x"}).status_code in {404, 405}, address
    assert client.post(url("action_done", participant, action.pk)).status_code == 404
    assert snapshot() == before
    denied = AccessLogEntry.objects.filter(participant=participant, outcome="denied")
    assert denied.count() >= len(all_urls(participant, dream, goal, action))


def test_anonymous_is_sent_to_login(client, participant, dream, goal, action):
    for address in all_urls(participant, dream, goal, action):
        response = client.get(address)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_objects_of_another_family_give_404(coach_client, participant):
    other = ParticipantFactory()
    other_goal = GoalFactory(participant=other)
    other_action = ActionFactory(goal=other_goal)
    other_dream = DreamFactory(participant=other)
    before = snapshot()
    for address in [
        url("dream_edit", participant, other_dream.pk),
        url("goal_edit", participant, other_goal.pk),
        url("goal_status", participant, other_goal.pk),
        url("action_create", participant, other_goal.pk),
        url("action_edit", participant, other_action.pk),
    ]:
        assert coach_client.get(address).status_code == 404
        assert coach_client.post(address, {"text": "x", "to_status": "stopped"}).status_code == 404
    assert coach_client.post(url("action_done", participant, other_action.pk)).status_code == 404
    assert coach_client.get(url("goal_edit", participant, 999999)).status_code == 404
    assert snapshot() == before


# --- Bad input: the form comes back in Dutch, with what was typed; nothing is saved ---------


def assert_refused(response, *messages, kept=()):
    assert response.status_code == 200
    html = response.content.decode()
    assert "Er is nog niets opgeslagen" in html
    for message in messages:
        assert message in html, message
    for value in kept:
        assert value in html, value


def test_dream_bad_input(coach_client, participant):
    before = snapshot()
    assert_refused(coach_client.post(url("dream_create", participant), {"text": "  "}))
    assert_refused(
        coach_client.post(url("dream_create", participant), {"text": "Huis " * 500}),
        "niet meer dan 2000 tekens",
        kept=["Huis Huis"],
    )
    assert snapshot() == before


def test_goal_bad_input(coach_client, participant, dream, today):
    before = snapshot()
    good = {
        "belongs_to": f"dream:{dream.pk}",
        "title": "Rijbewijs halen",
        "domain": "employment",
        "target_date": today.isoformat(),
    }
    far = (today + datetime.timedelta(days=365 * 11)).isoformat()
    assert_refused(
        coach_client.post(url("goal_create", participant), {**good, "target_date": far}),
        "binnen 10 jaar",
        kept=["Rijbewijs halen", far],
    )
    long_ago = "1990-01-01"
    assert_refused(
        coach_client.post(url("goal_create", participant), {**good, "target_date": long_ago}),
        "binnen 10 jaar",
    )
    assert_refused(
        coach_client.post(url("goal_create", participant), {**good, "target_date": "morgen"}),
        "geldige datum",
    )
    assert_refused(
        coach_client.post(url("goal_create", participant), {**good, "title": "x" * 301}),
        "niet meer dan 300 tekens",
    )
    assert_refused(
        coach_client.post(url("goal_create", participant), {**good, "belongs_to": "dream:999"}),
        "geldige keuze",
    )
    assert_refused(
        coach_client.post(url("goal_create", participant), {**good, "domain": "holiday"}),
        "geldige keuze",
    )
    assert snapshot() == before


def test_goal_status_bad_input(coach_client, participant, goal):
    before = snapshot()
    assert_refused(
        coach_client.post(url("goal_status", participant, goal.pk), {"to_status": "stopped"}),
        "Schrijf op waarom het doel stopt",
    )
    assert_refused(
        coach_client.post(
            url("goal_status", participant, goal.pk), {"to_status": "adjusted", "reason": ""}
        ),
        "Schrijf op waarom het doel is aangepast",
    )
    assert_refused(
        coach_client.post(url("goal_status", participant, goal.pk), {"to_status": "open"}),
        "heeft deze status al",
    )
    assert_refused(
        coach_client.post(
            url("goal_status", participant, goal.pk), {"to_status": "stopped", "reason": "y" * 501}
        ),
        "niet meer dan 500 tekens",
    )
    assert snapshot() == before


def test_action_bad_input(coach_client, participant, goal, partner_org, today):
    before = snapshot()
    address = url("action_create", participant, goal.pk)
    good = {"description": "Afspraak maken", "owner": "mother", "due_date": today.isoformat()}
    assert_refused(
        coach_client.post(address, {**good, "owner": "partner"}),
        "Kies de partnerorganisatie",
        kept=["Afspraak maken"],
    )
    assert_refused(
        coach_client.post(address, {**good, "organisation": partner_org.pk}),
        "Kies alleen een organisatie",
    )
    assert_refused(coach_client.post(address, {**good, "due_date": "2099-01-01"}), "10 jaar")
    assert_refused(coach_client.post(address, {**good, "description": ""}), "verplicht")
    assert_refused(coach_client.post(address, {**good, "owner": "neighbour"}), "geldige keuze")
    assert_refused(coach_client.post(address, {**good, "organisation": "abc"}), "geldige keuze")
    assert snapshot() == before


def test_garbage_ids_in_query_string_are_ignored(coach_client, participant):
    response = coach_client.get(url("goal_create", participant) + "?droom=abc&kind=-1")
    assert response.status_code == 200


def test_an_open_goal_can_be_escalated_from_the_plan(editor_client, participant, goal):
    escalate = reverse("escalations_case:create", args=[participant.pk]) + f"?goal={goal.pk}"
    body = editor_client.get(reverse("cases:part", args=[participant.pk, "plan"])).content.decode()
    assert escalate in body
    goal.status = "achieved"
    goal.save()
    body = editor_client.get(reverse("cases:part", args=[participant.pk, "plan"])).content.decode()
    assert escalate not in body
    assert editor_client.get(escalate).status_code == 200
