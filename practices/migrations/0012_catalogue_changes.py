"""The catalogue's change log, and the title's sort key.

- ``CatalogueChange``: which practice changed in which catalogue version. On PostgreSQL
  the statement-level triggers of 0006 are replaced by ones that bump the version *and*
  log the practices the statement touched (transition tables: a bulk insert of a thousand
  rows is one bump and one INSERT … SELECT). Each bump gives the version a new random
  ``stamp``, logged with the changes. A TRUNCATE empties the log: it no longer tells
  everything, every snapshot rebuilds. SQLite gets row-level equivalents
  from practices.sqlite_triggers after every migrate.
- ``Practice.sort_title``: practices.text.sort_key(title), filled for existing rows.

The SQL is frozen here (a migration must not follow code that changes later).
"""

import django.db.models.functions.datetime
from django.db import migrations, models

PRACTICE_TABLES = {
    "practices_practice": "id",
    "practices_practice_services": "practice_id",
    "practices_practice_departments": "practice_id",
    "practices_practice_municipalities": "practice_id",
    "practices_criterionevidence": "practice_id",
    "practices_successfactor": "practice_id",
    "practices_impactmetric": "practice_id",
    "practices_link": "practice_id",
}
REFERENCE_TABLES = [
    "practices_provider",
    "practices_provider_services",
    "practices_category",
    "practices_service",
    "practices_edition",
    "practices_evaluationcriterion",
    "practices_criterion",
    "practices_department",
    "practices_municipality",
]
# What 0006 created, put back when going backwards.
OLD_TABLES = [
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
CREATE FUNCTION practices_log_change() RETURNS trigger AS $$
DECLARE
    new_version bigint;
    new_stamp bigint := (random() * 9007199254740991)::bigint;
    touched boolean;
    source text := CASE WHEN TG_OP = 'DELETE' THEN 'old_rows' ELSE 'new_rows' END;
BEGIN
    IF TG_OP <> 'TRUNCATE' THEN
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s)', source) INTO touched;
        IF NOT touched THEN
            RETURN NULL;
        END IF;
    END IF;
    INSERT INTO practices_catalogueversion AS v (id, version, changed_at, stamp)
    VALUES (1, 1, now(), new_stamp)
    ON CONFLICT (id) DO UPDATE SET version = v.version + 1, changed_at = now(), stamp = new_stamp
    RETURNING version INTO new_version;
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM practices_cataloguechange;
    ELSIF TG_ARGV[0] = '' THEN
        INSERT INTO practices_cataloguechange (version, stamp, practice_id)
        VALUES (new_version, new_stamp, NULL);
    ELSIF TG_OP = 'UPDATE' THEN
        EXECUTE format(
            'INSERT INTO practices_cataloguechange (version, stamp, practice_id) '
            'SELECT $1, $2, changed FROM (SELECT %1$I AS changed FROM new_rows '
            'UNION SELECT %1$I FROM old_rows) AS rows', TG_ARGV[0]
        ) USING new_version, new_stamp;
    ELSE
        EXECUTE format(
            'INSERT INTO practices_cataloguechange (version, stamp, practice_id) '
            'SELECT DISTINCT $1, $2, %I FROM %s', TG_ARGV[0], source
        ) USING new_version, new_stamp;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""

OLD_FUNCTION = """
CREATE FUNCTION practices_bump_catalogue_version() RETURNS trigger AS $$
BEGIN
    UPDATE practices_catalogueversion SET version = version + 1, changed_at = now()
    WHERE id = 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""


def _triggers():
    """(name, table, SQL) of every trigger this migration creates."""
    for table in [*PRACTICE_TABLES, *REFERENCE_TABLES]:
        column = PRACTICE_TABLES.get(table, "")
        for op, transition in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        ):
            name = f"{table}_log_{op.lower()}"
            yield name, table, (
                f"CREATE TRIGGER {name} AFTER {op} ON {table} REFERENCING {transition} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION practices_log_change('{column}')"
            )
        name = f"{table}_log_truncate"
        yield name, table, (
            f"CREATE TRIGGER {name} AFTER TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION practices_log_change('')"
        )


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in OLD_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_version ON {table}", params=None)
    schema_editor.execute("DROP FUNCTION IF EXISTS practices_bump_catalogue_version()", params=None)
    schema_editor.execute(FUNCTION, params=None)
    for _name, _table, sql in _triggers():
        schema_editor.execute(sql, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        # practices.sqlite_triggers made them after migrate; they write the log that goes.
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            names = [row[0] for row in cursor.fetchall()]
        for name in names:
            if name.endswith(("_log_insert", "_log_update", "_log_delete")):
                schema_editor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
        return
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, _sql in _triggers():
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}", params=None)
    schema_editor.execute("DROP FUNCTION IF EXISTS practices_log_change()", params=None)
    schema_editor.execute(OLD_FUNCTION, params=None)
    for table in OLD_TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION practices_bump_catalogue_version()",
            params=None,
        )


def fill_sort_titles(apps, schema_editor):
    from practices.text import sort_key

    Practice = apps.get_model("practices", "Practice")
    batch = []
    for practice in Practice.objects.only("pk", "title").iterator(chunk_size=2000):
        practice.sort_title = sort_key(practice.title)
        batch.append(practice)
        if len(batch) == 2000:
            Practice.objects.bulk_update(batch, ["sort_title"])
            batch = []
    Practice.objects.bulk_update(batch, ["sort_title"])


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0011_code_help_text_is_html"),
    ]

    operations = [
        migrations.AddField(
            model_name="catalogueversion",
            name="stamp",
            field=models.BigIntegerField(default=0),
        ),
        migrations.CreateModel(
            name="CatalogueChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.PositiveBigIntegerField()),
                ("stamp", models.BigIntegerField()),
                ("practice_id", models.BigIntegerField(null=True)),
                (
                    "at",
                    models.DateTimeField(db_default=django.db.models.functions.datetime.Now()),
                ),
            ],
            options={
                "verbose_name": "cambio del catálogo",
                "verbose_name_plural": "cambios del catálogo",
                "indexes": [models.Index(fields=["version"], name="catalogue_change_version")],
            },
        ),
        migrations.AddField(
            model_name="practice",
            name="sort_title",
            field=models.CharField(default="", editable=False, max_length=60),
        ),
        migrations.RunPython(fill_sort_titles, migrations.RunPython.noop),
        migrations.RunPython(forward, backward),
    ]
