import datetime

import pytest
from django.urls import reverse

from droomplan.accounts.models import Role
from droomplan.audit.models import AccessLogEntry, Outcome
from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.escalations.models import Escalation, EscalationStatus
from droomplan.escalations.tests.conftest import add_role
from droomplan.escalations.tests.factories import EscalationFactory
from droomplan.plans.models import Action, ActionOwner
from droomplan.plans.tests.factories import GoalFactory

pytestmark = pytest.mark.django_db

ALL = [
    "coach",
    "other_coach",
    "programme_lead",
    "board",
    "partner",
    "municipal_contact",
    "analyst",
    "admin",
    "participant",
]


def denied_count():
    return AccessLogEntry.objects.filter(outcome=Outcome.DENIED).count()


# --- The whole journey -----------------------------------------------------------------------


def test_coach_escalates_board_decides_decision_lands_in_plan(
    client, coach, lead, board, mother, goal, credit_bank, credit_bank_partner, today
):
    # The coach opens it from the case page; ?goal= preselects the stuck goal.
    client.force_login(coach)
    case = client.get(reverse("cases:part", args=[mother.pk, "escalations"])).content.decode()
    create_url = reverse("escalations_case:create", args=[mother.pk])
    assert create_url in case
    form = client.get(f"{create_url}?goal={goal.pk}").content.decode()
    assert f'<option value="{goal.pk}" selected>' in form
    response = client.post(
        create_url,
        {
            "goal": goal.pk,
            "action": "",
            "kind": "debt_arrangement",
            "barrier": "De zorgverzekeraar stemt niet in.",
            "tried": "Twee keer overleg met de Kredietbank.",
            "asked": "Mag het fonds de vordering overnemen?",
        },
    )
    escalation = Escalation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("escalations:detail", args=[escalation.pk])

    # The programme lead adds advice.
    client.force_login(lead)
    response = client.post(
        reverse("escalations:advise", args=[escalation.pk]), {"advice": "Positief advies."}
    )
    assert response.status_code == 302

    # The board sees it in its queue and decides in the browser.
    client.force_login(board)
    queue = client.get(reverse("escalations:queue")).content.decode()
    assert reverse("escalations:detail", args=[escalation.pk]) in queue
    due = today + datetime.timedelta(days=10)
    response = client.post(
        reverse("escalations:decide", args=[escalation.pk]),
        {
            "text": "Het fonds neemt de vordering over.",
            "organisation": credit_bank.pk,
            "carried_out_by": credit_bank_partner.pk,
            "due_date": due.isoformat(),
            "actions": "Vordering overnemen\nRegeling starten",
        },
    )
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.DECIDED
    actions = Action.objects.filter(goal=goal, owner=ActionOwner.PARTNER)
    assert sorted(actions.values_list("description", flat=True)) == [
        "Regeling starten",
        "Vordering overnemen",
    ]
    assert set(actions.values_list("organisation", flat=True)) == {credit_bank.pk}

    # The coach sees the actions in the plan on the case page.
    client.force_login(coach)
    case = client.get(reverse("cases:part", args=[mother.pk, "plan"])).content.decode()
    assert "Vordering overnemen" in case
    case = client.get(reverse("cases:part", args=[mother.pk, "escalations"])).content.decode()
    assert "Het fonds neemt de vordering over." in case


def test_board_sees_only_the_summary(client, board, mother, goal):
    escalation = EscalationFactory(goal=goal)
    client.force_login(board)
    for url in (
        reverse("escalations:queue"),
        reverse("escalations:detail", args=[escalation.pk]),
        reverse("escalations:decide", args=[escalation.pk]),
        reverse("core:home"),
    ):
        body = client.get(url).content.decode()
        assert mother.ref in body
        for secret in (
            mother.phone,
            mother.address,
            mother.email,
            mother.given_name,
            mother.family_name,
            "Notitie-die-geheim-blijft",
        ):
            assert secret not in body, (url, secret)
        assert reverse("cases:detail", args=[mother.pk]) not in body
    detail = client.get(reverse("escalations:detail", args=[escalation.pk])).content.decode()
    assert escalation.barrier in detail and goal.title in detail
    # The case file itself stays closed to the board.
    assert client.get(reverse("cases:detail", args=[mother.pk])).status_code == 404
    # Every view was logged, linked to the mother.
    views = AccessLogEntry.objects.filter(
        username=board.username, participant=mother, object_type="escalation"
    )
    assert views.filter(action="view").count() >= 2
    assert views.filter(action="list").exists()


def test_board_member_who_is_also_lead_sees_the_case_link(client, board, mother, goal):
    escalation = EscalationFactory(goal=goal)
    add_role(board, Role.PROGRAMME_LEAD)
    client.force_login(board)
    body = client.get(reverse("escalations:detail", args=[escalation.pk])).content.decode()
    assert mother.full_name in body
    assert reverse("cases:detail", args=[mother.pk]) in body


def test_queue_marks_overdue_with_text_and_puts_it_first(client, board, goal, today):
    late = EscalationFactory(
        goal=goal,
        opened_on=today - datetime.timedelta(days=30),
        deadline=today - datetime.timedelta(days=2),
    )
    soon = EscalationFactory(
        goal=goal, opened_on=today, deadline=today + datetime.timedelta(days=1)
    )
    decided = EscalationFactory(
        goal=goal, status=EscalationStatus.DECIDED, deadline=today - datetime.timedelta(days=9)
    )
    client.force_login(board)
    body = client.get(reverse("escalations:queue")).content.decode()
    waiting = body.split('id="closed-title"')[0]
    assert waiting.index(f"/escalaties/{late.pk}/") < waiting.index(f"/escalaties/{soon.pk}/")
    assert "dp-badge-overdue" in waiting
    assert waiting.count("dp-badge-overdue") == 1
    assert f"/escalaties/{decided.pk}/" not in waiting
    home = client.get(reverse("core:home")).content.decode()
    assert home.index(f"/escalaties/{late.pk}/") < home.index(f"/escalaties/{soon.pk}/")


def test_bad_decision_input_keeps_what_was_typed(client, board, goal, credit_bank):
    escalation = EscalationFactory(goal=goal)
    client.force_login(board)
    response = client.post(
        reverse("escalations:decide", args=[escalation.pk]),
        {
            "text": "Mijn besluit blijft staan",
            "organisation": credit_bank.pk,
            "due_date": "31-02-2025",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mijn besluit blijft staan" in body
    assert 'aria-invalid="true"' in body
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.OPEN


def test_coach_form_refuses_goal_of_another_family(client, coach, mother, goal):
    other = GoalFactory(participant=ParticipantFactory())
    client.force_login(coach)
    response = client.post(
        reverse("escalations_case:create", args=[mother.pk]),
        {"goal": other.pk, "kind": "other", "barrier": "b", "tried": "t", "asked": "a"},
    )
    assert response.status_code == 200
    assert not Escalation.objects.exists()


def test_coach_withdraws(client, coach, mother, goal):
    escalation = EscalationFactory(goal=goal)
    client.force_login(coach)
    url = reverse("escalations_case:withdraw", args=[mother.pk, escalation.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "Toch opgelost met de gemeente."})
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.WITHDRAWN


def test_escalation_of_another_family_in_the_case_url_is_404(client, coach, mother, goal):
    other = EscalationFactory(goal=GoalFactory(participant=ParticipantFactory()))
    client.force_login(coach)
    url = reverse("escalations_case:withdraw", args=[mother.pk, other.pk])
    assert client.get(url).status_code == 404


# --- Roles on the non-case pages -------------------------------------------------------------


@pytest.mark.parametrize("who", ALL + ["anonymous"])
def test_roles_on_board_pages(client, users, goal, who):
    escalation = EscalationFactory(goal=goal)
    pages = {
        "queue": (
            reverse("escalations:queue"),
            {"coach", "other_coach", "programme_lead", "board"},
        ),
        "figures": (reverse("escalations:figures"), {"programme_lead", "board"}),
        "detail": (
            reverse("escalations:detail", args=[escalation.pk]),
            {"coach", "programme_lead", "board"},
        ),
        "advise": (reverse("escalations:advise", args=[escalation.pk]), {"programme_lead"}),
        "decide": (reverse("escalations:decide", args=[escalation.pk]), {"board"}),
    }
    if who != "anonymous":
        client.force_login(users[who])
    for name, (url, allowed) in pages.items():
        before = denied_count()
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302 and "inloggen" in response.url, name
        elif who in allowed:
            assert response.status_code == 200, (name, who)
        else:
            assert response.status_code in (403, 404), (name, who, response.status_code)
            assert denied_count() > before, (name, who)
            assert escalation.barrier not in response.content.decode()


def test_other_coach_cannot_read_an_escalation(client, users, mother, goal):
    escalation = EscalationFactory(goal=goal)
    client.force_login(users["other_coach"])
    response = client.get(reverse("escalations:detail", args=[escalation.pk]))
    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(outcome=Outcome.DENIED, participant=mother).exists()
    queue = client.get(reverse("escalations:queue")).content.decode()
    assert f"/escalaties/{escalation.pk}/" not in queue


# --- Figures ---------------------------------------------------------------------------------


def test_figures_median_and_per_kind(client, lead, board, goal, credit_bank, today):
    from droomplan.escalations import services

    start = datetime.date(2025, 3, 3)
    for days in (2, 4, 9):
        escalation = EscalationFactory(goal=goal, opened_on=start, kind="housing")
        services.decide(
            actor=board,
            escalation=escalation,
            text="Ja",
            organisation=credit_bank,
            due_date=today,
            today=start + datetime.timedelta(days=days),
        )
    EscalationFactory(goal=goal, kind="age_rule")
    from droomplan.escalations.selectors import figures

    result = figures(lead, today=today)
    assert result.opened == 4
    assert result.decided == 3
    assert result.median_days == 4
    housing = next(r for r in result.per_kind if r.kind == "housing")
    assert (housing.opened, housing.decided, housing.median_days) == (3, 3, 4)
    client.force_login(board)
    body = client.get(reverse("escalations:figures")).content.decode()
    assert "<th" in body and 'scope="row"' in body


# --- Query counts ----------------------------------------------------------------------------


def add_escalations(n, coach):
    for _ in range(n):
        mother = ParticipantFactory(coach=coach, active=True)
        EscalationFactory(goal=GoalFactory(participant=mother))


@pytest.mark.parametrize(
    ("who", "queue_queries", "home_queries"),
    # (the queue: +2 for the access log's check of who was listed today, before and under its
    # lock; new families each round, so each round logs them; the home part then finds them
    # logged with one query and takes no lock)
    [("board", 10, 2), ("programme_lead", 11, 2), ("coach", 11, 3)],
)
def test_queue_and_home_queries_do_not_grow(
    client, rf, users, coach, who, queue_queries, home_queries, django_assert_num_queries
):
    from droomplan.escalations import home

    provider = {
        "board": home.board_queue,
        "programme_lead": home.lead_waiting,
        "coach": home.coach_open,
    }[who]
    user = users[who]
    client.force_login(user)
    request = rf.get("/")
    request.user = user
    provider(request)  # loads the user's roles once
    client.get(reverse("escalations:queue"))  # the session's first request saves it
    for escalations in (1, 6):
        add_escalations(escalations, coach)
        with django_assert_num_queries(queue_queries):
            assert client.get(reverse("escalations:queue")).status_code == 200
        request = rf.get("/")  # a new page: the home reads what its parts share once
        request.user = user
        with django_assert_num_queries(home_queries):
            provider(request)
    assert client.get(reverse("core:home")).status_code == 200


def test_case_section_shows_only_the_domains_the_user_may_see(rf, users, goal, mother):
    from droomplan.escalations.sections import escalations_section

    EscalationFactory(goal=goal)  # a finances goal
    request = rf.get("/")
    request.user = users["partner"]
    assert escalations_section(request, mother, frozenset()) == ""
    assert escalations_section(request, mother, frozenset({"well_being"})) == ""
    html = escalations_section(request, mother, frozenset({"finances"}))
    assert goal.title in html
    assert "/escalaties/" not in html  # no links to pages she cannot open


def test_unknown_escalation_is_not_linked_to_a_stranger(client, users, mother):
    client.force_login(users["board"])
    response = client.get(reverse("escalations:detail", args=[mother.pk]))  # no such escalation
    assert response.status_code == 404
    entry = AccessLogEntry.objects.get(outcome=Outcome.DENIED)
    assert entry.participant is None


def test_board_home_says_nothing_waits_only_when_nothing_waits(client, users, coach):
    client.force_login(users["board"])
    assert "Er wachten geen escalaties" in client.get(reverse("core:home")).content.decode()
    add_escalations(1, coach)
    assert "Er wachten geen escalaties" not in client.get(reverse("core:home")).content.decode()
