"""One trigram index for the caseload search on PostgreSQL, instead of one per column.

The search matches each term against given name, family name and case number. As three
`icontains` (``UPPER(col::text) LIKE …`` on each column, joined by OR) PostgreSQL costed three
bitmap index scans above reading the whole table, and read it (160 ms at 100,000 families for
"Jansen"). The search now matches one text, the three joined by a space
(`cases.selectors.SearchText`; a term has no space, so it matches the same families), and this
index is on exactly that expression: one bitmap index scan, 2 ms. The per-column indexes of
`0007_search_trigram` are dropped (nothing else searches those columns with a pattern). Not in
the model state on purpose (PostgreSQL only), like `0007`; `SEARCH_INDEX` is what the test
checks."""

import importlib

from django.db import migrations

SEARCH_INDEX = "cases_participant_search_trgm"
SEARCH_EXPRESSION = 'UPPER(("given_name" || \' \' || "family_name" || \' \' || "ref")::text)'
_old = importlib.import_module("droomplan.cases.migrations.0007_search_trigram")


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{SEARCH_INDEX}" ON "cases_participant" '
        f"USING gin (({SEARCH_EXPRESSION}) gin_trgm_ops)"
    )
    _old.drop_indexes(apps, schema_editor)
    # statistics of the new expression, for the planner's estimate of a search's matches
    schema_editor.execute('ANALYZE "cases_participant"')


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _old.create_indexes(apps, schema_editor)
    schema_editor.execute(f'DROP INDEX IF EXISTS "{SEARCH_INDEX}"')


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_worklist_waiting_and_intake_indexes")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
