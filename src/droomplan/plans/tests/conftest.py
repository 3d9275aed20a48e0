import datetime

import pytest
from django.utils import timezone

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.cases.tests.factories import ChildFactory, CoachFactory, ParticipantFactory
from droomplan.plans.tests.factories import ActionFactory, DreamFactory, GoalFactory


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def coach(db):
    return CoachFactory()


@pytest.fixture
def participant(coach):
    return ParticipantFactory(coach=coach, active=True, given_name="Sanne")


@pytest.fixture
def child(participant):
    return ChildFactory(participant=participant, given_name="Mila")


@pytest.fixture
def dream(participant):
    return DreamFactory(participant=participant)


@pytest.fixture
def goal(participant, dream, today):
    return GoalFactory(participant=participant, dream=dream, target_date=today.replace(day=1))


@pytest.fixture
def action(goal, today):
    return ActionFactory(goal=goal, due_date=today + datetime.timedelta(days=14))


@pytest.fixture
def partner_org(db):
    return OrganisationFactory(name="Kredietbank Limburg")


@pytest.fixture
def programme_lead(db):
    return UserFactory(role=Role.PROGRAMME_LEAD)


@pytest.fixture
def coach_client(client, coach):
    client.force_login(coach)
    return client
