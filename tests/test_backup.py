"""Backups: nothing entered is lost (ops/backup.py; `make backup`, `make restore`).

The round trip runs the real commands in processes of their own against a database of
the test's own (SQLite always; PostgreSQL when reachable): migrate, seed practices with
their rows, users, groups, workflow transitions and an admin edit (history), back up,
change things, restore over them, wipe the database, restore again, and restore into
another database. Each time every table has the same rows (counts and checksums), the
open-data export of every practice and the users are the same, and new rows can be written.
"""

import io
import json
import re
import sqlite3
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ops.backup import BackupError, describe, restore

from .ops import child_env, drop_postgres_database, manage, own_postgres_database, script


def steps(env, *steps):
    """Run scenario steps in one process; the snapshot it printed last (and the output)."""
    output = script(env, "backup_scenario", *steps).stdout
    return json.loads(output.strip().splitlines()[-1]), output


def assert_same_data(expected, actual):
    assert actual["counts"] == expected["counts"]
    different = [
        t for t in expected["checksums"] if actual["checksums"][t] != expected["checksums"][t]
    ]
    assert not different, f"tables whose rows differ: {different}"
    for key in ("practices", "opendata", "users", "history", "search"):
        assert actual[key] == expected[key], key


class SQLiteTarget:
    def __init__(self, folder):
        self.folder = folder
        self.path = folder / "catalogue.sqlite3"
        self.url = f"sqlite:///{self.path}"
        self.into = str(folder / "copy.sqlite3")
        self.into_url = f"sqlite:///{self.into}"
        self.suffix = ".sqlite3"
        self.label = "catalogue"

    def wipe(self):
        self.path.unlink()


class PostgreSQLTarget:
    def __init__(self, url):
        self.url = url
        self.label = url.rsplit("/", 1)[1]
        self.into = f"{self.label}_copy"
        self.into_url = f"{url}_copy"
        self.suffix = ".dump"

    def wipe(self):
        drop_postgres_database(self.label)


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request, tmp_path):
    if request.param == "sqlite":
        yield SQLiteTarget(tmp_path)
        return
    with own_postgres_database("backup") as url:
        target = PostgreSQLTarget(url)
        try:
            yield target
        finally:
            drop_postgres_database(target.into)


def test_a_full_round_trip_loses_nothing(target, tmp_path):
    backups = tmp_path / "backups"
    env = child_env(target.url, BACKUP_DIR=backups)
    before, _ = steps(env, "migrate", "seed", "snapshot")
    assert before["practices"] >= 14  # reference + demo + a revision
    assert before["counts"]["practices_historicalpractice"] > 0
    assert before["counts"]["practices_transition"] >= 1
    assert before["counts"]["auth_user_groups"] >= 4

    output = manage(env, "backup").stdout
    [written] = backups.iterdir()
    assert re.fullmatch(rf"{target.label}-\d{{8}}-\d{{6}}Z{target.suffix}", written.name)
    assert str(written) in output
    assert written.stat().st_mode & 0o077 == 0  # personal data: its owner's eyes only
    assert backups.stat().st_mode & 0o077 == 0

    changed, _ = steps(env, "modify", "snapshot")
    assert changed["practices"] < before["practices"]
    assert changed["users"] != before["users"]

    # Over the changed database: back as it was, and what it was is kept aside.
    after, output = steps(env, f"restore={written}", "snapshot")
    assert_same_data(before, after)
    assert after["version"] > changed["version"]  # no cached page of the lost edits returns
    [aside] = [p for p in backups.iterdir() if "before-restore" in p.name]
    assert str(aside) in output

    # The database is gone: restoring makes it again, and new rows follow the old ones.
    target.wipe()
    again, _ = steps(env, f"restore={written}", "snapshot+probe-write")
    assert_same_data(before, again)
    assert again["probe_write"] is True

    # Into another database, beside the configured one.
    manage(env, "restore", str(written), "--into", target.into, "--no-input")
    copy, _ = steps(child_env(target.into_url), "snapshot")
    assert_same_data(before, copy)


def test_a_file_that_is_no_backup_is_refused_and_nothing_changes(tmp_path):
    from django.db import connection

    junk = tmp_path / "notes.dump"
    junk.write_text("not a backup")
    with pytest.raises(BackupError, match="neither a pg_dump"):
        describe(junk)
    with pytest.raises(BackupError, match="no such file"):
        describe(tmp_path / "missing.dump")

    stranger = tmp_path / "stranger.sqlite3"
    with sqlite3.connect(stranger) as stranger_db:
        stranger_db.execute("CREATE TABLE t (x)")
    stranger_db.close()
    expected = "not a backup of this project" if connection.vendor == "sqlite" else "is a sqlite"
    with pytest.raises(BackupError, match=expected):
        restore(stranger, into=str(tmp_path / "x.sqlite3"))
    assert not (tmp_path / "x.sqlite3").exists()


def test_a_backup_of_the_other_kind_of_database_is_refused(tmp_path):
    from django.db import connection

    other = tmp_path / "other.dump"
    if connection.vendor == "sqlite":
        other.write_bytes(b"PGDMP\x01\x0e\x00" + b"\x00" * 64)
        kind = "postgresql"
    else:
        with sqlite3.connect(tmp_path / "other.sqlite3") as conn:
            conn.execute("CREATE TABLE django_migrations (id)")
        conn.close()
        other = tmp_path / "other.sqlite3"
        kind = "sqlite"
    with pytest.raises(BackupError, match=f"is a {kind} backup"):
        restore(other, into="anything")


def test_restore_asks_before_overwriting_unless_told_not_to(tmp_path, monkeypatch):
    backup_file = tmp_path / "b.sqlite3"
    with sqlite3.connect(backup_file) as conn:
        conn.execute("CREATE TABLE django_migrations (id)")
    conn.close()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal, as in cron or CI
    with pytest.raises(CommandError, match="--no-input"):
        call_command("restore", str(backup_file))
    assert Path(backup_file).exists()


class Marker:
    """A table of one row in the target database, read and written without Django (no
    migrations: a restore asks only for the tables of its checks and of the version)."""

    def __init__(self, target):
        self.target = target

    def _run(self, statement, params=()):
        if self.target.suffix == ".dump":
            import psycopg

            with psycopg.connect(self.target.url, autocommit=True) as conn:
                cursor = conn.execute(statement, params)
                return cursor.fetchall() if cursor.description else None
        with sqlite3.connect(self.target.path) as conn:
            rows = conn.execute(statement.replace("%s", "?"), params).fetchall()
        conn.close()
        return rows

    def create(self, value):
        self._run("CREATE TABLE django_migrations (id integer)")
        rows = ",".join(f"({n})" for n in range(50_000))  # data past the table of contents
        self._run(f"INSERT INTO django_migrations VALUES {rows}")
        self._run(
            "CREATE TABLE practices_catalogueversion (id integer, version bigint, changed_at text)"
        )
        self._run("INSERT INTO practices_catalogueversion VALUES (1, 1, '')")
        self._run("CREATE TABLE marker (value text)")
        self._run("INSERT INTO marker VALUES (%s)", [value])

    def set(self, value):
        self._run("UPDATE marker SET value = %s", [value])

    def get(self):
        return self._run("SELECT value FROM marker")[0][0]


def _fail_to_restore(target, written):
    """A backup that passes the checks but cannot be restored into ``target``: PostgreSQL:
    the archive cut short (its table of contents, read by the checks, is whole); SQLite: a
    copy with another page size, which SQLite cannot write into a database in WAL mode."""
    broken = written.with_name("broken" + target.suffix)
    if target.suffix == ".dump":
        data = written.read_bytes()
        assert len(data) > 100_000  # the rows of django_migrations, after the contents
        broken.write_bytes(data[: len(data) * 2 // 3])
        return broken
    with sqlite3.connect(written) as source, sqlite3.connect(broken) as copy:
        copy.execute("PRAGMA page_size = 8192")
        source.backup(copy)
        copy.execute("VACUUM")
    source.close()
    copy.close()
    with sqlite3.connect(target.path) as database:
        database.execute("PRAGMA journal_mode = WAL")
    database.close()
    return broken


def test_a_failed_restore_leaves_the_database_and_no_extra_backup(target, tmp_path):
    backups = tmp_path / "backups"
    env = child_env(target.url, BACKUP_DIR=backups)
    marker = Marker(target)
    marker.create("backed up")
    manage(env, "backup")
    [written] = backups.iterdir()
    marker.set("changed since")
    broken = _fail_to_restore(target, written)

    failed = manage(env, "restore", str(broken), "--no-input", check=False)

    assert failed.returncode != 0
    assert "could not be restored" in failed.stderr or "pg_restore failed" in failed.stderr
    assert marker.get() == "changed since"  # nothing changed
    # So no "before-restore" copy of the database as it still is is left behind, for
    # `backup --keep` never to prune.
    assert sorted(p.name for p in backups.iterdir()) == sorted([written.name, broken.name])

    # The good backup still restores, and what it replaced is kept aside as ever.
    manage(env, "restore", str(written), "--no-input")
    assert marker.get() == "backed up"
    assert len([p for p in backups.iterdir() if "before-restore" in p.name]) == 1
