"""Chain the entries written before the hash chain existed, then install the triggers:
on every insert the chain head moves to the newest entry (PostgreSQL and SQLite), and on
PostgreSQL UPDATE and DELETE on the access log are refused, except a DELETE inside
`droomplan prune_access_log` (retention), which sets `droomplan.retention` for its own
transaction."""

from django.db import migrations

TABLE = "audit_accesslogentry"
HEAD = "audit_accesslogchain"

POSTGRESQL = [
    f"""
    CREATE OR REPLACE FUNCTION droomplan_access_log_guard() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' AND current_setting('droomplan.retention', true) = 'on' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'The access log is append-only: % refused. Only droomplan '
            'prune_access_log removes old entries (retention).', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END;
    $$;
    """,
    f"""
    CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION droomplan_access_log_guard();
    """,
    f"""
    CREATE OR REPLACE FUNCTION droomplan_access_log_advance() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE {HEAD} AS head SET last_id = newest.id, last_hash = newest.hash
        FROM (SELECT id, hash FROM new_rows ORDER BY id DESC LIMIT 1) AS newest
        WHERE head.id = 1;
        RETURN NULL;
    END;
    $$;
    """,
    f"""
    CREATE TRIGGER {TABLE}_advance_chain AFTER INSERT ON {TABLE}
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION droomplan_access_log_advance();
    """,
]

POSTGRESQL_REVERSE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_advance_chain ON {TABLE};",
    "DROP FUNCTION IF EXISTS droomplan_access_log_advance();",
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};",
    "DROP FUNCTION IF EXISTS droomplan_access_log_guard();",
]

SQLITE = [
    f"""
    CREATE TRIGGER {TABLE}_advance_chain AFTER INSERT ON {TABLE}
    BEGIN
        UPDATE {HEAD} SET last_id = NEW.id, last_hash = NEW.hash WHERE id = 1;
    END;
    """,
]

SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS {TABLE}_advance_chain;"]


def chain_existing(apps, schema_editor):
    from droomplan.audit.chain import FIELDS, entry_hash

    Entry = apps.get_model("audit", "AccessLogEntry")
    Chain = apps.get_model("audit", "AccessLogChain")
    db = schema_editor.connection.alias
    prev, last_id, batch = "", None, []
    for entry in Entry.objects.using(db).order_by("id").iterator(chunk_size=2000):
        values = {name: getattr(entry, name) for name in FIELDS}
        entry.prev_hash = prev
        entry.hash = prev = entry_hash(values, prev)
        last_id = entry.id
        batch.append(entry)
        if len(batch) >= 2000:
            Entry.objects.using(db).bulk_update(batch, ["prev_hash", "hash"])
            batch = []
    if batch:
        Entry.objects.using(db).bulk_update(batch, ["prev_hash", "hash"])
    Chain.objects.using(db).update_or_create(pk=1, defaults={"last_id": last_id, "last_hash": prev})


def run(statements):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql, params=None)

    return apply


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_access_log_chain")]

    operations = [
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.RunPython(
            run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
