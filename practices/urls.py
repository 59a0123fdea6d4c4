from django.urls import path, register_converter
from django.urls.converters import StringConverter

from practices.models import Category, Department, Provider
from practices.opendata import feeds
from practices.opendata import views as opendata
from practices.statistics import views as statistics
from practices.views import catalogue, pages, printing, relay

app_name = "practices"


class CodeConverter(StringConverter):
    """A ficha's code as cited: any path segment but one holding a NUL, which names no
    practice and which PostgreSQL refuses in a query (a 404, not a 500)."""

    regex = "[^/\x00]+"


register_converter(CodeConverter, "code")

urlpatterns = [
    path("practicas/", catalogue.PracticeListView.as_view(), name="list"),
    path("practicas/feed/", feeds.LatestPracticesFeed(), name="feed"),
    path("practicas/categoria/<slug:slug>/feed/", feeds.CategoryFeed(), name="category_feed"),
    path("practicas/exportar.csv", opendata.export_csv, name="export_csv"),
    path("practicas/exportar.json", opendata.export_json, name="export_json"),
    path("datos/", opendata.OpenDataView.as_view(), name="data"),
    path("datos/catalogo.jsonld", opendata.dcat_jsonld, name="dcat"),
    path("datos/replicas.csv", opendata.replications_csv, name="replications_csv"),
    path("datos/replicas.json", opendata.replications_json, name="replications_json"),
    path("estadisticas/", statistics.statistics_page, name="statistics"),
    path("estadisticas/<slug:chart>.csv", statistics.statistics_csv, name="statistics_csv"),
    path(
        "politica-de-tratamiento-de-datos/",
        pages.PrivacyPolicyView.as_view(),
        name="privacy_policy",
    ),
    path(
        "practicas/categoria/<slug:slug>/",
        catalogue.PracticeListView.as_view(preset=("categoria", Category, "slug")),
        name="category",
    ),
    path(
        "practicas/prestador/<slug:slug>/",
        catalogue.PracticeListView.as_view(preset=("prestador", Provider, "slug")),
        name="provider",
    ),
    path(
        "practicas/departamento/<slug:slug>/",
        catalogue.PracticeListView.as_view(preset=("departamento", Department, "slug")),
        name="department",
    ),
    path(
        "practicas/<code:code>/",
        catalogue.canonical_code(catalogue.PracticeDetailView.as_view()),
        name="detail",
    ),
    path(
        "practicas/<code:code>/escribir/",
        catalogue.canonical_code(relay.relay),
        name="relay",
    ),
    path(
        "practicas/<code:code>/escribir/enviado/",
        catalogue.canonical_code(relay.relay_sent),
        name="relay_sent",
    ),
    path(
        "practicas/<code:code>/ficha.txt",
        catalogue.canonical_code(catalogue.ficha_text),
        name="ficha_text",
    ),
    path(
        "practicas/<code:code>/ficha.pdf",
        catalogue.canonical_code(printing.ficha_pdf),
        name="ficha_pdf",
    ),
]
