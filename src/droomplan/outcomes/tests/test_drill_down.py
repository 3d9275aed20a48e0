"""The drill-down "who was counted" shows one group at a time, 50 per page, and loads and logs
only the participants shown: its cost and its access-log rows do not grow with the programme."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from droomplan.accounts.models import Role
from droomplan.accounts.tests.factories import UserFactory
from droomplan.audit.models import AccessLogEntry, Action

from .factories import housing, mother

pytestmark = pytest.mark.django_db
URL = reverse("outcomes:participants", args=["adequate_housing"])
QUERY = {"as_of": "2026-06-30"}
QUERIES = 14  # with the access log's check of who was listed today, its chain lock, the check again


def mothers(programme, n, *, adequate):
    made = []
    for _i in range(n):
        m = mother(programme)
        housing(m, datetime.date(2025, 1, 1), adequate)
        made.append(m)
    return made


def logged(lead):
    return AccessLogEntry.objects.filter(
        user=lead, action=Action.LIST, detail="outcome adequate_housing"
    )


def test_drill_down_pages_by_50_and_logs_only_the_rows_shown(client, programme):
    counted = mothers(programme, 53, adequate=True)
    not_counted = mothers(programme, 2, adequate=False)
    lead = UserFactory(role=Role.PROGRAMME_LEAD)
    client.force_login(lead)

    first = client.get(URL, QUERY)
    assert first.status_code == 200
    assert len(first.context["rows"]) == 50
    assert first.context["page"].paginator.num_pages == 2
    assert [(key, n) for key, _label, n in first.context["groups"]] == [
        ("counted", 53),
        ("not_counted", 2),
    ]
    assert logged(lead).count() == 50
    body = first.content.decode()
    assert "page=2" in body

    second = client.get(URL, {**QUERY, "page": 2})
    assert {p.pk for p in second.context["rows"]} | {p.pk for p in first.context["rows"]} == {
        m.pk for m in counted
    }
    assert logged(lead).count() == 53

    others = client.get(URL, {**QUERY, "group": "not_counted"})
    assert {p.pk for p in others.context["rows"]} == {m.pk for m in not_counted}
    assert counted[0].full_name not in others.content.decode()
    assert logged(lead).count() == 55


@pytest.mark.parametrize("query", [{"group": "nonsense"}, {"page": "x"}, {"page": "999"}])
def test_odd_group_or_page_falls_back_without_an_error(client, programme, query):
    mothers(programme, 2, adequate=True)
    client.force_login(UserFactory(role=Role.PROGRAMME_LEAD))
    response = client.get(URL, {**QUERY, **query})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 2


def test_drill_down_queries_do_not_grow(client, programme, django_assert_num_queries):
    queries = QUERIES + (1 if connection.vendor == "postgresql" else 0)  # JIT off first
    client.force_login(UserFactory(role=Role.PROGRAMME_LEAD))
    client.get(URL, QUERY)  # the session's first request saves it (accounts.middleware)
    mothers(programme, 3, adequate=True)
    with django_assert_num_queries(queries):
        assert client.get(URL, QUERY).status_code == 200
    mothers(programme, 60, adequate=True)
    with django_assert_num_queries(queries):
        assert client.get(URL, QUERY).status_code == 200
