import datetime

import pytest
from django.core.exceptions import ValidationError

from droomplan.audit.models import AccessLogEntry
from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.escalations import services
from droomplan.escalations.models import BarrierKind, Decision, Escalation, EscalationStatus
from droomplan.escalations.tests.factories import EscalationFactory
from droomplan.plans.models import Action, ActionOwner
from droomplan.plans.tests.factories import ActionFactory, GoalFactory

pytestmark = pytest.mark.django_db

TEXTS = {"barrier": "Beslag blijft", "tried": "Gebeld", "asked": "Fonds betaalt"}


def open_(coach, mother, goal, **kwargs):
    data = {"kind": BarrierKind.DEBT_ARRANGEMENT, **TEXTS, **kwargs}
    return services.open_escalation(actor=coach, participant=mother, goal=goal, **data)


def test_open_sets_deadline_in_working_days_and_is_audited(coach, mother, goal):
    escalation = open_(coach, mother, goal, today=datetime.date(2025, 3, 7))  # a Friday
    assert escalation.status == EscalationStatus.OPEN
    assert escalation.opened_on == datetime.date(2025, 3, 7)
    assert escalation.deadline == datetime.date(2025, 3, 21)
    entry = AccessLogEntry.objects.get(object_type="escalation", action="create")
    assert entry.participant == mother
    assert entry.username == coach.username


def test_deadline_follows_the_programme_setting(coach, mother, goal):
    mother.programme.escalation_deadline_days = 3
    mother.programme.save()
    escalation = open_(coach, mother, goal, today=datetime.date(2025, 3, 7))
    assert escalation.deadline == datetime.date(2025, 3, 12)


def test_the_deadline_skips_the_programmes_closing_days(coach, mother, goal):
    mother.programme.escalation_deadline_days = 3
    mother.programme.closing_days = ["2025-03-10", "2025-03-11"]  # Monday and Tuesday
    mother.programme.save()
    escalation = open_(coach, mother, goal, today=datetime.date(2025, 3, 7))
    assert escalation.deadline == datetime.date(2025, 3, 14)


def test_the_days_left_skip_the_programmes_closing_days(coach, mother, goal):
    from droomplan.escalations.selectors import for_participant, mark

    escalation = open_(coach, mother, goal, today=datetime.date(2025, 3, 7))  # due 21 March
    mother.programme.closing_days = ["2025-03-11", "2025-03-12"]
    mother.programme.save()
    (escalation,) = for_participant(mother)
    mark([escalation], datetime.date(2025, 3, 10))
    assert escalation.days_left == 9 - 2


def test_action_alone_gives_its_goal(coach, mother, goal, action):
    escalation = open_(coach, mother, None, action=action)
    assert escalation.goal == goal
    assert escalation.action == action


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "nonsense"}, "kind"),
        ({"barrier": "  "}, "barrier"),
        ({"tried": ""}, "tried"),
        ({"asked": "x" * 2001}, "asked"),
    ],
)
def test_open_refuses_bad_input(coach, mother, goal, change, field):
    with pytest.raises(ValidationError) as info:
        open_(coach, mother, goal, **change)
    assert field in info.value.message_dict
    assert not Escalation.objects.exists()


def test_open_refuses_goal_or_action_of_another_family(coach, mother, goal):
    other_goal = GoalFactory(participant=ParticipantFactory())
    with pytest.raises(ValidationError) as info:
        open_(coach, mother, other_goal)
    assert "goal" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        open_(coach, mother, None, action=ActionFactory(goal=other_goal))
    assert "action" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        open_(coach, mother, None)
    assert "goal" in info.value.message_dict


def test_closed_goal_cannot_be_escalated(coach, mother, goal):
    goal.status = "achieved"
    goal.save()
    with pytest.raises(ValidationError) as info:
        open_(coach, mother, goal)
    assert "goal" in info.value.message_dict


def test_advice_moves_to_advised(lead, mother, goal):
    escalation = EscalationFactory(goal=goal)
    services.add_advice(actor=lead, escalation=escalation, advice="Doen.")
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.ADVISED
    assert escalation.advice_by == lead
    with pytest.raises(ValidationError):
        services.add_advice(actor=lead, escalation=escalation, advice=" ")


def test_decision_becomes_partner_actions_in_the_plan(
    board, mother, goal, credit_bank, credit_bank_partner, today
):
    escalation = EscalationFactory(goal=goal, status=EscalationStatus.ADVISED)
    due = today + datetime.timedelta(days=14)
    decision = services.decide(
        actor=board,
        escalation=escalation,
        text="Het fonds neemt de vordering over.",
        organisation=credit_bank,
        carried_out_by=credit_bank_partner,
        due_date=due,
        actions="Vordering overnemen\n\n  Schuldregeling   starten  \n",
    )
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.DECIDED
    assert decision.decided_by == board
    actions = list(Action.objects.filter(goal=goal).order_by("pk"))
    assert [a.description for a in actions] == ["Vordering overnemen", "Schuldregeling starten"]
    assert {(a.owner, a.organisation_id, a.due_date) for a in actions} == {
        (ActionOwner.PARTNER, credit_bank.pk, due)
    }
    assert set(decision.actions.all()) == set(actions)
    log = AccessLogEntry.objects.filter(participant=mother, username=board.username)
    assert log.filter(object_type="action", action="create").count() == 2
    assert log.filter(object_type="decision", action="create").exists()


def test_decision_without_lines_becomes_one_action(board, goal, credit_bank, today):
    escalation = EscalationFactory(goal=goal)
    services.decide(
        actor=board,
        escalation=escalation,
        text="Lang besluit " * 40,
        organisation=credit_bank,
        due_date=today,
    )
    action = Action.objects.get(goal=goal)
    assert action.description.startswith(
        "Besluit van het bestuur"
    ) or action.description.startswith("Board decision")
    assert len(action.description) <= 300


def test_a_decision_is_taken_once(board, goal, credit_bank, today):
    escalation = EscalationFactory(goal=goal)
    kwargs = {"text": "Ja", "organisation": credit_bank, "due_date": today}
    services.decide(actor=board, escalation=escalation, **kwargs)
    with pytest.raises(ValidationError):
        services.decide(actor=board, escalation=escalation, **kwargs)
    assert Decision.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"text": ""}, "text"),
        ({"organisation": None}, "organisation"),
        ({"due_date": None}, "due_date"),
        ({"due_date": datetime.date(2000, 1, 1)}, "due_date"),
        ({"actions": "\n".join(f"actie {i}" for i in range(11))}, "actions"),
        ({"actions": "x" * 301}, "actions"),
    ],
)
def test_decision_refuses_bad_input(board, goal, credit_bank, today, change, field):
    escalation = EscalationFactory(goal=goal)
    kwargs = {"text": "Ja", "organisation": credit_bank, "due_date": today, **change}
    with pytest.raises(ValidationError) as info:
        services.decide(actor=board, escalation=escalation, **kwargs)
    assert field in info.value.message_dict
    assert not Decision.objects.exists()
    assert not Action.objects.filter(goal=goal).exists()


def test_contact_person_must_work_for_the_organisation(board, goal, credit_bank, coach, today):
    escalation = EscalationFactory(goal=goal)
    with pytest.raises(ValidationError) as info:
        services.decide(
            actor=board,
            escalation=escalation,
            text="Ja",
            organisation=credit_bank,
            carried_out_by=coach,
            due_date=today,
        )
    assert "carried_out_by" in info.value.message_dict


def test_withdraw(coach, goal):
    escalation = EscalationFactory(goal=goal)
    with pytest.raises(ValidationError):
        services.withdraw(actor=coach, escalation=escalation, reason="")
    services.withdraw(actor=coach, escalation=escalation, reason="Opgelost")
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        services.withdraw(actor=coach, escalation=escalation, reason="Nog eens")
