"""Issue 18: the programme lead's status counts on her home page read every family, so they are
kept in the shared cache keyed by the data version (`core.dataversion`), like the outcome
headlines: a second view runs no count query, and a status change makes the next view count
again and show the new figures."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from droomplan.cases import services

from .factories import ParticipantFactory

pytestmark = pytest.mark.django_db
HOME = reverse("core:home")


def counts_queries(captured) -> int:
    return sum(
        1
        for q in captured.captured_queries
        if "cases_participant" in q["sql"] and '"intake"' in q["sql"] and "COUNT" in q["sql"]
    )


def test_a_second_view_counts_nothing(lead_client, programme, django_assert_num_queries):
    ParticipantFactory.create_batch(2, programme=programme)
    with CaptureQueriesContext(connection) as first:
        lead_client.get(HOME)
    assert counts_queries(first) == 1
    with django_assert_num_queries(16) as second:  # escalations read once (issue 18)
        response = lead_client.get(HOME)
    assert counts_queries(second) == 0
    assert response.status_code == 200
    assert '?status=intake">2</a>' in response.content.decode()  # from the cache


def test_a_status_change_shows_in_the_next_view(lead_client, lead, programme, today):
    family = ParticipantFactory(programme=programme)
    ParticipantFactory(programme=programme)
    page = lead_client.get(HOME).content.decode()
    assert '?status=intake">2</a>' in page
    assert '?status=active">0</a>' in page
    family.eligibility_override = True
    family.save()
    services.start_trajectory(actor=lead, participant=family, start_date=today)
    with CaptureQueriesContext(connection) as captured:
        after = lead_client.get(HOME)
    assert counts_queries(captured) == 1
    page = after.content.decode()
    assert '?status=active">1</a>' in page
    assert '?status=intake">1</a>' in page
