"""Fast inserts for the importer: rows as dicts, one `executemany` (SQLite) or `COPY`
(PostgreSQL) per table and batch, without returning ids."""

from django.db import connection
from django.utils import timezone

_RAW_TYPES = {
    "CharField",
    "TextField",
    "SlugField",
    "EmailField",
    "BooleanField",
    "IntegerField",
    "SmallIntegerField",
    "BigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
    "ForeignKey",
}


def insert(model, objs: list[dict]) -> None:
    """Insert rows (dicts of attribute name → value) without returning ids, with one
    `executemany` per chunk: several times faster than `bulk_create` for the many small rows
    of an import. Values are prepared the way Django saves them; fields a row leaves out get
    their default."""
    if not objs:
        return
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    present = set().union(*(o.keys() for o in objs))
    adapt_date = connection.ops.adapt_datefield_value
    adapt_json = connection.ops.adapt_json_value
    converters = []
    for f in fields:
        internal = f.get_internal_type()
        if getattr(f, "auto_now_add", False) and f.attname in present:
            # a fact's own moment (exchange version 2: created on its own date)
            converters.append((f.attname, "moment", f))
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            converters.append((f.attname, "const", f.get_db_prep_save(now, connection)))
        elif f.attname not in present:
            default = f.get_default() if f.has_default() else (None if f.null else "")
            converters.append((f.attname, "const", f.get_db_prep_save(default, connection)))
        elif internal == "DateField":
            converters.append((f.attname, "date", None))
        elif internal == "JSONField":
            converters.append((f.attname, "json", f.encoder))
        elif internal in _RAW_TYPES:
            converters.append((f.attname, "raw", None))
        else:
            converters.append((f.attname, "field", f))
    # A field some rows leave out gets its default there.
    defaults = {
        f.attname: (f.get_default() if f.has_default() else (None if f.null else ""))
        for f in fields
    }
    rows = []
    for obj in objs:
        row = []
        for attname, how, extra in converters:
            if how == "const":
                row.append(extra)
                continue
            value = obj[attname] if attname in obj else defaults[attname]
            if how == "raw":
                row.append(value)
            elif how == "date":
                row.append(adapt_date(value))
            elif how == "moment":
                row.append(extra.get_db_prep_save(value or now, connection))
            elif how == "json":
                row.append(adapt_json(value, extra))
            else:
                row.append(extra.get_db_prep_save(value, connection))
        rows.append(row)
    qn = connection.ops.quote_name
    table = qn(meta.db_table)
    columns = ", ".join(qn(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            # SQLite (in-process): executemany re-uses one prepared statement.
            one = "({})".format(", ".join(["%s"] * len(fields)))
            sql = f"INSERT INTO {table} ({columns}) VALUES {one}"  # noqa: S608 (names from models)
            for start in range(0, len(rows), 2000):
                cursor.executemany(sql, rows[start : start + 2000])
            return
        # PostgreSQL: COPY, the bulk-load path (no statement per row or chunk).
        raw = cursor.cursor
        sql = f"COPY {table} ({columns}) FROM STDIN"
        with raw.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
