"""Drop the access log's index on participant_id alone: the index on (participant_id, at
DESC) serves every lookup by participant, so the single-column index (which Django made for the
foreign key) only cost space and insert time (issue 18).

Only the index is dropped (DROP INDEX), never the table: on SQLite, Django's AlterField would
rebuild the table and lose the trigger that moves the hash chain's head (0005)."""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "audit_accesslogentry"


def single_column_indexes(schema_editor) -> list[str]:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    return [
        name
        for name, info in constraints.items()
        if info["index"]
        and not info["unique"]
        and not info["primary_key"]
        and info["columns"] == ["participant_id"]
    ]


def drop(apps, schema_editor):
    for name in single_column_indexes(schema_editor):
        schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def restore(apps, schema_editor):
    if not single_column_indexes(schema_editor):
        schema_editor.execute(
            f"CREATE INDEX audit_accesslogentry_participant_id ON {TABLE} (participant_id)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0005_chain_existing_entries_and_triggers"),
        ("cases", "0007_search_trigram"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="accesslogentry",
                    name="participant",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="access_log",
                        to="cases.participant",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop, restore)],
        ),
    ]
