"""Deployment checks of the project's own settings (``manage.py check --deploy``).

Django's checks cover the security settings; these cover what a production server of
this catalogue needs besides: its public HTTPS address and a cache every worker shares.
"""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    if settings.SITE_URL.startswith("https://"):
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL!r}: feeds, the sitemap, exports and the API "
            "would link to it.",
            hint="Set SITE_URL to the site's public HTTPS address, e.g. https://bbp.example.gov.co.",
            id="practices.W001",
        )
    ]


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    if settings.CACHES["default"]["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache":
        return []
    return [
        Warning(
            "The cache is in each process's memory: every gunicorn worker keeps its own copy "
            "of the list's counts and pages, and limits counted there are per worker.",
            hint="Set CACHE_URL to a Redis server, e.g. redis://127.0.0.1:6379/0.",
            id="practices.W002",
        )
    ]
