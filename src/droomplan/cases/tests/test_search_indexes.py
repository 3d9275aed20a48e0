"""The caseload search (name, case number) is served by one trigram index on PostgreSQL (on the
three joined, `selectors.SearchText`), not by reading the whole table; SQLite has no such index
and needs none. A search of three letters or more that matches few families bounds the walk in
name order by the first and last family name it matches (`selectors.search_bounds`)."""

import importlib

import pytest
from django.db import connection, transaction

from droomplan.cases import selectors
from droomplan.cases.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

SEARCH_INDEXES = importlib.import_module(
    "droomplan.cases.migrations.0007_search_trigram"
).SEARCH_INDEXES
SEARCH_INDEX = importlib.import_module(
    "droomplan.cases.migrations.0012_search_one_trigram_index"
).SEARCH_INDEX

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only"
)


def plan_of(families) -> str:
    sql, params = families.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        # a few rows: the planner would rightly read the table; forbid that to see whether the
        # index can serve exactly the expression the search writes
        cursor.execute("SET LOCAL enable_seqscan = off")
        # nor walk the caseload-order index (`participant_list_order`) filtering every row
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@needs_postgresql
def test_postgresql_has_one_trigram_index_on_the_searched_text():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'cases_participant'"
        )
        indexes = dict(cursor.fetchall())
    assert "USING gin" in indexes[SEARCH_INDEX]
    assert "gin_trgm_ops" in indexes[SEARCH_INDEX]
    for column in ("given_name", "family_name", "ref"):
        assert column in indexes[SEARCH_INDEX]
    assert not set(SEARCH_INDEXES) & set(indexes)  # the per-column ones are gone


@needs_postgresql
def test_the_caseload_search_uses_the_index_not_a_sequential_scan(lead, programme):
    ParticipantFactory.create_batch(3, programme=programme)
    plan = plan_of(selectors.caseload(lead, search="maas").values("pk"))
    assert SEARCH_INDEX in plan, plan
    assert "Seq Scan on cases_participant" not in plan, plan


@needs_postgresql
def test_the_bounds_of_a_search_are_read_through_the_index(lead, programme):
    ParticipantFactory.create_batch(3, programme=programme)
    families = selectors._matching(selectors.visible_participants(lead), ["maas"])
    plan = plan_of(families.order_by().values("family_name")[: selectors.SEARCH_BOUNDS_CAP + 1])
    assert SEARCH_INDEX in plan, plan


@pytest.mark.parametrize(
    "search, found",
    [("maas", ["Anna Maas", "Bea Maas"]), ("DM-", None), ("ma", None), ("xyz", None)],
)
def test_search_bounds(lead, programme, monkeypatch, search, found):
    monkeypatch.setattr(selectors, "SEARCH_BOUNDS_CAP", 2)
    for given, family in (("Anna", "Maas"), ("Bea", "Maas"), ("Cor", "Smit")):
        ParticipantFactory(programme=programme, given_name=given, family_name=family)
    bounds = selectors.search_bounds(selectors.visible_participants(lead), search.split())
    # "DM-": every case number, more than the cap; "ma": too short for the trigram index
    assert bounds == (None if found is None else ("Maas", "Maas"))


def test_the_search_matches_each_term_in_a_name_or_the_case_number(lead, programme):
    """The same families as three `icontains` per term: a term never matches across two of
    the three (they are joined by a space, a term has none)."""
    anna = ParticipantFactory(programme=programme, given_name="Anna", family_name="de Vries")
    ParticipantFactory(programme=programme, given_name="Bea", family_name="Maas")

    def found(search):
        return sorted(p.given_name for p in selectors.caseload(lead, search=search))

    assert found("vries") == found("ANNA") == found("ann vri") == ["Anna"]
    assert found(anna.ref) == found(anna.ref.lower()) == ["Anna"]
    assert found("annade") == found("a%") == found("anna maas") == []
    assert found("a") == ["Anna", "Bea"]


def test_sqlite_has_no_trigram_indexes():
    if connection.vendor != "sqlite":
        pytest.skip("about SQLite")
    with connection.cursor() as cursor:
        names = set(connection.introspection.get_constraints(cursor, "cases_participant"))
    assert not (set(SEARCH_INDEXES) | {SEARCH_INDEX}) & names


def test_a_search_that_only_one_family_name_matches_asks_for_that_name(lead, programme):
    """When every family that matches has one family name that holds every term, the caseload
    asks for that name only (PostgreSQL then reads the first page in the name index's order
    instead of sorting every match: 2,506 Jansens at 100,000 families), with the same result."""
    for given, family in (("Anna", "Jansen"), ("Bea", "Jansen"), ("Cor", "Smit")):
        ParticipantFactory(programme=programme, given_name=given, family_name=family)
    ParticipantFactory(programme=programme, given_name="Eva", family_name="Öztürk")

    def found(search):
        families = selectors.caseload(lead, search=search)
        return sorted(p.given_name for p in families), "LIKE" in str(families.query)

    assert found("jansen") == found("JANS") == (["Anna", "Bea"], False)
    # a term that is not in the name: "ann" is in Anna only
    assert found("ann jansen") == (["Anna"], True)
    assert found("Öztürk") == (["Eva"], True)  # not ASCII: the search's own condition
    ParticipantFactory(programme=programme, given_name="Dirk", family_name="Jansen-Smit")
    assert found("jansen") == (["Anna", "Bea", "Dirk"], True)  # two names
    ParticipantFactory(programme=programme, given_name="Jansen", family_name="Bakker")
    assert found("jansen") == (["Anna", "Bea", "Dirk", "Jansen"], True)
