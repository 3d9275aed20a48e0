"""The access log partitioned by month on PostgreSQL (issue 18): entries land in their month's
partition, the append-only trigger holds on every partition, the chain head and verification
do not notice the partitions, retention drops only old partitions it emptied, the maintenance
command is idempotent and empties the DEFAULT partition, and the migration copies the log
exactly. On SQLite the log stays one table and the maintenance does nothing."""

import datetime
import io
import re
import shlex
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from droomplan.audit import chain
from droomplan.audit.models import AccessLogChain, AccessLogEntry, Action, Outcome
from droomplan.audit.partitions import (
    DEFAULT_PARTITION,
    drop_empty_partitions,
    ensure_month_partitions,
    is_partitioned,
    month_partitions,
    month_start,
    months,
    months_ahead,
    partition_name,
)

pytestmark = pytest.mark.django_db

POSTGRESQL = connection.vendor == "postgresql"
postgresql_only = pytest.mark.skipif(not POSTGRESQL, reason="partitions exist on PostgreSQL")
DEPLOYMENT = Path(__file__).resolve().parents[4] / "docs" / "deployment.md"


def utc_today() -> datetime.date:
    return datetime.datetime.now(datetime.UTC).date()


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), datetime.UTC)


def append(*moments: datetime.datetime) -> list[AccessLogEntry]:
    """Entries written at these moments, chained as the application chains them."""
    entries = [
        AccessLogEntry(at=moment, username="coach", object_type="case", action=Action.VIEW,
                       outcome=Outcome.ALLOWED, participant_id=7, detail=f"entry {i}")
        for i, moment in enumerate(moments)
    ]  # fmt: skip
    with transaction.atomic():
        return chain.append(entries)


def partition_of(entry: AccessLogEntry) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM audit_accesslogentry WHERE id = %s", [entry.pk]
        )
        return cursor.fetchone()[0]


def stored(ids) -> list[tuple]:
    fields = ["id", "prev_hash", "hash", *chain.FIELDS]
    return list(AccessLogEntry.objects.filter(pk__in=ids).order_by("id").values_list(*fields))


def years_ago(years: int) -> datetime.date:
    return utc_today() - datetime.timedelta(days=365 * years + 40)


@pytest.fixture(autouse=True)
def this_months_partitions():
    """As `access_log_partitions` keeps them (also in a test database made months ago)."""
    ensure_month_partitions(through=months_ahead(utc_today()))


@postgresql_only
def test_the_table_is_partitioned_by_range_on_at():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.partstrat, a.attname FROM pg_partitioned_table p JOIN pg_attribute a "
            "ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0] "
            "WHERE p.partrelid = 'audit_accesslogentry'::regclass"
        )
        assert cursor.fetchall() == [("r", "at")]
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = 'audit_accesslogentry'::regclass AND c.relpartbound IS NOT NULL "
            "AND pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT'"
        )
        assert cursor.fetchall() == [(DEFAULT_PARTITION,)]
    assert is_partitioned()


@postgresql_only
def test_the_indexes_are_those_of_the_one_table():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = 'audit_accesslogentry'::regclass ORDER BY 1"
        )
        definitions = [re.sub(r".* USING btree ", "", d) for _name, d in cursor.fetchall()]
    assert sorted(definitions) == ["(at)", "(id, at)", "(participant_id, at DESC)", "(user_id)"]


@postgresql_only
def test_a_new_entry_lands_in_its_months_partition():
    (entry,) = append(timezone.now())
    assert partition_of(entry) == partition_name(month_start(utc_today()))


@postgresql_only
def test_update_and_delete_are_refused_on_the_parent_and_on_a_partition():
    (entry,) = append(timezone.now())
    partition, before = partition_of(entry), stored([entry.pk])
    for table in ("audit_accesslogentry", partition):
        for sql in (
            f"UPDATE {table} SET detail = 'x' WHERE id = %s",
            f"DELETE FROM {table} WHERE id = %s",
        ):
            with (
                pytest.raises(DatabaseError, match="append-only"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(sql, [entry.pk])
    assert stored([entry.pk]) == before


@postgresql_only
def test_the_chain_runs_across_months():
    last_month = month_start(month_start(utc_today()) - datetime.timedelta(days=1))
    ensure_month_partitions(since=last_month, through=utc_today())
    older, newer = append(at(last_month), timezone.now())
    assert partition_of(older) == partition_name(last_month)
    assert partition_of(newer) == partition_name(month_start(utc_today()))
    head = AccessLogChain.objects.get()
    assert (head.last_id, head.last_hash) == (newer.pk, newer.hash)  # the parent's trigger
    assert newer.prev_hash == older.hash
    assert chain.verify().ok and chain.verify().checked == 2


@postgresql_only
def test_ensure_is_idempotent_and_empties_the_default_partition():
    month = month_start(years_ago(2))
    assert month not in month_partitions()
    entries = append(at(month, 9), at(month, 10), timezone.now())
    before = stored([e.pk for e in entries])
    assert {partition_of(e) for e in entries[:2]} == {DEFAULT_PARTITION}
    head = AccessLogChain.objects.values_list("last_id", "last_hash").get()

    first = ensure_month_partitions(through=months_ahead(utc_today()))
    assert first.created == [partition_name(month)] and first.moved == 2
    assert {partition_of(e) for e in entries[:2]} == {partition_name(month)}
    assert stored([e.pk for e in entries]) == before  # the very same rows
    assert AccessLogChain.objects.values_list("last_id", "last_hash").get() == head
    assert chain.verify().ok

    again = ensure_month_partitions(through=months_ahead(utc_today()))
    assert (again.created, again.moved) == ([], 0)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {DEFAULT_PARTITION}")  # noqa: S608
        assert cursor.fetchone() == (0,)


@postgresql_only
def test_retention_prunes_and_drops_only_empty_old_partitions():
    old, later, empty = (month_start(years_ago(y)) for y in (8, 7, 9))
    ensure_month_partitions(since=empty, through=empty)
    ensure_month_partitions(since=old, through=old)
    pruned = append(at(old, 9), at(old, 10))
    recent = append(timezone.now())
    # written late with an old time (clock trouble): after the first kept entry, so it stays
    (late,) = append(at(later))
    assert partition_of(late) == DEFAULT_PARTITION  # the command moves it into its month
    before = years_ago(6)

    out = io.StringIO()
    call_command("prune_access_log", "--before", before.isoformat(), stdout=out)

    assert "2 regels" in out.getvalue()
    assert not AccessLogEntry.objects.filter(pk__in=[e.pk for e in pruned]).exists()
    partitions = month_partitions()
    assert old not in partitions and empty not in partitions  # emptied or empty: dropped
    assert partitions[later] == partition_of(late)  # has a row: kept
    assert month_start(utc_today()) in partitions and is_partitioned()
    assert AccessLogEntry.objects.filter(pk__in=[recent[0].pk, late.pk]).count() == 2
    trace = AccessLogEntry.objects.get(object_type="access_log", action=Action.DELETE)
    assert "empty partitions dropped: 2" in trace.detail
    assert chain.verify().ok


@postgresql_only
def test_drop_empty_partitions_never_drops_one_with_rows():
    month = month_start(years_ago(7))
    ensure_month_partitions(since=month, through=month)
    (entry,) = append(at(month))
    assert drop_empty_partitions(before=timezone.now()) == []
    assert partition_of(entry) == partition_name(month)


def test_the_maintenance_command():
    out = io.StringIO()
    call_command("access_log_partitions", "--months-ahead", "5", stdout=out)
    if not POSTGRESQL:
        assert "niet in delen" in out.getvalue()
        assert ensure_month_partitions(through=utc_today()).created == []
        return
    farthest = months_ahead(utc_today(), 5)
    assert f"Delen van het inzagelog tot en met {farthest:%Y-%m}" in out.getvalue()
    assert farthest in month_partitions()
    out = io.StringIO()
    call_command("access_log_partitions", "--months-ahead", "5", stdout=out)
    assert "0 gemaakt, 0 regels" in out.getvalue()


def test_the_access_log_unit_of_the_deployment_guide_runs():
    """docs/deployment.md's systemd unit for the access log: every ExecStart runs."""
    guide = DEPLOYMENT.read_text(encoding="utf-8")
    section = guide.split("## The access log: daily check and retention", 1)[1].split("\n## ")[0]
    commands = [
        shlex.split(line.removeprefix("ExecStart="))
        for line in section.splitlines()
        if line.startswith("ExecStart=")
    ]
    assert [words[1] for words in commands] == ["access_log_partitions", "verify_access_log"]
    for program, name, *arguments in commands:
        assert program == "/opt/droomplan/venv/bin/droomplan"
        call_command(name, *arguments, stdout=io.StringIO())


# The migration: the one table copied into the partitioned one, exactly.


@postgresql_only
def test_the_migration_copies_every_entry_exactly():
    from django.db.migrations.executor import MigrationExecutor

    previous = [("audit", "0006_drop_redundant_participant_index")]
    latest = [("audit", "0007_partition_access_log_by_month")]
    executor = MigrationExecutor(connection)
    executor.migrate(previous)
    assert not is_partitioned()
    entries = append(at(years_ago(3)), at(years_ago(1)), timezone.now())
    before = stored([e.pk for e in entries])
    head = AccessLogChain.objects.values_list("last_id", "last_hash").get()

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(latest)

    assert is_partitioned()
    # every month from the oldest entry through three months ahead
    assert sorted(month_partitions()) == months(years_ago(3), months_ahead(utc_today()))
    assert stored([e.pk for e in entries]) == before
    assert partition_of(entries[0]) == partition_name(month_start(years_ago(3)))
    assert AccessLogChain.objects.values_list("last_id", "last_hash").get() == head
    assert chain.verify().ok
    (after,) = append(timezone.now())  # the sequence goes on, the trigger moves the head
    assert after.pk > entries[-1].pk and chain.verify().checked == 4
    assert AccessLogChain.objects.get().last_id == after.pk
