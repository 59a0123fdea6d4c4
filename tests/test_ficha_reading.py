"""The ficha as a reader meets it: no summary said twice, lists read as lists, links by
their kind and host, and the Spanish content marked as Spanish on the English pages."""

import pytest

from practices.templatetags.practice_tags import prose

from .factories import LinkFactory, PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("Una frase.\nOtra línea.", "<p>Una frase.<br>Otra línea.</p>"),
        ("Uno.\n\nDos.", "<p>Uno.</p>\n<p>Dos.</p>"),
        (
            "- Portal web: 56 PQR al mes - Visión web: 381 PQR al mes",
            "<ul><li>Portal web: 56 PQR al mes</li><li>Visión web: 381 PQR al mes</li></ul>",
        ),
        ("• Chat\n• Portal", "<ul><li>Chat</li><li>Portal</li></ul>"),
        ("1. Alianza\n2. Rutas", "<ol><li>Alianza</li><li>Rutas</li></ol>"),
        ("- Una sola cosa", "<p>- Una sola cosa</p>"),
        ("Convenio con EPM - Empresas Públicas", "<p>Convenio con EPM - Empresas Públicas</p>"),
        ("<b>- x</b>\n- <i>y</i>", "<p>&lt;b&gt;- x&lt;/b&gt;<br>- &lt;i&gt;y&lt;/i&gt;</p>"),
    ],
)
def test_prose_keeps_paragraphs_and_the_lists_the_author_wrote(text, html):
    assert prose(text) == html


def test_the_ficha_says_its_summary_once_and_its_lists_as_lists(client):
    practice = PracticeFactory(
        summary="Un resumen muy particular de la práctica.",
        impact="- Portal web: 56 PQR al mes - Visión web: 381 PQR al mes",
    )

    body = client.get(practice.get_absolute_url()).text
    main = body.split('id="contenido"', 1)[1]

    assert main.count("Un resumen muy particular") == 1
    assert "<li>Portal web: 56 PQR al mes</li><li>Visión web: 381 PQR al mes</li>" in main


def test_a_link_without_label_reads_as_its_kind_and_host(client):
    practice = PracticeFactory()
    LinkFactory(
        practice=practice, url="https://www.youtube.com/watch?v=J17XR04OT6Y", label="", kind="video"
    )

    body = client.get(practice.get_absolute_url()).text

    assert ">Video en youtube.com</a>" in body
    assert ">https://www.youtube.com/watch?v=J17XR04OT6Y</a>" not in body


def test_the_spanish_content_is_marked_on_the_english_pages(client):
    practice = PracticeFactory(title="Oficina móvil rural")

    url = practice.get_absolute_url()  # before a request in English activates English
    spanish = client.get(url).text
    english = client.get(f"/en{url}").text
    english_list = client.get("/en/practicas/").text

    assert '<h1 lang="es">Oficina móvil rural</h1>' in english
    assert '<div class="prose" lang="es">' in english
    assert '<h3 lang="es"><a' in english_list
    assert "<h1>Oficina móvil rural</h1>" in spanish
    assert 'lang="es">' not in spanish.split('id="contenido"', 1)[1]


def test_the_providers_size_reads_naturally_in_each_language(client):
    from practices.models import Provider

    provider = Provider.objects.create(name="Aguas de Prueba", slug="adp", size="mediano")
    practice = PracticeFactory(provider=provider)
    url = practice.get_absolute_url()

    assert "prestador mediano" in client.get(url).text
    english = client.get(f"/en{url}").text
    assert "medium-sized provider" in english and "provider medium" not in english


def test_links_that_would_read_the_same_are_numbered(client):
    practice = PracticeFactory()
    for n in range(2):
        LinkFactory(
            practice=practice, url=f"https://drive.google.com/file/d/{n}", label="", kind="document"
        )

    body = client.get(practice.get_absolute_url()).text

    assert ">Documento en drive.google.com (1)</a>" in body
    assert ">Documento en drive.google.com (2)</a>" in body
