"""The caseload search (name, case number) is served by trigram indexes on PostgreSQL, not by
reading the whole table; SQLite has no such indexes and needs none."""

import importlib

import pytest
from django.db import connection, transaction

from droomplan.cases import selectors
from droomplan.cases.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

SEARCH_INDEXES = importlib.import_module(
    "droomplan.cases.migrations.0007_search_trigram"
).SEARCH_INDEXES

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only"
)


@needs_postgresql
def test_postgresql_has_a_trigram_index_per_searched_column():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'cases_participant'"
        )
        indexes = dict(cursor.fetchall())
    assert set(SEARCH_INDEXES) <= set(indexes)
    for name, column in SEARCH_INDEXES.items():
        assert "USING gin" in indexes[name]
        assert f"upper(({column})::text) gin_trgm_ops" in indexes[name]


@needs_postgresql
def test_the_caseload_search_uses_the_indexes_not_a_sequential_scan(lead, programme):
    ParticipantFactory.create_batch(3, programme=programme)
    families = selectors.caseload(lead, search="maas").values("pk")
    sql, params = families.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        # a few rows: the planner would rightly read the table; forbid that to see whether the
        # indexes can serve exactly the expression Django writes for icontains
        cursor.execute("SET LOCAL enable_seqscan = off")
        # nor walk the caseload-order index (`participant_list_order`) filtering every row:
        # the trigram indexes are read by bitmap scans
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    for name in SEARCH_INDEXES:
        assert name in plan, plan
    assert "Seq Scan on cases_participant" not in plan, plan


def test_sqlite_has_no_trigram_indexes():
    if connection.vendor != "sqlite":
        pytest.skip("about SQLite")
    with connection.cursor() as cursor:
        names = set(connection.introspection.get_constraints(cursor, "cases_participant"))
    assert not set(SEARCH_INDEXES) & names
