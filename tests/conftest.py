import time

import pytest
from django.core.management import call_command

from practices.models import Practice


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path_factory):
    # Static files straight from the finders: no collectstatic manifest needed in tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Every request computes its page: the list cache has tests of its own.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    # The test client speaks plain HTTP; tests/test_production.py covers HTTPS as served.
    settings.SECURE_SSL_REDIRECT = False
    # The admin import's pending uploads: a folder per test, not the machine's temp dir.
    settings.PENDING_UPLOADS_DIR = tmp_path_factory.mktemp("pending-uploads")


@pytest.fixture(autouse=True)
def _site_language():
    # Each test starts in the site's language, whatever an earlier test's request left
    # active in this thread (a page in English activates English).
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_snapshots():
    # Each test starts without the list's snapshot of an earlier test's data, nor the
    # thesaurus read at a catalogue version another test's database also reached (tests
    # roll back: two of them meet the same version numbers, and query counts depend on it).
    from practices import search, snapshot

    snapshot.forget()
    search._THESAURUS["version"] = None
    yield
    snapshot.forget()


@pytest.fixture
def reference_practice(db):
    """The reference ficha (BP-ANDESCO-SSPD-002-2021) exactly as `loaddata demo` gives it."""
    call_command("loaddata", "demo", verbosity=0)
    return Practice.objects.get(code="BP-ANDESCO-SSPD-002-2021")


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_superuser(
        username="editora", email="editora@example.org", password="clave-de-prueba-123"
    )


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def make_member(django_user_model):
    """A staff user in one of the roles created by the migrations."""
    from django.contrib.auth.models import Group

    def make(role, username=None):
        user = django_user_model.objects.create_user(
            username=username or role.lower(), password="clave-de-prueba-123", is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def editor(make_member):
    return make_member("Editor")


@pytest.fixture
def reviewer(make_member):
    return make_member("Revisor")


@pytest.fixture
def administrator(make_member):
    return make_member("Administrador")


@pytest.fixture
def counting_cache(settings, monkeypatch):
    """A real cache, empty for each test (tests use a dummy cache, which counts nothing):
    for the rate limits. Their clock is held in the middle of a minute, so a test never
    sees its count start again because the minute changed while it ran."""
    import types

    from django.core.cache import cache

    from ops import ratelimit

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}
    }
    cache.clear()
    middle = (time.time() // 60) * 60 + 30
    monkeypatch.setattr(ratelimit, "time", types.SimpleNamespace(time=lambda: middle))


@pytest.fixture
def smtp(settings):
    """A real SMTP server on a free local port (tests/smtp_server.py), and the site's mailer
    pointed at it."""
    from .smtp_server import SMTPServer

    server = SMTPServer()
    server.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
        }
    }
    settings.DEFAULT_FROM_EMAIL = "catalogo@entidad.gov.co"
    yield server
    server.stop()
