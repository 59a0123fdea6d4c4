from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path
from django.views.generic import TemplateView

from ops import availability
from practices.opendata.api import api
from practices.opendata.sitemaps import SITEMAPS
from practices.views import pages

# A database error outside a view is a 503 too (ops/availability.py).
handler500 = "ops.availability.server_error"

urlpatterns = [
    path("healthz", availability.healthz, name="healthz"),
    path("readyz", availability.readyz, name="readyz"),
    path("robots.txt", pages.robots_txt, name="robots"),
    path("favicon.ico", pages.favicon, name="favicon"),  # for clients that ask there
    path("sitemap.xml", sitemaps.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path(settings.ADMIN_URL, admin.site.urls),  # DJANGO_ADMIN_URL, "admin/" by default
    path("api/v1/", api.urls),
]

# Public pages: Spanish at the stable addresses, English under /en/.
urlpatterns += i18n_patterns(
    path("", pages.HomeView.as_view(), name="home"),
    path(
        "accesibilidad/",
        pages.AccessibilityView.as_view(),
        name="accessibility",
    ),
    path(
        "mapa-del-sitio/",
        TemplateView.as_view(template_name="pages/sitemap.html"),
        name="sitemap_page",
    ),
    path("styleguide/", pages.StyleguideView.as_view(), name="styleguide"),
    path("", include("practices.urls")),
    path("", include("privacy.urls")),
    path("", include("recognition.urls")),
    path("", include("replication.urls")),
    prefix_default_language=False,
)
