"""Production as served: deployment checks, HTTPS, security headers, cookies, static files."""

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache.backends.redis import RedisCache
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from whitenoise.middleware import WhiteNoiseMiddleware

from ops.cache import ResilientRedisCache

ROOT = Path(__file__).resolve().parents[1]
CODE = "BP-ANDESCO-SSPD-002-2021"

# The production environment of README.md ("Configuration").
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "kq3V-7xJ0s_cXh2WmT9pZ8aLr4Nf6bYd1EgUiOv5HjQwKlMnB0CtRyS3uIoPaD2F",
    "DJANGO_ALLOWED_HOSTS": "bbp.example.gov.co",
    "DATABASE_URL": "postgres://catalogue@127.0.0.1:5432/catalogue",
    "CACHE_URL": "redis://127.0.0.1:6379/0",
    "CSRF_TRUSTED_ORIGINS": "https://bbp.example.gov.co",
    "SITE_URL": "https://bbp.example.gov.co",
}

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
        "interest-cohort=(), browsing-topics=()"
    ),
}

PUBLIC_URLS = [
    "/",
    "/practicas/",
    "/practicas/?servicio=energia-electrica&q=quindio&orden=titulo&page=1",
    f"/practicas/{CODE}/",
    f"/practicas/{CODE}/ficha.txt",
    f"/practicas/{CODE}/ficha.pdf",
    "/practicas/exportar.csv",
    "/practicas/exportar.json",
    "/practicas/feed/",
    "/sitemap.xml",
    "/robots.txt",
    "/datos/",
    "/estadisticas/",
    "/styleguide/",
    "/accesibilidad/",
    "/mapa-del-sitio/",
    "/politica-de-tratamiento-de-datos/",
    "/api/v1/practicas",
    "/api/v1/docs",
    "/en/",
    "/en/practicas/",
    "/healthz",
    "/readyz",
]


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def production_env(**changes):
    """This process's environment without any project variable, plus production's."""
    ours = {"DJANGO_", "DATABASE_URL", "CACHE_URL", "CSRF_TRUSTED_ORIGINS", "SITE_URL"}
    env = {k: v for k, v in os.environ.items() if not k.startswith(tuple(ours))}
    env |= PRODUCTION_ENV | changes
    return {k: v for k, v in env.items() if v is not None}


def test_check_deploy_passes_with_the_documented_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_asks_for_a_shared_cache_and_the_public_https_address():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_env(CACHE_URL=None, SITE_URL="http://127.0.0.1:8000"),
    )

    assert result.returncode != 0
    assert "practices.W001" in result.stderr and "SITE_URL" in result.stderr
    assert "practices.W002" in result.stderr and "CACHE_URL" in result.stderr


def test_a_cache_url_that_is_not_redis_stops_the_start_up():
    result = manage("check", env=production_env(CACHE_URL="memcached://127.0.0.1:11211"))

    assert result.returncode != 0
    assert "CACHE_URL must be a Redis URL" in result.stderr


def setting(name, **changes):
    """A setting as a process started with production's environment plus ``changes`` sees it."""
    script = (
        f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    )
    env = production_env(DJANGO_SETTINGS_MODULE="catalogue_site.settings", **changes)
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    return result.returncode, result.stdout.strip(), result.stderr


def test_the_cache_url_selects_django_s_redis_backend():
    returncode, caches, stderr = setting("CACHES")

    assert returncode == 0, stderr
    assert "'BACKEND': 'ops.cache.ResilientRedisCache'" in caches
    assert issubclass(ResilientRedisCache, RedisCache)
    assert "'LOCATION': 'redis://127.0.0.1:6379/0'" in caches


def test_the_proxy_s_https_header_is_opt_in():
    assert setting("SECURE_PROXY_SSL_HEADER")[1] == "None"
    returncode, header, stderr = setting(
        "SECURE_PROXY_SSL_HEADER", DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto"
    )
    assert returncode == 0, stderr
    assert header == "('HTTP_X_FORWARDED_PROTO', 'https')"

    returncode, _, stderr = setting(
        "SECURE_PROXY_SSL_HEADER", DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto: https"
    )
    assert returncode != 0
    assert "DJANGO_SECURE_PROXY_SSL_HEADER must be a header name" in stderr


# --- Every response, served over HTTPS as production serves it ------------------------------


@pytest.fixture
def production(settings):
    """The settings of production that the test suite relaxes: HTTPS is enforced."""
    settings.SECURE_SSL_REDIRECT = True
    return settings


class InlineCode(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, styles and handlers."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "style" in attributes:
            self.found.append(f"<{tag} style=…>")
        self.found += [f"<{tag} {name}=…>" for name in attributes if name.startswith("on")]
        if tag == "style":
            self.found.append("<style>")
        # A JSON-LD block is data, never executed.
        inline_script = "src" not in attributes and attributes.get("type") != "application/ld+json"
        if tag == "script" and inline_script:
            self.found.append("<script> without src")
        for name in ("href", "src", "action"):
            if (attributes.get(name) or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")


def inline_code(response):
    if not response["Content-Type"].startswith("text/html"):
        return []
    parser = InlineCode()
    parser.feed(response.text)
    return parser.found


def assert_production_headers(response):
    for header, value in HEADERS.items():
        assert response.headers.get(header) == value, (header, response.headers.get(header))
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert inline_code(response) == []


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_every_public_url_sends_the_security_headers(client, production, reference_practice, url):
    response = client.get(url, secure=True)

    assert response.status_code == 200, url
    assert_production_headers(response)


@pytest.mark.django_db
def test_an_error_page_sends_them_too(client, production):
    response = client.get("/no-existe/", secure=True)

    assert response.status_code == 404
    assert_production_headers(response)


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(client, production):
    response = client.get("/practicas/?q=agua")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/practicas/?q=agua"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/healthz", "/readyz"])
def test_health_checks_answer_over_plain_http_for_load_balancers(client, production, url):
    response = client.get(url)

    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response  # never sent over plain HTTP


@pytest.mark.django_db
def test_the_admin_login_and_its_cookies(client, production, staff_user):
    login_url = reverse("admin:login")
    page = client.get(login_url, secure=True)

    assert page.status_code == 200
    assert_production_headers(page)
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"

    answer = client.post(
        login_url,
        {"username": "editora", "password": "clave-de-prueba-123", "next": reverse("admin:index")},
        secure=True,
    )

    assert answer.status_code == 302, answer.text
    assert_production_headers(answer)
    session = answer.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


@pytest.mark.django_db
def test_the_admin_works_under_the_policy(client, production, staff_user, reference_practice):
    """The change form (with its inlines' "add another" rows), a change list, an add form
    and the autocomplete: Django's admin loads only script and style files."""
    client.force_login(staff_user)
    urls = [
        reverse("admin:index"),
        reverse("admin:practices_practice_changelist"),
        reverse("admin:practices_practice_change", args=[reference_practice.pk]),
        reverse("admin:practices_practice_add"),
        reverse("admin:practices_provider_add"),
        reverse("admin:practices_edition_add"),
        reverse("admin:autocomplete")
        + "?app_label=practices&model_name=practice&field_name=provider&term=ed",
    ]

    for url in urls:
        response = client.get(url, secure=True)

        assert response.status_code == 200, url
        assert_production_headers(response)
    add_form = client.get(urls[3], secure=True).text
    assert "__prefix__" in add_form and "data-inline-formset" in add_form  # "add another"
    assert "admin/js/inlines.js" in add_form and "admin/js/autocomplete.js" in add_form


def test_no_template_has_inline_styles_or_scripts():
    """The project's templates keep to the policy (JSON-LD data blocks are allowed)."""
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), 1):
            if re.search(r"\sstyle=|<style[\s>]|\son[a-z]+=|javascript:", line):
                offenders.append(f"{template.relative_to(ROOT)}:{number}")
            for script in re.findall(r"<script\b[^>]*>", line):
                if "src=" not in script and "application/ld+json" not in script:
                    offenders.append(f"{template.relative_to(ROOT)}:{number}")

    assert offenders == []


# --- Static files as `make serve` serves them ------------------------------------------------


@pytest.mark.django_db  # closing a response signals request_finished
def test_hashed_static_files_are_compressed_and_cached_for_good(tmp_path, settings):
    """collectstatic with production's storage, then whitenoise as gunicorn runs it."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    # The project's own files only (the admin's would take ten seconds more to compress).
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    call_command("collectstatic", interactive=False, verbosity=0)
    hashed = staticfiles_storage.url("css/base.css")
    assert re.fullmatch(r"/static/css/base\.[0-9a-f]{12}\.css", hashed)
    middleware = WhiteNoiseMiddleware(lambda request: pytest.fail("not served by whitenoise"))

    for encoding in ("gzip", "br"):
        response = middleware(RequestFactory().get(hashed, HTTP_ACCEPT_ENCODING=encoding))

        assert response.status_code == 200
        assert response["Content-Encoding"] == encoding
        assert response["Cache-Control"] == "max-age=315360000, public, immutable"
        assert "Accept-Encoding" in response["Vary"]
        response.close()

    # A name without its hash may change: a short cache only.
    unhashed = middleware(RequestFactory().get("/static/css/base.css"))
    assert unhashed.status_code == 200
    assert unhashed["Cache-Control"] == "max-age=60, public"
    unhashed.close()
