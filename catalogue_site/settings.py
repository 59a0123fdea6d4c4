"""Settings of the Banco de Buenas Prácticas, driven by the environment.

Everything that differs between a laptop and a server comes from an environment
variable; a wrong value stops the start-up with a message instead of being guessed.

- ``DJANGO_DEBUG``: ``1``/``true``/``yes``/``on`` turns debugging on. Unset means production.
- ``DJANGO_SECRET_KEY``: required when debugging is off.
- ``DJANGO_ALLOWED_HOSTS``: comma-separated host names (defaults to localhost when debugging).
- ``DATABASE_URL``: e.g. ``postgres://user@host:5432/catalogue``; a SQLite file in the
  project folder when unset.
- Staff access and abuse limits (admin address, sessions, login lockout, second factor,
  requests per minute): see the block "Staff access and abuse limits" below.
- Production (``CACHE_URL``, ``CSRF_TRUSTED_ORIGINS``, ``SITE_URL``, HTTPS, headers,
  cookies, JSON logs): see the block "Production" below.
"""

import datetime
import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
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


def env_int(name, default, minimum=0):
    """Read a whole number not below ``minimum``; anything else is an error."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        value = minimum - 1
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be a whole number ≥ {minimum}, not {raw!r}.")
    return value


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
    "ops.apps.StaffAdminConfig",  # django.contrib.admin with the site of ops/admin_site.py
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
    "ops.apps.LockoutConfig",  # axes: login lockout (see "Login lockout" below)
    "django_otp",  # the staff's second factor (see "Second factor" below)
    "ops.apps.SecondFactorConfig",  # django_otp.plugins.otp_totp
    "practices",  # the catalogue: models, pages, admin, fichas, open data, statistics
    "recognition",  # the yearly recognition: calls, representatives, applications
    "replication",  # «Replicamos esta práctica»: providers' accounts of adopting a practice
    "privacy",  # the data subject's requests (Ley 1581 de 2012) and their due dates
    "outbox",  # every e-mail the site sends: stored first, sent by `manage.py send_outbox`
    "ops",  # the plumbing (no models)
    "tools.perf",  # the benchmark's and the load test's commands (never imported by the site)
]

MIDDLEWARE = [
    # First: it sees every request (static files included) and times the whole answer.
    "ops.logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy and Cache-Control; before the session and CSRF middleware, so it
    # sees their cookies and Vary (ops/headers.py).
    "ops.headers.ResponseHeadersMiddleware",
    # A database that does not answer in time: 503 (ops/availability.py).
    "ops.availability.DatabaseUnavailableMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session is read: with a read replica (DATABASE_REPLICA_URL), a staff
    # request reads everything from the primary; without one it changes nothing.
    "ops.routers.PrimaryDatabaseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The API's language from ?lang= or Accept-Language (ops/api_language.py).
    "ops.api_language.APILanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The address absolute links start with when SITE_URL is unset (ops/site.py).
    "ops.site.SiteURLMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # right after the user is known
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # axes wants to be the last one
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
                "ops.context_processors.site",
            ],
        },
    },
]

# Each worker keeps its connection between requests (checked before reuse) for
# DJANGO_CONN_MAX_AGE seconds: opening one costs more than many of the pages' queries.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 300),
        conn_health_checks=True,
    )
}
# A database that stops answering must not hold the workers: connecting gives up after
# DJANGO_DB_CONNECT_TIMEOUT seconds (psycopg waits 130 s otherwise) and PostgreSQL cancels
# any statement running longer than DJANGO_DB_STATEMENT_TIMEOUT (0: never). The page then
# says 503, "try again shortly" (ops/availability.py); /readyz tells the balancer.
DB_CONNECT_TIMEOUT = env_int("DJANGO_DB_CONNECT_TIMEOUT", 3, minimum=2)  # libpq: 2 at least
# After a connection attempt timed out or was refused, each process answers 503 at once for
# this long instead of making every request wait (ops/availability.py).
DB_BREAKER_SECONDS = env_int("DJANGO_DB_BREAKER_SECONDS", 5)
DB_STATEMENT_TIMEOUT = env_int("DJANGO_DB_STATEMENT_TIMEOUT", 30)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    # The pages' queries are short; JIT compilation costs more than it saves (~15 ms each).
    _options.setdefault("options", "-c jit=off")
    if DB_STATEMENT_TIMEOUT and "statement_timeout" not in _options["options"]:
        _options["options"] += f" -c statement_timeout={DB_STATEMENT_TIMEOUT * 1000}"
    _options.setdefault("connect_timeout", DB_CONNECT_TIMEOUT)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One writer at a time; wait for the lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )

# --- Several servers: read replica, backups ----------------------------------------------
# DATABASE_REPLICA_URL (optional): a read-only replica of DATABASE_URL's database (e.g. a
# PostgreSQL streaming replica). The anonymous public's pages read from it; writes, the
# admin, signed-in staff and transactions use the primary (ops/routers.py). In tests
# it is a second connection to the test database (TEST MIRROR). BACKUP_DIR: where `make
# backup` writes (default backups/ in the project folder; ops/backup.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if DATABASE_REPLICA_URL:
    _replica = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    if _replica["ENGINE"] != DATABASES["default"]["ENGINE"]:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL must be a database of the same kind as DATABASE_URL."
        )
    _replica["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        **_replica.get("OPTIONS", {}),
    }
    if _replica["ENGINE"] == "django.db.backends.postgresql":
        # A replica is read-only; say so, so that a write routed there by mistake fails.
        _replica["OPTIONS"]["options"] = (
            _replica["OPTIONS"].get("options", "") + " -c default_transaction_read_only=on"
        ).strip()
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _replica
    DATABASE_ROUTERS = ["ops.routers.PrimaryReplicaRouter"]
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", "").strip() or BASE_DIR / "backups")

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
# Uploaded files (the recognition's terms and evidence). Never served as static files:
# views hand them out (the evidence to staff and jury only). DJANGO_DEFAULT_STORAGE names
# another backend, e.g. django-storages' S3Storage for an S3-compatible store.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {
        "BACKEND": os.environ.get(
            "DJANGO_DEFAULT_STORAGE", "django.core.files.storage.FileSystemStorage"
        )
    },
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
# Unset: the address each request came to (ops/site.py), so a local server on any port
# links to itself; production sets it (check --deploy asks).
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

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
    # Resolución MinTIC 1519 de 2020: the PQRSD channel and the address for judicial
    # notifications, in the footer of every page.
    "pqrsd_url": os.environ.get("ENTITY_PQRSD_URL", ""),
    "judicial_email": os.environ.get("ENTITY_JUDICIAL_EMAIL", ""),
}


# E-mail, sent by the outbox's worker (outbox/; `manage.py send_outbox --loop`, see
# docs/deploy.md). EMAIL_URL=smtp://user:password@host:587?tls=1 (smtps://… for implicit
# TLS), or the usual EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
# EMAIL_USE_TLS, EMAIL_USE_SSL. With neither while debugging, messages are printed.
def _email_settings():
    from urllib.parse import parse_qs, unquote, urlsplit

    url = os.environ.get("EMAIL_URL", "")
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps"):
            raise ImproperlyConfigured("EMAIL_URL must start with smtp:// or smtps://.")
        query = parse_qs(parts.query)
        return {
            "host": parts.hostname or "localhost",
            "port": parts.port or (465 if parts.scheme == "smtps" else 25),
            "user": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "tls": query.get("tls", ["0"])[0] in ("1", "true", "yes"),
            "ssl": parts.scheme == "smtps",
        }
    return {
        "host": os.environ.get("EMAIL_HOST", ""),
        "port": env_int("EMAIL_PORT", 25, minimum=1),
        "user": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "tls": env_bool("EMAIL_USE_TLS"),
        "ssl": env_bool("EMAIL_USE_SSL"),
    }


_EMAIL = _email_settings()
MAILERS = {
    "default": (
        {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
        if DEBUG and not _EMAIL["host"]
        else {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _EMAIL["host"] or "localhost",
                "port": _EMAIL["port"],
                "username": _EMAIL["user"],
                "password": _EMAIL["password"],
                "use_tls": _EMAIL["tls"],
                "use_ssl": _EMAIL["ssl"],
                # A stuck server does not hang the worker.
                "timeout": env_int("EMAIL_TIMEOUT", 20, minimum=1),
            },
        }
    )
}
# Sent messages carry personal data: the outbox forgets them after this many days.
OUTBOX_KEEP_DAYS = env_int("OUTBOX_KEEP_DAYS", 90, minimum=1)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-responder@localhost")
# Where «Escribir a quien lideró esta práctica» sends a message about a practice without a
# contact e-mail: the entity's mailbox, which puts the sender in touch.
CONTACT_RELAY_EMAIL = os.environ.get("CONTACT_RELAY_EMAIL", ENTITY["email"])
# The largest evidence file an applicant may attach (recognition/attachments.py).
RECOGNITION_ATTACHMENT_MAX_BYTES = env_int(
    "RECOGNITION_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024, minimum=1024
)
# Where the entity is told of what the recognition asks of it (a representative to confirm).
RECOGNITION_EMAIL = os.environ.get("RECOGNITION_EMAIL", CONTACT_RELAY_EMAIL)
# Where the entity is told of a replication waiting for moderation (replication/).
REPLICATIONS_EMAIL = os.environ.get("REPLICATIONS_EMAIL", RECOGNITION_EMAIL)
# Where the entity is told of a new request of a data subject (privacy/views.py).
PRIVACY_REQUESTS_EMAIL = os.environ.get("PRIVACY_REQUESTS_EMAIL", CONTACT_RELAY_EMAIL)

# The date the accessibility statement (/accesibilidad/) was last reviewed against WCAG
# 2.1 AA; ACCESSIBILITY_REVIEWED=YYYY-MM-DD after each review.
ACCESSIBILITY_REVIEWED = datetime.date.fromisoformat(
    os.environ.get("ACCESSIBILITY_REVIEWED", "2026-12-03")
)

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
# Only staff sign in, through the admin: after the login, a "next" that is missing or
# points to another site lands on the admin's index (Django's default is /accounts/profile/).
LOGIN_REDIRECT_URL = "admin:index"


# --- Staff access and abuse limits -------------------------------------------------------
# The admin's address, staff sessions, login lockout (django-axes), the optional second
# factor (django-otp, TOTP) and requests per minute of searches and exports
# (ops.ratelimit). Every variable is described in README.md, "Configuration".


def admin_url(raw):
    """The admin's address below the site's root, e.g. "gestion/": no leading "/", a "/" at
    the end, and nothing but letters, digits, "-", "_", "." and "~" in between."""
    if not re.fullmatch(r"(?:(?!\.+/)[A-Za-z0-9._~-]+/)+", raw):
        raise ImproperlyConfigured(
            f"DJANGO_ADMIN_URL must look like 'admin/' or 'gestion/interna/' (no leading "
            f"'/', a '/' at the end, letters, digits, '-', '_', '.', '~'), not {raw!r}."
        )
    return raw


ADMIN_URL = admin_url(os.environ.get("DJANGO_ADMIN_URL", "admin/"))

# Only staff sign in. Their session ends when the browser closes, and on the server after
# DJANGO_STAFF_SESSION_HOURS (8: a working day) whatever the browser does.
SESSION_COOKIE_AGE = env_int("DJANGO_STAFF_SESSION_HOURS", 8, minimum=1) * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login lockout (django-axes, ops.login_lockout): DJANGO_LOGIN_FAILURE_LIMIT failed
# logins of one username from one IP lock that pair; DJANGO_LOGIN_IP_FAILURE_LIMIT failures
# from one IP, whatever the usernames, lock the IP. A lock ends DJANGO_LOGIN_COOLOFF_MINUTES
# after the failure that set it (answer: 429 with Retry-After).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out login before the password
    "django.contrib.auth.backends.ModelBackend",
]
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_IP_FAILURE_LIMIT = env_int("DJANGO_LOGIN_IP_FAILURE_LIMIT", 30, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lock ends when Retry-After says
AXES_RESET_ON_SUCCESS = True  # a successful login forgets that username's failures (only)
AXES_HANDLER = "ops.login_lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "ops.login_lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "ops.ratelimit.client_ip"
AXES_CLIENT_STR_CALLABLE = "ops.login_lockout.client_str"  # no names in the logs

# Second factor for staff (django-otp, TOTP): DJANGO_ADMIN_2FA=1 asks every staff member
# for a code after the password before any admin page. The apps and the middleware are
# always there, so devices can be enrolled before switching it on.
ADMIN_2FA = env_bool("DJANGO_ADMIN_2FA", default=False)
OTP_TOTP_ISSUER = "Banco de Buenas Prácticas"

# Requests per minute per client (ops.ratelimit); 0 turns a limit off. The client is
# its IP address; behind DJANGO_TRUSTED_PROXY_COUNT reverse proxies (0: none), the one
# they wrote in X-Forwarded-For.
RATELIMITS = {
    "search": env_int("DJANGO_RATELIMIT_SEARCHES_PER_MINUTE", 60),
    "export": env_int("DJANGO_RATELIMIT_EXPORTS_PER_MINUTE", 10),
    # Messages sent through «Escribir a quien lideró esta práctica» (practices/views/relay.py).
    "contact": env_int("DJANGO_RATELIMIT_MESSAGES_PER_MINUTE", 3),
    # Requests of data subjects (privacy/views.py).
    "data_request": env_int("DJANGO_RATELIMIT_DATA_REQUESTS_PER_MINUTE", 3),
}
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)

# Covering indexes (INCLUDE) exist on PostgreSQL only; SQLite gets the plain index.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- Production: cache, HTTPS, security headers, cookies, logs -----------------------------
# The variables are listed in README.md ("Configuration"); `manage.py check --deploy
# --fail-level WARNING` passes with them (tests/test_production.py runs it).

# CACHE_URL: a Redis server shared by every worker and server (the list's cached counts
# and pages, rate limits), e.g. redis://127.0.0.1:6379/0. Unset: local memory, per process.
CACHE_URL = os.environ.get("CACHE_URL", "").strip()
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"CACHE_URL must be a Redis URL (redis://, rediss:// or unix://), not {CACHE_URL!r}."
        )
    CACHES = {
        "default": {
            # Django's Redis backend, serving without cache while Redis is down or does
            # not answer; after a failure it leaves Redis alone for DJANGO_CACHE_BREAKER_SECONDS.
            "BACKEND": "ops.cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {"breaker_seconds": env_int("DJANGO_CACHE_BREAKER_SECONDS", 30)},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The public list counts its facets and pages on a snapshot of the published catalogue
# that each process keeps in memory (about 20 MB at 100.000 practices; practices/snapshot.py),
# built once and then updated from the database's change log. DJANGO_CATALOGUE_SNAPSHOT=0
# counts in the database on every request instead (slower; nothing else changes).
CATALOGUE_SNAPSHOT = env_bool("DJANGO_CATALOGUE_SNAPSHOT", default=True)

# The admin's ficha import keeps the uploaded files between its preview and confirmation in
# a folder per preview here (the system's temporary folder when unset; a folder every host
# sees when several serve the admin), for at most an hour (practices/admin/pending_uploads.py).
PENDING_UPLOADS_DIR = os.environ.get("DJANGO_PENDING_UPLOADS_DIR") or None
PENDING_UPLOADS_SECONDS = 3600

# Origins allowed to POST (the admin's forms) besides the host itself, with their scheme:
# https://bbp.example.gov.co. Needed behind a proxy that changes the Host or the scheme.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# HTTPS. Plain HTTP is redirected, except /healthz and /readyz, which load balancers poll
# over HTTP.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Behind a proxy that ends TLS and says so in a header (e.g. X-Forwarded-Proto: https):
# DJANGO_SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto. Only if the proxy always sets or
# overwrites that header: otherwise any client could claim HTTPS.
_proxy_ssl_header = os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_ssl_header:
    if not all(part.isalnum() for part in _proxy_ssl_header.split("-")):
        raise ImproperlyConfigured(
            "DJANGO_SECURE_PROXY_SSL_HEADER must be a header name such as "
            f"X-Forwarded-Proto, not {_proxy_ssl_header!r}."
        )
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https")
# Browsers keep to HTTPS for a year, subdomains included (sent on HTTPS answers only).
SECURE_HSTS_SECONDS = 0 if DEBUG else 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading binds the whole registrable domain for good: its owner opts in.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS += ["security.W021"]

# Headers of every response (SecurityMiddleware, ContentSecurityPolicyMiddleware).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No camera, microphone, location, payment or USB, here or in anything embedded, and no
# interest-based advertising (ops/headers.py).
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)
# What a proxy may keep of the pages that are the same for everyone (lists, fichas,
# exports, API): Cache-Control "public, max-age=DJANGO_PUBLIC_CACHE_SECONDS". Pages for
# someone signed in, with a session or a form are "private, no-store" (ops/headers.py).
PUBLIC_CACHE_SECONDS = env_int("DJANGO_PUBLIC_CACHE_SECONDS", 60)
# Nothing inline: scripts and styles are files of our own (JSON-LD data blocks are not
# executed, so they need no permission).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# Cookies: HTTPS only outside debugging, out of reach of scripts, not sent cross-site.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = LANGUAGE_COOKIE_SAMESITE = "Lax"

# Static files: whitenoise serves the hashed, compressed (gzip and Brotli) copies that
# collectstatic writes; a hashed name never changes content, so it is cached for ten years
# ("immutable"). WHITENOISE_MAX_AGE (60 s) is for names without a hash only.

# Logs: JSON lines on stdout, one per request (ops/logging.py) plus every warning
# and error; no personal data (no query strings, cookies, emails or user names).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "ops.logging.JsonFormatter"}},
    "handlers": {"stdout": {"class": "ops.logging.StdoutHandler", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": "WARNING"},
    "loggers": {
        # Django's own console and e-mail handlers give way to the JSON lines.
        "django": {"handlers": [], "level": "WARNING", "propagate": True},
        "practices": {"level": "INFO"},
        "ops": {"level": "INFO"},
        # django-axes names the username and IP of each failed login; its AccessAttempt
        # records (in the admin) keep them, the logs do not.
        "axes": {"level": "ERROR"},
    },
}
