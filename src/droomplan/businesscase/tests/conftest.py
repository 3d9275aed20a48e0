import pytest

from droomplan.programmes.tests.factories import MunicipalityFactory, ProgrammeFactory


@pytest.fixture
def programme(db):
    MunicipalityFactory()
    return ProgrammeFactory(code="droommoeders", name="Droommoeders")
