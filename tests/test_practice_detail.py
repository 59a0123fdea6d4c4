"""/practicas/<code>/: the ficha, every value of the reference practice, in the seed's order."""

import html
import re

import pytest

from practices.models import Practice

from .factories import PracticeFactory

pytestmark = pytest.mark.django_db

URL = "/practicas/BP-ANDESCO-SSPD-002-2021/"


def text_of(response):
    """The page's main content, with HTML entities resolved."""
    page = response.content.decode()
    return html.unescape(page[page.index("<main") :])


def test_the_reference_ficha_shows_every_value(client, reference_practice):
    response = client.get(URL)
    body = text_of(response)
    # The title, then the sheet's fields in the seed's order (after the lead and badges).
    assert body.index("<h1>Somos la energía que mueve el desarrollo del Quindío</h1>") < body.index(
        'class="ficha-fields"'
    )
    body = body[body.index('class="ficha-fields"') :]

    assert response.status_code == 200
    expected_in_order = [
        "BP-ANDESCO-SSPD-002-2021",
        "Empresa de Energía del Quindío SA ESP (EDEQ)",
        "Fecha de inicio: 15 de marzo de 2020",
        "Fecha de finalización: 31 de diciembre de 2020",
        "Atención a usuarios en tiempos de COVID",
        "Tercer Reconocimiento Superservicios – Andesco (2020)",
        "Energía eléctrica",
        "Municipios del departamento del Quindío",
        "La práctica se enmarca en asegurar la atención a usuarios frente a la declaración de "
        "emergencia, sanitaria y social ocasionada por la COVID-19",
        "145.061",
        "Se impactaron a 145.061 usuarios brindándoles acceso a la información",
        "se han impactado 132.221 usuarios únicos que han utilizado el servicio al menos una vez.",
        "Habilitación trabajo en casa",
        "implementación del teletrabajo con el fin de garantizar a los usuarios",
        "Gestión social en sedes en reapertura",
        "Habilitación de canales para pago",
        "(Operadores de chance Facilísimo y supermercados para pagos del servicio de energía).",
        "12 municipios del departamento del Quindío",
        "Armenia, Buenavista, Calarcá, Circasia, Córdoba, Filandia, Génova, La Tebaida, "
        "Montenegro, Pijao, Quimbaya, Salento",
        "En 2020 la Comisión de Integración Energética regional realizó la encuesta de "
        "satisfacción de clientes urbanos, en la que EDEQ obtuvo el premio plata.",
        "La estrategia implementada es adaptable a otras empresas de servicios públicos",
        "Durante la pandemia, el cierre inicial de sedes y puntos de recaudo generó una mayor "
        "demanda de los canales existentes, en este sentido, la iniciativa buscó garantizar la "
        "continuidad del servicio y estabilizar la atención de los usuarios, de forma que "
        "tuvieron respuesta en nuevos canales.",
        "https://www.youtube.com/watch?v=J17XR04OT6Y",
        "Durley Riveros",
        "Gestor equipo mercadeo y ofertas",
        # Written for people, not harvesters; static/js/contact.js makes it a mailto link.
        "durley.riveros [arroba] edeq.com.co",
    ]
    positions = [body.find(fragment) for fragment in expected_in_order]
    missing = [f for f, p in zip(expected_in_order, positions, strict=True) if p < 0]
    assert missing == []
    assert positions == sorted(positions), "the ficha's fields are out of the seed's order"


def test_impact_metrics_are_shown_with_colombian_number_format(client, reference_practice):
    response = client.get(URL)
    rows = [(m.label, m.channel) for m in response.context["practice"].impact_metrics.all()]
    body = text_of(response)

    assert len(rows) == 6
    for figure in ["145.061", "4.193", "458", "8.189", "132.221"]:
        assert re.search(rf'<td class="num"[^>]*>{re.escape(figure)}</td>', body)
    # Web portal PQR a month: baseline 56, result 381.
    assert re.search(
        r'<td class="num" data-label="Línea base">56</td>\s*'
        r'<td class="num" data-label="Resultado">381</td>',
        body,
    )


def test_every_link_is_a_real_link(client, reference_practice):
    body = text_of(client.get(URL))

    for url in [
        "https://www.youtube.com/watch?v=J17XR04OT6Y",
        "https://drive.google.com/open?id=1sTOlypTiJiUPMwKjr1tDEGqiEEkx-mUn",
        "https://drive.google.com/open?id=1c0RcwEGLa3YfxOym7rHefZKL2tEj-fTx",
        "https://drive.google.com/open?id=1fDc4XX5ciNAbD1j0IMQo0jqDV0kKet5v",
    ]:
        assert f'<a href="{url}"' in body


def test_contact_is_hidden_without_consent_to_publish(client, reference_practice):
    Practice.objects.filter(pk=reference_practice.pk).update(contact_publish_allowed=False)

    body = text_of(client.get(URL))

    assert "Durley Riveros" not in body
    assert "durley.riveros" not in body  # in no form: neither the address nor "[arroba]"
    assert "Contacto" not in body


@pytest.mark.parametrize("status", ["draft", "review", "archived"])
def test_unpublished_practice_is_not_found(client, status):
    PracticeFactory(code="BP-ANDESCO-SSPD-050-2022", status=status, published_at=None)

    response = client.get("/practicas/BP-ANDESCO-SSPD-050-2022/")

    assert response.status_code == 404


def test_unknown_code_is_not_found(client, reference_practice):
    assert client.get("/practicas/BP-ANDESCO-SSPD-999-2021/").status_code == 404


def test_still_running_practice_says_so(client):
    practice = PracticeFactory(end_date=None)

    body = text_of(client.get(practice.get_absolute_url()))

    assert "En curso" in body


def test_detail_query_count_is_constant(client, django_assert_num_queries, reference_practice):
    # The catalogue's version (with the list's snapshot, which finds the code and chooses
    # the related practices); the practice with its provider, category and edition; one
    # query per kind of row (the metrics' follow-up measurements too); the related
    # practices and the provider's others, together; its published replications.
    PracticeFactory.create_batch(5, category=reference_practice.category)
    client.get("/practicas/")  # the snapshot is built (tests/test_practice_list.py)
    with django_assert_num_queries(12):
        client.get(URL)


def test_detail_query_count_from_the_database(
    client, settings, django_assert_num_queries, reference_practice
):
    # Without the snapshot: the version; the practice…; one query per kind of row (the
    # metrics' measurements too); the related practices; the provider's others; its
    # published replications.
    settings.CATALOGUE_SNAPSHOT = False
    PracticeFactory.create_batch(5, category=reference_practice.category)
    with django_assert_num_queries(13):
        client.get(URL)


def test_a_code_typed_in_lower_case_redirects_to_the_ficha(client, reference_practice):
    response = client.get("/practicas/bp-andesco-sspd-002-2021/")

    assert response.status_code == 301
    assert response["Location"] == URL
    # Its text, and in English, alike.
    text = client.get("/practicas/bp-andesco-sspd-002-2021/ficha.txt")
    assert (text.status_code, text["Location"]) == (301, f"{URL}ficha.txt")
    english = client.get("/en/practicas/bp-andesco-sspd-002-2021/")
    assert english["Location"] == f"/en{URL}"


def test_coverage_is_drawn_on_a_small_map_with_a_text_alternative(client, reference_practice):
    body = text_of(client.get(URL))

    svg = body[
        body.index('<svg class="coverage-map"') : body.index(
            "</svg>", body.index('<svg class="coverage-map"')
        )
    ]
    assert svg.count('class="covered"') == 1
    assert svg.count('class="uncovered"') == 32
    assert 'aria-labelledby="mapa-cobertura"' in svg
    assert "los departamentos cubiertos: Quindío." in body
