"""Shared set-up for the tests of the mother's privacy rights."""

import datetime

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.cases.models import Contact, EndReason, Status, StatusChange
from droomplan.cases.tests.factories import ChildFactory, ContactFactory, ParticipantFactory
from droomplan.plans.models import GoalStatusChange
from droomplan.plans.tests.factories import ActionFactory, DreamFactory, GoalFactory

SECRET_WORDS = [
    "Zeldzamenaam",
    "Achternaamvan",
    "0612345678",
    "zelda@example.org",
    "Kerkstraat 12",
    "Kindnaampje",
    "Kinderopvang De Zon",
    "Basisschool Het Anker",
    "Huisbezoek-geheim",
    "Overdracht-geheim",
    "Droom-geheim",
    "Doel-geheim",
    "Actie-geheim",
    "Reden-geheim",
]


def full_case(*, coach=None, ended_on: datetime.date | None = None, **kwargs):
    """A mother with something in every part of the case file and the plan, full of words
    that must not survive anonymisation or reach the research export."""
    coach = coach or UserFactory(role=Role.COACH, role__organisation=OrganisationFactory())
    mother = ParticipantFactory(
        coach=coach,
        active=True,
        given_name="Zeldzamenaam",
        family_name="Achternaamvan",
        phone="0612345678",
        email="zelda@example.org",
        address="Kerkstraat 12",
        birth_date=datetime.date(2001, 5, 17),
        **kwargs,
    )
    ChildFactory(
        participant=mother,
        given_name="Kindnaampje",
        birth_date=datetime.date(2022, 3, 3),
        childcare="Kinderopvang De Zon",
        school="Basisschool Het Anker",
    )
    ContactFactory(participant=mother, author=coach, note="Huisbezoek-geheim", duration_minutes=45)
    assignment = mother.coach_assignments.get()
    assignment.handover_note = "Overdracht-geheim"
    assignment.save()
    dream = DreamFactory(participant=mother, text="Droom-geheim")
    goal = GoalFactory(participant=mother, dream=dream, title="Doel-geheim")
    GoalStatusChange.objects.create(goal=goal, to_status="open", reason="Reden-geheim")
    ActionFactory(goal=goal, description="Actie-geheim", done_on=datetime.date(2025, 5, 1))
    if ended_on:
        mother.status = Status.ENDED
        mother.end_date = ended_on
        mother.end_reason = EndReason.COMPLETED
        mother.save()
        StatusChange.objects.create(
            participant=mother,
            from_status=Status.ACTIVE,
            to_status=Status.ENDED,
            date=ended_on,
            reason="Reden-geheim",
        )
    assert Contact.objects.filter(participant=mother).exists()
    return mother
