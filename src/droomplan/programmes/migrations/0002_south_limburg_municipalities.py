from django.db import migrations

# The six municipalities of the Droommoeders programme (CBS codes).
MUNICIPALITIES = [
    ("GM0935", "Maastricht"),
    ("GM1903", "Eijsden-Margraten"),
    ("GM1729", "Gulpen-Wittem"),
    ("GM0938", "Meerssen"),
    ("GM0981", "Vaals"),
    ("GM0994", "Valkenburg aan de Geul"),
]


def add_municipalities(apps, schema_editor):
    Municipality = apps.get_model("programmes", "Municipality")
    for code, name in MUNICIPALITIES:
        Municipality.objects.update_or_create(cbs_code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]

    operations = [migrations.RunPython(add_municipalities, migrations.RunPython.noop)]
