"""Absolute links start with SITE_URL when it is set; without it, with the address the
page was asked at (so that a local server on port 8101 never links to port 8000)."""

import json

import pytest

pytestmark = pytest.mark.django_db

CODE = "BP-ANDESCO-SSPD-002-2021"


@pytest.fixture
def on_port_8101(client, settings):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    return lambda path: client.get(path, HTTP_HOST="127.0.0.1:8101")


def test_without_site_url_the_links_use_the_address_asked(on_port_8101, reference_practice):
    ficha = on_port_8101(f"/practicas/{CODE}/").text
    robots = on_port_8101("/robots.txt").text
    response = on_port_8101("/practicas/exportar.json")
    export = json.loads(b"".join(response.streaming_content))

    assert f'<link rel="canonical" href="http://127.0.0.1:8101/practicas/{CODE}/">' in ficha
    assert f'content="http://127.0.0.1:8101/practicas/{CODE}/"' in ficha
    assert "Sitemap: http://127.0.0.1:8101/sitemap.xml" in robots
    assert export["meta"]["fuente"] == "http://127.0.0.1:8101/practicas/"
    for text in (ficha, robots):
        assert "127.0.0.1:8000" not in text


def test_with_site_url_every_link_uses_it(client, settings, reference_practice):
    settings.SITE_URL = "https://buenaspracticas.example.gov.co"
    settings.ALLOWED_HOSTS = ["127.0.0.1"]

    ficha = client.get(f"/practicas/{CODE}/", HTTP_HOST="127.0.0.1:8101").text

    assert (
        f'<link rel="canonical" href="https://buenaspracticas.example.gov.co/practicas/{CODE}/">'
        in ficha
    )
    assert "127.0.0.1:8101" not in ficha
