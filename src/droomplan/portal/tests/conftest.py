import pytest

from droomplan.cases.tests.factories import CoachFactory, ParticipantFactory

from .factories import mother_with_login


@pytest.fixture
def coach(db):
    return CoachFactory()


@pytest.fixture
def mother(db, coach):
    """A mother (with her coach) whose own login is linked to her case."""
    return mother_with_login(participant=ParticipantFactory(coach=coach, active=True))


@pytest.fixture
def mother_client(client, mother):
    client.force_login(mother.user)
    return client
