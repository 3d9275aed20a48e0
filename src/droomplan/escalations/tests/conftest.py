import datetime

import pytest
from django.utils import timezone

from droomplan.accounts.models import Membership, OrganisationKind, Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.cases.tests.factories import CoachFactory, ContactFactory, ParticipantFactory
from droomplan.plans.tests.factories import ActionFactory, DreamFactory, GoalFactory


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def coach(db):
    return CoachFactory(username="coach-esc", first_name="Sanne", last_name="Coenen")


@pytest.fixture
def mother(coach):
    mother = ParticipantFactory(
        coach=coach,
        active=True,
        given_name="Zeldzamenaam",
        family_name="Achternaamtest",
        phone="06-98765432",
        address="Geheimstraat 12",
        email="zeldzaam@example.nl",
    )
    ContactFactory(participant=mother, author=coach, note="Notitie-die-geheim-blijft")
    return mother


@pytest.fixture
def goal(mother, today):
    return GoalFactory(
        participant=mother,
        dream=DreamFactory(participant=mother),
        title="Een schuldregeling die loopt",
        target_date=today + datetime.timedelta(days=90),
    )


@pytest.fixture
def action(goal, today):
    return ActionFactory(goal=goal, due_date=today + datetime.timedelta(days=10))


@pytest.fixture
def credit_bank(db):
    return OrganisationFactory(
        code="kredietbank", name="Kredietbank Limburg", kind=OrganisationKind.CREDIT_BANK
    )


@pytest.fixture
def credit_bank_partner(credit_bank):
    return UserFactory(role=Role.PARTNER, role__organisation=credit_bank, first_name="Kees")


@pytest.fixture
def lead(db):
    return UserFactory(role=Role.PROGRAMME_LEAD, username="lead-esc")


@pytest.fixture
def board(db):
    return UserFactory(role=Role.BOARD, username="board-esc", first_name="Bea")


@pytest.fixture
def users(coach, lead, board, credit_bank):
    """One user per role for the role tests of the non-case pages."""
    return {
        "coach": coach,
        "other_coach": CoachFactory(username="coach-other"),
        "programme_lead": lead,
        "board": board,
        "partner": UserFactory(role=Role.PARTNER, role__organisation=credit_bank),
        "municipal_contact": UserFactory(role=Role.MUNICIPAL_CONTACT),
        "analyst": UserFactory(role=Role.ANALYST),
        "admin": UserFactory(role=Role.ADMIN),
        "participant": UserFactory(role=Role.PARTICIPANT),
    }


def add_role(user, role, organisation=None):
    Membership.objects.create(
        user=user, role=role, organisation=organisation or OrganisationFactory()
    )
    user.__dict__.pop("_roles_cache", None)
    user.__dict__.pop("_memberships_cache", None)
