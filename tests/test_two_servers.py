"""More than one server: two gunicorn instances on different ports, one PostgreSQL
database and one Redis cache. A practice published through one (the workflow functions,
in a management shell) is seen at once through the other, with fresh facet counts.

Why it holds: each server counts the list on its snapshot of the catalogue
(practices.snapshot), named by the CatalogueVersion that database triggers bump on every
write, with a log of which practices each write touched. Every request reads the version
from the database; when it moved on, the server reads the log and reloads only those
practices. The test shows both halves: the second server started from the snapshot the
first one built and left in Redis (it never read the whole catalogue), and after the
publication both show the new counts, the second by catching up from the log.

Slow (two servers, a migrated database): deselect with ``-m 'not slow'``. Skipped, saying
why, when PostgreSQL or Redis does not answer. Redis database: the
worker's own (``ops.redis_test_url``), emptied before and after.
"""

import contextlib
import json
import re
import sys
import urllib.request

import pytest

from tools.perf import bench

from .ops import own_postgres_database, redis_test_url, run

pytestmark = pytest.mark.slow

REDIS_URL = redis_test_url()

PICK = """
import json
from practices.models import Practice
practice = Practice.objects.filter(status="draft", revision_of__isnull=True).order_by("code")[0]
print(json.dumps({"code": practice.code, "category": practice.category.slug}))
"""

PUBLISH = """
import json
from django.contrib.auth.models import Group, User
from practices import workflow
from practices.models import Practice
editor = User.objects.create_user("editora", is_staff=True)
editor.groups.add(Group.objects.get(name="Editor"))
reviewer = User.objects.create_user("revisora", is_staff=True)
reviewer.groups.add(Group.objects.get(name="Revisor"))
practice = Practice.objects.get(code=CODE, revision_of__isnull=True)
workflow.practice_submit(practice=practice, by=editor)
workflow.practice_publish(practice=practice, by=reviewer)
print(json.dumps({"status": Practice.objects.get(pk=practice.pk).status}))
"""


@pytest.fixture
def redis_cache():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.flushdb()
    except redis.exceptions.RedisError as error:
        pytest.skip(f"Redis is unreachable at {REDIS_URL}: {error}")
    try:
        yield client
    finally:
        client.flushdb()


def snapshot_keys(redis_client):
    return sorted(key.decode() for key in redis_client.scan_iter("*practices:snapshot:*"))


def log_of(path):
    return path.read_text(errors="replace")


def shell(env, code, **constants):
    """Run ``code`` in ``manage.py shell`` (``constants`` defined first); its last line, JSON."""
    code = "".join(f"{name} = {value!r}\n" for name, value in constants.items()) + code
    output = run([sys.executable, "manage.py", "shell", "-c", code], env).stdout
    return json.loads(output.strip().splitlines()[-1])


def get(port, path):
    try:
        with urllib.request.urlopen(f"http://{bench.HOST}:{port}{path}", timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def counts(port, category):
    """(total published, the category's facet count) as the list page shows them."""
    status, page = get(port, "/practicas/")
    assert status == 200
    total = re.search(r'class="result-count"[^>]*>\s*([\d.]+)', page)
    facet = re.search(
        rf'for="f-categoria-{re.escape(category)}">[^<]*<span class="count">\(([\d.]+)\)', page
    )
    return int(total[1].replace(".", "")), int(facet[1].replace(".", "")) if facet else 0


@pytest.fixture
def two_servers(redis_cache, tmp_path):
    with own_postgres_database("twoservers") as database_url:
        env = bench.production_env(database_url) | {"CACHE_URL": REDIS_URL}
        env.pop("DATABASE_REPLICA_URL", None)
        bench.prepare(env, count=40, seed=5)
        with contextlib.ExitStack() as stack:
            ports, logs = [], []
            for name in ("a", "b"):
                log_path = tmp_path / f"gunicorn-{name}.log"
                _, port = stack.enter_context(bench.serving(env, 1, log_path))
                ports.append(port)
                logs.append(log_path)
            yield env, ports, redis_cache, logs


def test_a_publication_through_one_server_is_seen_through_the_other(two_servers):
    env, (port_a, port_b), redis_client, logs = two_servers
    chosen = shell(env, PICK)
    ficha = f"/practicas/{chosen['code']}/"

    total, in_category = counts(port_a, chosen["category"])
    # Server A built the snapshot from the database and left it in Redis.
    assert "snapshot built from the database" in log_of(logs[0])
    assert len(snapshot_keys(redis_client)) == 1
    assert counts(port_b, chosen["category"]) == (total, in_category)
    # Server B started from A's snapshot: it never read the whole catalogue.
    assert "snapshot loaded from the shared cache" in log_of(logs[1])
    assert "snapshot built from the database" not in log_of(logs[1])
    assert get(port_b, ficha)[0] == 404  # a draft is not public

    assert shell(env, PUBLISH, CODE=chosen["code"]) == {"status": "published"}

    assert counts(port_b, chosen["category"]) == (total + 1, in_category + 1)
    assert counts(port_a, chosen["category"]) == (total + 1, in_category + 1)
    status, page = get(port_b, ficha)
    assert status == 200 and chosen["code"] in page
    assert get(port_a, ficha)[0] == 200
    # Both caught up from the change log; neither read the whole catalogue again.
    assert log_of(logs[0]).count("snapshot built from the database") == 1
    assert "snapshot built from the database" not in log_of(logs[1])

    for log in logs:
        assert "Traceback" not in log_of(log), log_of(log)
