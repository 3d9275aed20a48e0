"""The one rule for open and overdue actions (plans.models: `open_action_q`,
`overdue_action_q`, `Action.objects.open()/.overdue(today)`, `is_open`, `is_overdue_on`):
open = not done; overdue = open with a due date before today."""

import datetime

import pytest

from droomplan.cases.selectors import caseload
from droomplan.cases.tests.factories import CoachFactory, ParticipantFactory
from droomplan.plans.models import Action
from droomplan.plans.tests.factories import ActionFactory, GoalFactory

D = datetime.date
TODAY = D(2025, 6, 10)


@pytest.fixture
def actions(db):
    goal = GoalFactory()
    return {
        "done_late": ActionFactory(goal=goal, due_date=D(2025, 6, 1), done_on=D(2025, 6, 5)),
        "done_early": ActionFactory(goal=goal, due_date=D(2025, 7, 1), done_on=D(2025, 6, 5)),
        "yesterday": ActionFactory(goal=goal, due_date=TODAY - datetime.timedelta(days=1)),
        "today": ActionFactory(goal=goal, due_date=TODAY),
        "tomorrow": ActionFactory(goal=goal, due_date=TODAY + datetime.timedelta(days=1)),
        "no_date": ActionFactory(goal=goal, due_date=None),
    }


def _names(actions, qs) -> set[str]:
    ids = set(qs.values_list("pk", flat=True))
    return {name for name, action in actions.items() if action.pk in ids}


def test_open_means_not_done(actions):
    expected = {"yesterday", "today", "tomorrow", "no_date"}
    assert _names(actions, Action.objects.open()) == expected
    assert {n for n, a in actions.items() if a.is_open} == expected


def test_overdue_means_open_and_due_before_today(actions):
    """Due today is not overdue yet; without a due date never; done late is not overdue."""
    assert _names(actions, Action.objects.overdue(TODAY)) == {"yesterday"}
    assert {n for n, a in actions.items() if a.is_overdue_on(TODAY)} == {"yesterday"}


def test_undoing_done_makes_it_overdue_again(actions):
    action = actions["done_late"]
    action.done_on = None
    action.save()
    assert action.is_overdue_on(TODAY)
    assert Action.objects.overdue(TODAY).filter(pk=action.pk).exists()


def test_the_caseload_counts_with_the_same_rule(actions):
    """The caseload's counts and its "only with overdue actions" filter use the same rule."""
    coach = CoachFactory()
    participant = actions["today"].goal.participant
    participant.coach_assignments.create(coach=coach, started_on=D(2025, 1, 1))
    ParticipantFactory(coach=coach)  # a family without actions
    family = caseload(coach, today=TODAY).get(pk=participant.pk)
    assert (family.open_action_count, family.overdue_action_count) == (4, 1)
    assert list(caseload(coach, overdue=True, today=TODAY)) == [participant]
    assert list(caseload(coach, overdue=True, today=TODAY - datetime.timedelta(days=1))) == []
