"""The headline figures on the home page are cached in the shared cache, keyed by the data
version: a second view does not compute them again, and a write to a fact they read makes the
next view compute them anew (so no view shows figures older than the data)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory

from .factories import debt, housing, mother
from .helpers import view_reading_facts

pytestmark = pytest.mark.django_db
HOME = reverse("core:home")


def view(client):
    return view_reading_facts(client, HOME)


@pytest.mark.parametrize("role", [Role.PROGRAMME_LEAD, Role.BOARD])
def test_home_headlines_are_computed_once_per_data_version(client, programme, role):
    m = mother(programme, datetime.date(2025, 1, 1))
    debt(m, datetime.date(2025, 2, 1))
    client.force_login(UserFactory(role=role))
    client.get(reverse("accounts:security"))  # the session's first request saves it

    _body, first, computed = view(client)
    assert computed
    _body, second, computed = view(client)
    assert not computed
    jit = 1 if connection.vendor == "postgresql" else 0  # metrics switch the JIT off first
    # The three figures (3 + jit), and the business-case headline on the same home page
    # (`businesscase.home`, cached the same way): its 14 queries, with its own outcome facts.
    # The lead's home also lists families by name: listed once a day in the access log, so
    # later views today find them logged with one query and take no lock (no chain lock, no
    # second check, no INSERT: three queries fewer). Her status counts
    # (`cases.home`) are cached the same way: one query fewer too.
    listed = 3 if role == Role.PROGRAMME_LEAD else 0
    counts = 1 if role == Role.PROGRAMME_LEAD else 0
    assert first - second == 3 + jit + 14 + jit + listed + counts

    housing(m, datetime.date(2025, 3, 1), True)  # a write: a new version of the facts
    _body, third, computed = view(client)
    assert computed
    # The figures again; the lead's status counts stay cached (a housing record is an outcome
    # fact, not a change of her caseloads: `core.dataversion` topics).
    assert third == first - listed - counts


def test_lead_home_shows_the_new_figure_after_a_write(client, programme):
    m = mother(programme, datetime.date(2025, 1, 1))
    client.force_login(UserFactory(role=Role.PROGRAMME_LEAD))
    before, _n, _computed = view(client)
    housing(m, datetime.date(2025, 3, 1), True)
    after, _n, _computed = view(client)
    assert before != after


@pytest.mark.parametrize("role", [Role.PROGRAMME_LEAD, Role.BOARD])
def test_a_coachs_everyday_writes_keep_the_figures_cached(client, programme, role):
    """Ticking off an action or adding a goal changes the caseload counts, not the outcome
    facts or the business case (`core.dataversion` topics): the next home view computes no
    figure again. A contact moment is a business-case input: the outcome figures stay cached."""
    from droomplan.cases.tests.factories import ContactFactory
    from droomplan.outcomes.home import headline_totals
    from droomplan.plans.tests.factories import ActionFactory

    m = mother(programme, datetime.date(2025, 1, 1))
    debt(m, datetime.date(2025, 2, 1))
    client.force_login(UserFactory(role=role))
    view(client)
    action = ActionFactory(goal__participant=m)
    action.done_on = datetime.date(2025, 3, 1)
    action.save()
    _body, _n, computed = view(client)
    assert not computed
    day = datetime.date(2025, 6, 30)
    headline_totals(programme, day)
    ContactFactory(participant=m)
    with CaptureQueriesContext(connection) as captured:
        headline_totals(programme, day)
    assert not any("lifedomains_debt" in q["sql"] for q in captured.captured_queries)
