"""Search fields; on PostgreSQL, Spanish accent-folded full-text search and trigrams.

PostgreSQL only (SQLite gets the plain columns and searches ``search_text``):

- extensions ``unaccent`` and ``pg_trgm`` (creating them needs a superuser or the
  extensions already installed by the database administrator);
- text-search configuration ``es_unaccent``: a copy of ``spanish`` whose words go through
  ``unaccent`` before the Spanish stemmer, so "gestion perdida bogota" matches
  "Gestión de pérdidas en Bogotá";
- a trigger that keeps ``search_vector`` = title (A) + summary (B) + search_text (C) on
  every insert and update, bulk inserts included;
- a GIN index on ``search_vector`` (full-text search) and a trigram GIN index on
  ``search_names`` (typo-tolerant fallback).
"""

import django.contrib.postgres.search
from django.db import migrations, models

from practices.search import search_fields

FORWARD = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'es_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION es_unaccent (COPY = spanish);
        ALTER TEXT SEARCH CONFIGURATION es_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
    END IF;
END $$;
CREATE FUNCTION practices_practice_search_vector() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('es_unaccent', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('es_unaccent', coalesce(NEW.summary, '')), 'B') ||
        setweight(to_tsvector('es_unaccent', coalesce(NEW.search_text, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER practices_practice_search_vector
    BEFORE INSERT OR UPDATE ON practices_practice
    FOR EACH ROW EXECUTE FUNCTION practices_practice_search_vector();
-- WHERE search_vector @@ query: the list's full-text search.
CREATE INDEX practices_practice_search_vector_gin
    ON practices_practice USING gin (search_vector);
-- WHERE search_names %> 'quindoi': the typo-tolerant fallback.
CREATE INDEX practices_practice_search_names_trgm
    ON practices_practice USING gin (search_names gin_trgm_ops);
"""

BACKWARD = """
DROP INDEX IF EXISTS practices_practice_search_names_trgm;
DROP INDEX IF EXISTS practices_practice_search_vector_gin;
DROP TRIGGER IF EXISTS practices_practice_search_vector ON practices_practice;
DROP FUNCTION IF EXISTS practices_practice_search_vector();
"""


def postgresql_only(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


def backward(apps, schema_editor):
    """PostgreSQL: BACKWARD (the extensions and the text-search configuration stay: other
    databases of the server may use them). SQLite: the FTS5 table and its triggers, which
    practices.sqlite_triggers created after migrate and which read ``search_text``."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for action in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS practices_practice_fts_{action}")
        schema_editor.execute("DROP TABLE IF EXISTS practices_practice_fts")


def fill_search_fields(apps, schema_editor):
    Practice = apps.get_model("practices", "Practice")
    for practice in Practice.objects.select_related("provider", "category").iterator():
        names = [
            practice.title,
            practice.code,
            practice.provider.name,
            practice.provider.short_name,
            practice.category.name,
            *(s.name for s in practice.services.all()),
            *(d.name for d in practice.departments.all()),
            *(m.name for m in practice.municipalities.all()),
        ]
        texts = [
            practice.summary,
            practice.target_population,
            practice.impact,
            practice.validation,
            practice.replicability,
            practice.limitations,
            practice.coverage_note,
            practice.dates_note,
        ]
        for factor in practice.success_factors.all():
            texts += [factor.title, factor.description]
        search_text, search_names = search_fields(texts, names)
        Practice.objects.filter(pk=practice.pk).update(
            search_text=search_text, search_names=search_names
        )


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0002_reference_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="practice",
            name="search_names",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="practice",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="practice",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(postgresql_only(FORWARD), backward),
        migrations.RunPython(fill_search_fields, migrations.RunPython.noop),
    ]
