import datetime

import pytest
from django.utils import timezone

from droomplan.accounts.models import OrganisationKind, Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.cases.tests.factories import CoachFactory, ParticipantFactory


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
def other_coach(db):
    return CoachFactory()


@pytest.fixture
def programme_lead(db):
    return UserFactory(role=Role.PROGRAMME_LEAD)


@pytest.fixture
def credit_bank(db):
    return OrganisationFactory(
        code="kredietbank", name="Kredietbank Limburg", kind=OrganisationKind.CREDIT_BANK
    )


@pytest.fixture
def credit_bank_user(credit_bank):
    return UserFactory(role=Role.PARTNER, role__organisation=credit_bank)


@pytest.fixture
def coach_client(client, coach):
    client.force_login(coach)
    return client
