"""The access log's monthly partitions on PostgreSQL (issue 18): the one home for creating
and dropping them. On SQLite the log is one table and everything here does nothing.

Since migration 0007 `audit_accesslogentry` is a table partitioned by range on `at`: one
partition per calendar month in UTC, named `audit_accesslogentry_yYYYYmMM`, and a DEFAULT
partition (`audit_accesslogentry_default`) that takes an entry for a month nobody created yet,
so an insert never fails. Its primary key is `(id, at)` (a partitioned table's unique keys must
contain the partition key); Django still sees `id` as the primary key, and ids still come from
one sequence, so the hash chain (ordered by id) does not know about partitions.

- `ensure_month_partitions` creates the partitions up to a month (idempotent) and moves any
  rows that landed in the DEFAULT partition into their month's partition: PostgreSQL refuses to
  create a month's partition while the DEFAULT partition holds rows of that month. The move
  deletes them from the DEFAULT partition and inserts the same rows (every column, the same id
  and hashes) into the new partition in one transaction, under the same switch that lets
  retention delete (`droomplan.retention`, which the append-only trigger reads); the new rows
  go straight into the partition, so the trigger on the parent that moves the chain head does
  not fire. `droomplan access_log_partitions` runs it (daily, docs/deployment.md), and so does
  `droomplan prune_access_log` before it removes anything.
- `drop_empty_partitions` drops month partitions that end before the retention cut-off and
  are empty: only after `prune_access_log` removed their rows through the guarded DELETE (which
  anchors the chain), in the same transaction. `DROP TABLE` and `DETACH PARTITION` are not a
  DELETE, so the append-only trigger does not see them; dropping an empty partition loses
  nothing, and nothing here ever drops or detaches a partition with rows.

Migration 0007 names its partitions with `month_partition_sql` below: keep the names."""

import datetime
import re
from dataclasses import dataclass

from django.db import connection, transaction

TABLE = "audit_accesslogentry"
DEFAULT_PARTITION = f"{TABLE}_default"
MONTHS_AHEAD = 3  # `access_log_partitions` creates this month and the next three
_MONTH_NAME = re.compile(rf"^{TABLE}_y(\d{{4}})m(\d{{2}})$")


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(first: datetime.date) -> datetime.date:
    return (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def months(since: datetime.date, through: datetime.date) -> list[datetime.date]:
    """The first days of every month from `since`'s through `through`'s."""
    found, first = [], month_start(since)
    while first <= through:
        found.append(first)
        first = next_month(first)
    return found


def months_ahead(today: datetime.date, count: int = MONTHS_AHEAD) -> datetime.date:
    """The first day of the month `count` months after today's."""
    first = month_start(today)
    for _ in range(max(count, 0)):
        first = next_month(first)
    return first


def partition_name(first: datetime.date) -> str:
    return f"{TABLE}_y{first:%Y}m{first:%m}"


def _bound(first: datetime.date) -> str:
    return f"{first.isoformat()} 00:00:00+00"  # months in UTC, whatever the session's zone


def month_partition_sql(first: datetime.date) -> str:
    return (
        f"CREATE TABLE IF NOT EXISTS {partition_name(first)} PARTITION OF {TABLE} "
        f"FOR VALUES FROM ('{_bound(first)}') TO ('{_bound(next_month(first))}')"
    )


def is_partitioned() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s)", [TABLE]
        )
        return cursor.fetchone() is not None


def month_partitions() -> dict[datetime.date, str]:
    """The month partitions that exist, by their first day (the DEFAULT partition left out)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = to_regclass(%s)",
            [TABLE],
        )
        names = [name for (name,) in cursor.fetchall()]
    found = {}
    for name in names:
        if match := _MONTH_NAME.match(name):
            found[datetime.date(int(match[1]), int(match[2]), 1)] = name
    return found


@dataclass(frozen=True)
class Ensured:
    created: list[str]
    moved: int  # rows moved out of the DEFAULT partition


@transaction.atomic
def ensure_month_partitions(
    *, through: datetime.date, since: datetime.date | None = None
) -> Ensured:
    """Create the month partitions from `since`'s month (default: this month, in UTC) through
    `through`'s, and one for every month that has rows in the DEFAULT partition (moving those
    rows into it). Idempotent; does nothing on SQLite."""
    if not is_partitioned():
        return Ensured([], 0)
    today = datetime.datetime.now(datetime.UTC).date()
    wanted = set(months(since or today, through))
    if not (wanted - month_partitions().keys() or _stray_months()):
        return Ensured([], 0)  # the daily case: nothing to do, nothing locked
    created, moved = [], 0
    with connection.cursor() as cursor:
        # Inserts wait the moment this takes (a DEFAULT partition that is empty is checked
        # in no time); under the lock no entry can land in the DEFAULT partition unseen.
        cursor.execute(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
        stray = _stray_months()
        for first in sorted((wanted | stray) - month_partitions().keys()):
            if first in stray:
                moved += _create_moving_rows(cursor, first)
            else:
                cursor.execute(month_partition_sql(first))
            created.append(partition_name(first))
    return Ensured(created, moved)


def _stray_months() -> set[datetime.date]:
    """The months (UTC) of the rows in the DEFAULT partition."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT date_trunc('month', at AT TIME ZONE 'UTC')::date "  # noqa: S608
            f"FROM {DEFAULT_PARTITION}"
        )
        return {first for (first,) in cursor.fetchall()}


def _create_moving_rows(cursor, first: datetime.date) -> int:
    """Create the month's partition while the DEFAULT partition holds rows of that month:
    take them out (the retention switch lets the trigger accept the DELETE), create the
    partition, put the very same rows in it. One transaction: all of it or nothing."""
    held = f"droomplan_moving_{first:%Y%m}"
    where = f"at >= '{_bound(first)}' AND at < '{_bound(next_month(first))}'"
    cursor.execute(f"CREATE TEMP TABLE {held} (LIKE {TABLE}) ON COMMIT DROP")
    cursor.execute("SET LOCAL droomplan.retention = 'on'")
    cursor.execute(
        f"WITH taken AS (DELETE FROM {DEFAULT_PARTITION} WHERE {where} RETURNING *) "  # noqa: S608
        f"INSERT INTO {held} SELECT * FROM taken"
    )
    taken = cursor.rowcount
    cursor.execute("SET LOCAL droomplan.retention = 'off'")
    cursor.execute(month_partition_sql(first))
    # Straight into the partition: the parent's trigger that moves the chain head stays out.
    cursor.execute(f"INSERT INTO {partition_name(first)} SELECT * FROM {held}")  # noqa: S608
    if cursor.rowcount != taken:  # cannot happen; never let a move lose a row
        raise RuntimeError(f"moved {cursor.rowcount} of {taken} rows into {first:%Y-%m}")
    cursor.execute(f"DROP TABLE {held}")
    return taken


def drop_empty_partitions(*, before: datetime.datetime) -> list[str]:
    """Drop the month partitions that end at or before `before` and hold no rows; for
    retention, after the guarded DELETE, in its transaction. Never a partition with rows,
    never the DEFAULT partition. Does nothing on SQLite."""
    if not is_partitioned():
        return []
    old = [
        name
        for first, name in sorted(month_partitions().items())
        if datetime.datetime.combine(next_month(first), datetime.time.min, datetime.UTC) <= before
    ]
    dropped = []
    with transaction.atomic(), connection.cursor() as cursor:
        if old:  # the parent first, as an insert locks it (no deadlock), then nothing moves
            cursor.execute(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
        for name in old:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {name})")  # noqa: S608
            (has_rows,) = cursor.fetchone()
            if not has_rows:
                cursor.execute(f"DROP TABLE {name}")
                dropped.append(name)
    return dropped
