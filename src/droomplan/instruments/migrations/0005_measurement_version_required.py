import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("instruments", "0004_versions_data")]

    operations = [
        migrations.AlterField(
            model_name="measurement",
            name="instrument_version",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="measurements",
                to="instruments.instrumentversion",
                verbose_name="version",
            ),
        ),
    ]
