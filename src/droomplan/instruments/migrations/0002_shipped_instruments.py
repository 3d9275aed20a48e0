"""The six shipped instruments (codes, ranges, scoring of the exchange format, our own labels)."""

from django.db import migrations

from droomplan.instruments.definitions import shipped_rows


def create_shipped(apps, schema_editor):
    Instrument = apps.get_model("instruments", "Instrument")
    Item = apps.get_model("instruments", "Item")
    for row in shipped_rows():
        row = dict(row)
        items = row.pop("items")
        instrument, created = Instrument.objects.get_or_create(code=row["code"], defaults=row)
        if not created:
            continue
        Item.objects.bulk_create(Item(instrument=instrument, **item) for item in items)


def remove_shipped(apps, schema_editor):
    Instrument = apps.get_model("instruments", "Instrument")
    Instrument.objects.filter(
        code__in=[row["code"] for row in shipped_rows()], measurements__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("instruments", "0001_initial")]

    operations = [migrations.RunPython(create_shipped, remove_shipped)]
