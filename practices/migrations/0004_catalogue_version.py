import django.utils.timezone
from django.db import migrations, models


def create_the_row(apps, schema_editor):
    apps.get_model("practices", "CatalogueVersion").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0003_search"),
    ]

    operations = [
        migrations.CreateModel(
            name="CatalogueVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.PositiveBigIntegerField(default=0)),
                ("changed_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "verbose_name": "versión del catálogo",
                "verbose_name_plural": "versión del catálogo",
            },
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
