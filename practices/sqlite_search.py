"""SQLite's search index: an FTS5 table over ``practices_practice.search_text``.

PostgreSQL has its own (migration 0003). On SQLite the index is an external-content FTS5
table kept by triggers. SQLite rebuilds a table to alter it and drops its triggers on the
way, so instead of a migration this runs after every ``migrate`` and puts back whatever is
missing, rebuilding the index when it had to.
"""

from django.db import connections

FTS_TABLE = "practices_practice_fts"
TRIGGERS = {
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


def ensure_sqlite_search_index(using="default", **kwargs):
    """Create the FTS5 table and its triggers where missing (post_migrate, SQLite only)."""
    db = connections[using]
    if db.vendor != "sqlite":
        return
    with db.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'practices_practice%%'")
        existing = {row[0] for row in cursor.fetchall()}
        if "practices_practice" not in existing:
            return
        missing = [name for name in [FTS_TABLE, *TRIGGERS] if name not in existing]
        if not missing:
            return
        if FTS_TABLE not in existing:
            cursor.execute(
                f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(search_text, "
                "content='practices_practice', content_rowid='id', "
                "tokenize='unicode61 remove_diacritics 2')"
            )
        for name, sql in TRIGGERS.items():
            if name not in existing:
                cursor.execute(sql)
        # Rows written while a trigger was missing: index everything again.
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
