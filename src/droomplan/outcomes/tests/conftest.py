import pytest

from droomplan.programmes.tests.factories import MunicipalityFactory, ProgrammeFactory


@pytest.fixture
def municipality(db):
    return MunicipalityFactory()


@pytest.fixture
def programme(municipality):
    return ProgrammeFactory(code="droommoeders", name="Droommoeders")
