"""Requests per minute per client for searches and exports (ops.ratelimit)."""

import logging

import pytest
from django.test import RequestFactory

from ops import ratelimit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limits(settings, counting_cache):
    settings.RATELIMITS = {"search": 3, "export": 2}
    settings.TRUSTED_PROXY_COUNT = 0


def statuses(client, url, times, **extra):
    return [client.get(url, **extra).status_code for _ in range(times)]


def test_searches_over_the_limit_get_a_429_page_with_retry_after(client):
    assert statuses(client, "/practicas/?q=agua", 3) == [200, 200, 200]

    response = client.get("/practicas/?q=agua")

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["Content-Type"].startswith("text/html")
    assert "Demasiadas consultas seguidas" in response.text
    assert "no-store" in response["Cache-Control"]


def test_every_list_address_counts_as_a_search(client, reference_practice):
    slug = reference_practice.category.slug
    urls = ["/practicas/", f"/practicas/categoria/{slug}/", "/en/practicas/"]

    assert [client.get(url).status_code for url in urls] == [200, 200, 200]
    assert client.get("/practicas/?servicio=acueducto").status_code == 429


def test_exports_have_their_own_limit(client):
    assert statuses(client, "/practicas/exportar.csv", 2) == [200, 200]
    assert client.get("/practicas/exportar.json").status_code == 429
    assert client.get("/practicas/").status_code == 200  # searches are counted apart


def test_the_api_answers_429_in_json(client):
    assert statuses(client, "/api/v1/practicas", 3) == [200, 200, 200]

    response = client.get("/api/v1/practicas?q=agua")

    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert int(response["Retry-After"]) >= 1
    assert "Demasiadas consultas" in response.json()["detail"]
    assert client.get("/api/v1/categorias").status_code == 200  # reference lists: free


def test_each_client_has_its_own_count(client):
    statuses(client, "/practicas/", 4, REMOTE_ADDR="190.0.0.1")

    assert client.get("/practicas/", REMOTE_ADDR="190.0.0.2").status_code == 200


def test_the_other_pages_are_not_limited(client, reference_practice):
    statuses(client, "/practicas/", 4)

    assert client.get("/").status_code == 200
    assert client.get(reference_practice.get_absolute_url()).status_code == 200


def test_zero_turns_a_limit_off(client, settings):
    settings.RATELIMITS = {"search": 0, "export": 2}

    assert set(statuses(client, "/practicas/", 10)) == {200}


def test_the_count_starts_again_each_minute(client, monkeypatch):
    now = [1_000_000 * 60 + 30.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    statuses(client, "/practicas/", 3)

    over = client.get("/practicas/")
    now[0] += 31
    next_minute = client.get("/practicas/")

    assert over.status_code == 429
    assert over["Retry-After"] == "30"
    assert next_minute.status_code == 200


def test_reaching_the_limit_is_logged_once_without_the_address(client, caplog):
    caplog.set_level(logging.WARNING, logger="practices.security")

    statuses(client, "/practicas/", 6, REMOTE_ADDR="190.0.0.9")

    logged = [r for r in caplog.records if r.name == "practices.security"]
    assert len(logged) == 1
    assert logged[0].event["scope"] == "search"
    assert "190.0.0.9" not in str(logged[0].event)


# --- Who the client is ---------------------------------------------------------------


def request(remote="10.0.0.2", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_x_forwarded_for_is_ignored_unless_a_proxy_is_trusted():
    assert ratelimit.client_ip(request(forwarded="1.2.3.4")) == "10.0.0.2"


def test_behind_trusted_proxies_the_address_they_wrote_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote "6.6.6.6" itself; the proxy appended the address it saw.
    assert ratelimit.client_ip(request(forwarded="6.6.6.6, 190.1.2.3")) == "190.1.2.3"
    settings.TRUSTED_PROXY_COUNT = 2
    assert ratelimit.client_ip(request(forwarded="6.6.6.6, 190.1.2.3, 10.0.0.9")) == "190.1.2.3"


@pytest.mark.parametrize("forwarded", ["", "no-es-una-ip", "300.1.1.1"])
def test_a_useless_header_falls_back_to_the_connection(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1

    assert ratelimit.client_ip(request(forwarded=forwarded)) == "10.0.0.2"


def test_an_ipv6_client_is_its_64_network(client):
    first = ratelimit.client_key(request(remote="2800:e2:1:2::aa"))
    second = ratelimit.client_key(request(remote="2800:e2:1:2:ffff::1"))

    assert first == second == "2800:e2:1:2::/64"
    assert ratelimit.client_key(request(remote="::ffff:190.1.2.3")) == "190.1.2.3"


def test_behind_a_trusted_proxy_clients_are_counted_apart(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    statuses(client, "/practicas/", 4, HTTP_X_FORWARDED_FOR="190.0.0.1")

    assert client.get("/practicas/", HTTP_X_FORWARDED_FOR="190.0.0.2").status_code == 200
    assert client.get("/practicas/", HTTP_X_FORWARDED_FOR="190.0.0.1").status_code == 429
