import django.utils.timezone
from django.db import migrations, models


def create_the_row(apps, schema_editor):
    apps.get_model("practices", "CatalogueVersion").objects.get_or_create(pk=1)


def drop_sqlite_version_triggers(apps, schema_editor):
    """Backwards, before the table goes: SQLite's version triggers (created after migrate
    by practices.sqlite_triggers) update it, and would break every later write."""
    if schema_editor.connection.vendor != "sqlite":
        return
    from practices.sqlite_triggers import VERSIONED_TABLES

    for table in VERSIONED_TABLES:
        for action in ("insert", "update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_version_{action}")


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
        migrations.RunPython(create_the_row, drop_sqlite_version_triggers),
    ]
