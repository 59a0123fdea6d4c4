"""Printing: the ficha page's print stylesheet and footer, and /practicas/<code>/ficha.pdf."""

import datetime
import io
import logging
from pathlib import Path

import pypdf
import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from ops.site import site_url
from practices.models import Practice
from practices.views import printing as views_print
from practices.views.printing import StaticFilesFetcher, ficha_pdf_context, pdf_cache_key

from .factories import LinkFactory, PracticeFactory, SuccessFactorFactory

pytestmark = pytest.mark.django_db

CODE = "BP-ANDESCO-SSPD-002-2021"
TITLE = "Somos la energía que mueve el desarrollo del Quindío"
PAGE = f"/practicas/{CODE}/"
PDF = f"/practicas/{CODE}/ficha.pdf"


def pdf_text(content):
    """The PDF's text, its whitespace folded (table cells wrap their lines)."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def locmem_cache(settings, request):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": request.node.name,
        }
    }


@pytest.fixture
def renders(monkeypatch):
    """How many times the PDF was rendered (not taken from the cache)."""
    calls = []
    render = views_print.render_ficha_pdf

    def counting(practice):
        calls.append(practice.code)
        return render(practice)

    monkeypatch.setattr(views_print, "render_ficha_pdf", counting)
    return calls


# --- The PDF ------------------------------------------------------------------------------


def test_the_reference_ficha_as_a_pdf(client, reference_practice, caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        response = client.get(PDF)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{CODE}.pdf"'
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert CODE in text
    assert TITLE in text
    # Everything it needs was found locally (the stylesheet included), nothing refused.
    # (A machine without libharfbuzz-subset makes weasyprint warn about its slower font
    # subsetting: a fact of the machine, not of the page.)
    assert [r.getMessage() for r in caplog.records if "HarfBuzz" not in r.getMessage()] == []


def test_the_pdf_has_the_official_fields_in_the_seeds_order(client, reference_practice):
    text = pdf_text(client.get(PDF).content)
    table = text[text.index("Campo Valor") :]

    expected_in_order = [
        "Título",
        TITLE,
        "Código",
        CODE,
        "Autor de la buena práctica",
        "Empresa de Energía del Quindío SA ESP (EDEQ)",
        "Fecha de implementación",
        "Fecha de inicio: 15 de marzo de 2020",
        "Fecha de finalización: 31 de diciembre de 2020",
        "Categoría",
        "Atención a usuarios en tiempos de COVID",
        "Población objeto o partes interesadas",
        "Resumen del proyecto",
        "Impacto generado",
        "145.061",
        "Factores de éxito",
        "Habilitación trabajo en casa",
        "Cobertura geográfica",
        "12 municipios del departamento del Quindío",
        "Validación",
        "Posibilidad de réplica",
        "Limitaciones",
        "Enlaces",
        "https://www.youtube.com/watch?v=J17XR04OT6Y",
        "Contacto",
        "Durley Riveros",
        "durley.riveros@edeq.com.co",
    ]
    positions = [table.find(fragment) for fragment in expected_in_order]
    missing = [f for f, p in zip(expected_in_order, positions, strict=True) if p < 0]
    assert missing == []
    assert positions == sorted(positions), "the PDF's fields are out of the seed's order"
    # The official intro comes first, and the foot of the page gives the address.
    assert text.index("Este documento proporciona información básica") < text.index("Campo")
    assert f"http://testserver{PAGE}" in text  # the address the PDF was asked at


def test_the_pdf_links_back_to_the_page_with_a_qr_code(reference_practice):
    practice = Practice.objects.with_ficha().get(pk=reference_practice.pk)

    context = ficha_pdf_context(practice)

    assert context["page_url"] == f"{site_url()}{PAGE}"
    assert context["qr_code"].startswith("data:image/svg+xml")


@pytest.mark.parametrize("status", ["draft", "review", "archived"])
def test_an_unpublished_practice_has_no_pdf(client, status):
    PracticeFactory(code="BP-ANDESCO-SSPD-061-2023", status=status, published_at=None)

    assert client.get("/practicas/BP-ANDESCO-SSPD-061-2023/ficha.pdf").status_code == 404


def test_an_unknown_code_has_no_pdf(client, db):
    assert client.get("/practicas/BP-ANDESCO-SSPD-999-2099/ficha.pdf").status_code == 404


def test_a_code_in_lower_case_is_redirected(client, reference_practice):
    response = client.get(PDF.lower())

    assert response.status_code == 301
    assert response["Location"] == PDF


def test_the_contact_is_not_in_the_pdf_without_consent(client, reference_practice):
    assert "Durley" in pdf_text(client.get(PDF).content)  # with consent, it is
    Practice.objects.filter(pk=reference_practice.pk).update(contact_publish_allowed=False)

    text = pdf_text(client.get(PDF).content)

    assert "Durley" not in text
    assert "durley.riveros" not in text
    assert "Gestor equipo mercadeo" not in text
    assert "Contacto" not in text


# --- The PDF's cache ----------------------------------------------------------------------


def test_the_pdf_is_cached_until_the_practice_changes(
    client, reference_practice, locmem_cache, renders
):
    first = client.get(PDF).content
    second = client.get(PDF).content

    assert second == first
    assert renders == [CODE]

    practice = Practice.objects.get(pk=reference_practice.pk)
    practice.title = "Somos la energía que mueve el Quindío"
    practice.save()
    third = client.get(PDF)

    assert renders == [CODE, CODE]
    assert third.content != first
    assert "Somos la energía que mueve el Quindío" in pdf_text(third.content)
    assert client.get(PDF).content == third.content
    assert renders == [CODE, CODE]


def test_the_pdfs_queries_do_not_grow_with_its_rows(
    client, reference_practice, locmem_cache, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as rendered:
        client.get(PDF)
    with django_assert_num_queries(1):  # cached: only "is it published, and which version"
        client.get(PDF)

    for n in range(5):
        LinkFactory(practice=reference_practice, url=f"https://example.org/otro-{n}")
        SuccessFactorFactory(practice=reference_practice)
    Practice.objects.get(pk=reference_practice.pk).save()  # a new version: rendered again
    with CaptureQueriesContext(connection) as rendered_again:
        client.get(PDF)

    assert len(rendered_again) == len(rendered)


def test_unpublishing_hides_a_cached_pdf(client, reference_practice, locmem_cache):
    assert client.get(PDF).status_code == 200
    Practice.objects.filter(pk=reference_practice.pk).update(status=Practice.Status.ARCHIVED)

    assert client.get(PDF).status_code == 404


def test_the_cache_key_names_the_code_the_version_the_language_and_the_day(reference_practice):
    practice = Practice.objects.get(pk=reference_practice.pk)
    practice.updated_at = datetime.datetime(2026, 3, 10, 15, 42, 0, 123456, tzinfo=datetime.UTC)
    day = datetime.date(2026, 11, 28)

    key = pdf_cache_key(practice, today=day)

    assert key.startswith("practices:ficha_pdf:20260310T154200123456:")
    assert len(key) <= 250 and key.isascii() and " " not in key  # memcached's rules
    with translation.override("en"):
        assert pdf_cache_key(practice, today=day) != key
    assert pdf_cache_key(practice, today=day + datetime.timedelta(days=1)) != key
    other = Practice(code="BP-OTRO-001-2021", updated_at=practice.updated_at)
    assert pdf_cache_key(other, today=day) != key
    practice.updated_at += datetime.timedelta(microseconds=1)
    assert pdf_cache_key(practice, today=day) != key


# --- WeasyPrint fetches nothing from the network ------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/estilo.css",
        "http://127.0.0.1:8000/practicas/",  # this site, but not a static file
        "https://otro.example.org/static/css/ficha_pdf.css",  # another host
        "file:///etc/passwd",
        f"{site_url()}/static/../catalogue_site/settings.py",
        f"{site_url()}/static/css/no-existe.css",
    ],
)
def test_the_fetcher_refuses_anything_but_the_sites_static_files(url):
    with pytest.raises(ValueError):
        StaticFilesFetcher().fetch(url)


def test_the_fetcher_serves_the_sites_static_files_and_data_uris():
    fetcher = StaticFilesFetcher()

    css = fetcher.fetch(f"{site_url()}/static/css/ficha_pdf.css")
    data = fetcher.fetch("data:text/plain;base64,aG9sYQ==")

    assert css.content_type == "text/css"
    assert b"@page" in css.read()
    assert data.read() == b"hola"


# --- Printing the ficha page ---------------------------------------------------------------


def test_the_ficha_page_prints_with_the_print_stylesheet_and_footer(
    client, reference_practice, settings, monkeypatch
):
    settings.SITE_URL = "https://buenaspracticas.example.gov.co"
    monkeypatch.setattr(
        "django.utils.timezone.localdate", lambda *args, **kwargs: datetime.date(2026, 11, 28)
    )

    page = client.get(PAGE).text

    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in page
    footer = page[page.index('<footer class="print-footer" hidden>') :]
    footer = footer[: footer.index("</footer>")]
    assert (
        f"Consultada en https://buenaspracticas.example.gov.co{PAGE} el 28 de noviembre de 2026"
        in footer
    )
    # Inside the sheet, after its last field and before the related practices.
    assert page.index("print-footer") < page.index("</article>")


def test_the_print_stylesheet_hides_the_sites_chrome():
    text = Path(finders.find("css/print.css")).read_text()

    for selector in [".site-header", ".site-footer", ".breadcrumbs", ".actions", ".related"]:
        assert selector in text
    assert ".preview-banner" in text
    assert ".print-footer[hidden]" in text


def test_the_ficha_page_links_to_the_pdf(client, reference_practice):
    page = client.get(PAGE).text

    assert f'<a href="{PDF}" type="application/pdf" rel="nofollow">' in page
