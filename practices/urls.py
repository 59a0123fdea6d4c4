from django.urls import path, register_converter
from django.urls.converters import StringConverter

from practices.models import Category, Department, Provider
from practices.opendata import feeds
from practices.statistics import views as views_statistics
from practices.views import catalogue as views
from practices.views import pages as views_privacy
from practices.views import printing as views_print

app_name = "practices"


class CodeConverter(StringConverter):
    """A ficha's code as cited: any path segment but one holding a NUL, which names no
    practice and which PostgreSQL refuses in a query (a 404, not a 500)."""

    regex = "[^/\x00]+"


register_converter(CodeConverter, "code")

urlpatterns = [
    path("practicas/", views.PracticeListView.as_view(), name="list"),
    path("practicas/feed/", feeds.LatestPracticesFeed(), name="feed"),
    path("practicas/categoria/<slug:slug>/feed/", feeds.CategoryFeed(), name="category_feed"),
    path("practicas/exportar.csv", views.export_csv, name="export_csv"),
    path("practicas/exportar.json", views.export_json, name="export_json"),
    path("datos/", views.OpenDataView.as_view(), name="data"),
    path("datos/catalogo.jsonld", views.dcat_jsonld, name="dcat"),
    path("estadisticas/", views_statistics.statistics_page, name="statistics"),
    path("estadisticas/<slug:chart>.csv", views_statistics.statistics_csv, name="statistics_csv"),
    path(
        "politica-de-tratamiento-de-datos/",
        views_privacy.PrivacyPolicyView.as_view(),
        name="privacy_policy",
    ),
    path(
        "practicas/categoria/<slug:slug>/",
        views.PracticeListView.as_view(preset=("categoria", Category, "slug")),
        name="category",
    ),
    path(
        "practicas/prestador/<slug:slug>/",
        views.PracticeListView.as_view(preset=("prestador", Provider, "slug")),
        name="provider",
    ),
    path(
        "practicas/departamento/<slug:slug>/",
        views.PracticeListView.as_view(preset=("departamento", Department, "slug")),
        name="department",
    ),
    path("practicas/<code:code>/", views.PracticeDetailView.as_view(), name="detail"),
    path("practicas/<code:code>/ficha.txt", views.ficha_text, name="ficha_text"),
    path("practicas/<code:code>/ficha.pdf", views_print.ficha_pdf, name="ficha_pdf"),
]
