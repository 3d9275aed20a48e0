import pytest

from droomplan.programmes.tests.factories import MunicipalityFactory, ProgrammeFactory


@pytest.fixture
def municipality(db):
    return MunicipalityFactory()


@pytest.fixture
def programme(municipality):
    return ProgrammeFactory(code="droommoeders", name="Droommoeders")


@pytest.fixture(autouse=True)
def _fresh_trend_cache():
    """Trend points are cached by programme id; ids are reused between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
