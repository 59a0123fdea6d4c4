"""Permissions-Policy on every response, and Cache-Control saying what a proxy may keep
(ops/headers.py): the pages that are the same for everyone for a minute, nothing
of a signed-in person's, a session's or a form's."""

import pytest
from django.urls import reverse

from .factories import PracticeFactory

pytestmark = pytest.mark.django_db

CODE = "BP-ANDESCO-SSPD-002-2021"
POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)
PUBLIC = "public, max-age=60"
NEVER = "private, no-store"

SAME_FOR_EVERYONE = [
    "/",
    "/practicas/",
    "/practicas/?servicio=energia-electrica&q=quindio",
    f"/practicas/{CODE}/",
    f"/practicas/{CODE}/ficha.txt",
    "/practicas/exportar.csv",
    "/practicas/feed/",
    "/estadisticas/",
    "/datos/",
    "/sitemap.xml",
    "/api/v1/practicas",
    f"/api/v1/practicas/{CODE}",
    "/en/practicas/",
]


@pytest.mark.parametrize("url", SAME_FOR_EVERYONE)
def test_a_proxy_may_keep_the_public_pages_for_a_minute(client, reference_practice, url):
    response = client.get(url)

    assert response.status_code == 200, url
    assert response["Cache-Control"] == PUBLIC, url
    assert response["Permissions-Policy"] == POLICY, url
    assert not response.cookies, url


def test_a_ficha_is_kept_for_visitors_without_cookies_only(client, reference_practice):
    # It asks whether the visitor may preview (the session): a proxy keys it by cookie.
    response = client.get(f"/practicas/{CODE}/")

    assert response["Cache-Control"] == PUBLIC
    assert "Cookie" in response["Vary"]


def test_the_public_lifetime_is_configurable(client, reference_practice, settings):
    settings.PUBLIC_CACHE_SECONDS = 300

    assert client.get("/practicas/")["Cache-Control"] == "public, max-age=300"


def test_an_unknown_address_may_be_kept_too_but_a_too_many_requests_never(
    client, reference_practice, settings
):
    assert client.get("/practicas/BP-NO-EXISTE-001-2020/")["Cache-Control"] == PUBLIC
    settings.RATELIMITS = {"search": 1, "export": 1}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    client.get("/practicas/")
    limited = client.get("/practicas/")

    assert limited.status_code == 429
    assert limited["Cache-Control"] == "no-store"
    assert limited["Permissions-Policy"] == POLICY


@pytest.mark.parametrize("url", ["/", "/practicas/", f"/practicas/{CODE}/", "/api/v1/practicas"])
def test_nothing_a_signed_in_person_sees_is_kept(client, reference_practice, editor, url):
    client.force_login(editor)

    response = client.get(url)

    assert response.status_code == 200
    assert response["Cache-Control"] == NEVER, url
    assert response["Permissions-Policy"] == POLICY


def test_a_session_cookie_alone_makes_the_answer_private(client, reference_practice):
    client.cookies["sessionid"] = "whatever-it-holds"

    assert client.get("/practicas/")["Cache-Control"] == NEVER


def test_a_preview_is_never_kept(client, editor):
    practice = PracticeFactory(draft=True)
    client.force_login(editor)

    response = client.get(practice.get_absolute_url())

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_the_admin_and_its_forms_are_never_kept(client, staff_user):
    login = client.get(reverse("admin:login"))  # a form with its CSRF token (and cookie)
    assert login.status_code == 200
    assert "csrftoken" in login.cookies
    for header in ("no-store", "private"):
        assert header in login["Cache-Control"]
    assert login["Permissions-Policy"] == POLICY

    answer = client.post(
        reverse("admin:login"), {"username": "editora", "password": "clave-de-prueba-123"}
    )
    assert answer.status_code == 302
    assert "no-store" in answer["Cache-Control"] and "public" not in answer["Cache-Control"]

    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert "no-store" in index["Cache-Control"] and "private" in index["Cache-Control"]
    assert index["Permissions-Policy"] == POLICY


def test_any_other_method_is_never_kept(client):
    response = client.post("/practicas/", {"q": "agua"})

    assert response["Cache-Control"] == NEVER
