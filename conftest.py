"""Fixtures shared by every app's tests."""

import pytest
from django.core.cache import cache

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """pytest-randomly shuffles the tests after pytest-django has put the transactional ones
    (browser tests) last: put them last again. They empty every table when they end, also the
    rows that migrations add (municipalities, instruments), which the other tests rely on. The
    sort is stable, so the random order within each group stays."""
    from pytest_django.plugin import pytest_collection_modifyitems as transactional_last

    transactional_last(items)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: cached values must not carry over between tests
    (database ids are reused, so a stale entry would look valid)."""
    cache.clear()


@pytest.fixture
def make_user(db):
    def _make(role: str | None = None, **kwargs):
        return UserFactory(role=role, **kwargs)

    return _make


@pytest.fixture
def users_by_role(db):
    """One user per role, each in an organisation of their own."""
    return {role: UserFactory(role=role, username=f"u-{role}") for role in Role}
