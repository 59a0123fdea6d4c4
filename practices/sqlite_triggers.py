"""SQLite's triggers: the FTS5 search index and the catalogue version.

PostgreSQL gets the same behaviour from its migrations (0003: search vector; 0006:
catalogue version). On SQLite, altering a table rebuilds it and drops its triggers on the
way, so instead of a migration this runs after every ``migrate`` and puts back whatever is
missing, rebuilding the search index when it had to.
"""

from django.db import connections

FTS_TABLE = "practices_practice_fts"

# Every table whose rows the public list shows or filters by (see CatalogueVersion).
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

SEARCH_TRIGGERS = {
    "practices_practice_fts_insert": """
        CREATE TRIGGER practices_practice_fts_insert AFTER INSERT ON practices_practice BEGIN
            INSERT INTO practices_practice_fts(rowid, search_text)
            VALUES (new.id, new.search_text);
        END""",
    "practices_practice_fts_delete": """
        CREATE TRIGGER practices_practice_fts_delete AFTER DELETE ON practices_practice BEGIN
            INSERT INTO practices_practice_fts(practices_practice_fts, rowid, search_text)
            VALUES ('delete', old.id, old.search_text);
        END""",
    "practices_practice_fts_update": """
        CREATE TRIGGER practices_practice_fts_update AFTER UPDATE OF search_text
        ON practices_practice BEGIN
            INSERT INTO practices_practice_fts(practices_practice_fts, rowid, search_text)
            VALUES ('delete', old.id, old.search_text);
            INSERT INTO practices_practice_fts(rowid, search_text)
            VALUES (new.id, new.search_text);
        END""",
}


def version_triggers():
    return {
        f"{table}_version_{op.lower()}": f"""
            CREATE TRIGGER {table}_version_{op.lower()} AFTER {op} ON {table} BEGIN
                UPDATE practices_catalogueversion SET version = version + 1 WHERE id = 1;
            END"""
        for table in VERSIONED_TABLES
        for op in ("INSERT", "UPDATE", "DELETE")
    }


def ensure_sqlite_triggers(using="default", **kwargs):
    """Create the FTS5 table and the triggers where missing (post_migrate, SQLite only)."""
    db = connections[using]
    if db.vendor != "sqlite":
        return
    with db.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        existing = {row[0] for row in cursor.fetchall()}
        if not {*VERSIONED_TABLES, "practices_catalogueversion"} <= existing:
            return  # migrating backwards, or not migrated yet
        rebuild = False
        if FTS_TABLE not in existing:
            cursor.execute(
                f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(search_text, "
                "content='practices_practice', content_rowid='id', "
                "tokenize='unicode61 remove_diacritics 2')"
            )
            rebuild = True
        for name, sql in SEARCH_TRIGGERS.items():
            if name not in existing:
                cursor.execute(sql)
                rebuild = True
        for name, sql in version_triggers().items():
            if name not in existing:
                cursor.execute(sql)
        if rebuild:  # rows written while a trigger was missing: index everything again
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
        cursor.execute("UPDATE practices_catalogueversion SET version = version + 1 WHERE id = 1")
