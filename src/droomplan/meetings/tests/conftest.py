import datetime

import pytest
from django.utils import timezone

from droomplan.accounts.models import OrganisationKind, Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.cases.tests.factories import CoachFactory, ParticipantFactory
from droomplan.programmes.tests.factories import CohortFactory, ProgrammeFactory


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def programme(db):
    return ProgrammeFactory()


@pytest.fixture
def cohort(programme):
    return CohortFactory(programme=programme, name="Groep 1")


@pytest.fixture
def cohort2(programme):
    return CohortFactory(programme=programme, name="Groep 2")


@pytest.fixture
def coach(db):
    return CoachFactory(username="coach-meet", first_name="Sanne")


@pytest.fixture
def other_coach(db):
    return CoachFactory(username="coach-other-meet", first_name="Yasmina")


@pytest.fixture
def lead(db):
    return UserFactory(role=Role.PROGRAMME_LEAD, username="lead-meet")


@pytest.fixture
def mik(db):
    return OrganisationFactory(code="mik", name="MIK Kindercentra", kind=OrganisationKind.CHILDCARE)


@pytest.fixture
def mik_partner(mik):
    return UserFactory(role=Role.PARTNER, role__organisation=mik, username="partner-mik")


def mother(cohort, coach, **kwargs):
    return ParticipantFactory(
        programme=cohort.programme, cohort=cohort, coach=coach, active=True, **kwargs
    )


@pytest.fixture
def mothers(cohort, coach, other_coach):
    """Two mothers of `coach` and one of `other_coach` in the group, plus one in intake and
    one on the waiting list (those two are not invited)."""
    return {
        "own1": mother(cohort, coach, given_name="Annabel", family_name="Eigenaar"),
        "own2": mother(cohort, coach, given_name="Bente", family_name="Eigenaar"),
        "other": mother(cohort, other_coach, given_name="Vreemdenaam", family_name="Anders"),
        "intake": ParticipantFactory(programme=cohort.programme, cohort=cohort, coach=coach),
        "waiting": mother(cohort, coach, given_name="Wachtlijst", on_waiting_list=True),
    }


@pytest.fixture
def users(coach, other_coach, lead, mik_partner):
    return {
        "coach": coach,
        "other_coach": other_coach,
        "programme_lead": lead,
        "partner": mik_partner,
        "board": UserFactory(role=Role.BOARD),
        "municipal_contact": UserFactory(role=Role.MUNICIPAL_CONTACT),
        "analyst": UserFactory(role=Role.ANALYST),
        "admin": UserFactory(role=Role.ADMIN),
        "participant": UserFactory(role=Role.PARTICIPANT),
    }
