"""What it takes to replicate a practice (models.Feasibility): cost, people, months,
technology, partners and prerequisites, optional, on every surface: the admin, the
completeness report (recommended), the ficha in both languages, its PDF and text, the open
data, the recognition's applications, revisions and the demo."""

# ruff: noqa: F811
# (test_recognition's fixtures `call` and `provider`, imported, are parameters here)

import csv
import io
import json

import pytest
from django.utils import translation
from django.utils.translation import gettext

from practices import workflow
from practices.fichas.importer import FichaFile, import_fichas
from practices.models import Feasibility, Practice
from recognition import results
from recognition.models import Application

from .factories import PracticeFactory, SuccessFactorFactory
from .test_admin import ADMIN
from .test_admin_constraints import field_errors, practice_form
from .test_print import pdf_text
from .test_recognition import (  # noqa: F401
    DURING,
    at,
    call,
    complete,
    provider,
    representative_of,
    season_clock,
    start,
)
from .test_recognition_jury import submitted

pytestmark = pytest.mark.django_db

CODE = "BP-ANDESCO-SSPD-002-2021"
FICHA = f"/practicas/{CODE}/"
NEEDS = {
    "cost_min": 20_000_000,
    "cost_max": 35_000_000,
    "cost_year": 2024,
    "people_involved": 12,
    "setup_months": 6,
    "technology": "Portal web de PQR con chat",
    "partners": "Alcaldía de Armenia; juntas de acción comunal",
    "prerequisites": "Una base de datos de usuarios actualizada.",
}
NOTHING = dict.fromkeys(Feasibility.FIELDS[:5]) | dict.fromkeys(Feasibility.FIELDS[5:], "")
# As typed in the admin and in an application: pesos the Colombian way, the year plain.
TYPED = {
    **NEEDS,
    "cost_min": "20.000.000",
    "cost_max": "35.000.000",
    "cost_year": "2024",
    "people_involved": "12",
    "setup_months": "6",
}


def needs_of(record):
    record.refresh_from_db()
    return {name: getattr(record, name) for name in Feasibility.FIELDS}


@pytest.fixture
def ficha(reference_practice):
    Practice.objects.filter(pk=reference_practice.pk).update(**NEEDS)
    reference_practice.refresh_from_db()
    return reference_practice


# --- The admin ---------------------------------------------------------------------------


def test_the_admin_has_a_section_with_the_models_help_and_saves_pesos_as_typed(
    staff_client, reference_practice
):
    form = staff_client.get(f"{ADMIN}add/").text
    assert "¿Qué se necesita para replicarla?" in form
    assert "Los pesos de qué año: el costo cambia con la inflación." in form
    assert "Lo que un prestador debe tener antes de empezar." in form

    response = staff_client.post(f"{ADMIN}add/", practice_form(**TYPED))

    assert response.status_code == 302
    practice = Practice.objects.get(code="BP-ANDESCO-SSPD-020-2021")
    assert needs_of(practice) == NEEDS
    change = staff_client.get(f"{ADMIN}{practice.pk}/change/").text
    assert 'value="20.000.000"' in change  # a figure, grouped
    assert 'value="2024"' in change and "2.024" not in change  # a year, never grouped


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        (
            {"cost_min": "35.000.000", "cost_max": "20.000.000", "cost_year": "2024"},
            "cost_max",
            "El costo «hasta» no puede ser menor que el costo «desde».",
        ),
        ({"cost_min": "20.000.000"}, "cost_year", "Indique de qué año son los pesos del costo."),
        ({"cost_year": "2024"}, "cost_year", "Indique el costo o deje vacío su año."),
        (
            {"cost_min": "20.000.000", "cost_year": "1890"},
            "cost_year",
            "El año del costo debe estar entre 1990 y el próximo año.",
        ),
    ],
)
def test_estimates_that_contradict_each_other_are_refused_on_their_field(
    staff_client, reference_practice, typed, field, message
):
    response = staff_client.post(f"{ADMIN}add/", practice_form(**typed))

    assert field_errors(response, field) == [message]
    assert not Practice.objects.filter(code="BP-ANDESCO-SSPD-020-2021").exists()


def test_a_bad_estimate_on_a_draft_changes_nothing(staff_client, reference_practice):
    staff_client.post(f"{ADMIN}add/", practice_form(**TYPED))
    practice = Practice.objects.get(code="BP-ANDESCO-SSPD-020-2021")

    response = staff_client.post(
        f"{ADMIN}{practice.pk}/change/",
        practice_form(**{**TYPED, "cost_max": "1.000", "technology": "Otra"}),
    )

    assert field_errors(response, "cost_max")
    assert needs_of(practice) == NEEDS


def test_a_published_practice_reads_its_cost_as_one_sentence(staff_client, ficha):
    page = staff_client.get(f"{ADMIN}{ficha.pk}/change/").text  # read only: published

    assert "¿Qué se necesita para replicarla?" in page
    assert "Entre $ 20.000.000 y $ 35.000.000 (pesos de 2024)" in page
    assert "2.024" not in page


# --- Completeness: recommended, never required -------------------------------------------


def test_the_report_recommends_what_is_missing_without_changing_the_percentage(
    staff_client, editor, reviewer
):
    practice = PracticeFactory(draft=True, coverage_note="Armenia", validation="")
    SuccessFactorFactory(practice=practice)
    before = workflow.completeness(practice)

    assert before == (100, [])
    assert workflow.recommended_missing(practice) == [
        "costo aproximado",
        "personas involucradas",
        "tiempo para ponerla en marcha",
        "tecnología necesaria",
        "aliados",
        "requisitos previos",
    ]
    page = staff_client.get(f"{ADMIN}{practice.pk}/change/").text
    assert "100 % · lista para publicar" in page
    assert "Recomendado, no obligatorio (falta):" in page and "<li>aliados</li>" in page

    Practice.objects.filter(pk=practice.pk).update(cost_max=5_000_000, cost_year=2023, partners="X")
    practice.refresh_from_db()
    assert workflow.completeness(practice) == before
    assert "costo aproximado" not in workflow.recommended_missing(practice)
    assert "aliados" not in workflow.recommended_missing(practice)

    # Nothing of it is needed to send or publish.
    Practice.objects.filter(pk=practice.pk).update(**NOTHING)
    practice = workflow.practice_submit(practice=practice, by=editor)
    assert workflow.practice_publish(practice=practice, by=reviewer).is_published


def test_an_incomplete_practice_keeps_its_percentage_whatever_it_recommends(staff_client):
    practice = PracticeFactory(draft=True, summary="", limitations="")
    without = workflow.completeness(practice)
    Practice.objects.filter(pk=practice.pk).update(**NEEDS)
    practice.refresh_from_db()

    assert workflow.completeness(practice) == without
    assert workflow.recommended_missing(practice) == []
    page = staff_client.get(f"{ADMIN}{practice.pk}/change/").text
    assert "Falta para publicar:" in page and "Recomendado, no obligatorio" not in page


# --- The ficha ---------------------------------------------------------------------------


def section(page):
    """The «Lo que se necesita» block of a ficha page."""
    start = page.index('<div class="needs">')
    return page[start : page.index("</dl>", start)]


def test_the_ficha_says_what_it_takes_in_how_to_replicate_it(client, ficha):
    page = client.get(FICHA).text
    needs = section(page)

    assert page.index('id="replicarla"') < page.index("Lo que se necesita")
    assert (
        "<dt>Costo aproximado</dt><dd>Entre $ 20.000.000 y $ 35.000.000 (pesos de 2024)</dd>"
        in (needs)
    )
    assert "<dt>Personas involucradas</dt><dd>12</dd>" in needs
    assert "<dt>Tiempo para ponerla en marcha</dt><dd>6 meses</dd>" in needs
    assert "<dt>Tecnología necesaria</dt><dd><p>Portal web de PQR con chat</p></dd>" in needs
    assert "Alcaldía de Armenia; juntas de acción comunal" in needs
    assert "Una base de datos de usuarios actualizada." in needs


def test_only_what_is_given_is_shown_and_nothing_when_none(client, ficha):
    Practice.objects.filter(pk=ficha.pk).update(
        **{**NOTHING, "cost_min": 5_000_000, "cost_year": 2022, "setup_months": 1}
    )
    needs = section(client.get(FICHA).text)
    assert "<dd>$ 5.000.000 (pesos de 2022)</dd>" in needs
    assert "<dd>1 mes</dd>" in needs
    assert "Personas involucradas" not in needs and "Aliados" not in needs

    Practice.objects.filter(pk=ficha.pk).update(**NOTHING)
    page = client.get(FICHA).text
    assert "Lo que se necesita" not in page and 'class="needs"' not in page
    assert 'id="replicarla"' in page  # the section itself stays


def test_the_english_ficha_translates_the_labels_and_keeps_the_authors_words(client, ficha):
    page = client.get(f"/en{FICHA}").text
    needs = section(page)

    with translation.override("en"):
        labels = [gettext("Lo que se necesita"), gettext("Personas involucradas")]
    assert all(label in page for label in labels)
    assert "$ 20,000,000" in needs and "$ 35,000,000" in needs  # English figures
    assert '<dd lang="es"><p>Portal web de PQR con chat</p></dd>' in needs


def test_the_pdf_and_the_text_carry_it(client, ficha):
    pdf = pdf_text(client.get(f"{FICHA}ficha.pdf").content)
    assert "Lo que se necesita para replicarla" in pdf
    assert "Entre $ 20.000.000 y $ 35.000.000 (pesos de 2024)" in pdf
    assert pdf.index("Enlaces") < pdf.index("Lo que se necesita") < pdf.index("Contacto")

    text = client.get(f"{FICHA}ficha.txt").content.decode()
    assert "Costo aproximado (pesos)\t20.000.000 - 35.000.000\n" in text
    assert "Año del costo\t2024\n" in text
    assert "Meses para ponerla en marcha\t6\n" in text
    assert "Requisitos previos\tUna base de datos de usuarios actualizada.\n" in text

    Practice.objects.all().delete()
    report = import_fichas([FichaFile("descargada.txt", text.encode())], status="published")
    assert report.ok, [str(p) for p in report.errors]
    assert needs_of(Practice.objects.get()) == NEEDS


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("Costo aproximado\t$ 8.500.000 (pesos de 2023)\n", {"cost_min": 8_500_000}),
        ("Costo\thasta 40.000.000\nAño del costo\t2021\n", {"cost_max": 40_000_000}),
    ],
)
def test_an_imported_ficha_reads_the_cost_as_people_write_it(
    client, reference_practice, rows, expected
):
    text = client.get(f"{FICHA}ficha.txt").content.decode() + rows
    Practice.objects.all().delete()

    report = import_fichas([FichaFile("ficha.txt", text.encode())])

    assert report.ok, [str(p) for p in report.errors]
    practice = Practice.objects.get()
    assert {name: getattr(practice, name) for name in expected} == expected
    assert practice.cost_year in (2021, 2023)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "Costo aproximado (pesos)\tmucho dinero\n",
            "campo «Costo aproximado (pesos)»: «mucho dinero» no es un costo",
        ),
        (
            "Costo aproximado (pesos)\t20.000.000\n",
            "campo «Año del costo»: Indique de qué año son los pesos del costo.",
        ),
        ("Meses para ponerla en marcha\t6,5\n", "«6,5» no es un número entero."),
    ],
)
def test_an_imported_ficha_with_a_bad_estimate_names_the_field_and_writes_nothing(
    client, reference_practice, rows, message
):
    text = client.get(f"{FICHA}ficha.txt").content.decode() + rows
    Practice.objects.all().delete()

    report = import_fichas([FichaFile("ficha.txt", text.encode())])

    assert not report.ok
    assert any(message in str(problem) for problem in report.errors), [
        str(p) for p in report.errors
    ]
    assert not Practice.objects.exists()


# --- Open data ---------------------------------------------------------------------------

COLUMNS = {
    "costo_desde": 20_000_000,
    "costo_hasta": 35_000_000,
    "anio_costo": 2024,
    "personas_involucradas": 12,
    "meses_puesta_en_marcha": 6,
    "tecnologia_necesaria": "Portal web de PQR con chat",
    "aliados": "Alcaldía de Armenia; juntas de acción comunal",
    "requisitos_previos": "Una base de datos de usuarios actualizada.",
}


def test_the_csv_json_and_api_carry_the_estimates_as_numbers(client, ficha):
    csv_text = b"".join(client.get("/practicas/exportar.csv")).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(csv_text)))
    assert {name: row[name] for name in COLUMNS} == {k: str(v) for k, v in COLUMNS.items()}

    data = json.loads(b"".join(client.get("/practicas/exportar.json")))
    assert {name: data["practicas"][0][name] for name in COLUMNS} == COLUMNS

    record = client.get(f"/api/v1/practicas/{CODE}").json()
    assert {name: record[name] for name in COLUMNS} == COLUMNS
    listed = client.get("/api/v1/practicas").json()["results"][0]
    assert listed["costo_desde"] == 20_000_000


def test_an_empty_estimate_is_null_or_empty_in_the_open_data(client, reference_practice):
    record = client.get(f"/api/v1/practicas/{CODE}").json()

    assert record["costo_desde"] is None and record["anio_costo"] is None
    assert record["aliados"] == ""
    csv_text = b"".join(client.get("/practicas/exportar.csv")).decode("utf-8-sig")
    assert next(csv.DictReader(io.StringIO(csv_text)))["costo_desde"] == ""


def test_the_data_dictionary_and_the_openapi_document_describe_them(client, db):
    page = client.get("/datos/").text
    for name, english in [
        ("costo_desde", "cost_min"),
        ("anio_costo", "cost_year"),
        ("requisitos_previos", "prerequisites"),
    ]:
        assert f'<code>{name}</code></th><td><code lang="en">{english}</code>' in page
    assert "entero (pesos)" in page and "Año de los pesos del costo" in page

    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["Practica"]
    cost = schema["properties"]["costo_desde"]
    assert {"type": "integer"} in cost["anyOf"] and "pesos colombianos" in cost["description"]
    assert schema["properties"]["aliados"]["type"] == "string"


# --- Recognition applications --------------------------------------------------------------


def test_an_applicant_gives_them_in_a_fieldset_of_their_own(client, call, provider):
    application = start(client, call, representative_of(provider))
    url = f"/reconocimiento/postulaciones/{application.pk}/"

    with at(DURING):
        page = client.get(url).text
        saved = client.post(url, {**complete(call), **TYPED, "save": "1"})

    assert "<legend>¿Qué se necesita para replicarla?</legend>" in page
    assert "recomendado, no obligatorio" in page and "costo aproximado" in page
    assert saved.status_code == 302
    assert needs_of(application) == NEEDS
    with at(DURING):
        again = client.get(url).text
    assert 'value="20.000.000"' in again and "recomendado, no obligatorio" not in again


def test_an_applicants_contradicting_estimates_are_refused_on_their_field(client, call, provider):
    application = start(client, call, representative_of(provider))
    url = f"/reconocimiento/postulaciones/{application.pk}/"

    with at(DURING):
        response = client.post(
            url, {**complete(call), "cost_min": "35.000.000", "cost_max": "1.000", "save": "1"}
        )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "cost_max": ["El costo «hasta» no puede ser menor que el costo «desde»."],
        "cost_year": ["Indique de qué año son los pesos del costo."],
    }
    assert 'id="id_cost_max_error"' in response.text
    assert needs_of(application) == NOTHING
    assert not application.title  # nothing of the form was saved


def test_staff_read_them_and_the_results_carry_them_to_the_draft(call, provider, make_member):
    from django.test import Client

    application = submitted(call, provider, "Lectura de medidores con líderes")
    Application.objects.filter(pk=application.pk).update(level="ganadora", **NEEDS)
    type(call).objects.filter(pk=call.pk).update(stage="evaluacion")
    call.refresh_from_db()
    administrator = make_member("Administrador")
    staff = Client()
    staff.force_login(administrator)
    page = staff.get(f"/admin/recognition/application/{application.pk}/change/").text
    assert "¿Qué se necesita para replicarla?" in page
    assert "Entre $ 20.000.000 y $ 35.000.000 (pesos de 2024)" in page

    (draft,) = results.publish(call, by=administrator)

    assert needs_of(draft) == NEEDS


# --- Revisions -----------------------------------------------------------------------------


def test_a_revision_carries_them_to_the_published_practice(editor, reviewer):
    practice = PracticeFactory(draft=True, coverage_note="Armenia")
    SuccessFactorFactory(practice=practice)
    practice = workflow.practice_publish(
        practice=workflow.practice_submit(practice=practice, by=editor), by=reviewer
    )
    revision = workflow.practice_start_revision(practice=practice, by=editor)
    for name, value in NEEDS.items():
        setattr(revision, name, value)
    revision.save()
    # Meanwhile a replication is published: the count is the practice's own, not content.
    Practice.objects.filter(pk=practice.pk).update(replication_count=3)

    workflow.practice_publish(
        practice=workflow.practice_submit(practice=revision, by=editor), by=reviewer
    )

    assert needs_of(practice) == NEEDS
    assert practice.replication_count == 3
    versions = practice.history.order_by("-history_date", "-history_id")
    assert versions[0].cost_min == 20_000_000  # in its history too
