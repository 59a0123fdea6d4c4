import django.utils.timezone
from django.db import migrations, models


def create_the_row(apps, schema_editor):
    apps.get_model("practices", "CatalogueVersion").objects.get_or_create(pk=1)


def drop_sqlite_version_triggers(apps, schema_editor):
    """Backwards, before the table goes: SQLite's version triggers (created after migrate
    by practices.sqlite_triggers) update it, and would break every later write."""
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        names = [row[0] for row in cursor.fetchall()]
    for name in names:
        if name.endswith(("_version_insert", "_version_update", "_version_delete")):
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


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
