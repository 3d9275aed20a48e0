import pytest

from droomplan.accounts.models import OrganisationKind, Role
from droomplan.accounts.tests.factories import OrganisationFactory, UserFactory
from droomplan.cases.tests.factories import CoachFactory, ParticipantFactory

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def coach(db):
    return CoachFactory(username="coach-sanne", first_name="Sanne", last_name="Coenen")


@pytest.fixture
def mother(coach):
    return ParticipantFactory(coach=coach, active=True, given_name="Zeldzamenaam")


@pytest.fixture
def credit_bank(db):
    return OrganisationFactory(
        code="kredietbank", name="Kredietbank Limburg", kind=OrganisationKind.CREDIT_BANK
    )


@pytest.fixture
def partner(credit_bank):
    return UserFactory(
        role=Role.PARTNER, role__organisation=credit_bank, first_name="Kees", last_name="Bank"
    )
