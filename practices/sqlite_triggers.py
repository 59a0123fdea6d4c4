"""SQLite's triggers: the FTS5 search index, the catalogue version and its change log.

PostgreSQL gets the same behaviour from its migrations (0003 and 0013: search; 0006 and
0012: catalogue version and change log). On SQLite, altering a table rebuilds it and drops
its triggers on the way, so instead of a migration this runs after every ``migrate`` and
puts back whatever is missing, rebuilding the search index when it had to.
"""

from django.db import connections

FTS_TABLE = "practices_practice_fts"
VERSION_TABLE = "practices_catalogueversion"
CHANGE_TABLE = "practices_cataloguechange"

# Tables of a practice's ficha, with the column that names the practice: a write to them
# is logged as a change of that practice (see CatalogueChange).
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
# Reference data the public pages show: a write is logged as a change of no practice.
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
VERSIONED_TABLES = [*PRACTICE_TABLES, *REFERENCE_TABLES]

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


def change_triggers():
    """{name: SQL}: after every row written to a versioned table, the version moves on with
    a new stamp and the change is logged with both (the row of the version is created if a
    test's flush removed it)."""
    triggers = {}
    for table in VERSIONED_TABLES:
        column = PRACTICE_TABLES.get(table)
        for op in ("INSERT", "UPDATE", "DELETE"):
            row = "old" if op == "DELETE" else "new"
            practice = f"{row}.{column}" if column else "NULL"
            triggers[f"{table}_log_{op.lower()}"] = f"""
                CREATE TRIGGER {table}_log_{op.lower()} AFTER {op} ON {table} BEGIN
                    INSERT OR IGNORE INTO {VERSION_TABLE} (id, version, changed_at, stamp)
                    VALUES (1, 0, CURRENT_TIMESTAMP, 0);
                    UPDATE {VERSION_TABLE} SET version = version + 1, stamp = random()
                    WHERE id = 1;
                    INSERT INTO {CHANGE_TABLE} (version, stamp, practice_id)
                    SELECT version, stamp, {practice} FROM {VERSION_TABLE} WHERE id = 1;
                END"""
    return triggers


def ensure_sqlite_triggers(using="default", **kwargs):
    """Create the FTS5 table and the triggers where missing (post_migrate, SQLite only)."""
    db = connections[using]
    if db.vendor != "sqlite":
        return
    with db.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        existing = {row[0] for row in cursor.fetchall()}
        if not {*VERSIONED_TABLES, VERSION_TABLE, CHANGE_TABLE} <= existing:
            return  # migrating backwards, or not migrated yet
        # Triggers of before the change log (bumping the version only) make way.
        for name in sorted(existing):
            if name.endswith(("_version_insert", "_version_update", "_version_delete")):
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
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
        for name, sql in change_triggers().items():
            if name not in existing:
                cursor.execute(sql)
        if rebuild:  # rows written while a trigger was missing: index everything again
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
        # Writes may have gone unlogged while triggers were missing: every snapshot
        # rebuilds (CatalogueVersion.forget_changes, in SQL: this runs inside migrate).
        cursor.execute(f"DELETE FROM {CHANGE_TABLE}")
        cursor.execute(
            f"UPDATE {VERSION_TABLE} SET version = version + 1, stamp = random() WHERE id = 1"
        )
        cursor.execute(
            f"INSERT INTO {CHANGE_TABLE} (version, stamp, practice_id) "
            f"SELECT version, stamp, NULL FROM {VERSION_TABLE} WHERE id = 1"
        )
