"""Helpers of the tests that run the project in processes of their own, against databases
of their own (backups, migrations, replica, several servers): never the test database.

PostgreSQL is the server of ``DATABASE_URL`` when the suite runs on it, otherwise
``TEST_POSTGRES_URL`` or the local one (``postgres://postgres@127.0.0.1:5432``); the
tests that need it are skipped, saying why, when it does not answer. Their databases are
named after that URL's database (``<name>_<purpose>_<pid>``, as ``make bench`` makes
``<name>_bench``; ``catalogue_…`` when the URL names none), so that runs sharing a server
keep to names of their own.
"""

import contextlib
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432"
# Variables of the developer's shell that must not leak into a child pointed elsewhere.
ISOLATED = ("DATABASE_URL", "DATABASE_REPLICA_URL", "CACHE_URL", "BACKUP_DIR")


def postgres_server_url():
    """The PostgreSQL server to make databases on, without a database name."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        url = os.environ.get("TEST_POSTGRES_URL", LOCAL_POSTGRES)
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="", query="", fragment=""))


def _admin(statement):
    import psycopg

    server = urlsplit(postgres_server_url())
    with psycopg.connect(
        urlunsplit(server._replace(scheme="postgresql", path="/postgres")),
        autocommit=True,
        connect_timeout=3,
    ) as conn:
        conn.execute(statement)


def postgres_or_skip():
    import psycopg

    try:
        _admin("SELECT 1")
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL is unreachable at {postgres_server_url()}: {error}")


def _database_prefix():
    """The database name of the URL ``postgres_server_url()`` comes from, or "catalogue"."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        url = os.environ.get("TEST_POSTGRES_URL", LOCAL_POSTGRES)
    return urlsplit(url).path.strip("/") or "catalogue"


def postgres_url(name):
    return f"{postgres_server_url()}/{name}"


def drop_postgres_database(name):
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def own_postgres_database(purpose, create=True):
    """A database of this test's own (``<prefix>_<purpose>_<pid>``, see the module's
    docstring), dropped afterwards; yields its URL."""
    postgres_or_skip()
    name = f"{_database_prefix()}_{purpose}_{os.getpid()}"
    drop_postgres_database(name)
    if create:
        _admin(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_url(name)
    finally:
        drop_postgres_database(name)


def redis_test_url():
    """A Redis database of this test process's own, emptied by the tests that use it:
    ``TEST_REDIS_URL``'s server (the local one by default), database 15, and one lower per
    parallel worker (``make test`` runs up to four: databases 15 to 12)."""
    server = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379").rstrip("/")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return f"{server}/{15 - int(worker.removeprefix('gw'))}"


def child_env(database_url, **extra):
    """The environment of a child process on ``database_url`` (debugging on: these are
    management commands and scripts, not served pages)."""
    env = {k: v for k, v in os.environ.items() if k not in ISOLATED}
    env |= {
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "catalogue_site.settings",
        "PYTHONUNBUFFERED": "1",
    }
    env |= {k: str(v) for k, v in extra.items()}
    return env


def run(args, env, timeout=600, check=True):
    """Run a child process in the project folder; its output, or a failure showing it."""
    result = subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if check and result.returncode != 0:
        pytest.fail(
            f"{' '.join(map(str, args[1:4]))} exited {result.returncode}:\n"
            f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        )
    return result


def manage(env, *args, **kwargs):
    return run([sys.executable, "manage.py", *args], env, **kwargs)


def script(env, module, *args, **kwargs):
    """``python -m tests.<module> args…``: a helper script run against ``env``'s database."""
    return run([sys.executable, "-m", f"tests.{module}", *args], env, **kwargs)
