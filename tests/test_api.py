"""/api/v1/: the read-only JSON API.

Its list is the public list and the JSON export by another door: same filters, same
practices, same records. Only published practices, pages that keep their filters, JSON
errors (404, 422) and never a 500, an OpenAPI document that says all of this, and a
documentation page that needs no script.
"""

import datetime
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices import workflow
from practices.models import (
    Criterion,
    CriterionEvidence,
    Department,
    Edition,
    Municipality,
    Practice,
    Service,
)
from practices.opendata import exports as opendata

from .factories import (
    ImpactMetricFactory,
    LinkFactory,
    PracticeFactory,
    ProviderFactory,
    SuccessFactorFactory,
)

pytestmark = pytest.mark.django_db

REFERENCE = "BP-ANDESCO-SSPD-002-2021"


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def export(client, query):
    response = client.get(f"/practicas/exportar.json?{query}")
    return json.loads(b"".join(response.streaming_content))["practicas"]


def codes(records):
    return [record["codigo"] for record in records]


@pytest.fixture
def catalogue(reference_practice):
    """The reference ficha plus practices that the filters tell apart."""
    aseo, glp = Service.objects.get(slug="aseo"), Service.objects.get(slug="glp")
    small = ProviderFactory(size="pequeno", slug="aguas-del-pueblo")
    quindio, armenia = Department.objects.get(code="63"), Municipality.objects.get(code="63001")
    eficaz = Criterion.objects.get(slug="eficaz")
    for i in range(4):
        practice = PracticeFactory(
            services=[aseo],
            provider=small,
            summary="Recaudo en tiendas de barrio",
            start_date=datetime.date(2019 + i, 1, 1),
            end_date=None if i % 2 else datetime.date(2023, 1, 1),
            edition=Edition.objects.get(number=3) if i < 2 else None,
        )
        practice.departments.add(quindio)
        practice.municipalities.add(armenia)
        CriterionEvidence.objects.create(practice=practice, criterion=eficaz, evidence="Sí")
    PracticeFactory.create_batch(3, services=[glp])
    return reference_practice


FILTERS = [
    "",
    "servicio=aseo",
    "servicio=aseo&servicio=glp",
    "servicio=aseo&servicio=no-existe",
    "servicio=no-existe",  # unknown values are ignored: the whole catalogue
    "tamano=pequeno",
    "tamano=mediano&tamano=enorme",
    "prestador=aguas-del-pueblo",
    "prestador=edeq&prestador=aguas-del-pueblo",
    "departamento=quindio",
    "municipio=63001",
    "municipio=99999",
    "edicion=3",
    "edicion=tres",
    "criterio=eficaz",
    "desde=2020",
    "desde=2020&hasta=2021",
    "hasta=dosmil",
    "en_curso=1",
    "en_curso=si&servicio=aseo",
    "q=recaudo",
    "q=recaudo&tamano=mediano",
    "q=energia+quindio",
]


def test_list_agrees_with_the_json_export_and_the_html_list(client, catalogue):
    for query in FILTERS:  # one catalogue for every filter: a loop, not a parametrization
        api = get_json(client, f"/api/v1/practicas?page_size=100&{query}")
        exported = export(client, query)
        html = client.get(f"/practicas/?{query}").context

        assert api["results"] == exported, query  # same records, keys and order
        assert api["count"] == len(exported) == html["paginator"].count, query
        listed = {p.code for p in html["page_obj"].object_list}
        assert set(codes(api["results"])) == listed, query
        assert api["count"] > 0 or query == "municipio=99999", query


def test_a_record_has_the_export_keys_in_order(client, catalogue):
    record = get_json(client, "/api/v1/practicas")["results"][0]
    assert list(record) == opendata.FIELD_NAMES


def test_detail_is_the_practice_record(client, catalogue):
    expected = {p["codigo"]: p for p in export(client, "")}[REFERENCE]

    assert get_json(client, f"/api/v1/practicas/{REFERENCE}") == expected
    assert get_json(client, f"/api/v1/practicas/{REFERENCE.lower()}") == expected
    assert expected["indicadores"][1] == {
        "indicador": "PQR atendidas por mes",
        "canal": "Portal web",
        "linea_base": 56.0,
        "resultado": 381.0,
        "unidad": "PQR por mes",
        "mediciones": [],  # no follow-up (tests/test_impact_follow_up.py)
    }


def test_pages_keep_every_filter_and_cover_the_list_once(client, catalogue, settings):
    PracticeFactory.create_batch(3, services=[Service.objects.get(slug="aseo")])
    query = "servicio=aseo&servicio=no-existe&tamano=pequeno&tamano=mediano&desde=2019"
    url, seen = f"/api/v1/practicas?{query}&page_size=3", []
    while url:
        page = get_json(client, url)
        assert page["page_size"] == 3 and page["count"] == 7
        seen += codes(page["results"])
        for link, number in (
            (page["next"], page["page"] + 1),
            (page["previous"], page["page"] - 1),
        ):
            if link is None:
                continue
            assert link.startswith("http://testserver/api/v1/practicas?")
            params = parse_qs(urlsplit(link).query)
            assert params["servicio"] == ["aseo", "no-existe"]
            assert params["tamano"] == ["pequeno", "mediano"]
            assert params["desde"] == ["2019"]
            assert params["page_size"] == ["3"]
            assert params["page"] == [str(number)]
        assert (page["previous"] is None) == (page["page"] == 1)
        url = page["next"]
    assert page["page"] == 3
    assert len(seen) == len(set(seen)) == 7
    assert seen == codes(export(client, query))


def test_previous_of_a_later_page(client, catalogue, settings):
    page = get_json(client, "/api/v1/practicas?servicio=aseo&page=2&page_size=2")
    assert page["next"] is None
    params = parse_qs(urlsplit(page["previous"]).query)
    assert params == {"servicio": ["aseo"], "page": ["1"], "page_size": ["2"]}


def test_an_empty_list_is_a_page_not_an_error(client, db):
    page = get_json(client, "/api/v1/practicas")
    assert page == {
        "count": 0,
        "page": 1,
        "page_size": 20,
        "next": None,
        "previous": None,
        "consulta_corregida": None,
        "coincidencia_parcial": False,
        "results": [],
    }
    get_json(client, "/api/v1/practicas?page=2", status=404)


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/practicas?page=3", 404),  # beyond the last page
        ("/api/v1/practicas?page=99999999999999999999999999", 404),
        ("/api/v1/practicas?page=0", 422),
        ("/api/v1/practicas?page=-1", 422),
        ("/api/v1/practicas?page=uno", 422),
        ("/api/v1/practicas?page=1.5", 422),
        ("/api/v1/practicas?page_size=0", 422),
        ("/api/v1/practicas?page_size=101", 422),
        ("/api/v1/practicas?page_size=1e3", 422),
        ("/api/v1/practicas?page=%00", 422),
        ("/api/v1/prestadores?page=2", 404),
        ("/api/v1/prestadores?page_size=1000", 422),
        ("/api/v1/practicas/BP-NO-EXISTE-001-2021", 404),
        ("/api/v1/practicas/no-es-un-codigo", 404),
        ("/api/v1/practicas/a%2Fb", 404),
        ("/api/v1/practicas/%00", 404),
        ("/api/v1/practicas/%0A", 404),
        ("/api/v1/practicas/%20", 404),
        ("/api/v1/practicas/" + "X" * 5000, 404),
    ],
)
def test_bad_parameters_get_a_json_error_never_a_500(client, db, url, status):
    PracticeFactory(provider__slug="un-prestador")
    body = get_json(client, url, status=status)
    assert body["detail"]
    if status == 422:
        assert body["detail"][0]["loc"][0] == "query"


@pytest.mark.parametrize(
    "query",
    [
        "prestador=%00",
        "municipio=%00",
        "categoria=%00&servicio=aseo%00",
        "q=%00",
        "desde=%00&hasta=%00&en_curso=%00",
        "q=" + "agua+" * 2000,
        "servicio=" + "&servicio=".join(["x"] * 300),
        "tamano=%F0%9F%92%A7&departamento=Quind%C3%ADo",
    ],
)
def test_odd_filter_values_are_ignored_not_errors(client, db, query):
    PracticeFactory()
    assert get_json(client, f"/api/v1/practicas?{query}")["count"] in (0, 1)


# --- Only published practices --------------------------------------------------------

SECRET = "Zanahoria"


@pytest.fixture
def hidden(editor):
    """One published practice and, with their own provider and category, hidden ones."""
    visible = PracticeFactory(title="Práctica visible de Aguas", provider__slug="aguas")
    secret_provider = ProviderFactory(name=f"{SECRET} S.A. E.S.P.", slug="zanahoria")
    practices = [
        PracticeFactory(
            title=f"{SECRET} {status}",
            status=status,
            published_at=None,
            provider=secret_provider,
            category__name=f"{SECRET} categoría",
            category__slug="zanahoria",
            services=[Service.objects.get(slug="gas-natural")],
        )
        for status in ("draft", "review", "archived")
    ]
    practices[0].departments.add(Department.objects.get(code="05"))
    revision = workflow.practice_start_revision(practice=visible, by=editor)
    revision.title = f"{SECRET} revisión"
    revision.save()
    return visible, [*practices, revision]


REFERENCE_LISTS = [
    "/api/v1/categorias",
    "/api/v1/servicios",
    "/api/v1/departamentos",
    "/api/v1/criterios",
    "/api/v1/ediciones",
    "/api/v1/prestadores",
]


def test_drafts_in_review_archived_and_revisions_never_appear(client, hidden):
    visible, practices = hidden
    for url in [
        "/api/v1/practicas",
        f"/api/v1/practicas?q={SECRET}",
        "/api/v1/practicas?prestador=zanahoria",
        "/api/v1/practicas?categoria=zanahoria",
        *REFERENCE_LISTS,
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert SECRET not in response.text, url
        assert "zanahoria" not in response.text, url
    page = get_json(client, "/api/v1/practicas")
    assert codes(page["results"]) == [visible.code] and page["count"] == 1
    for practice in practices[:3]:
        assert get_json(client, f"/api/v1/practicas/{practice.code}", status=404)["detail"]
    # The open revision shares the published practice's code: the API shows the latter.
    assert get_json(client, f"/api/v1/practicas/{visible.code}")["titulo"] == visible.title


def test_reference_lists_count_published_practices_only(client, hidden):
    visible, _ = hidden
    services = get_json(client, "/api/v1/servicios")
    assert services == [{"slug": "acueducto", "nombre": "Acueducto", "practicas": 1}]
    assert get_json(client, "/api/v1/departamentos") == []
    assert get_json(client, "/api/v1/categorias") == [
        {
            "slug": visible.category.slug,
            "nombre": visible.category.name,
            "descripcion": "",
            "practicas": 1,
        }
    ]
    providers = get_json(client, "/api/v1/prestadores")
    assert providers["count"] == 1
    assert providers["results"][0]["slug"] == "aguas"
    assert providers["results"][0]["practicas"] == 1


def test_reference_lists_of_the_catalogue(client, catalogue):
    departments = get_json(client, "/api/v1/departamentos")
    assert departments == [{"codigo": "63", "nombre": "Quindío", "slug": "quindio", "practicas": 5}]
    services = {s["slug"]: s["practicas"] for s in get_json(client, "/api/v1/servicios")}
    assert services == {"energia-electrica": 1, "aseo": 4, "glp": 3}
    assert [(e["numero"], e["practicas"]) for e in get_json(client, "/api/v1/ediciones")] == [
        (3, 3)
    ]
    assert [(c["slug"], c["practicas"]) for c in get_json(client, "/api/v1/criterios")] == [
        ("eficaz", 4)
    ]
    providers = get_json(client, "/api/v1/prestadores?page_size=2")
    assert providers["count"] == 5  # EDEQ, the small provider, one per glp practice
    assert providers["next"].endswith("page_size=2&page=2")
    edeq = next(
        p
        for p in get_json(client, "/api/v1/prestadores?page_size=100")["results"]
        if p["slug"] == "edeq"
    )
    assert edeq == {
        "nombre": "Empresa de Energía del Quindío SA ESP",
        "sigla": "EDEQ",
        "slug": "edeq",
        "tamano": "mediano",
        "codigo_departamento": "63",
        "practicas": 1,
    }
    # Each value of a reference list is a value of the list's filter, with its count.
    for slug, count in services.items():
        assert get_json(client, f"/api/v1/practicas?servicio={slug}")["count"] == count


# --- Cost ----------------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        get_json(client, url)
    return len(queries)


def test_query_count_does_not_grow_with_the_page(client, db):
    def add(n):
        for _ in range(n):
            practice = PracticeFactory()
            SuccessFactorFactory.create_batch(2, practice=practice)
            ImpactMetricFactory(practice=practice)
            LinkFactory(practice=practice)

    add(2)
    small = _queries(client, "/api/v1/practicas?page_size=50&servicio=acueducto")
    add(20)
    large = _queries(client, "/api/v1/practicas?page_size=50&servicio=acueducto")
    assert small == large == 11  # options, count, page, eight prefetches
    assert _queries(client, "/api/v1/prestadores?page_size=50") <= 4


# --- The document and its page ---------------------------------------------------------


@pytest.fixture
def document(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def operation(document, path):
    return document["paths"][f"/api/v1/{path}"]["get"]


def test_openapi_document_declares_every_answer(document):
    assert document["openapi"].startswith("3.")
    assert document["info"]["version"] == "1"
    expected = {
        "practicas": {"200", "404", "422", "429"},
        "prestadores": {"200", "404", "422"},
        "practicas/{code}": {"200", "404"},
        "categorias": {"200"},
        "servicios": {"200"},
        "departamentos": {"200"},
        "criterios": {"200"},
        "ediciones": {"200"},
        "replicaciones": {"200", "404", "422"},
    }
    assert {path.removeprefix("/api/v1/") for path in document["paths"]} == set(expected)
    for path, statuses in expected.items():
        answers = operation(document, path)["responses"]
        assert set(answers) == statuses, path
        for answer in answers.values():
            assert "application/json" in answer["content"]
            assert answer["description"]


def test_openapi_document_declares_the_list_filters(document):
    parameters = {p["name"]: p for p in operation(document, "practicas")["parameters"]}
    repeatable = ["categoria", "servicio", "tamano", "prestador", "departamento", "municipio"]
    repeatable += ["edicion", "criterio"]
    for name in repeatable:
        assert parameters[name]["in"] == "query"
        assert parameters[name]["schema"]["type"] == "array"
    for name in ["q", "desde", "hasta", "en_curso"]:
        assert parameters[name]["schema"]["type"] == "string"
    assert parameters["page"]["schema"]["minimum"] == 1
    assert parameters["page_size"]["schema"]["maximum"] == 100
    assert not any(p["required"] for p in parameters.values())


def test_openapi_document_describes_the_record_with_the_data_dictionary(document):
    practice = document["components"]["schemas"]["Practica"]
    assert list(practice["properties"]) == opendata.FIELD_NAMES
    for field in opendata.FIELDS:
        assert practice["properties"][field.name]["description"] == str(field.description)
    page = document["components"]["schemas"]["PaginaPracticas"]
    assert set(page["properties"]) == {
        *("count", "page", "page_size", "next", "previous", "results"),
        *("consulta_corregida", "coincidencia_parcial"),
    }


def test_docs_page_is_rendered_on_the_server_without_scripts(client, document):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.text
    assert '<script src="http' not in html
    assert "<script" not in html
    assert "cdn" not in html.lower()
    assert 'lang="es' in html
    for path in document["paths"]:
        assert f"GET {path}" in html
    assert "Ejemplos de solicitud" in html
    assert "page_size" in html and "en_curso" in html
    assert "BP-ANDESCO-SSPD-002-2021" in html  # the example answer
    assert 'href="/api/v1/openapi.json"' in html


def test_json_content_type(client, catalogue):
    for url in ["/api/v1/practicas", f"/api/v1/practicas/{REFERENCE}", *REFERENCE_LISTS]:
        assert client.get(url)["Content-Type"] == "application/json; charset=utf-8"


def test_only_get(client, catalogue):
    assert client.post("/api/v1/practicas").status_code == 405
    assert client.delete(f"/api/v1/practicas/{REFERENCE}").status_code == 405
    assert Practice.objects.published().count() == 8


def test_the_api_takes_exactly_the_public_lists_filters(client):
    from practices.filters import PracticeFilter

    schema = client.get("/api/v1/openapi.json").json()
    parameters = schema["paths"]["/api/v1/practicas"]["get"]["parameters"]
    names = [p["name"] for p in parameters if p["in"] == "query"]

    # and the list's sort (orden)
    assert [n for n in names if n not in ("page", "page_size", "orden")] == list(
        PracticeFilter.base_filters
    )
