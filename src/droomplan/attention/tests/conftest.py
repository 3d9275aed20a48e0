import pytest

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.cases.tests.factories import ParticipantFactory
from droomplan.programmes.models import Municipality
from droomplan.programmes.tests.factories import ProgrammeFactory
from droomplan.signals.tests.factories import SignalRouteFactory


@pytest.fixture(autouse=True)
def _locmem_mail(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DROOMPLAN_BASE_URL = "https://droomplan.example.nl"
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def maastricht(db):
    return Municipality.objects.get(cbs_code="GM0935")


@pytest.fixture
def programme(maastricht):
    return ProgrammeFactory(municipalities=[maastricht])


@pytest.fixture
def contact(programme, maastricht):
    org = OrganisationFactory(code="gemeente-maastricht", kind="municipality")
    user = UserFactory(
        role=Role.MUNICIPAL_CONTACT, role__organisation=org, username="gert", first_name="Gert"
    )
    SignalRouteFactory(programme=programme, municipality=maastricht, contact=user)
    return user


@pytest.fixture
def coach(db):
    return UserFactory(role=Role.COACH, username="coach-sanne", first_name="Sanne")


@pytest.fixture
def other_coach(db):
    return UserFactory(role=Role.COACH, username="coach-ilse", first_name="Ilse")


@pytest.fixture
def lead(db):
    return UserFactory(role=Role.PROGRAMME_LEAD, username="lead", first_name="Petra")


@pytest.fixture
def mother(programme, coach):
    return ParticipantFactory(
        programme=programme, coach=coach, active=True, given_name="Lotte", family_name="Vink"
    )
