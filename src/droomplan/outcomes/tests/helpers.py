"""Helpers shared by the outcomes tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def view_reading_facts(client, url: str) -> tuple[str, int, bool]:
    """GET `url`: its body, how many queries it ran and whether it read the facts (a debt
    query: the figures were computed, not taken from the cache)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    reads_facts = any("lifedomains_debt" in q["sql"] for q in captured.captured_queries)
    return response.content.decode(), len(captured.captured_queries), reads_facts
