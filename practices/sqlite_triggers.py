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
    "practices_thesaurusentry",  # the thesaurus changes what a search finds
]
VERSIONED_TABLES = [*PRACTICE_TABLES, *REFERENCE_TABLES]

# The index holds stems (practices.search.stems), made in Python by the function
# ``practices_stems`` that every SQLite connection registers (practices.apps): the title, the
# summary and the whole searchable text in three columns, which a search weighs as
# PostgreSQL does (practices.search).
STEMS_FUNCTION = "practices_stems"
FTS_COLUMNS = "title, summary, body"
_STEMS = (
    f"{STEMS_FUNCTION}(new.title), {STEMS_FUNCTION}(new.summary), {STEMS_FUNCTION}(new.search_text)"
)
SEARCH_TRIGGERS = {
    "practices_practice_stems_insert": f"""
        CREATE TRIGGER practices_practice_stems_insert AFTER INSERT ON practices_practice
        BEGIN
            INSERT INTO {FTS_TABLE}(rowid, {FTS_COLUMNS}) VALUES (new.id, {_STEMS});
        END""",
    "practices_practice_stems_delete": f"""
        CREATE TRIGGER practices_practice_stems_delete AFTER DELETE ON practices_practice
        BEGIN
            DELETE FROM {FTS_TABLE} WHERE rowid = old.id;
        END""",
    "practices_practice_stems_update": f"""
        CREATE TRIGGER practices_practice_stems_update
        AFTER UPDATE OF title, summary, search_text ON practices_practice BEGIN
            DELETE FROM {FTS_TABLE} WHERE rowid = old.id;
            INSERT INTO {FTS_TABLE}(rowid, {FTS_COLUMNS}) VALUES (new.id, {_STEMS});
        END""",
}
# Before stems: one column of folded words over the practices' table, matched by prefix.
OLD_SEARCH_TRIGGERS = [
    "practices_practice_fts_insert",
    "practices_practice_fts_delete",
    "practices_practice_fts_update",
]


def register_functions(sender, connection, **kwargs):
    """connection_created: SQLite connections get ``practices_stems`` (the triggers and the
    rebuild call it)."""
    if connection.vendor == "sqlite":
        from practices.search.stems import stemmed

        connection.connection.create_function(STEMS_FUNCTION, 1, stemmed, deterministic=True)


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
        if existing & set(OLD_SEARCH_TRIGGERS):  # the index of before stems goes
            for name in OLD_SEARCH_TRIGGERS:
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
            existing.discard(FTS_TABLE)
        if FTS_TABLE not in existing:
            # Stems only, matched whole, by column: no positions needed (detail=column).
            cursor.execute(
                f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({FTS_COLUMNS}, "
                "detail=column, tokenize='unicode61 remove_diacritics 2')"
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
            cursor.execute(f"DELETE FROM {FTS_TABLE}")
            cursor.execute(
                f"INSERT INTO {FTS_TABLE}(rowid, {FTS_COLUMNS}) SELECT id, "
                + _STEMS.replace("new.", "")
                + " FROM practices_practice"
            )
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
