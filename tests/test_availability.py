"""A stuck database is not a hung site (ops/availability.py): the timeouts of the
settings end the wait, the visitor gets a 503 page in Spanish (JSON on the API) with
Retry-After, and /readyz tells the balancer; /healthz stays the cheap liveness check."""

import time

import pytest
from django.db import OperationalError, connection
from django.test import Client

from ops import availability

from .hung import SilentServer, default_database, production_database_settings


@pytest.fixture(autouse=True)
def _fresh_checks():
    availability.forget()
    yield
    availability.forget()


@pytest.fixture
def stuck_database(db):
    """The site's database connection pointed at a PostgreSQL that accepts the connection
    and never answers, with production's settings (connect timeout at its 2 s minimum)."""
    with SilentServer() as server:
        settings_dict = production_database_settings(
            f"postgres://catalogue@127.0.0.1:{server.port}/catalogue",
            DJANGO_DB_CONNECT_TIMEOUT="2",
        )
        with default_database(settings_dict):
            yield


def timed_get(client, url, **extra):
    started = time.monotonic()
    response = client.get(url, **extra)
    return response, time.monotonic() - started


@pytest.mark.parametrize("url", ["/practicas/", "/practicas/BP-ANDESCO-SSPD-002-2021/", "/"])
def test_a_page_answers_503_in_spanish_instead_of_hanging(stuck_database, client, url):
    response, seconds = timed_get(client, url)

    assert response.status_code == 503
    assert seconds < 4  # the connect timeout (2 s), not psycopg's default 130 s
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"].startswith("text/html")
    page = response.text
    assert '<html lang="es-co">' in page.lower()
    assert "El catálogo no está disponible en este momento" in page
    assert "Vuelva a intentarlo en 30 segundos." in page
    # The site's layout: header, navigation, skip link, footer.
    assert 'class="skip-link" href="#contenido"' in page and "<footer" in page
    assert '<meta name="robots" content="noindex">' in page


def test_the_api_answers_503_in_json(stuck_database, client):
    response, seconds = timed_get(client, "/api/v1/practicas")

    assert response.status_code == 503
    assert seconds < 4
    assert response["Retry-After"] == "30"
    assert response["Content-Type"].startswith("application/json")
    assert "la base de datos no respondió a tiempo" in response.json()["detail"]


def test_the_failure_is_logged(stuck_database, client, caplog):
    with caplog.at_level("WARNING", logger="ops.availability"):
        client.get("/practicas/")

    [record] = [r for r in caplog.records if r.name == "ops.availability"]
    assert "Database unavailable, answered 503" in record.getMessage()
    assert "connection timeout expired" in record.getMessage()


def test_readyz_reports_the_stuck_database_within_its_budget(stuck_database, client):
    response, seconds = timed_get(client, "/readyz")

    assert response.status_code == 503
    assert seconds < availability.READY_BUDGET_SECONDS + 1
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"]["ok"] is False
    assert body["checks"]["database"]["error"] in {"timeout", "OperationalError"}
    assert body["checks"]["cache"]["ok"] is True
    assert "127.0.0.1" not in response.text  # names what failed, never where it lives
    # /healthz, the liveness check, does not look at the database.
    assert client.get("/healthz").status_code == 200
    availability.forget()  # the check's thread ends with its connect timeout


@pytest.mark.django_db
def test_readyz_is_200_when_the_database_and_the_cache_answer(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["cache"]["ok"] is True


@pytest.mark.django_db
def test_readyz_over_plain_http_is_not_redirected(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/readyz").status_code == 200
    assert client.get("/practicas/").status_code == 301


@pytest.mark.django_db
def test_a_burst_of_readyz_opens_one_connection_not_one_each(client, monkeypatch):
    opened = []
    real = availability._select_one
    monkeypatch.setattr(availability, "_select_one", lambda *args: (opened.append(1), real(*args)))

    for _ in range(20):
        assert client.get("/readyz").status_code == 200

    assert len(opened) == 1


@pytest.mark.django_db
def test_postgresql_cancels_a_statement_past_the_timeout_and_the_page_is_503(settings):
    """Every query of the page waits five seconds first; with a 1 s statement timeout the
    server cancels it (QueryCanceled) and the visitor gets the 503 well before."""
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's")
    settings_dict = {
        **connection.settings_dict,
        "OPTIONS": {**connection.settings_dict["OPTIONS"], "options": "-c statement_timeout=1000"},
    }

    def slow(execute, sql, params, many, context):
        execute("SELECT pg_sleep(5)", None, False, context)
        return execute(sql, params, many, context)

    with default_database(settings_dict) as wrapper, wrapper.execute_wrapper(slow):
        response, seconds = timed_get(Client(), "/practicas/")

    assert response.status_code == 503
    assert 1 <= seconds < 4
    assert "El catálogo no está disponible en este momento" in response.text


@pytest.mark.django_db
def test_a_database_error_outside_a_view_is_a_503_too(rf):
    """handler500: what a middleware meets (e.g. saving a session) is not a view's."""
    request = rf.get("/practicas/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = availability.server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"

    try:
        raise ValueError("a bug")
    except ValueError:
        assert availability.server_error(request).status_code == 500


def test_production_settings_bound_every_wait_on_postgresql():
    options = production_database_settings("postgres://catalogue@db.example:5432/catalogue")[
        "OPTIONS"
    ]
    assert options["connect_timeout"] == 3
    assert options["options"] == "-c jit=off -c statement_timeout=30000"

    changed = production_database_settings(
        "postgres://catalogue@db.example:5432/catalogue",
        DJANGO_DB_CONNECT_TIMEOUT="5",
        DJANGO_DB_STATEMENT_TIMEOUT="0",
    )["OPTIONS"]
    assert changed["connect_timeout"] == 5
    assert changed["options"] == "-c jit=off"  # 0: statements are never cancelled


def test_a_connect_timeout_below_libpq_s_minimum_stops_the_start_up():
    import subprocess

    with pytest.raises(subprocess.CalledProcessError) as failure:
        production_database_settings(
            "postgres://catalogue@db.example:5432/catalogue", DJANGO_DB_CONNECT_TIMEOUT="1"
        )
    assert "DJANGO_DB_CONNECT_TIMEOUT must be a whole number ≥ 2" in failure.value.stderr


def test_after_a_failed_connection_the_next_requests_do_not_wait(stuck_database, client, settings):
    settings.DB_BREAKER_SECONDS = 30
    first, first_seconds = timed_get(client, "/practicas/")
    assert first.status_code == 503 and first_seconds >= 1.5  # it really tried

    for url in ("/practicas/", "/", "/api/v1/practicas"):
        response, seconds = timed_get(client, url)
        assert response.status_code == 503
        assert seconds < 0.5, url  # answered at once: no worker held for the timeout
    assert timed_get(client, "/healthz")[0].status_code == 200  # never held back


def test_the_database_is_asked_again_after_the_breaker_period(stuck_database, client, settings):
    settings.DB_BREAKER_SECONDS = 1
    timed_get(client, "/practicas/")
    time.sleep(1.1)

    response, seconds = timed_get(client, "/practicas/")

    assert response.status_code == 503 and seconds >= 1.5  # it tried the database again


def test_a_statement_timeout_does_not_open_the_breaker(db, client, settings, monkeypatch):
    """A slow query on a working connection is that page's problem, not the database's."""
    from practices.views import catalogue as views

    settings.DB_BREAKER_SECONDS = 30

    def slow(*args, **kwargs):
        connection.ensure_connection()
        raise OperationalError("canceling statement due to statement timeout")

    monkeypatch.setattr(views.PracticeDetailView, "get", slow)
    assert client.get("/practicas/BP-X/").status_code == 503

    assert client.get("/healthz").status_code == 200
    assert client.get("/practicas/").status_code == 200
