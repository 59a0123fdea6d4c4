"""No public URL answers 5xx, whatever its query string: random and hostile ones
(unicode, huge values, repeated keys, SQL, HTML, NUL bytes, invalid percent-encoding)
thrown at every public address, in both languages, including the API. Streamed answers
(exports) are read to the end: an error half-way through counts too.

Bounded: a few hundred examples in all (about half a minute); ``derandomize`` makes CI
run the same ones every time (run with ``--hypothesis-seed=random`` to explore)."""

import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practices.statistics import counts as statistics

from .factories import PracticeFactory

PARAMETERS = [
    *("q", "categoria", "servicio", "tamano", "prestador", "departamento", "municipio"),
    *("edicion", "criterio", "desde", "hasta", "en_curso", "page", "orden", "page_size"),
    *("p", "format", "lang", "next"),
]
HOSTILE = [
    "' OR 1=1 --",
    "1; DROP TABLE practices_practice; --",
    '" UNION SELECT password FROM auth_user --',
    "%' AND 1=(SELECT 1) AND '%'='",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "\x00",
    "a\x00b",
    "\x00" * 50,
    "../../etc/passwd",
    "${jndi:ldap://x}",
    "{{7*7}}",
    "NaN",
    "inf",
    "-1",
    "0",
    "1e309",
    "99999999999999999999999999999999",
    "²³¹⁴",
    "١٢٣٤",
    "\u202e\u200b\ufeff",
    "😀" * 30,
    "ñandú Bogotá",
    '"pqr" AND NOT OR NEAR(',
    "*",
    "acueducto",
    "quindio",
    "2021",
]
RAW = [
    "%",
    "%Z",
    "%ZZ",
    "%E0%A4%A",
    "%C0%80",
    "%FF%FE%FD",
    "%ED%A0%80",
    "%00",
    "q=%00",
    "&&&",
    "=",
    "==",
    "=x",
    "q",
    ";",
    "+++",
    "q=%u0041",
    "q[]=1",
    "q=" + "%F0%9F%98%80" * 10,
    "q=\xc3\xb1",  # raw UTF-8 bytes, as a WSGI server hands them over (latin-1)
    "q=\xff\xfe",  # raw bytes that are no UTF-8 at all
]

hostile = st.sampled_from(HOSTILE)
known = st.sampled_from(PARAMETERS)
values = st.one_of(
    hostile,
    hostile,  # twice as likely as the others
    st.text(max_size=40),
    st.text(st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=6),  # "digits"
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.builds(
        lambda piece, n: piece * n,
        st.sampled_from(["9", "ñ", "<", "%", "\x00"]),
        st.integers(200, 5000),
    ),
)
keys = st.one_of(known, known, known, st.text(max_size=12))


def encoded(pair):
    key, value = pair
    return f"{quote(key.encode('utf-8', 'surrogatepass'), safe='')}=" + quote(
        value.encode("utf-8", "surrogatepass"), safe=""
    )


pairs = st.lists(st.tuples(keys, values), max_size=12).map(
    lambda items: [encoded(i) for i in items]
)
repeated = st.tuples(st.sampled_from(PARAMETERS), values, st.integers(2, 300)).map(
    lambda t: [encoded((t[0], t[1]))] * t[2]
)
query_strings = st.tuples(
    st.one_of(pairs, repeated), st.lists(st.sampled_from(RAW), max_size=4), st.randoms()
).map(lambda t: "&".join(t[2].sample(t[0] + t[1], len(t[0]) + len(t[1]))))


FILTERED = re.compile(
    r"^(/en)?/practicas/((categoria|prestador|departamento)/[^/]+/|exportar\.|$)|/api/v1/practicas$"
)


def public_urls(practice):
    code = practice.code
    category, provider = practice.category.slug, practice.provider.slug
    department = practice.departments.first() or practice.provider.department
    chart = statistics.charts(statistics.catalogue_counts())[0].slug
    site = [
        "/",
        "/practicas/",
        f"/practicas/categoria/{category}/",
        f"/practicas/prestador/{provider}/",
        f"/practicas/departamento/{department.slug}/",
        f"/practicas/{code}/",
        f"/practicas/{code}/ficha.txt",
        f"/practicas/{code}/ficha.pdf",
        "/practicas/exportar.csv",
        "/practicas/exportar.json",
        "/practicas/feed/",
        f"/practicas/categoria/{category}/feed/",
        "/datos/",
        "/datos/catalogo.jsonld",
        "/estadisticas/",
        f"/estadisticas/{chart}.csv",
        "/politica-de-tratamiento-de-datos/",
        "/accesibilidad/",
        "/mapa-del-sitio/",
        "/styleguide/",
    ]
    return [
        *site,
        *(f"/en{url}" for url in site),
        "/api/v1/practicas",
        f"/api/v1/practicas/{code}",
        "/api/v1/categorias",
        "/api/v1/servicios",
        "/api/v1/departamentos",
        "/api/v1/criterios",
        "/api/v1/ediciones",
        "/api/v1/prestadores",
        "/api/v1/openapi.json",
        "/api/v1/docs",
        "/sitemap.xml",
        "/robots.txt",
        "/healthz",
    ]


@pytest.fixture
def site(settings, reference_practice):
    # A real cache, as in production: the PDF and the pages are built once per query.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fuzz"}
    }
    settings.RATELIMITS = {"search": 0, "export": 0}
    PracticeFactory.create_batch(3)
    return public_urls(reference_practice)


def fetch(client, url, query):
    response = client.get(url, QUERY_STRING=query)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@pytest.mark.django_db
def test_every_public_url_answers_hostile_query_strings_without_a_server_error(client, site):
    # The pages that read filters from the query are drawn half of the time.
    filtered = [url for url in site if FILTERED.search(url)]

    @settings(
        max_examples=350,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(url=st.one_of(st.sampled_from(site), st.sampled_from(filtered)), query=query_strings)
    def check(url, query):
        response = fetch(client, url, query)
        assert response.status_code < 500, (url, query[:300], response.status_code)

    check()


@pytest.mark.django_db
@pytest.mark.parametrize("query", [*RAW, "q=" + "a" * 100_000, "servicio=aseo&" * 999])
def test_each_raw_oddity_on_the_list_the_exports_and_the_api(client, site, query):
    for url in ["/practicas/", "/practicas/exportar.csv", "/api/v1/practicas", "/en/practicas/"]:
        assert fetch(client, url, query).status_code < 500, (url, query)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "code", ["%00", "BP-%00", "a%00b", "A" * 3000, "%C3%B1", "%F0%9F%98%80", "..", "%2e%2e", "'--"]
)
def test_hostile_codes_in_the_path_are_a_404(client, site, code):
    for url in [
        f"/practicas/{code}/",
        f"/practicas/{code}/ficha.txt",
        f"/practicas/{code}/ficha.pdf",
        f"/en/practicas/{code}/",
        f"/api/v1/practicas/{code}",
        f"/practicas/categoria/{code}/",
        f"/practicas/categoria/{code}/feed/",
        f"/estadisticas/{code}.csv",
    ]:
        assert fetch(client, url, "").status_code in (301, 404), url
