"""PostgreSQL: bump the catalogue version on every statement that writes a listed table.

Statement-level triggers: a bulk insert of a thousand rows bumps it once. SQLite gets
row-level equivalents from practices.sqlite_triggers after every migrate.
"""

from django.db import migrations

# The tables as they were at this migration (frozen: 0012 replaces these triggers).
VERSIONED_TABLES = [
    "practices_practice",
    "practices_practice_services",
    "practices_practice_departments",
    "practices_practice_municipalities",
    "practices_criterionevidence",
    "practices_provider",
    "practices_category",
    "practices_service",
    "practices_edition",
    "practices_criterion",
    "practices_department",
    "practices_municipality",
]

FUNCTION = """
CREATE FUNCTION practices_bump_catalogue_version() RETURNS trigger AS $$
BEGIN
    UPDATE practices_catalogueversion SET version = version + 1, changed_at = now()
    WHERE id = 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in VERSIONED_TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION practices_bump_catalogue_version()",
            params=None,
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in VERSIONED_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_version ON {table}", params=None)
    schema_editor.execute("DROP FUNCTION IF EXISTS practices_bump_catalogue_version()", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0005_list_indexes"),
    ]

    operations = [migrations.RunPython(forward, backward)]
