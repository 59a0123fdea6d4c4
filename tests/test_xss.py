"""Hostile text stays text. No field of a practice allows markdown or HTML: every one is
plain text, escaped by the templates (see README, "Text formatting"). These payloads go
into every kind of field and must come out escaped on the pages, intact as JSON strings
in the API and the JSON export, neutralised where a spreadsheet would run them in the
CSV, and escaped again inside the Atom feed's HTML summaries."""

import csv
import datetime
import html
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.utils.html import escape

from practices.models import Criterion, CriterionEvidence, Link

from .factories import (
    CategoryFactory,
    ImpactMetricFactory,
    LinkFactory,
    PracticeFactory,
    ProviderFactory,
    SuccessFactorFactory,
)

pytestmark = pytest.mark.django_db

TEMPLATE = '{{ 7|add:7 }} {% now "Y" %} ${7*7}'  # rendered as written, never evaluated
PAYLOADS = [
    '<script>alert("xss")</script>',
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "</textarea></title></script><b>negrita</b>",
    '<a href="javascript:alert(1)">clic</a>',
    '<iframe srcdoc="<script>alert(3)</script>"></iframe>',
    "<!-- comentario --><style>body{display:none}</style>",
    "\u2028</script><script>alert(2)</script>",
    "&lt;ya escapado&gt; &amp; &#60;script&#62;",
    TEMPLATE,
    '=HYPERLINK("http://malo.example","clic")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "javascript:alert(1)",
    '" autofocus onfocus="alert(1)',
    "' onmouseover='alert(1)",
]
MARKUP = [p for p in PAYLOADS if any(c in p for c in "<>\"'")]
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def hostile():
    """One published practice per payload, the payload in every text it has."""
    criterion = Criterion.objects.first()
    practices = []
    for n, payload in enumerate(PAYLOADS):
        practice = PracticeFactory(
            code=f"BP-ANDESCO-SSPD-{900 + n}-2024",
            title=payload,
            provider=ProviderFactory(name=f"{payload} {n}", short_name=payload[:20]),
            category=CategoryFactory(name=f"{payload} {n}"[:100]),
            target_population=payload,
            summary=f"{payload}\n\nagua {payload}",
            impact=payload,
            validation=payload,
            replicability=payload,
            limitations=payload,
            coverage_note=payload,
            contact_name=payload,
            contact_role=payload,
            contact_publish_allowed=True,
            contact_consent_at=datetime.date(2024, 1, 1),
            contact_consent_channel="Formulario firmado",
        )
        SuccessFactorFactory(practice=practice, title=payload, description=payload)
        ImpactMetricFactory(practice=practice, label=payload, unit=payload[:50])
        LinkFactory(practice=practice, label=payload)
        CriterionEvidence.objects.create(practice=practice, criterion=criterion, evidence=payload)
        practices.append(practice)
    return practices


JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def assert_escaped(page, payloads=MARKUP):
    text = page.content.decode()
    for block in JSON_LD.findall(text):  # data, not HTML: it only must not end early
        assert "<" not in block and ">" not in block
    text = JSON_LD.sub("", text)
    for payload in payloads:
        assert payload not in text, payload
    assert 'href="javascript:' not in text.lower()
    assert not re.search(r"<script[^>]*>\s*alert", text)
    assert "<iframe" not in text and "<svg/onload" not in text and "<img src=x" not in text
    assert 'onfocus="alert' not in text and "onmouseover='alert" not in text


def test_the_ficha_shows_every_field_as_text(client, hostile):
    for practice, payload in zip(hostile, PAYLOADS, strict=True):
        page = client.get(practice.get_absolute_url())

        assert page.status_code == 200
        assert_escaped(page)
        assert escape(payload) in page.text
    assert "{{ 7|add:7 }}" in client.get(hostile[PAYLOADS.index(TEMPLATE)].get_absolute_url()).text


def test_the_ficha_s_structured_data_keeps_the_text_and_cannot_close_its_script(client, hostile):
    for practice, payload in zip(hostile, PAYLOADS, strict=True):
        page = client.get(practice.get_absolute_url()).text
        blocks = JSON_LD.findall(page)

        assert blocks
        data = [json.loads(block) for block in blocks]
        assert any(d.get("name") == payload for d in data)


def test_the_list_and_a_search_show_titles_as_text(client, hostile):
    for url in ["/practicas/", "/practicas/?q=agua", "/en/practicas/", "/"]:
        page = client.get(url)

        assert page.status_code == 200
        assert_escaped(page)
        assert escape(PAYLOADS[0]) in page.text


def test_the_statistics_show_names_as_text(client, hostile):
    page = client.get("/estadisticas/")

    assert page.status_code == 200
    assert_escaped(page)


def test_the_api_keeps_the_strings_intact(client, hostile):
    data = client.get("/api/v1/practicas?page_size=100").json()["results"]
    records = {record["codigo"]: record for record in data}

    for practice, payload in zip(hostile, PAYLOADS, strict=True):
        record = records[practice.code]
        assert record["titulo"] == payload
        assert record["limitaciones"] == payload
        assert record["factores_exito"] == [{"titulo": payload, "descripcion": payload}]
        assert record["contacto_cargo"] == payload
        one = client.get(f"/api/v1/practicas/{practice.code}").json()
        assert one["resumen"] == f"{payload}\n\nagua {payload}"


def test_the_json_export_keeps_the_strings_intact(client, hostile):
    response = client.get("/practicas/exportar.json")
    data = json.loads(b"".join(response.streaming_content))
    titles = {record["codigo"]: record["titulo"] for record in data["practicas"]}

    assert {titles[p.code] for p in hostile} == set(PAYLOADS)


def test_the_csv_neutralises_what_a_spreadsheet_would_run(client, hostile):
    response = client.get("/practicas/exportar.csv")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {row["codigo"]: row for row in csv.DictReader(io.StringIO(content, newline=""))}

    for practice, payload in zip(hostile, PAYLOADS, strict=True):
        row = rows[practice.code]
        expected = "'" + payload if payload[0] in "=+-@" else payload
        assert row["titulo"] == expected
        assert row["limitaciones"] == expected


def test_the_feed_s_html_summaries_escape_the_text(client, hostile):
    feed = ET.fromstring(client.get("/practicas/feed/").content)

    summaries = [entry.find(f"{ATOM}summary") for entry in feed.iter(f"{ATOM}entry")]
    assert len(summaries) == len(PAYLOADS)
    for summary in summaries:
        assert summary.get("type") == "html"
        for payload in MARKUP:
            assert payload not in summary.text  # as a feed reader will read it: HTML
        assert (
            html.unescape(re.sub(r"</?(p|br)>", "", summary.text))
            .replace("\n", "")
            .startswith(tuple(PAYLOADS))
        )


def test_a_link_is_only_an_http_address():
    link = Link(url="javascript:alert(1)", label="clic", position=1)

    with pytest.raises(ValidationError) as error:
        link.clean_fields(exclude=["practice"])
    assert "url" in error.value.message_dict
