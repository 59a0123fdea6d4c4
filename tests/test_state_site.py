"""What a Colombian state site carries (Resolución MinTIC 1519 de 2020): the GOV.CO mark
drawn in the page, the entity's channels in the footer from the settings, an icon, an
accessibility statement dated when it was reviewed, a site map without internal pages."""

import datetime

import pytest

pytestmark = pytest.mark.django_db


def test_the_govco_mark_is_drawn_in_the_page_and_named(client):
    body = client.get("/").text

    assert '<a href="https://www.gov.co/" class="govco-logo"' in body
    assert 'role="img" aria-labelledby="govco-mark"' in body
    assert '<title id="govco-mark">GOV.CO' in body
    assert "<img" not in body.split("govco-bar", 1)[1].split("site-header", 1)[0]


def test_the_footer_gives_the_entitys_channels_and_leaves_out_the_empty_ones(client, settings):
    settings.ENTITY = {
        **settings.ENTITY,
        "name": "Superintendencia de Servicios Públicos Domiciliarios",
        "phones": ["601 691 3005"],
        "email": "sspd@superservicios.gov.co",
        "hours": "lunes a viernes, 8:00 a 17:00",
        "pqrsd_url": "https://www.superservicios.gov.co/pqrsd",
        "judicial_email": "notificacionesjudiciales@superservicios.gov.co",
    }

    body = client.get("/").text

    assert '<a href="tel:6016913005">601 691 3005</a>' in body
    assert '<a href="mailto:sspd@superservicios.gov.co">' in body
    assert '<a href="mailto:notificacionesjudiciales@superservicios.gov.co">' in body
    assert "Notificaciones judiciales:" in body
    assert 'href="https://www.superservicios.gov.co/pqrsd"' in body
    assert "Horario de atención: lunes a viernes" in body

    settings.ENTITY = {**settings.ENTITY, "pqrsd_url": "", "judicial_email": ""}
    body = client.get("/").text
    assert "PQRSD" not in body and "Notificaciones judiciales" not in body


def test_a_favicon_answers_instead_of_a_404(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
    assert 'rel="icon"' in client.get("/").text


def test_the_accessibility_statement_is_dated_when_reviewed_not_today(client, settings):
    settings.ACCESSIBILITY_REVIEWED = datetime.date(2026, 3, 15)

    body = client.get("/accesibilidad/").text

    assert (
        'Revisada por última vez el <time datetime="2026-03-15">15 de marzo de 2026</time>' in body
    )


def test_the_public_site_map_does_not_list_the_style_guide(client):
    body = client.get("/mapa-del-sitio/").text

    assert "/styleguide/" not in body
