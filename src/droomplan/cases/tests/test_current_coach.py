"""The one rule for "her current coach" (cases.models: `current_assignment_q`,
`CoachAssignment.objects.current()`, `Participant.objects.coached_by(user)`, `is_current`)."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from droomplan.cases.models import CoachAssignment, Participant
from droomplan.cases.tests.factories import CoachFactory, ParticipantFactory

D = datetime.date


def _hand_over(participant, new_coach, on: datetime.date) -> CoachAssignment:
    participant.coach_assignments.current().update(ended_on=on)
    return CoachAssignment.objects.create(participant=participant, coach=new_coach, started_on=on)


@pytest.mark.django_db
def test_a_family_without_assignment_has_no_current_coach():
    mother = ParticipantFactory()
    assert not mother.coach_assignments.current().exists()
    assert not Participant.objects.coached_by(CoachFactory()).exists()


@pytest.mark.django_db
def test_after_a_handover_only_the_new_coach_is_current():
    old, new = CoachFactory(), CoachFactory()
    mother = ParticipantFactory(coach=old)
    first = mother.coach_assignments.get()
    second = _hand_over(mother, new, D(2025, 6, 1))
    first.refresh_from_db()
    assert list(mother.coach_assignments.current()) == [second]
    assert (first.is_current, second.is_current) == (False, True)
    assert list(Participant.objects.coached_by(new)) == [mother]
    assert not Participant.objects.coached_by(old).exists()


@pytest.mark.django_db
def test_an_assignment_ending_in_the_future_is_no_longer_current():
    """An end date, even one still to come, ends the assignment: "current" is the one
    without an end date (a handover is recorded on the day it happens)."""
    coach = CoachFactory()
    mother = ParticipantFactory(coach=coach)
    mother.coach_assignments.update(ended_on=datetime.date.today() + datetime.timedelta(days=7))
    assert not mother.coach_assignments.current().exists()
    assert not Participant.objects.coached_by(coach).exists()


@pytest.mark.django_db
def test_coached_by_lists_each_family_once_and_only_her_own():
    coach, other = CoachFactory(), CoachFactory()
    mine = [ParticipantFactory(coach=coach) for _ in range(2)]
    handed_over = ParticipantFactory(coach=coach)
    _hand_over(handed_over, other, D(2025, 6, 1))
    ParticipantFactory(coach=other)
    assert sorted(Participant.objects.coached_by(coach), key=lambda p: p.pk) == mine
    assert Participant.objects.coached_by(other).count() == 2


@pytest.mark.django_db
def test_the_python_and_the_database_rule_agree():
    coach = CoachFactory()
    mother = ParticipantFactory(coach=coach)
    _hand_over(mother, CoachFactory(), D(2025, 6, 1))
    current_ids = set(CoachAssignment.objects.current().values_list("pk", flat=True))
    for assignment in CoachAssignment.objects.all():
        assert assignment.is_current is (assignment.pk in current_ids)


@pytest.mark.django_db
def test_the_database_refuses_two_current_coaches():
    mother = ParticipantFactory(coach=CoachFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        CoachAssignment.objects.create(
            participant=mother, coach=CoachFactory(), started_on=D(2025, 6, 1)
        )


@pytest.mark.django_db
def test_her_current_coach_and_assignment():
    old, new = CoachFactory(), CoachFactory()
    mother = ParticipantFactory(coach=old)
    assert mother.current_coach() == old
    second = _hand_over(mother, new, D(2025, 6, 1))
    assert mother.current_assignment() == second
    assert mother.current_coach() == new
    assert ParticipantFactory().current_coach() is None
    assert ParticipantFactory().current_assignment() is None
