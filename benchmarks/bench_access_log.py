"""Benchmark: how many bytes one access-log row costs on PostgreSQL (table, TOAST and every
index), for the growth estimate in docs/performance.md.

Not a test. Appends `--rows` realistic entries through `audit.chain.append` (the hash chain,
the triggers) in batches of 50 like a list page, then prints the table's and each index's size
per row. Run against an empty, migrated database (the rows are left; drop the database after).

    createdb -h 127.0.0.1 -U postgres bench_log
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_log .venv/bin/python -P -m droomplan.manage migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_log \\
        .venv/bin/python benchmarks/bench_access_log.py --rows 100000
"""

# ruff: noqa: E501

import argparse
import datetime
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "droomplan.settings.local")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from droomplan.audit import chain
    from droomplan.audit.models import AccessLogEntry, Action, Outcome
    from droomplan.audit.partitions import ensure_month_partitions

    assert connection.vendor == "postgresql", "PostgreSQL only (sizes of its relations)"
    now = timezone.now()
    # The rows go back `rows` × 20 seconds: into their monthly partitions, not the DEFAULT one.
    ensure_month_partitions(
        since=(now - datetime.timedelta(seconds=args.rows * 20)).date(), through=now.date()
    )
    batch = []
    for i in range(args.rows):
        batch.append(
            AccessLogEntry(
                at=now - datetime.timedelta(seconds=(args.rows - i) * 20),
                user_id=1 + i % 100,
                username=f"coach{i % 100:03d}",
                user_display=f"Coach Voornaam Achternaam {i % 100}",
                organisation="Stichting Droomplan Zuid-Limburg",
                role="coach",
                participant_id=1 + i % 2000,
                object_type="case",
                object_id=str(1 + i % 2000),
                action=Action.LIST if i % 3 else Action.VIEW,
                outcome=Outcome.ALLOWED,
                request_id="0f8e6b1c2d3e4f5a6b7c8d9e0f1a2b3c",
                path="/deelnemers/?page=2" if i % 3 else f"/deelnemers/{1 + i % 2000}/",
                detail="caseload"
                if i % 3
                else "with: measurement,lifedomains,attendance; lifedomains: domains=debts,housing",
                client_ip="192.168.10.25",
            )
        )
        if len(batch) == 50:
            with transaction.atomic():
                chain.append(batch)
            batch = []
    if batch:
        with transaction.atomic():
            chain.append(batch)
    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM ANALYZE audit_accesslogentry"
        ) if connection.in_atomic_block is False else None
        cursor.execute("SELECT count(*) FROM audit_accesslogentry")
        (rows,) = cursor.fetchone()
        # Summed over the monthly partitions (a partitioned table has no storage of its own;
        # for a plain table pg_partition_tree is the table itself).
        cursor.execute(
            "SELECT sum(pg_relation_size(relid)), sum(pg_total_relation_size(relid)) "
            "FROM pg_partition_tree('audit_accesslogentry') WHERE isleaf"
        )
        table, total = cursor.fetchone()
        cursor.execute(
            "SELECT indexrelid::regclass::text, (SELECT sum(pg_relation_size(relid)) "
            "FROM pg_partition_tree(indexrelid) WHERE isleaf) FROM pg_index "
            "WHERE indrelid = 'audit_accesslogentry'::regclass ORDER BY 1"
        )
        indexes = cursor.fetchall()
    print(
        f"{rows} rows: table {table / rows:.0f} B/row, total with indexes {total / rows:.0f} B/row"
    )
    for name, size in indexes:
        print(f"  index {name}: {size / rows:.0f} B/row")


if __name__ == "__main__":
    main()
