"""The site's public address, for absolute links (canonical, og:url, robots.txt, exports,
API, feeds, the printed sheet and its QR code).

``SITE_URL`` when it is set (production: check --deploy asks for it); otherwise the
address the current request came to, as the sitemap does, so that ``make run PORT=8101``
links to port 8101; outside any request (a command), http://127.0.0.1:8000.
"""

import contextvars

from django.conf import settings

OUTSIDE_A_REQUEST = "http://127.0.0.1:8000"
_requested = contextvars.ContextVar("requested_site_url", default="")


def site_url():
    """The address absolute links start with, without a trailing slash."""
    return settings.SITE_URL or _requested.get() or OUTSIDE_A_REQUEST


class SiteURLMiddleware:
    """Notes the address each request came to (scheme and host, the host checked against
    ALLOWED_HOSTS) while the request is answered, and while a streamed answer (an export)
    writes its rows; never beyond."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SITE_URL:
            return self.get_response(request)
        url = f"{request.scheme}://{request.get_host()}"
        token = _requested.set(url)
        try:
            response = self.get_response(request)
        finally:
            _requested.reset(token)
        if response.streaming:
            response.streaming_content = _within(url, response.streaming_content)
        return response


def _within(url, chunks):
    """``chunks``, each made with ``url`` as the requested address."""
    iterator = iter(chunks)
    while True:
        token = _requested.set(url)
        try:
            chunk = next(iterator)
        except StopIteration:
            return
        finally:
            _requested.reset(token)
        yield chunk
