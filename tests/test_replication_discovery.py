"""Finding practices other providers replicated, and practices of providers like mine:
the facet «Replicada por otros prestadores» and the sort «Más replicadas» on the list (from
the snapshot and from the database alike) and in the API; «Prácticas de prestadores como
el mío» from a provider's page, the list and the ficha; replications as open data (the API's
/replicaciones, the CSV and JSON downloads of /datos/ and their data dictionary) and in
the statistics. Only published replications of published practices, and never anything of
the representative who told them."""

import csv
import datetime
import io
import json
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practices.models import Department, Practice, Provider, Service
from practices.opendata import replications as replication_data
from practices.statistics import counts as statistics
from recognition.models import Representative
from replication.models import Replication, ReplicationResult

from .factories import PracticeFactory, ProviderFactory

pytestmark = pytest.mark.django_db

# The representative who tells the replications: never in a bulk surface.
PERSON = {"first_name": "Marta", "last_name": "Quintero", "email": "marta.quintero@adn.com.co"}
PHONE = "300 555 0199"


def service(slug):
    return Service.objects.get(slug=slug)


def department(code):
    return Department.objects.get(code=code)


def representative(provider):
    existing = Representative.objects.filter(provider=provider).first()
    if existing:
        return existing
    user = get_user_model().objects.create_user(
        f"{PERSON['email']}-{provider.slug}",
        PERSON["email"],
        "una-clave-muy-larga-123",
        first_name=PERSON["first_name"],
        last_name=PERSON["last_name"],
    )
    now = timezone.now()
    return Representative.objects.create(
        user=user,
        provider=provider,
        position="Jefe comercial",
        phone=PHONE,
        email_verified_at=now,
        confirmed_at=now,
    )


def replicate(practice, provider, *, municipalities=(), moderation="publicada", **fields):
    """A replication of ``practice`` told by ``provider``'s representative; the practice's
    count of published ones kept as the moderation code keeps it."""
    values = {
        "started_on": datetime.date(2025, 2, 1),
        "changes": "Usamos mensajes de WhatsApp en vez de llamadas.",
        "story": "Las PQR por facturación bajaron a la mitad en seis meses.",
        "moderation": moderation,
        "moderated_at": timezone.now() if moderation == "publicada" else None,
        **fields,
    }
    replication = Replication.objects.create(
        practice=practice, provider=provider, representative=representative(provider), **values
    )
    replication.municipalities.set(municipalities)
    published = Replication.objects.filter(practice=practice, moderation="publicada").count()
    Practice.objects.filter(pk=practice.pk).update(replication_count=published)
    return replication


def published_at(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def replicated():
    """Five published practices, three of them replicated (2, 1 and 1 times), and a draft
    with a replication count that never shows."""
    practices = {
        name: PracticeFactory(title=name, published_at=published_at(days), services=services)
        for name, days, services in [
            ("dos réplicas", 5, [service("acueducto")]),
            # Created before the older one: ties go by publication, not by primary key.
            ("una réplica reciente", 1, [service("acueducto"), service("aseo")]),
            ("una réplica antigua", 4, [service("aseo")]),
            ("sin réplicas reciente", 0, [service("aseo")]),
            ("sin réplicas", 3, [service("acueducto")]),
        ]
    }
    for name, count in [("dos réplicas", 2), ("una réplica antigua", 1)]:
        Practice.objects.filter(pk=practices[name].pk).update(replication_count=count)
    Practice.objects.filter(pk=practices["una réplica reciente"].pk).update(replication_count=1)
    draft = PracticeFactory(title="borrador", draft=True)
    Practice.objects.filter(pk=draft.pk).update(replication_count=4)
    return practices


def listed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def facet(response, name):
    return next(f for f in response.context["facets"] if f.name == name)


def titles(response):
    return [p.title for p in response.context["practices"]]


# --- The facet and the sort on the list --------------------------------------------------


@pytest.mark.parametrize("use_snapshot", [True, False], ids=["snapshot", "database"])
@pytest.mark.parametrize("others", ["", "servicio=aseo", "servicio=acueducto&orden=titulo"])
def test_the_facet_counts_what_clicking_it_gives(
    client, settings, replicated, use_snapshot, others
):
    settings.CATALOGUE_SNAPSHOT = use_snapshot
    before = listed(client, f"/practicas/?{others}")
    options = facet(before, "replicada").options
    assert [(o["value"], o["label"], o["selected"]) for o in options] == [
        ("si", "Replicada por otros prestadores", False)
    ]

    after = listed(client, f"/practicas/?{others}&replicada=si")

    assert after.context["paginator"].count == options[0]["count"]
    assert set(titles(after)) <= {"dos réplicas", "una réplica antigua", "una réplica reciente"}
    assert "borrador" not in titles(after)
    assert facet(after, "replicada").options[0]["selected"]
    # The facet's own count stays what its option selects; the others narrow.
    assert facet(after, "replicada").options[0]["count"] == options[0]["count"]
    for option in facet(after, "servicio").options:
        both = listed(client, f"/practicas/?replicada=si&servicio={option['value']}")
        assert both.context["paginator"].count == option["count"], option


@pytest.mark.parametrize("use_snapshot", [True, False], ids=["snapshot", "database"])
def test_the_facet_is_a_checkbox_and_a_chip_that_works_without_javascript(
    client, settings, replicated, use_snapshot
):
    settings.CATALOGUE_SNAPSHOT = use_snapshot
    page = listed(client, "/practicas/").text
    assert "<legend>Réplicas</legend>" in page
    assert 'name="replicada" value="si"' in page
    assert 'Replicada por otros prestadores <span class="count">(3)</span>' in page

    chosen = listed(client, "/practicas/?replicada=si").text
    assert 'value="si" checked' in chosen
    assert "Réplicas: Replicada por otros prestadores" in chosen  # the removable chip
    assert listed(client, "/practicas/?replicada=no").context["paginator"].count == 5  # ignored


def test_without_replications_the_facet_offers_nothing(client, settings):
    PracticeFactory.create_batch(2)
    for use_snapshot in (True, False):
        settings.CATALOGUE_SNAPSHOT = use_snapshot
        response = listed(client, "/practicas/")
        assert facet(response, "replicada").options == []
        assert 'name="replicada"' not in response.text
        chosen = listed(client, "/practicas/?replicada=si")
        assert chosen.context["paginator"].count == 0
        assert [(o["count"], o["selected"]) for o in facet(chosen, "replicada").options] == [
            (0, True)
        ]


@pytest.mark.parametrize("use_snapshot", [True, False], ids=["snapshot", "database"])
def test_most_replicated_first_then_the_newest(client, settings, replicated, use_snapshot):
    settings.CATALOGUE_SNAPSHOT = use_snapshot
    response = listed(client, "/practicas/?orden=replicaciones")

    assert titles(response) == [
        "dos réplicas",
        "una réplica reciente",  # a tie: the newest first, as the default order
        "una réplica antigua",
        "sin réplicas reciente",
        "sin réplicas",
    ]
    assert '<span aria-current="true">Más replicadas</span>' in response.text
    assert 'href="?orden=replicaciones"' in listed(client, "/practicas/").text
    both = listed(client, "/practicas/?orden=replicaciones&replicada=si&servicio=aseo")
    assert titles(both) == ["una réplica reciente", "una réplica antigua"]


# --- «Prácticas de prestadores como el mío» ----------------------------------------------


@pytest.fixture
def providers():
    """A medium provider of Quindío (water and waste), one like it, and others unlike it."""
    mine = ProviderFactory(name="Aguas del Norte", slug="aguas-del-norte", size="mediano")
    mine.services.set([service("acueducto"), service("aseo")])
    PracticeFactory(title="la mía", provider=mine, services=[service("acueducto")])
    alike = ProviderFactory(name="Aguas del Sur", slug="aguas-del-sur", size="mediano")
    big = ProviderFactory(name="Aguas Grandes", slug="aguas-grandes", size="grande")
    PracticeFactory(title="parecida", provider=alike, services=[service("aseo")])
    PracticeFactory(title="de gas", provider=alike, services=[service("gas-natural")])
    PracticeFactory(title="de un grande", provider=big, services=[service("acueducto")])
    quindio = PracticeFactory(title="parecida en Quindío", provider=alike)
    quindio.departments.set([department("63")])
    return {"mine": mine, "alike": alike, "big": big}


def test_como_expands_into_the_list_s_own_filters(client, providers):
    response = client.get("/practicas/?como=aguas-del-norte")

    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert url.path == "/practicas/"
    assert parse_qs(url.query) == {"tamano": ["mediano"], "servicio": ["acueducto", "aseo"]}
    results = listed(client, response["Location"])
    assert sorted(titles(results)) == ["la mía", "parecida", "parecida en Quindío"]
    chips = [chip["label"] for chip in results.context["chips"]]
    assert chips == ["Servicio: Acueducto", "Servicio: Aseo", "Tamaño del prestador: Mediano"]


def test_como_in_the_same_department_and_keeping_the_sort(client, providers):
    response = client.get("/practicas/?como=aguas-del-norte&mismo_departamento=si&orden=titulo")

    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["departamento"] == ["quindio"]  # the provider's seat (ProviderFactory: 63)
    assert query["orden"] == ["titulo"]
    assert titles(listed(client, response["Location"])) == ["parecida en Quindío"]


def test_a_provider_without_services_is_compared_by_its_practices_services(client, providers):
    providers["mine"].services.clear()

    response = client.get("/practicas/?como=aguas-del-norte")

    assert parse_qs(urlsplit(response["Location"]).query)["servicio"] == ["acueducto"]


def test_a_provider_that_only_tells_a_replication_has_providers_like_it(client, providers):
    teller = ProviderFactory(name="Acueducto Veredal", slug="acueducto-veredal", size="pequeno")
    teller.services.set([service("acueducto")])
    replicate(Practice.objects.get(title="de un grande"), teller)

    response = client.get("/practicas/?como=acueducto-veredal")

    assert parse_qs(urlsplit(response["Location"]).query) == {
        "tamano": ["pequeno"],
        "servicio": ["acueducto"],
    }


@pytest.mark.parametrize(
    "slug", ["no-existe", "x" * 300, "a\x00b", "borrador-solo", "<script>alert(1)</script>"]
)
def test_an_unknown_provider_is_a_clear_message_and_no_filter(client, providers, slug):
    only_draft = ProviderFactory(slug="borrador-solo", size="mediano")
    PracticeFactory(provider=only_draft, draft=True)  # a provider the site does not show

    response = client.get("/practicas/", {"como": slug})

    assert response.status_code == 404
    assert "en el catálogo: se muestran todas las prácticas, sin filtros." in response.text
    assert "<script>alert" not in response.text
    assert response.context["paginator"].count == Practice.objects.published().count()
    assert response.context["chips"] == []
    assert 'name="como"' not in response.text  # the search form does not carry it on


def test_a_provider_of_whom_nothing_is_known_is_told_so(client):
    unknown = ProviderFactory(name="Sin Datos ESP", slug="sin-datos", size="")
    practice = PracticeFactory(provider=unknown)
    practice.services.clear()

    response = client.get("/practicas/?como=sin-datos")

    assert response.status_code == 200
    assert "Del prestador Sin Datos ESP no se conocen el tamaño ni los servicios" in response.text
    assert response.context["paginator"].count == 1


@pytest.mark.parametrize("use_snapshot", [True, False], ids=["snapshot", "database"])
def test_the_provider_s_page_and_the_filtered_list_link_to_providers_like_it(
    client, settings, providers, use_snapshot
):
    settings.CATALOGUE_SNAPSHOT = use_snapshot
    page = listed(client, "/practicas/prestador/aguas-del-norte/").text
    assert (
        '<a href="/practicas/?como=aguas-del-norte">Ver prácticas de prestadores como '
        "Aguas del Norte</a>"
    ) in page
    assert (
        '<a href="/practicas/?como=aguas-del-norte&amp;mismo_departamento=si">'
        "solo las que cubren Quindío</a>"
    ) in page

    filtered = listed(client, "/practicas/?prestador=aguas-del-norte&servicio=acueducto").text
    assert "Ver prácticas de prestadores como Aguas del Norte" in filtered
    two = listed(client, "/practicas/?prestador=aguas-del-norte&prestador=aguas-del-sur").text
    assert "prestadores como" not in two  # like which one? no link
    assert "prestadores como" not in listed(client, "/practicas/").text


def test_the_ficha_links_to_practices_of_providers_like_its_author(client, providers):
    practice = Practice.objects.get(title="la mía")

    page = client.get(practice.get_absolute_url()).text

    assert '<a href="/practicas/?como=aguas-del-norte">Prácticas de prestadores como' in page


def test_the_links_cost_no_query(client, providers, django_assert_num_queries):
    client.get("/practicas/?prestador=aguas-del-norte")  # the snapshot is built
    with django_assert_num_queries(2):  # the version and the page's rows, as any list
        response = client.get("/practicas/?prestador=aguas-del-norte")
    assert response.context["like"]["url"] == "/practicas/?como=aguas-del-norte"


# --- The API's practices -----------------------------------------------------------------


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response.json()


def test_the_api_filters_and_sorts_as_the_list(client, replicated):
    listed_titles = titles(listed(client, "/practicas/?replicada=si&orden=replicaciones"))

    data = get_json(client, "/api/v1/practicas?replicada=si&orden=replicaciones")

    assert data["count"] == 3
    assert [r["titulo"] for r in data["results"]] == listed_titles
    assert [r["replicas"] for r in data["results"]] == [2, 1, 1]
    everything = get_json(client, "/api/v1/practicas?orden=replicaciones&page_size=2")
    assert [r["replicas"] for r in everything["results"]] == [2, 1]
    assert parse_qs(urlsplit(everything["next"]).query)["orden"] == ["replicaciones"]
    newest = get_json(client, "/api/v1/practicas")["results"]
    assert newest[0]["titulo"] == "sin réplicas reciente"
    assert get_json(client, "/api/v1/practicas?replicada=no")["count"] == 5  # ignored
    assert "detail" in get_json(client, "/api/v1/practicas?orden=al-azar", status=422)


def test_the_openapi_document_describes_the_filter_and_the_sort(client):
    document = client.get("/api/v1/openapi.json").json()
    parameters = {p["name"]: p for p in document["paths"]["/api/v1/practicas"]["get"]["parameters"]}

    assert "réplica publicada" in parameters["replicada"]["description"]
    assert parameters["replicada"]["schema"]["type"] == "array"
    assert "replicaciones" in parameters["orden"]["schema"]["enum"]
    assert "las más replicadas primero" in parameters["orden"]["description"]
    record = document["components"]["schemas"]["Practica"]["properties"]["replicas"]
    assert record["type"] == "integer"
    assert "/api/v1/replicaciones" in document["paths"]
    docs = client.get("/api/v1/docs").text
    assert "/api/v1/replicaciones" in docs and "replicada" in docs


def test_the_exports_carry_the_number_of_replications(client, replicated):
    data = json.loads(b"".join(client.get("/practicas/exportar.json").streaming_content))
    counts = {r["titulo"]: r["replicas"] for r in data["practicas"]}
    assert counts["dos réplicas"] == 2 and counts["sin réplicas"] == 0
    text = b"".join(client.get("/practicas/exportar.csv?replicada=si").streaming_content)
    rows = list(csv.DictReader(io.StringIO(text.decode("utf-8-sig"))))
    assert {row["titulo"]: row["replicas"] for row in rows} == {
        "dos réplicas": "2",
        "una réplica antigua": "1",
        "una réplica reciente": "1",
    }


# --- Replications as open data -----------------------------------------------------------


@pytest.fixture
def told(reference_practice):
    """Published replications of the reference ficha and of another practice, with
    results and an answer; others that must never show (pending, rejected, of a draft)."""
    north = ProviderFactory(
        name="Aguas del Norte", short_name="ADN", slug="aguas-del-norte", size="pequeno"
    )
    south = ProviderFactory(name="Aguas del Sur", slug="aguas-del-sur", size="grande")
    south.department = department("05")
    south.save()
    roaming = ProviderFactory(name="Sin Sede", slug="sin-sede", size="", department=None)
    first = replicate(
        reference_practice,
        north,
        municipalities=["63130", "63001", "05001"],
        started_on=datetime.date(2024, 3, 1),
        progress="terminada",
        answer="Gracias por contarlo: nos sirve saber qué adaptaron.",
        answered_at=timezone.now(),
    )
    ReplicationResult.objects.create(
        replication=first,
        label="PQR por facturación al mes",
        baseline=Decimal("120"),
        value=Decimal("58.5"),
        unit="PQR",
        measured_on=datetime.date(2024, 9, 30),
    )
    second = replicate(reference_practice, south, started_on=datetime.date(2025, 1, 15))
    other = PracticeFactory(title="otra", services=[service("acueducto"), service("aseo")])
    third = replicate(
        other,
        roaming,
        started_on=datetime.date(2023, 6, 1),
        progress="abandonada",
        progress_reason="Se acabó el contrato del operador.",
    )
    replicate(other, north, moderation="pendiente")
    replicate(reference_practice, roaming, moderation="rechazada")
    draft = PracticeFactory(title="borrador", draft=True)
    replicate(draft, south)
    return {"first": first, "second": second, "third": third, "other": other}


def no_person(text):
    assert "Marta" not in text and "Quintero" not in text
    assert PERSON["email"] not in text and "adn.com.co" not in text
    assert PHONE not in text and "5550199" not in text


def test_the_replications_api_lists_only_public_ones_without_the_person(client, told):
    data = get_json(client, "/api/v1/replicaciones")

    assert data["count"] == 3
    assert [(r["practica_codigo"], r["prestador"]) for r in data["results"]] == [
        ("BP-ANDESCO-SSPD-002-2021", "Aguas del Sur"),  # the newest start first
        ("BP-ANDESCO-SSPD-002-2021", "Aguas del Norte"),
        (told["other"].code, "Sin Sede"),
    ]
    north = data["results"][1]
    assert north == {
        "practica_codigo": "BP-ANDESCO-SSPD-002-2021",
        "practica_titulo": Practice.objects.get(code="BP-ANDESCO-SSPD-002-2021").title,
        "url": "http://testserver/practicas/BP-ANDESCO-SSPD-002-2021/",
        "prestador": "Aguas del Norte",
        "prestador_sigla": "ADN",
        "tamano_prestador": "Pequeño",
        "departamento_prestador": "Quindío",
        "codigo_departamento_prestador": "63",
        "municipios": ["Medellín", "Armenia", "Calarcá"],
        "codigos_municipios": ["05001", "63001", "63130"],
        "fecha_inicio": "2024-03-01",
        "estado": "terminada",
        "motivo_abandono": "",
        "cambios": "Usamos mensajes de WhatsApp en vez de llamadas.",
        "relato": "Las PQR por facturación bajaron a la mitad en seis meses.",
        "resultados": [
            {
                "indicador": "PQR por facturación al mes",
                "linea_base": 120.0,
                "resultado": 58.5,
                "unidad": "PQR",
                "medido_el": "2024-09-30",
            }
        ],
        "respuesta_autores": "Gracias por contarlo: nos sirve saber qué adaptaron.",
        "respondida_el": told["first"].answered_at.isoformat(),
        "publicada_el": told["first"].moderated_at.isoformat(),
    }
    abandoned = data["results"][2]
    assert abandoned["estado"] == "abandonada"
    assert abandoned["motivo_abandono"] == "Se acabó el contrato del operador."
    assert abandoned["tamano_prestador"] == "" and abandoned["departamento_prestador"] == ""
    assert abandoned["respondida_el"] is None
    no_person(json.dumps(data, ensure_ascii=False))


def test_the_replications_api_filters_by_practice_and_pages(client, told):
    one = get_json(client, "/api/v1/replicaciones?practica=bp-andesco-sspd-002-2021")
    assert one["count"] == 2
    both = f"/api/v1/replicaciones?practica={told['other'].code}&practica=BP-ANDESCO-SSPD-002-2021"
    assert get_json(client, both)["count"] == 3
    assert get_json(client, "/api/v1/replicaciones?practica=BP-NO-EXISTE-001-2020")["count"] == 0
    draft = Practice.objects.get(title="borrador").code
    assert get_json(client, f"/api/v1/replicaciones?practica={draft}")["count"] == 0

    page = get_json(client, "/api/v1/replicaciones?page_size=2")
    assert len(page["results"]) == 2 and page["previous"] is None
    rest = get_json(client, page["next"].removeprefix("http://testserver"))
    assert [r["prestador"] for r in rest["results"]] == ["Sin Sede"]
    get_json(client, "/api/v1/replicaciones?page=3&page_size=2", status=404)
    get_json(client, "/api/v1/replicaciones?page_size=1000", status=422)


def api_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        get_json(client, url)
    return len(queries)


def test_the_replications_api_costs_a_fixed_number_of_queries(client, told):
    small = api_queries(client, "/api/v1/replicaciones?page_size=50")
    practice = told["other"]
    for n in range(12):
        teller = ProviderFactory(slug=f"prestador-{n}")
        replication = replicate(practice, teller, municipalities=["63001", "05001"])
        ReplicationResult.objects.create(
            replication=replication, label="x", value=1, measured_on=datetime.date(2025, 1, 1)
        )
    large = api_queries(client, "/api/v1/replicaciones?page_size=50")
    # The count, the page with practice and provider, its municipalities and its results.
    assert small == large == 4


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_replications_download_as_csv_one_row_each(client, told):
    text = download(client, "/datos/replicas.csv")

    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == replication_data.FIELD_NAMES
    assert [row["prestador"] for row in rows] == ["Aguas del Sur", "Aguas del Norte", "Sin Sede"]
    north = rows[1]
    assert north["codigos_municipios"] == "05001 | 63001 | 63130"
    assert north["resultados"] == "PQR por facturación al mes: 120 → 58.5 PQR (2024-09-30)"
    no_person(text)
    regional = download(client, "/datos/replicas.csv?formato=excel-co")
    assert "PQR por facturación al mes: 120 → 58,5 PQR (2024-09-30)" in regional
    assert regional.splitlines()[0].startswith("practica_codigo;practica_titulo;")
    english = download(client, "/en/datos/replicas.csv")
    assert english.splitlines()[0].startswith("practice_code,practice_title,url,provider,")
    only = download(client, f"/datos/replicas.csv?practica={told['other'].code}")
    assert len(list(csv.DictReader(io.StringIO(only)))) == 1


def test_the_replications_download_as_json(client, told):
    response = client.get("/datos/replicas.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(b"".join(response.streaming_content))

    api = get_json(client, "/api/v1/replicaciones")["results"]
    assert data["replicas"] == api  # the same records
    assert data["meta"]["diccionario_de_datos"].endswith("/datos/#diccionario-replicas")
    no_person(json.dumps(data, ensure_ascii=False))


def test_the_open_data_page_offers_and_describes_the_replications(client, told):
    page = client.get("/datos/").text

    assert "3 réplicas publicadas" in page
    assert 'href="/datos/replicas.csv"' in page and 'href="/datos/replicas.json"' in page
    for field in replication_data.FIELDS:
        assert f"<code>{field.name}</code>" in page, field.name
    assert "<code>replicas</code>" in page  # the practices' own new column
    catalogue = client.get("/datos/catalogo.jsonld").json()
    downloads = [
        d["dcat:downloadURL"] for s in catalogue["dcat:dataset"] for d in s["dcat:distribution"]
    ]
    assert "http://testserver/datos/replicas.csv" in downloads


# --- Statistics ---------------------------------------------------------------------------


def test_statistics_count_replications_by_department_and_service(told):
    counts = statistics.compute_counts()

    assert counts.replications == 3 == Replication.objects.public().count()
    # The first counts once in Quindío (two municipalities) and once in Antioquia; the
    # second has no municipality: its provider's seat (Antioquia); the third names no place.
    assert counts.replications_by_department == [
        ("05", "Antioquia", 2),
        ("63", "Quindío", 1),
        ("", "", 1),
    ]
    by_service = {slug: n for slug, _name, n in counts.replications_by_service}
    # The reference ficha is of electric energy; the other one of water and waste.
    assert by_service["energia-electrica"] == 2
    assert by_service["acueducto"] == by_service["aseo"] == 1
    assert by_service["gas-natural"] == 0


@pytest.mark.parametrize("use_snapshot", [True, False], ids=["snapshot", "database"])
def test_the_statistics_page_shows_the_replications_charts(client, settings, told, use_snapshot):
    settings.CATALOGUE_SNAPSHOT = use_snapshot
    page = client.get("/estadisticas/").text

    assert '<h2 id="replicas-departamento-titulo">Réplicas publicadas por departamento</h2>' in page
    assert '<h2 id="replicas-servicio-titulo">Réplicas publicadas por servicio</h2>' in page
    assert "<title>Antioquia: 2 réplicas</title>" in page
    assert "<title>Sin lugar indicado: 1 réplica</title>" in page
    assert "<title>Energía eléctrica: 2 réplicas</title>" in page
    assert "3 réplicas publicadas en total." in page
    assert '<th scope="col" class="num">Réplicas</th>' in page
    table = page.split('id="tabla-replicas-departamento">')[1].split("</table>")[0]
    assert "<td>05</td>" in table and "<td>63</td>" in table  # DIVIPOLA codes
    assert "<a " not in table  # replications open no list of practices
    assert client.get("/en/estadisticas/").status_code == 200


def test_the_replications_charts_download_as_csv(client, told):
    text = client.get("/estadisticas/replicas-departamento.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["codigo_divipola"], r["nombre"], r["replicas"]) for r in rows] == [
        ("05", "Antioquia", "2"),
        ("63", "Quindío", "1"),
        ("", "Sin lugar indicado", "1"),
    ]
    text = client.get("/estadisticas/replicas-servicio.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0] == {
        "replicas-servicio": "energia-electrica",
        "nombre": "Energía eléctrica",
        "replicas": "2",
    }


def test_a_replication_of_a_practice_withdrawn_leaves_the_statistics(client, told):
    Practice.objects.filter(code="BP-ANDESCO-SSPD-002-2021").update(status="archived")

    counts = statistics.compute_counts()

    assert counts.replications == 1
    assert get_json(client, "/api/v1/replicaciones")["count"] == 1
    assert Provider.objects.filter(slug="sin-sede").exists()
