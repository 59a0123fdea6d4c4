"""Django's Redis cache (``CACHE_URL``), degrading to "no cache" while Redis is down.

Everything the site keeps in the cache can be computed again (list states and pages,
statistics, PDFs) or is a courtesy limit (requests per minute), and sessions live in the
database: an unreachable Redis makes pages slower, never unavailable. Each operation
that cannot reach Redis answers as a miss (``get`` gives the default, ``add`` lets the
request through, writes are dropped) and a warning is logged, at most once a minute per
process. Connecting and reading give up after ``TIMEOUT_SECONDS``, so that a Redis that
stopped answering does not hold every worker.

A circuit breaker keeps that second from being paid on every call: after a failure the
process leaves that Redis alone for ``breaker_seconds`` (``OPTIONS``; settings:
``DJANGO_CACHE_BREAKER_SECONDS``, 30 by default) and every operation answers as a miss at
once; the first call after that asks Redis again, and either finds it back or opens the
breaker for another period. ``ping()`` is the readiness check's (/readyz) question.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("ops.cache")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
TIMEOUT_SECONDS = 1
BREAKER_SECONDS = 30
WARN_EVERY_SECONDS = 60


class CacheUnavailable(Exception):
    """Redis did not answer, or the breaker is open after a recent failure."""


class ResilientRedisCache(RedisCache):
    _last_warning = 0.0
    # Per process, shared by its threads' cache objects: {LOCATION: monotonic time until
    # which that Redis is left alone}.
    _open_until = {}

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.breaker_seconds = float(options.pop("breaker_seconds", BREAKER_SECONDS))
        options = {
            "socket_connect_timeout": TIMEOUT_SECONDS,
            "socket_timeout": TIMEOUT_SECONDS,
            **options,
        }
        super().__init__(server, {**params, "OPTIONS": options})
        self._breaker_key = str(server)

    def breaker_remaining(self):
        """Seconds before this Redis is asked again (0: the breaker is closed)."""
        until = ResilientRedisCache._open_until.get(self._breaker_key, 0.0)
        return max(0.0, until - time.monotonic())

    def _trip(self, error):
        now = time.monotonic()
        if self.breaker_seconds > 0:
            ResilientRedisCache._open_until[self._breaker_key] = now + self.breaker_seconds
        if now - ResilientRedisCache._last_warning >= WARN_EVERY_SECONDS:
            ResilientRedisCache._last_warning = now
            logger.warning(
                "Redis unreachable, serving without cache (next try in %g s): %s",
                self.breaker_seconds,
                error,
            )

    def _or(self, fallback, method, *args, **kwargs):
        if self.breaker_remaining():
            return fallback
        try:
            return getattr(super(), method)(*args, **kwargs)
        except UNREACHABLE as error:
            self._trip(error)
            return fallback

    def ping(self):
        """Ask Redis for a PONG; CacheUnavailable when it does not give one in time or the
        breaker is open (then without asking)."""
        remaining = self.breaker_remaining()
        if remaining:
            raise CacheUnavailable(f"not asked after a recent failure (again in {remaining:.0f} s)")
        try:
            self._cache.get_client(write=True).ping()
        except UNREACHABLE as error:
            self._trip(error)
            raise CacheUnavailable(str(error) or type(error).__name__) from error

    def get(self, key, default=None, version=None):
        return self._or(default, "get", key, default, version)

    def get_many(self, keys, version=None):
        return self._or({}, "get_many", keys, version)

    def has_key(self, key, version=None):
        return self._or(False, "has_key", key, version)

    def add(self, key, value, timeout=None, version=None):
        # True: as if first, so a rate limit lets the request through (fails open).
        return self._or(True, "add", key, value, timeout, version)

    def set(self, key, value, timeout=None, version=None):
        return self._or(None, "set", key, value, timeout, version)

    def set_many(self, data, timeout=None, version=None):
        return self._or(list(data), "set_many", data, timeout, version)

    def touch(self, key, timeout=None, version=None):
        return self._or(False, "touch", key, timeout, version)

    def incr(self, key, delta=1, version=None):
        return self._or(delta, "incr", key, delta, version)

    def delete(self, key, version=None):
        return self._or(False, "delete", key, version)

    def delete_many(self, keys, version=None):
        return self._or(None, "delete_many", keys, version)

    def clear(self):
        return self._or(False, "clear")
