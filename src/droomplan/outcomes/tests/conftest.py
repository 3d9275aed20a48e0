import copy

import pytest

from droomplan.programmes.tests.factories import MunicipalityFactory, ProgrammeFactory

from .factories import published_dataset


@pytest.fixture
def municipality(db):
    return MunicipalityFactory()


@pytest.fixture
def programme(municipality):
    return ProgrammeFactory(code="droommoeders", name="Droommoeders")


@pytest.fixture(scope="module")
def published(module_db):
    """The published dataset (20 mothers with their facts), built once per test module."""
    with module_db.unblock():
        MunicipalityFactory()
        return published_dataset(ProgrammeFactory(code="droommoeders", name="Droommoeders"))


@pytest.fixture
def data(db, published):
    """The mothers of the published dataset; a copy per test, so a test that changes one in
    memory does not change her for the next test (the database is rolled back anyway)."""
    return copy.deepcopy(published)
