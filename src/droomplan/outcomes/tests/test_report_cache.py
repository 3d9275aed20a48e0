"""The report page takes its counts from the shared cache, keyed by the data version (like the
home page's headlines): a second view does not run the aggregate again, and a write to a fact
the figures read makes the next view compute them anew. Downloads compute afresh."""

import datetime

import pytest
from django.urls import reverse

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.core import dataversion

from .factories import debt, housing, mother
from .helpers import view_reading_facts

pytestmark = pytest.mark.django_db
REPORT = reverse("outcomes:report")


def view(client, url=REPORT):
    return view_reading_facts(client, url)


@pytest.mark.parametrize("role", [Role.PROGRAMME_LEAD, Role.BOARD])
def test_report_counts_are_computed_once_per_data_version(client, programme, role):
    m = mother(programme, datetime.date(2025, 1, 1))
    debt(m, datetime.date(2025, 2, 1))
    client.force_login(UserFactory(role=role))
    view(client)  # the session's first request saves it (not again within a minute)
    dataversion.bump()

    _body, first, computed = view(client)
    assert computed
    _body, second, computed = view(client)
    assert not computed
    assert second < first

    housing(m, datetime.date(2025, 3, 1), True)  # a write: a new data version
    _body, third, computed = view(client)
    assert computed
    assert third == first


def test_report_page_shows_the_new_figure_after_a_write(client, programme):
    m = mother(programme, datetime.date(2025, 1, 1))
    client.force_login(UserFactory(role=Role.PROGRAMME_LEAD))
    before, _n, _computed = view(client)
    housing(m, datetime.date(2025, 3, 1), True)
    after, _n, _computed = view(client)
    assert before != after
