"""Settings of the Banco de Buenas Prácticas, driven by the environment.

Everything that differs between a laptop and a server comes from an environment
variable; a wrong value stops the start-up with a message instead of being guessed.

- ``DJANGO_DEBUG``: ``1``/``true``/``yes``/``on`` turns debugging on. Unset means production.
- ``DJANGO_SECRET_KEY``: required when debugging is off.
- ``DJANGO_ALLOWED_HOSTS``: comma-separated host names (defaults to localhost when debugging).
- ``DATABASE_URL``: e.g. ``postgres://user@host:5432/catalogue``; a SQLite file in the
  project folder when unset.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name, default=False):
    """Read a yes/no variable; anything but the usual spellings is an error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of {sorted((_TRUE | _FALSE) - {''})}, not {raw!r}."
    )


def env_list(name, default=()):
    """Read a comma-separated list, ignoring blanks around the commas."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off. "
            "For local work, set DJANGO_DEBUG=1 (as `make run` does)."
        )
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    "simple_history",
    "practices",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "catalogue_site.urls"
WSGI_APPLICATION = "catalogue_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "practices.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The pages' queries are short; JIT compilation costs more than it saves (~15 ms each).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One writer at a time; wait for the lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "es-co"
LANGUAGES = [("es-co", _("Español")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Bogota"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Tests and `runserver` find static files without running collectstatic first.
WHITENOISE_USE_FINDERS = DEBUG

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# The public address of the site, for absolute links in exports, feeds, sitemap and API.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The entity that publishes the catalogue, shown in the header and footer. Whatever is
# not set is left out of the page, never made up.
ENTITY = {
    "name": os.environ.get("ENTITY_NAME", ""),
    "address": os.environ.get("ENTITY_ADDRESS", ""),
    "municipality": os.environ.get("ENTITY_MUNICIPALITY", ""),
    "department": os.environ.get("ENTITY_DEPARTMENT", ""),
    "phones": env_list("ENTITY_PHONES"),
    "email": os.environ.get("ENTITY_EMAIL", ""),
    "hours": os.environ.get("ENTITY_HOURS", ""),
    "terms_url": os.environ.get("ENTITY_TERMS_URL", ""),
}

# Open data (Ley 1712 de 2014): the licence and publisher the entity chooses.
OPEN_DATA = {
    "license_name": os.environ.get(
        "OPEN_DATA_LICENSE_NAME", "Creative Commons Atribución 4.0 Internacional (CC BY 4.0)"
    ),
    "license_url": os.environ.get(
        "OPEN_DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/deed.es"
    ),
}

LOGIN_URL = "admin:login"

# Covering indexes (INCLUDE) exist on PostgreSQL only; SQLite gets the plain index.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
