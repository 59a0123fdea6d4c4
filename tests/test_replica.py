"""The optional read replica (ops/routers.py): the public reads from it; writes, the
admin, signed-in staff and transactions use the primary.

The router and the middleware are tested here directly; the whole path (settings with
``DATABASE_REPLICA_URL``, requests through the test client) runs in a process of its own,
with two SQLite files (a replica that lags until copied) and with PostgreSQL (a second,
read-only connection to the same database, as in TEST MIRROR).
"""

import json

import pytest
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from ops.routers import PrimaryDatabaseMiddleware, PrimaryReplicaRouter, use_primary
from practices.models import Practice

from .ops import child_env, own_postgres_database, script

router = PrimaryReplicaRouter()


def reading_from_primary():
    """Whether the router sends a public read to the primary right now."""
    return router.db_for_read(Practice) == "default"


def test_public_reads_go_to_the_replica_and_writes_to_the_primary():
    assert router.db_for_read(Practice) == "replica"
    assert router.db_for_write(Practice) == "default"
    assert router.db_for_read(Session) == "default"  # a session was written on the primary
    with use_primary():
        assert router.db_for_read(Practice) == "default"
    assert router.db_for_read(Practice) == "replica"


def test_reads_in_a_transaction_or_after_a_primary_object_stay_on_the_primary(db):
    with transaction.atomic():
        assert router.db_for_read(Practice) == "default"
    from_primary = Practice(title="x")
    from_primary._state.db = "default"
    assert router.db_for_read(Practice, instance=from_primary) == "default"


def test_only_the_primary_is_migrated():
    assert router.allow_migrate("default", "practices") is True
    assert router.allow_migrate("replica", "practices") is False
    assert router.allow_relation(Practice(), Practice()) is True


@pytest.mark.parametrize(
    ("method", "path", "cookies", "primary"),
    [
        ("get", "/practicas/", {}, False),
        ("get", "/practicas/exportar.csv", {}, False),
        ("head", "/", {}, False),
        ("get", "/admin/practices/practice/", {}, True),
        ("get", "/practicas/", {"sessionid": "x"}, True),  # signed-in staff
        ("post", "/i18n/setlang/", {}, True),
    ],
)
def test_the_middleware_marks_admin_staff_and_writing_requests(method, path, cookies, primary):
    request = getattr(RequestFactory(), method)(path)
    request.COOKIES.update(cookies)
    seen = []

    def view(request):
        seen.append(reading_from_primary())
        return HttpResponse()

    PrimaryDatabaseMiddleware(view)(request)
    assert seen == [primary]
    assert reading_from_primary() is False  # only for that request


def test_a_staff_export_streams_from_the_primary_too():
    request = RequestFactory().get("/practicas/exportar.csv")
    request.COOKIES["sessionid"] = "x"

    def rows():
        yield str(reading_from_primary()).encode()

    response = PrimaryDatabaseMiddleware(lambda request: StreamingHttpResponse(rows()))(request)
    assert b"".join(response.streaming_content) == b"True"
    assert reading_from_primary() is False


@pytest.fixture(params=["sqlite", "postgresql"])
def primary_and_replica(request, tmp_path):
    if request.param == "sqlite":
        yield (
            f"sqlite:///{tmp_path / 'primary.sqlite3'}",
            f"sqlite:///{tmp_path / 'replica.sqlite3'}",
        )
        return
    with own_postgres_database("replica") as url:
        yield url, url


def test_with_a_replica_the_public_reads_it_and_staff_read_the_primary(primary_and_replica):
    primary, replica = primary_and_replica
    env = child_env(primary, DATABASE_REPLICA_URL=replica)
    output = script(env, "replica_scenario").stdout
    result = json.loads(output.strip().splitlines()[-1])
    seen = result["seen"]

    for page in ("ficha_public", "list_public", "export_public"):
        assert seen[page]["status"] == 200, page
        assert seen[page]["primary_queries"] == 0, page
        assert seen[page]["replica_queries"] > 0, page
    for page in ("ficha_staff", "export_staff", "admin_staff"):
        assert seen[page]["status"] == 200, page
        assert seen[page]["replica_queries"] == 0, page
        assert seen[page]["primary_queries"] > 0, page
        assert seen[page]["new_title"], page  # staff see what they just saved
    assert seen["in_transaction"] == "default"
    assert seen["outside_transaction"] == "replica"
    assert seen["ficha_public_after_replication"]["new_title"]
    if result["same_database"]:  # PostgreSQL: one database, the replica connection read-only
        assert seen["replica_refused_a_write"] is True
    else:  # two files: the public saw the replica's older copy until it was replicated
        assert not seen["ficha_public"]["new_title"]
        assert not seen["list_public"]["new_title"]
