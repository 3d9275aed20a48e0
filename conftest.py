"""Fixtures shared by every app's tests."""

from collections import Counter

import pytest
from django.core.cache import cache
from django.db import transaction

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory


def _order(item) -> int:
    """pytest-django's order: 0 uses the database in a transaction, 1 transactional, 2 none."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    if (
        (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    ):
        return 1
    return 0 if marker or "db" in fixtures else 2


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """pytest-randomly shuffles the tests after pytest-django has put the transactional ones
    (browser tests) last: put them last again. They empty every table when they end, also the
    rows that migrations add (municipalities, instruments), which the other tests rely on. The
    sort is stable, so the random order within each kind stays.

    With pytest-xdist (`make test` runs `pytest -n auto`) the tests are handed out in groups
    (`--dist loadgroup --no-loadscope-reorder` in pyproject.toml) in this order: one group per
    test module, so that a module's shared data (`module_db`) is built once, on one worker; a
    module's transactional tests form a group of their own. A worker runs what it gets in the
    order it gets it, so each worker runs its transactional groups after the others. Within
    each kind the biggest groups go first, so that no big module is left for the end while the
    other worker waits."""
    workers = config.pluginmanager.hasplugin("xdist") and config.getoption("numprocesses")
    if workers:
        for item in items:
            module = item.nodeid.split("::", 1)[0]
            kind = "transactional:" if _order(item) == 1 else ""
            item.add_marker(pytest.mark.xdist_group(f"{kind}{module}"))
    result = yield
    if workers:
        sizes = Counter(item.get_closest_marker("xdist_group").args[0] for item in items)
        items.sort(
            key=lambda item: (_order(item), -sizes[item.get_closest_marker("xdist_group").args[0]])
        )
    else:
        items.sort(key=_order)
    return result


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: cached values must not carry over between tests
    (database ids are reused, so a stale entry would look valid)."""
    cache.clear()


@pytest.fixture(scope="module")
def module_db(request, django_db_setup, django_db_blocker):
    """Database rows shared by the tests of one module, like Django's `setUpTestData`.

    A module-scoped fixture writes them inside `with module_db.unblock():`; each test still runs
    in its own transaction (its changes are undone after it) and the shared rows are rolled back
    after the module's last test. Every test of the module that uses the database must use the
    fixture (for example `pytestmark = pytest.mark.usefixtures("data")`), so that no test sees
    the rows or not depending on the order the tests run in; this is checked. Transactional
    tests (`live_server`) cannot share rows."""
    for item in request.session.items:
        if getattr(item, "module", None) is not request.module:
            continue
        fixtures = set(item.fixturenames)
        if "transactional_db" in fixtures:
            pytest.fail(f"{item.nodeid} is transactional: it cannot share its module's data")
        uses_db = "db" in fixtures or item.get_closest_marker("django_db") is not None
        if uses_db and "module_db" not in fixtures:
            pytest.fail(f"{item.nodeid} does not use the data its module shares")
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True  # as Django's own class-wide test transaction
        atomic.__enter__()
    yield django_db_blocker
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture
def make_user(db):
    def _make(role: str | None = None, **kwargs):
        return UserFactory(role=role, **kwargs)

    return _make


@pytest.fixture
def users_by_role(db):
    """One user per role, each in an organisation of their own."""
    return {role: UserFactory(role=role, username=f"u-{role}") for role in Role}
