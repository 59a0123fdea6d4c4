"""Requests per minute per client for the costly public pages: searches and exports.

- Scopes and limits: ``settings.RATELIMITS`` (``{"search": 60, "export": 10}`` by
  default); a limit of 0 turns its scope off. "search" is every request of the public
  list (``/practicas/``, its clean URLs, ``/en/…``) and of ``/api/v1/practicas``;
  "export" is ``/practicas/exportar.csv`` and ``.json``.
- The client is its IP address (an IPv6 client is its /64 network, what one subscriber
  usually gets). Behind ``settings.TRUSTED_PROXY_COUNT`` reverse proxies, the address the
  nearest of them wrote in ``X-Forwarded-For`` (counted from the right: what the client
  writes there itself, on the left, is never believed); without trusted proxies the
  header is ignored. django-axes uses the same address (``AXES_CLIENT_IP_CALLABLE``).
- Counts live in Django's cache, one key per client, scope and minute (a fixed window:
  one atomic increment per request). With ``CACHE_URL`` (Redis) every worker and server
  shares them; with the local-memory default each process counts on its own.
- Over the limit: 429 with ``Retry-After`` (the seconds until the minute ends), an HTML
  page for the site (``rate_limited``) and JSON for the API (``practices.opendata.api``).
"""

import functools
import ipaddress
import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.crypto import salted_hmac

logger = logging.getLogger("practices.security")

WINDOW_SECONDS = 60


class RateLimited(Exception):
    def __init__(self, scope, retry_after):
        super().__init__(f"{scope}: over the limit, retry after {retry_after} s")
        self.scope = scope
        self.retry_after = retry_after


def pseudonym(value):
    """A short, stable stand-in for an address or a username in the logs (which hold
    neither: see ops.logging)."""
    if not value:
        return "-"
    return salted_hmac("practices.security", str(value), algorithm="sha256").hexdigest()[:12]


def _address(value):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_ip(request):
    """The client's IP address, as text (see the module for X-Forwarded-For)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies and (address := _address(hops[-proxies])):
            return str(address)
    return remote


def client_key(request):
    """Who is counted: the address, or the /64 network of an IPv6 address."""
    ip = client_ip(request)
    address = _address(ip)
    if address is None:
        return ip or "unknown"
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def check(request, scope):
    """Count this request; raise RateLimited when the client is over the scope's limit."""
    limit = settings.RATELIMITS.get(scope, 0)
    if not limit:
        return
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    client = client_key(request)
    key = f"ratelimit:{scope}:{client}:{window}"
    timeout = WINDOW_SECONDS + 5
    if cache.add(key, 1, timeout):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout)
            count = 1
    if count > limit:
        if count == limit + 1:  # once per client and minute
            logger.warning(
                "rate limit reached",
                extra={
                    "event": {
                        "event": "rate_limited",
                        "scope": scope,
                        "limit": limit,
                        "client": pseudonym(client),
                    }
                },
            )
        retry_after = max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
        raise RateLimited(scope, retry_after)


def too_many_requests(request, limited):
    """The site's 429 page."""
    response = render(
        request,
        "429.html",
        {
            "retry_after": limited.retry_after,
            "retry_hours": -(-limited.retry_after // 3600),
            "scope": limited.scope,
        },
        status=429,
    )
    response["Retry-After"] = str(limited.retry_after)
    response["Cache-Control"] = "no-store"
    return response


def rate_limited(scope):
    """A view decorator: count each request in ``scope``; over the limit, the 429 page."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                check(request, scope)
            except RateLimited as limited:
                return too_many_requests(request, limited)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
