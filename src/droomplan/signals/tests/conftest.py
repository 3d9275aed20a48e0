import pytest

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.programmes.models import Municipality
from droomplan.programmes.tests.factories import ProgrammeFactory

from .factories import SignalFactory, SignalRouteFactory


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def maastricht(db):
    return Municipality.objects.get(cbs_code="GM0935")


@pytest.fixture
def vaals(db):
    return Municipality.objects.get(cbs_code="GM0981")


@pytest.fixture
def programme(maastricht, vaals):
    return ProgrammeFactory(municipalities=[maastricht, vaals])


@pytest.fixture
def lead(db):
    return UserFactory(role=Role.PROGRAMME_LEAD, username="lead", first_name="Petra")


@pytest.fixture
def contact(programme, maastricht):
    org = OrganisationFactory(code="gemeente-maastricht", kind="municipality")
    user = UserFactory(
        role=Role.MUNICIPAL_CONTACT, role__organisation=org, username="gert", first_name="Gert"
    )
    SignalRouteFactory(programme=programme, municipality=maastricht, contact=user)
    return user


@pytest.fixture
def other_contact(programme, vaals):
    user = UserFactory(role=Role.MUNICIPAL_CONTACT, username="vera", first_name="Vera")
    SignalRouteFactory(programme=programme, municipality=vaals, contact=user)
    return user


@pytest.fixture
def coach(db):
    return UserFactory(role=Role.COACH, username="coach-sanne", first_name="Sanne")


@pytest.fixture
def signal(programme, maastricht, contact):
    return SignalFactory(programme=programme, municipality=maastricht, assigned_to=contact)


@pytest.fixture
def linked_signal(programme, maastricht, contact, coach):
    mother = ParticipantFactory(
        programme=programme, municipality=maastricht, coach=coach, given_name="Dounia"
    )
    return SignalFactory(
        programme=programme,
        municipality=maastricht,
        assigned_to=contact,
        participant=mother,
        status="intake",
    )
