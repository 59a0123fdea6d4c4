"""A stuck database gives a quick 503, never a hung worker; ``/readyz`` says so to balancers.

- ``DatabaseUnavailableMiddleware``: a view that meets ``django.db.OperationalError`` (the
  connection timed out, PostgreSQL cancelled a statement past ``statement_timeout``,
  SQLite stayed locked, the server went away…) answers 503 with ``Retry-After`` and
  ``Cache-Control: no-store``: the page ``503.html`` in the site's layout, or JSON
  ``{"detail": …}`` under ``/api/``. The timeouts come from the settings
  (``DJANGO_DB_CONNECT_TIMEOUT``, ``DJANGO_DB_STATEMENT_TIMEOUT``). ``server_error``
  (``handler500``) does the same for such an error raised outside a view (a middleware).
  When the database could not even be connected to, the process stops asking it for
  ``DJANGO_DB_BREAKER_SECONDS`` and answers 503 at once (a circuit breaker): otherwise
  every request would hold a worker for the whole connect timeout, and they queue.
  ``/healthz``, ``/readyz`` and static files are never held back.
- ``readyz``: readiness, for the balancer that chooses where to send requests (``/healthz``
  stays the liveness check that touches nothing). Each database gets a ``SELECT 1`` on a
  new connection within ``READY_BUDGET_SECONDS``, and the cache a PING (Redis gives up
  after a second; ops.cache). 200 when the databases answer, 503 when one does not;
  a cache that does not answer is reported ("degraded") but keeps the 200: the site serves
  without it, and a Redis shared by every server must not take them all out of rotation.
  Only the names of what failed are shown (the details go to the log). Each check runs at
  most once at a time per process, and a result is reused for ``REUSE_SECONDS``, so a
  flood of ``/readyz`` opens no flood of connections.
"""

import functools
import logging
import sys
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger("ops.availability")

RETRY_AFTER_SECONDS = 30
READY_BUDGET_SECONDS = 2.0
REUSE_SECONDS = 1.0


# --- 503 when the database does not answer -------------------------------------------------


def service_unavailable(request):
    """The 503 answer: JSON under /api/, else the page in the site's layout (a bare page if
    even that cannot be drawn)."""
    if request.path.startswith("/api/"):
        detail = _(
            "El servicio no está disponible: la base de datos no respondió a tiempo. "
            "Vuelva a intentarlo en %(seconds)d segundos."
        ) % {"seconds": RETRY_AFTER_SECONDS}
        response = JsonResponse({"detail": detail}, status=503)
    else:
        try:
            response = render(request, "503.html", {"retry_after": RETRY_AFTER_SECONDS}, status=503)
        except Exception:
            logger.exception("The 503 page could not be drawn; a bare one was sent")
            response = HttpResponse(_bare_page(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _bare_page():
    title = escape(_("Servicio no disponible"))
    text = escape(
        _("La base de datos no respondió a tiempo. Vuelva a intentarlo en unos segundos.")
    )
    return (
        f'<!DOCTYPE html>\n<html lang="es-CO">\n<head><meta charset="utf-8">'
        f"<title>{title} · Banco de Buenas Prácticas</title></head>\n"
        f"<body>\n<main>\n<h1>{title}</h1>\n<p>{text}</p>\n</main>\n</body>\n</html>\n"
    )


def _log(request, error):
    logger.warning(
        "Database unavailable, answered 503: %s",
        (str(error).strip().splitlines() or [type(error).__name__])[0],
        extra={"event": {"path": request.path, "error": type(error).__name__}},
    )


class _Breaker:
    """Until when this process answers 503 without asking the database (monotonic time)."""

    until = 0.0


_breaker = _Breaker()


def _never_held_back(path):
    return path in ("/healthz", "/readyz") or path.startswith(settings.STATIC_URL)


class DatabaseUnavailableMiddleware:
    """A view's OperationalError becomes the 503 answer; a database that could not be
    connected to is left alone for a while (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if time.monotonic() < _breaker.until and not _never_held_back(request.path):
            return service_unavailable(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError):
            _log(request, exception)
            if connections["default"].connection is None:  # not even connected
                _breaker.until = time.monotonic() + settings.DB_BREAKER_SECONDS
            return service_unavailable(request)
        return None


def server_error(request):
    """``handler500``: the 503 answer for an OperationalError raised outside a view (Django
    has logged it already), Django's 500 page for anything else."""
    if isinstance(sys.exc_info()[1], OperationalError):
        return service_unavailable(request)
    return defaults.server_error(request)


# --- /readyz -------------------------------------------------------------------------------


class _Check:
    """One dependency's check: one run at a time, its last result kept briefly."""

    def __init__(self):
        self.lock = threading.Lock()
        self.thread = None
        self.result = None
        self.finished_at = 0.0

    def start(self, target):
        """Start ``target`` in a thread unless one is still running or a fresh result is
        here; returns the thread to wait for, or None."""
        with self.lock:
            if self.thread is not None and self.thread.is_alive():
                return self.thread
            if self.result is not None and time.monotonic() - self.finished_at < REUSE_SECONDS:
                return None
            self.result = None
            self.thread = threading.Thread(
                target=self._run, args=(target,), name="readyz-check", daemon=True
            )
            self.thread.start()
            return self.thread

    def _run(self, target):
        started = time.perf_counter()
        try:
            target()
            result = {"ok": True}
        except Exception as error:
            logger.warning("Readiness check failed: %s: %s", type(error).__name__, error)
            result = {"ok": False, "error": type(error).__name__}
        result["ms"] = round((time.perf_counter() - started) * 1000, 1)
        with self.lock:
            self.result = result
            self.finished_at = time.monotonic()


_checks = {}
_checks_lock = threading.Lock()


def forget(wait=5.0):
    """Drop every kept result, after waiting up to ``wait`` seconds for the checks still
    running (tests)."""
    _breaker.until = 0.0
    with _checks_lock:
        running = [check.thread for check in _checks.values() if check.thread is not None]
        _checks.clear()
    deadline = time.monotonic() + wait
    for thread in running:
        thread.join(max(0.0, deadline - time.monotonic()))


def _check(name):
    with _checks_lock:
        return _checks.setdefault(name, _Check())


def _select_one(wrapper_class, settings_dict, alias):
    """``SELECT 1`` on a new connection made like the site's (timeouts included)."""
    wrapper = wrapper_class(settings_dict, alias)
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        wrapper.close()


def _check_cache():
    started = time.perf_counter()
    ping = getattr(cache, "ping", None)  # Redis (ops.cache); local memory cannot fail
    try:
        if ping is not None:
            ping()
        result = {"ok": True}
    except Exception as error:
        result = {"ok": False, "error": type(error).__name__}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def readyz(request):
    """Readiness: the databases and the cache answer (see the module)."""
    deadline = time.monotonic() + READY_BUDGET_SECONDS
    waiting = {}
    for alias in connections:
        source = connections[alias]  # made in this thread; a new one is made in the check's
        name = "database" if alias == "default" else f"database_{alias}"
        check = _check(name)
        target = functools.partial(_select_one, type(source), source.settings_dict, alias)
        waiting[name] = (check, check.start(target))
    checks = {"cache": _check_cache()}
    for name, (check, thread) in waiting.items():
        if thread is not None:
            thread.join(max(0.0, deadline - time.monotonic()))
        with check.lock:
            result = check.result
        checks[name] = result or {"ok": False, "error": "timeout"}
    databases_ok = all(result["ok"] for name, result in checks.items() if name != "cache")
    if not databases_ok:
        status = "unavailable"
    elif checks["cache"]["ok"]:
        status = "ok"
    else:
        status = "degraded"
    response = JsonResponse(
        {"status": status, "checks": dict(sorted(checks.items()))},
        status=200 if databases_ok else 503,
    )
    response["Cache-Control"] = "no-store"
    return response


def healthz(request):
    """Liveness for load balancers and the benchmark: no database, no template."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
