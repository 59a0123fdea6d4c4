"""The shared cache (CACHE_URL, Redis) is a speed-up, never a dependency: while Redis is
unreachable every public page still answers, and the rate limits let requests through."""

import logging
import socket

import pytest
from django.core.cache import cache

from practices.cache import ResilientRedisCache

REDIS_URL = "redis://127.0.0.1:6379/14"


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


@pytest.fixture
def redis_down(settings):
    ResilientRedisCache._last_warning = 0.0
    settings.CACHES = {
        "default": {
            "BACKEND": "practices.cache.ResilientRedisCache",
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
    with caplog.at_level(logging.WARNING, logger="practices.cache"):
        for _ in range(3):
            assert client.get("/practicas/").status_code == 200
    warnings = [r for r in caplog.records if r.name == "practices.cache"]
    assert len(warnings) == 1
    assert "Redis unreachable" in warnings[0].getMessage()


def test_with_redis_up_it_is_django_s_redis_cache(settings):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"Redis is unreachable at {REDIS_URL}: {error}")
    settings.CACHES = {
        "default": {"BACKEND": "practices.cache.ResilientRedisCache", "LOCATION": REDIS_URL}
    }
    cache.clear()
    assert cache.add("visits", 1) is True
    assert cache.add("visits", 1) is False  # the rate limit's "first request" test
    assert cache.incr("visits") == 2
    cache.set("page", {"ids": [3, 1, 2]})
    assert cache.get("page") == {"ids": [3, 1, 2]}
    cache.clear()
