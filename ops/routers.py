"""An optional read replica: public pages read from it, everything else uses the primary.

With ``DATABASE_REPLICA_URL`` set, settings add a ``"replica"`` database, this router and
``PrimaryDatabaseMiddleware``. The rule, in order:

1. every write goes to the primary (``"default"``);
2. a read goes to the primary when
   - the request is marked "primary" by the middleware: the admin, any request carrying a
     session cookie (signed-in staff: they must see what they just saved, and their
     session itself was written on the primary), and any request that is not a GET, HEAD
     or OPTIONS;
   - it happens inside a transaction on the primary (``transaction.atomic()``: the
     workflow, the import, the admin's saves, ``select_for_update``), so that a
     transaction reads its own writes;
   - or it is a session (``django.contrib.sessions``);
   - or it follows an object read from the primary (Django's ``instance`` hint);
3. every other read, i.e. the anonymous public's pages, goes to the replica.

Why a context variable rather than the request's user: deciding "is this staff?" means
reading the session, which must itself come from the primary. The marker lives for one
request (and the streaming of its response, such as an export) in the thread or task
that serves it.

A replica a few seconds behind shows the public a change a few seconds late; the list's
cache key is the catalogue version read from the same replica, so a page and its counts
always agree with each other. Migrations run on the primary only.
"""

import contextlib
import contextvars

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
PRIMARY_APPS = {"sessions"}

_primary = contextvars.ContextVar("practices_read_from_primary", default=False)


@contextlib.contextmanager
def use_primary():
    """Inside this block every read goes to the primary."""
    token = _primary.set(True)
    try:
        yield
    finally:
        _primary.reset(token)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _primary.get() or model._meta.app_label in PRIMARY_APPS:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def needs_primary(request):
    """Requests whose reads must all see the primary (see the module's docstring)."""
    if request.method not in SAFE_METHODS:
        return True
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    admin = "/" + getattr(settings, "ADMIN_URL", "admin/").lstrip("/")
    return request.path_info.startswith(admin)


def _primary_stream(iterable):
    with use_primary():
        yield from iterable


class PrimaryDatabaseMiddleware:
    """Marks the admin's, staff's and writing requests (see ``needs_primary``); place it
    before SessionMiddleware so that the session is read from the primary too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not needs_primary(request):
            return self.get_response(request)
        with use_primary():
            response = self.get_response(request)
        if response.streaming and not response.is_async:
            # The body of a streamed response (an export) is read after this returns.
            response.streaming_content = _primary_stream(response.streaming_content)
        return response
