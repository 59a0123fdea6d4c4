"""PostgreSQL: the full-text index moves beside the practices, into a narrow table.

Matching a common word read every matching row of ``practices_practice`` (about 2 KB
each, 200 MB at 100.000 practices) to check it and rank it. ``practices_practice_search``
holds per practice only what search reads, each with a GIN index: ``document`` (title A,
summary B, everything else C), ``title`` and ``summary``; the vectors are stored out of
line, so the rows are a hundred bytes and a search that matches a third of the
catalogue reads a few megabytes (practices.search). Row triggers keep it in step with
``practices_practice`` (insert, update of the searched columns, delete, truncate). No
foreign key, so that truncating the practices (Django's test flush) needs no CASCADE.

SQLite is untouched: its FTS5 index (practices.sqlite_triggers) already lives beside.
"""

from django.db import migrations

FORWARD = """
DROP TRIGGER IF EXISTS practices_practice_search_vector ON practices_practice;
DROP FUNCTION IF EXISTS practices_practice_search_vector();
DROP INDEX IF EXISTS practices_practice_search_vector_gin;
CREATE TABLE practices_practice_search (
    practice_id bigint PRIMARY KEY,
    document tsvector NOT NULL,
    title tsvector NOT NULL,
    summary tsvector NOT NULL
) WITH (toast_tuple_target = 128);
ALTER TABLE practices_practice_search
    ALTER COLUMN document SET STORAGE EXTERNAL,
    ALTER COLUMN title SET STORAGE EXTERNAL,
    ALTER COLUMN summary SET STORAGE EXTERNAL,
    -- No statistics for the planner: with them, a word in most practices looks cheaper
    -- to check row by row (reading every out-of-line vector) than through the index.
    ALTER COLUMN document SET STATISTICS 0,
    ALTER COLUMN title SET STATISTICS 0,
    ALTER COLUMN summary SET STATISTICS 0;
CREATE FUNCTION practices_practice_search_index() RETURNS trigger AS $$
DECLARE
    title tsvector;
    summary tsvector;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE practices_practice_search;
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        DELETE FROM practices_practice_search WHERE practice_id = OLD.id;
        RETURN NULL;
    END IF;
    title := to_tsvector('es_unaccent', coalesce(NEW.title, ''));
    summary := to_tsvector('es_unaccent', coalesce(NEW.summary, ''));
    INSERT INTO practices_practice_search (practice_id, document, title, summary)
    VALUES (
        NEW.id,
        setweight(title, 'A') || setweight(summary, 'B')
        || setweight(to_tsvector('es_unaccent', coalesce(NEW.search_text, '')), 'C'),
        title,
        summary
    )
    ON CONFLICT (practice_id) DO UPDATE
    SET document = EXCLUDED.document, title = EXCLUDED.title, summary = EXCLUDED.summary;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER practices_practice_search_insert AFTER INSERT ON practices_practice
    FOR EACH ROW EXECUTE FUNCTION practices_practice_search_index();
CREATE TRIGGER practices_practice_search_update AFTER UPDATE ON practices_practice
    FOR EACH ROW WHEN (
        OLD.title IS DISTINCT FROM NEW.title
        OR OLD.summary IS DISTINCT FROM NEW.summary
        OR OLD.search_text IS DISTINCT FROM NEW.search_text
        OR OLD.id IS DISTINCT FROM NEW.id
    ) EXECUTE FUNCTION practices_practice_search_index();
CREATE TRIGGER practices_practice_search_delete AFTER DELETE ON practices_practice
    FOR EACH ROW EXECUTE FUNCTION practices_practice_search_index();
CREATE TRIGGER practices_practice_search_truncate AFTER TRUNCATE ON practices_practice
    FOR EACH STATEMENT EXECUTE FUNCTION practices_practice_search_index();
INSERT INTO practices_practice_search (practice_id, document, title, summary)
SELECT id,
    setweight(to_tsvector('es_unaccent', coalesce(title, '')), 'A')
    || setweight(to_tsvector('es_unaccent', coalesce(summary, '')), 'B')
    || setweight(to_tsvector('es_unaccent', coalesce(search_text, '')), 'C'),
    to_tsvector('es_unaccent', coalesce(title, '')),
    to_tsvector('es_unaccent', coalesce(summary, ''))
FROM practices_practice;
-- WHERE document @@ query: every search; title and summary: its relevance.
CREATE INDEX practices_practice_search_document
    ON practices_practice_search USING gin (document);
CREATE INDEX practices_practice_search_title ON practices_practice_search USING gin (title);
CREATE INDEX practices_practice_search_summary
    ON practices_practice_search USING gin (summary);
"""

BACKWARD = """
DROP TRIGGER IF EXISTS practices_practice_search_insert ON practices_practice;
DROP TRIGGER IF EXISTS practices_practice_search_update ON practices_practice;
DROP TRIGGER IF EXISTS practices_practice_search_delete ON practices_practice;
DROP TRIGGER IF EXISTS practices_practice_search_truncate ON practices_practice;
DROP FUNCTION IF EXISTS practices_practice_search_index();
DROP TABLE IF EXISTS practices_practice_search;
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
UPDATE practices_practice SET search_text = search_text;
CREATE INDEX practices_practice_search_vector_gin
    ON practices_practice USING gin (search_vector);
"""


def postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0012_catalogue_changes"),
    ]

    operations = [
        # Backwards, search_vector comes back (empty) first, then BACKWARD fills it.
        migrations.RunPython(postgresql(FORWARD), postgresql(BACKWARD)),
        migrations.RemoveField(model_name="practice", name="search_vector"),
    ]
