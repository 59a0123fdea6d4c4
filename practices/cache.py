"""Django's Redis cache (``CACHE_URL``), degrading to "no cache" while Redis is down.

Everything the site keeps in the cache can be computed again (list states and pages,
statistics, PDFs) or is a courtesy limit (requests per minute), and sessions live in the
database: an unreachable Redis makes pages slower, never unavailable. Each operation
that cannot reach Redis answers as a miss (``get`` gives the default, ``add`` lets the
request through, writes are dropped) and a warning is logged, at most once a minute per
process. Connecting and reading give up after ``TIMEOUT_SECONDS``, so that a Redis that
stopped answering does not hold every worker.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("practices.cache")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
TIMEOUT_SECONDS = 1
WARN_EVERY_SECONDS = 60


class ResilientRedisCache(RedisCache):
    _last_warning = 0.0

    def __init__(self, server, params):
        options = {
            "socket_connect_timeout": TIMEOUT_SECONDS,
            "socket_timeout": TIMEOUT_SECONDS,
            **params.get("OPTIONS", {}),
        }
        super().__init__(server, {**params, "OPTIONS": options})

    def _or(self, fallback, method, *args, **kwargs):
        try:
            return getattr(super(), method)(*args, **kwargs)
        except UNREACHABLE as error:
            now = time.monotonic()
            if now - ResilientRedisCache._last_warning >= WARN_EVERY_SECONDS:
                ResilientRedisCache._last_warning = now
                logger.warning("Redis unreachable, serving without cache: %s", error)
            return fallback

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
