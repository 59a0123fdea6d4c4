"""Backups and restores of the catalogue's database: nothing entered in the admin is lost.

``backup()`` and ``restore()`` are called by ``manage.py backup`` / ``manage.py restore``
(and ``make backup`` / ``make restore FILE=…``) and by the tests.

- PostgreSQL (``DATABASE_URL`` set): ``pg_dump --format=custom`` of the whole database
  (schema, data, sequences, triggers, the search configuration), restored with
  ``pg_restore --clean --if-exists --single-transaction`` into the same database or into
  another one on the same server (created when missing). One transaction: a restore that
  fails changes nothing.
- SQLite: a consistent copy made with SQLite's online backup API (never a copy of the
  file, which a write in progress would leave torn), restored with the same API.

A backup is written next to its final name and renamed when complete, so a file in
``backups/`` is always a whole backup; only its owner may read it (0600; a new folder is
0700). Names carry the database and the time (UTC):
``backups/catalogue-20261130-142501Z.dump`` (PostgreSQL), ``backups/db-…sqlite3``.

Before overwriting the configured database, ``restore()`` backs it up first (``…-before-
restore…``): a restore of the wrong file can itself be undone. A restore that fails before
changing anything (PostgreSQL's single transaction, SQLite's one-step copy) deletes that
backup again: it would be a second copy of the database as it still is, which ``--keep``
never prunes. (If anything fails after the data was replaced, it stays.) After a restore the
catalogue version is moved past every version the servers may have cached (the cache
keys of the list are made of it, see practices.listing) and the planner statistics are
refreshed (a restored PostgreSQL database has none until autovacuum runs).

There are no uploaded files (media) to back up: every record lives in the database.
"""

import contextlib
import datetime
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections

SUFFIX = {"postgresql": ".dump", "sqlite": ".sqlite3"}
# libpq settings Django accepts in OPTIONS that the command-line tools take from the
# environment (as ``manage.py dbshell`` does).
LIBPQ_OPTIONS = ("sslmode", "sslrootcert", "sslcert", "sslkey", "passfile", "service")


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class Outcome:
    path: Path
    vendor: str
    database: str
    seconds: float
    bytes: int = 0
    safety_backup: Path | None = None

    def __str__(self):
        size = _size(self.bytes)
        return f"{self.path} ({self.vendor} {self.database}, {size}, {self.seconds:.1f} s)"


def backup_dir():
    return Path(getattr(settings, "BACKUP_DIR", None) or Path(settings.BASE_DIR) / "backups")


# --- Backup ------------------------------------------------------------------------------


def backup(*, using="default", directory=None, label=""):
    """Back up database ``using`` into ``directory`` (default ``backups/``); an Outcome."""
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in SUFFIX:
        raise BackupError(f"Backups of {vendor} databases are not supported.")
    directory = Path(directory or backup_dir())
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    name = _database_label(connection)
    path = _new_path(directory, name, label, SUFFIX[vendor])
    partial = path.with_name(path.name + ".partial")
    started = time.perf_counter()
    try:
        # Readable by its owner only from the first byte: it holds personal data (staff
        # accounts, contacts). pg_dump and SQLite write into the file as it is.
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        if vendor == "postgresql":
            _pg_dump(connection.settings_dict, partial)
        else:
            _sqlite_backup(connection, partial)
        partial.rename(path)
    finally:
        partial.unlink(missing_ok=True)
    return Outcome(path, vendor, name, time.perf_counter() - started, path.stat().st_size)


def prune(directory=None, *, database, keep, vendor):
    """Delete all but the ``keep`` newest backups of ``database`` (never "before-restore"
    ones); returns the deleted paths."""
    directory = Path(directory or backup_dir())
    pattern = f"{database}-????????-??????Z*{SUFFIX[vendor]}"
    backups = sorted(
        (p for p in directory.glob(pattern) if "before-restore" not in p.name),
        key=lambda p: p.name,
        reverse=True,
    )
    doomed = backups[keep:]
    for path in doomed:
        path.unlink()
    return doomed


def _database_label(connection):
    if connection.vendor == "postgresql":
        return connection.settings_dict["NAME"]
    if connection.is_in_memory_db():
        return "memory"
    return Path(connection.settings_dict["NAME"]).stem


def _new_path(directory, name, label, suffix):
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%SZ")
    base = f"{name}-{stamp}" + (f"-{label}" if label else "")
    path = directory / f"{base}{suffix}"
    counter = 1
    while path.exists() or path.with_name(path.name + ".partial").exists():
        counter += 1
        path = directory / f"{base}-{counter}{suffix}"
    return path


def _sqlite_backup(connection, path):
    """SQLite's online backup: a consistent snapshot even while others write."""
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        with target:
            connection.connection.backup(target)
    finally:
        target.close()


# --- PostgreSQL command-line tools -------------------------------------------------------


def _tool(name):
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"{name} was not found: install PostgreSQL's client programs (the same major "
            "version as the server or newer; Debian: postgresql-client)."
        )
    return path


def _libpq(settings_dict, dbname=None):
    """(arguments, environment) of a PostgreSQL client program for these settings."""
    options = settings_dict.get("OPTIONS") or {}
    args = []
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    if settings_dict.get("HOST"):
        args += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    args += ["--dbname", dbname or settings_dict["NAME"], "--no-password"]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    for option in LIBPQ_OPTIONS:
        if options.get(option):
            env[f"PG{option.upper()}"] = str(options[option])
    return args, env


def _run(args, env):
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        message = (result.stderr or result.stdout).strip()
        raise BackupError(f"{Path(args[0]).name} failed ({result.returncode}):\n{message}")
    return result.stdout


def _pg_dump(settings_dict, path):
    args, env = _libpq(settings_dict)
    _run([_tool("pg_dump"), "--format=custom", f"--file={path}", *args], env)


def _pg_connect(settings_dict, dbname):
    import psycopg

    options = settings_dict.get("OPTIONS") or {}
    params = {
        "dbname": dbname,
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
        **{k: options[k] for k in LIBPQ_OPTIONS if options.get(k)},
    }
    return psycopg.connect(
        autocommit=True, connect_timeout=10, **{k: v for k, v in params.items() if v}
    )


# --- Restore -----------------------------------------------------------------------------


def describe(path):
    """What a backup file is: "postgresql" or "sqlite" (or a BackupError)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file.")
    with path.open("rb") as handle:
        magic = handle.read(16)
    if magic.startswith(b"PGDMP"):
        return "postgresql"
    if magic.startswith(b"SQLite format 3\0"):
        return "sqlite"
    raise BackupError(f"{path}: neither a pg_dump custom archive nor a SQLite database.")


def restore(path, *, using="default", into=None, safety_backup=True, directory=None):
    """Restore backup ``path`` into database ``using`` or, with ``into``, into another
    database (PostgreSQL: a database name on the same server, created when missing;
    SQLite: a file path). Returns an Outcome."""
    path = Path(path)
    kind = describe(path)
    connection = connections[using]
    if kind != connection.vendor:
        raise BackupError(
            f"{path} is a {kind} backup but the configured database is {connection.vendor}: "
            "set DATABASE_URL to a database of the same kind."
        )
    started = time.perf_counter()
    before = None
    if kind == "postgresql":
        _pg_check_archive(path, connection.settings_dict)
        target = into or connection.settings_dict["NAME"]
        if into is None and safety_backup and _pg_exists(connection.settings_dict, target):
            before = backup(using=using, directory=directory, label="before-restore").path
        connections.close_all()
        with _discarded_on_failure(before):
            _pg_restore(path, connection.settings_dict, target)
        _pg_after_restore(connection.settings_dict, target)
    else:
        _sqlite_check(path)
        if into is None and connection.is_in_memory_db():
            raise BackupError("The configured SQLite database is in memory: use --into.")
        target = str(into or connection.settings_dict["NAME"])
        if into is None and safety_backup and Path(target).exists():
            before = backup(using=using, directory=directory, label="before-restore").path
        connections.close_all()
        with _discarded_on_failure(before):
            _sqlite_restore(path, target)
        _sqlite_after_restore(target)
    return Outcome(
        path,
        kind,
        str(target),
        time.perf_counter() - started,
        path.stat().st_size,
        safety_backup=before,
    )


@contextlib.contextmanager
def _discarded_on_failure(before):
    """Delete the "before-restore" backup ``before`` if the block fails: the block changes
    the database all at once or not at all, so after a failure it is as it was."""
    try:
        yield
    except BaseException:
        if before is not None:
            before.unlink(missing_ok=True)
        raise


def _pg_check_archive(path, settings_dict):
    _args, env = _libpq(settings_dict)
    return _run([_tool("pg_restore"), "--list", str(path)], env)


def _pg_exists(settings_dict, name):
    with _pg_connect(settings_dict, "postgres") as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()


def _pg_restore(path, settings_dict, target):
    from psycopg import sql

    if not _pg_exists(settings_dict, target):
        with _pg_connect(settings_dict, "postgres") as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target)))
    args, env = _libpq(settings_dict, target)
    table_of_contents = _restore_list(path, settings_dict, target, env)
    try:
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--single-transaction",  # all or nothing (implies --exit-on-error)
                f"--use-list={table_of_contents}",
                *args,
                str(path),
            ],
            env,
        )
    finally:
        Path(table_of_contents).unlink(missing_ok=True)


def _pg_after_restore(settings_dict, target):
    with _pg_connect(settings_dict, target) as conn:
        conn.execute(ADVANCE_VERSION["postgresql"], [_clock_version()])
        conn.execute("VACUUM (ANALYZE)")


def _restore_list(path, settings_dict, target, env):
    """The archive's table of contents, less the extensions the target already has:
    dropping and re-creating those (``--clean``) needs their owner, usually a superuser,
    while the application's own role restores everything else."""
    listing = _run([_tool("pg_restore"), "--list", str(path)], env)
    with _pg_connect(settings_dict, target) as conn:
        installed = {row[0] for row in conn.execute("SELECT extname FROM pg_extension")}
    lines = []
    for line in listing.splitlines():
        words = line.split()
        is_extension = "EXTENSION" in words and words[-1] in installed
        lines.append(f";{line}" if is_extension and not line.startswith(";") else line)
    handle, name = tempfile.mkstemp(prefix="catalogue-restore-", suffix=".list")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    return name


def _sqlite_check(path):
    try:
        source = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise BackupError(f"{path}: {error}") from error
    try:
        result = source.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise BackupError(f"{path} is damaged: {result}")
        tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master")}
        if "django_migrations" not in tables:
            raise BackupError(f"{path} is not a backup of this project (no django_migrations).")
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path}: {error}") from error
    finally:
        source.close()


def _sqlite_restore(path, target):
    """Copy the backup over ``target`` page by page, in one step (other connections wait
    for the lock; a failure leaves ``target`` as it was)."""
    source = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
    destination = sqlite3.connect(target, timeout=30)
    try:
        source.backup(destination)
    except sqlite3.Error as error:
        raise BackupError(f"{path} could not be restored, nothing was changed: {error}") from error
    finally:
        destination.close()
        source.close()


def _sqlite_after_restore(target):
    """Move the catalogue version on and refresh the planner's statistics."""
    destination = sqlite3.connect(target, timeout=30)
    try:
        destination.execute(ADVANCE_VERSION["sqlite"], [_clock_version()])
        destination.commit()
        destination.execute("ANALYZE")
        destination.commit()
    finally:
        destination.close()


# The list caches are keyed by the catalogue version (practices.listing). A restored
# database carries an older version than the servers have seen, and the cache may hold
# pages of those later versions, now wrong: jump past all of them. Versions grow by one per
# write, so the clock in microseconds is ahead of any version reached since this scheme
# began (it would take a million writes a second to catch up with it).
ADVANCE_VERSION = {
    "postgresql": "UPDATE practices_catalogueversion "
    "SET version = GREATEST(version + 1, %s), changed_at = now() WHERE id = 1",
    "sqlite": "UPDATE practices_catalogueversion SET version = MAX(version + 1, ?) WHERE id = 1",
}


def _clock_version():
    return time.time_ns() // 1000


def advance_catalogue_version(using="default"):
    """Move the catalogue version past any cached one (after a restore, or when a fresh
    database shares a cache with others, as the load test's does)."""
    connection = connections[using]
    statement = ADVANCE_VERSION[connection.vendor].replace("?", "%s")
    with connection.cursor() as cursor:
        cursor.execute(statement, [_clock_version()])


def _size(n):
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n} B"
