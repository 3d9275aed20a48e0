"""Trigram indexes for the caseload search on PostgreSQL (SQLite is left as it is).

The search is `icontains` on given name, family name and case number, which Django writes as
``UPPER(col::text) LIKE UPPER('%term%')``: a B-tree index cannot serve a pattern with a leading
``%``, so PostgreSQL read the whole table. A GIN index with ``gin_trgm_ops`` on exactly that
expression lets it use a bitmap index scan. The indexes are not in the model state on purpose
(they exist only on PostgreSQL); `SEARCH_INDEXES` is what the test checks."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

SEARCH_INDEXES = {
    f"cases_participant_{column}_trgm": column for column in ("given_name", "family_name", "ref")
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in SEARCH_INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "cases_participant" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in SEARCH_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_contact_professionals_only")]

    operations = [
        TrigramExtension(),  # does nothing on SQLite
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
