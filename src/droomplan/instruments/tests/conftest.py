import datetime

import pytest

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.cases.tests.factories import CoachFactory
from droomplan.programmes.tests.factories import MunicipalityFactory, ProgrammeFactory


@pytest.fixture
def municipality(db):
    return MunicipalityFactory()


@pytest.fixture
def programme(municipality):
    return ProgrammeFactory()


@pytest.fixture
def coach(db):
    return CoachFactory(username="coach-anna", first_name="Anna", last_name="Coach")


@pytest.fixture
def lead(db):
    return UserFactory(role=Role.PROGRAMME_LEAD, username="lead", first_name="Lea")


@pytest.fixture
def today():
    return datetime.date.today()


@pytest.fixture
def coach_client(client, coach):
    client.force_login(coach)
    return client


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    return client
