"""Structured logs: one JSON line per request, and Django's warnings and errors as JSON.

``RequestLogMiddleware`` (first in ``MIDDLEWARE``) gives every request an id, returns it
in the ``X-Request-ID`` header and writes one line to the ``practices.request`` logger:

    {"time": "…", "level": "INFO", "logger": "practices.request", "message": "GET /practicas/ 200",
     "request_id": "…", "method": "GET", "path": "/practicas/", "status": 200,
     "duration_ms": 12.3, "user_id": null}

``JsonFormatter`` (``LOGGING`` in the settings) writes every record that way; records
logged while a request is served carry its ``request_id`` too.

No personal data: the path is logged without its query string (a search ``q`` may hold
a name or an email), and neither cookies, headers, client addresses nor user names are;
a signed-in user appears by numeric id only, and only when the request already loaded
it (the log never costs a query). The duration stops when the response is returned: a
streamed export goes on sending after that.
"""

import contextvars
import datetime
import json
import logging
import re
import sys
import time
import uuid

from django.utils.functional import empty

logger = logging.getLogger("practices.request")

REQUEST_ID_HEADER = "X-Request-ID"
# An incoming id is kept when it looks like one (a UUID, a load balancer's trace id…);
# anything else (too long, spaces, quotes, control characters) is replaced.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:=+/-]{0,127}")
# Load balancers poll them every few seconds: logged at DEBUG, i.e. not by default.
QUIET_PATHS = frozenset({"/healthz", "/readyz"})

_request_id = contextvars.ContextVar("request_id", default=None)


def request_id_from(request):
    """The caller's ``X-Request-ID`` when it is a sane token, else a new one."""
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    if SANE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def _user_id(request):
    """The signed-in user's id if the request already loaded the user, else None."""
    user = request.__dict__.get("user")
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request)
        request.request_id = request_id
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            response[REQUEST_ID_HEADER] = request_id
            logger.log(
                logging.DEBUG if request.path in QUIET_PATHS else logging.INFO,
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "event": {
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": duration_ms,
                        "user_id": _user_id(request),
                    }
                },
            )
            return response
        finally:
            _request_id.reset(token)


class StdoutHandler(logging.StreamHandler):
    """A stream handler on whatever ``sys.stdout`` is when a record is written."""

    def __init__(self):
        super().__init__(sys.stdout)

    @property
    def stream(self):
        return sys.stdout

    @stream.setter
    def stream(self, value):
        pass


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request id, event."""

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = _request_id.get() or getattr(
            getattr(record, "request", None), "request_id", None
        )
        if request_id:
            entry["request_id"] = request_id
        # Only what the code chose to log goes out (never Django's `request` object).
        event = getattr(record, "event", None)
        if isinstance(event, dict):
            entry.update(event)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
