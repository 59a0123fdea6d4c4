"""Headers of every response that Django's own middleware does not send.

- ``Permissions-Policy`` (``settings.PERMISSIONS_POLICY``): the site uses no camera,
  microphone, location, payment or USB, and takes part in no interest-based advertising
  (``interest-cohort``, ``browsing-topics``); nor may anything it embeds.
- ``Cache-Control``, for the proxies and browsers in between, when the view did not say
  (the previews, the 429 and 503 answers, the admin with ``never_cache`` and whitenoise's
  static files do):

  - ``private, no-store``: anything sent to someone signed in or carrying a session
    cookie, anything that sets a cookie (a form's CSRF token, the session), and every
    answer to a method other than GET and HEAD. (A page that looked for a session and
    found none, such as a ficha, which checks whether the visitor may preview, says
    ``Vary: Cookie``: a proxy keeps it for visitors without cookies only.)
  - ``public, max-age=PUBLIC_CACHE_SECONDS`` (``DJANGO_PUBLIC_CACHE_SECONDS``, 60 by
    default): the same page for everyone (lists, fichas, exports, feeds, the API), when
    its status may be kept (200, 301, 404, 410);
  - ``no-store``: anything else (redirects of a moment, errors).

The middleware sits before the session and CSRF middleware (``MIDDLEWARE``), so it sees the
cookies and ``Vary`` they added.
"""

from django.conf import settings
from django.utils.functional import empty

KEPT_STATUSES = frozenset({200, 301, 404, 410})


def cache_control(request, response):
    """The Cache-Control value for a response whose view set none (see the module)."""
    if request.method not in ("GET", "HEAD") or _personal(request, response):
        return "private, no-store"
    if response.status_code in KEPT_STATUSES:
        return f"public, max-age={settings.PUBLIC_CACHE_SECONDS}"
    return "no-store"


def _personal(request, response):
    if settings.SESSION_COOKIE_NAME in request.COOKIES or response.cookies:
        return True
    user = request.__dict__.get("user")  # only if the request loaded it (no query here)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return False
    return user.is_authenticated


class ResponseHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if "Cache-Control" not in response:
            response["Cache-Control"] = cache_control(request, response)
        return response
