"""The shared cache (CACHE_URL, Redis) is a speed-up, never a dependency: while Redis is
unreachable every public page still answers, and the rate limits let requests through.
A Redis that accepts connections and never answers costs one timeout, then is left alone
for a while (the breaker), so pages stay fast."""

import logging
import socket
import time

import pytest
from django.core.cache import cache

from ops.cache import ResilientRedisCache

from .hung import SilentServer
from .ops import redis_test_url

REDIS_URL = redis_test_url()


@pytest.fixture(autouse=True)
def _closed_breakers():
    ResilientRedisCache._open_until.clear()
    yield
    ResilientRedisCache._open_until.clear()


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


@pytest.fixture
def redis_down(settings):
    ResilientRedisCache._last_warning = 0.0
    settings.CACHES = {
        "default": {
            "BACKEND": "ops.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    settings.RATELIMITS = {"search": 1, "export": 1}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/practicas/",
        "/practicas/?q=energia&servicio=energia-electrica",
        "/practicas/BP-ANDESCO-SSPD-002-2021/",
        "/estadisticas/",
        "/practicas/exportar.csv",
        "/api/v1/practicas",
    ],
)
def test_every_page_answers_while_redis_is_down(client, reference_practice, redis_down, url):
    response = client.get(url)
    assert response.status_code == 200, url
    # The limit of one request a minute cannot be counted: the next request passes too.
    assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_the_outage_is_logged_once_not_per_request(client, reference_practice, redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="ops.cache"):
        for _ in range(3):
            assert client.get("/practicas/").status_code == 200
    warnings = [r for r in caplog.records if r.name == "ops.cache"]
    assert len(warnings) == 1
    assert "Redis unreachable" in warnings[0].getMessage()


def test_with_redis_up_it_is_django_s_redis_cache(settings):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"Redis is unreachable at {REDIS_URL}: {error}")
    settings.CACHES = {
        "default": {"BACKEND": "ops.cache.ResilientRedisCache", "LOCATION": REDIS_URL}
    }
    cache.clear()
    assert cache.add("visits", 1) is True
    assert cache.add("visits", 1) is False  # the rate limit's "first request" test
    assert cache.incr("visits") == 2
    cache.set("page", {"ids": [3, 1, 2]})
    assert cache.get("page") == {"ids": [3, 1, 2]}
    cache.clear()


@pytest.fixture
def redis_silent(settings):
    """The cache pointed at a Redis that accepts connections and never answers."""
    ResilientRedisCache._last_warning = 0.0
    with SilentServer() as server:
        settings.CACHES = {
            "default": {
                "BACKEND": "ops.cache.ResilientRedisCache",
                "LOCATION": f"redis://127.0.0.1:{server.port}/0",
                "OPTIONS": {"breaker_seconds": 30},
            }
        }
        settings.RATELIMITS = {"search": 1, "export": 1}
        yield server


def timed(call, *args):
    started = time.monotonic()
    result = call(*args)
    return result, time.monotonic() - started


def test_after_one_timeout_redis_is_not_asked_again_for_a_while(redis_silent, caplog):
    with caplog.at_level(logging.WARNING, logger="ops.cache"):
        first, seconds = timed(cache.get, "page", "miss")
    assert first == "miss"
    assert 0.9 <= seconds < 2.5  # the one-second timeout, paid once
    assert "Redis unreachable, serving without cache (next try in 30 s)" in caplog.text
    connections = len(redis_silent.accepted)

    calls = [
        (cache.get, ("page", "miss"), "miss"),
        (cache.add, ("ratelimit", 1), True),  # a rate limit lets the request through
        (cache.incr, ("ratelimit",), 1),
        (cache.set, ("page", "html"), None),
        (cache.get_many, (["a", "b"],), {}),
        (cache.delete, ("page",), False),
    ]
    for _ in range(20):
        for call, args, fallback in calls:
            result, seconds = timed(call, *args)
            assert result == fallback
            assert seconds < 0.02, call  # none of them waits
    assert len(redis_silent.accepted) == connections  # nor even connects


def test_the_breaker_asks_again_once_its_time_is_up(redis_silent, settings):
    settings.CACHES["default"]["OPTIONS"]["breaker_seconds"] = 0.5
    settings.CACHES = settings.CACHES  # a new cache object with that option
    assert timed(cache.get, "page")[1] >= 0.9
    assert timed(cache.get, "page")[1] < 0.05
    time.sleep(0.5)

    assert timed(cache.get, "page")[1] >= 0.9  # asked again: still silent, so open again
    assert timed(cache.get, "page")[1] < 0.05


@pytest.mark.django_db
def test_pages_stay_fast_while_redis_hangs(client, reference_practice, redis_silent):
    for url in ("/practicas/", "/practicas/BP-ANDESCO-SSPD-002-2021/", "/api/v1/practicas"):
        client.get(url)  # the first cache call of the process waits once
    for url in ("/", "/practicas/", "/practicas/BP-ANDESCO-SSPD-002-2021/", "/api/v1/practicas"):
        response, seconds = timed(client.get, url)
        assert response.status_code == 200, url
        assert seconds < 0.9, url  # not even one cache timeout


@pytest.mark.django_db
def test_readyz_reports_the_silent_cache_and_stays_200(client, redis_silent):
    from ops import availability

    availability.forget()
    response, seconds = timed(client.get, "/readyz")

    assert response.status_code == 200  # the site serves without its cache
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["cache"] == {
        "ok": False,
        "error": "CacheUnavailable",
        "ms": body["checks"]["cache"]["ms"],
    }
    assert seconds < 2
    # Asked again at once: the breaker answers for Redis.
    availability.forget()
    again, seconds = timed(client.get, "/readyz")
    assert again.json()["checks"]["cache"]["ok"] is False and seconds < 0.5
