"""Feeds, sitemap, robots.txt and structured data: well-formed, published practices only."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from .factories import PracticeFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_atom_feed_lists_newest_published_practices(client, reference_practice):
    PracticeFactory(title="Publicada después")
    PracticeFactory(title="Borrador del feed", draft=True)

    response = client.get("/practicas/feed/")

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert titles == ["Publicada después", reference_practice.title]
    entry = next(feed.iter(f"{ATOM}entry"))
    assert re.search(r"/practicas/BP-[A-Z0-9-]+/$", entry.find(f"{ATOM}link").get("href"))


def test_category_feed(client, reference_practice):
    PracticeFactory(title="De otra categoría")

    response = client.get(f"/practicas/categoria/{reference_practice.category.slug}/feed/")

    feed = ET.fromstring(response.content)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert titles == [reference_practice.title]
    assert client.get("/practicas/categoria/no-existe/feed/").status_code == 404


def test_the_list_pages_link_their_feed(client, reference_practice):
    assert 'type="application/atom+xml"' in client.get("/practicas/").text
    category = client.get(f"/practicas/categoria/{reference_practice.category.slug}/").text
    assert f"/practicas/categoria/{reference_practice.category.slug}/feed/" in category


def test_sitemap_has_every_published_ficha_and_the_main_pages(client, reference_practice):
    PracticeFactory(code="BP-ANDESCO-SSPD-070-2023", draft=True)

    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    urls = []
    for section in sections:
        path = re.sub(r"^https?://[^/]+", "", section)
        urls += [u.text for u in ET.fromstring(client.get(path).content).iter(f"{SITEMAP}loc")]

    assert any(u.endswith("/practicas/BP-ANDESCO-SSPD-002-2021/") for u in urls)
    assert not any("BP-ANDESCO-SSPD-070-2023" in u for u in urls)
    for page in ["/", "/practicas/", "/datos/", "/politica-de-tratamiento-de-datos/"]:
        assert any(re.sub(r"^https?://[^/]+", "", u) == page for u in urls), page


def test_robots_points_to_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()

    assert "Sitemap: http" in body and body.strip().endswith("/sitemap.xml")
    assert "Disallow: /admin/" in body


def test_the_ficha_carries_json_ld_and_open_graph(client, reference_practice):
    body = client.get(reference_practice.get_absolute_url()).text

    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "CreativeWork"
    assert data["identifier"] == "BP-ANDESCO-SSPD-002-2021"
    assert data["author"] == {
        "@type": "Organization",
        "name": "Empresa de Energía del Quindío SA ESP",
        "alternateName": "EDEQ",
    }
    assert data["temporalCoverage"] == "2020-03-15/2020-12-31"
    assert {"@type": "City", "name": "Salento", "identifier": "DIVIPOLA:63690"} in data[
        "spatialCoverage"
    ]
    assert "Atención a usuarios en tiempos de COVID" in data["keywords"]
    assert (
        '<meta property="og:title" content="Somos la energía que mueve el desarrollo del Quindío">'
        in body
    )


def test_json_ld_cannot_be_broken_out_of(client):
    practice = PracticeFactory(title="</script><script>alert(1)</script>")

    body = client.get(practice.get_absolute_url()).text

    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1)
    assert json.loads(block)["name"] == "</script><script>alert(1)</script>"
