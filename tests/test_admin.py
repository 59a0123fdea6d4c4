"""The admin is where staff enter fichas: its pages render and its forms save the whole ficha."""

from decimal import Decimal

import pytest

from practices.models import Category, Edition, Practice, Provider, Service

pytestmark = pytest.mark.django_db

ADMIN = "/admin/practices/practice/"


def inline_management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_add_page_renders_the_ficha_sections(staff_client):
    response = staff_client.get(f"{ADMIN}add/")

    assert response.status_code == 200
    body = response.text
    sections = [
        "Identificación",
        "Fecha de implementación",
        "Población objeto o partes interesadas",
        "Resumen del proyecto",
        "Impacto generado",
        "Cobertura geográfica",
        "Validación",
        "Posibilidad de réplica",
        "Limitaciones",
        "Contacto",
        "Publicación",
    ]
    positions = [body.find(f'<h2 id="fieldset-0-{i}-heading"') for i in range(len(sections))]
    assert all(p > 0 for p in positions)
    for title in sections:
        assert title in body
    for inline in ["Factores de éxito", "Indicadores de impacto", "Enlaces"]:
        assert inline in body


def test_change_page_renders_the_reference_practice(staff_client, reference_practice):
    response = staff_client.get(f"{ADMIN}{reference_practice.pk}/change/")

    assert response.status_code == 200
    assert "Somos la energía que mueve el desarrollo del Quindío" in response.text
    assert "Habilitación trabajo en casa" in response.text


def test_changelist_searches_by_provider_short_name(staff_client, reference_practice):
    response = staff_client.get(ADMIN, {"q": "edeq"})

    assert response.status_code == 200
    assert "BP-ANDESCO-SSPD-002-2021" in response.text


def test_changelist_filters_by_status_service_and_edition(staff_client, reference_practice):
    response = staff_client.get(
        ADMIN,
        {
            "status__exact": "published",
            "services__id__exact": Service.objects.get(slug="energia-electrica").pk,
            "edition__id__exact": Edition.objects.get(number=3).pk,
        },
    )

    assert response.status_code == 200
    assert "BP-ANDESCO-SSPD-002-2021" in response.text


def test_saving_a_new_ficha_with_its_rows(staff_client, reference_practice):
    data = {
        "title": "Oficina móvil rural",
        "code": "bp-andesco-sspd-010-2021",
        "provider": Provider.objects.get(slug="edeq").pk,
        "category": Category.objects.get().pk,
        "edition": Edition.objects.get(number=3).pk,
        "services": [Service.objects.get(slug="energia-electrica").pk],
        "start_date": "01/02/2021",
        "start_precision": "month",
        "end_date": "",
        "end_precision": "day",
        "summary": "Un vehículo lleva la atención a las veredas.",
        "users_reached": "145.061",
        "municipalities": ["63690", "63594"],
        "departments": ["63"],
        "status": "draft",
        **inline_management("impact_metrics", 2),
        "impact_metrics-0-position": "1",
        "impact_metrics-0-label": "Atenciones en veredas",
        "impact_metrics-0-value": "1.250",
        "impact_metrics-0-unit": "atenciones",
        "impact_metrics-1-position": "2",
        "impact_metrics-1-label": "Reclamos por facturación",
        "impact_metrics-1-baseline": "12,5",
        "impact_metrics-1-value": "5,46",
        "impact_metrics-1-unit": "%",
        **inline_management("success_factors", 1),
        "success_factors-0-position": "1",
        "success_factors-0-title": "Rutas acordadas con las juntas",
        **inline_management("links"),
        **inline_management("criterion_evidence"),
    }

    response = staff_client.post(f"{ADMIN}add/", data)

    assert response.status_code == 302, [
        inline.formset.errors for inline in response.context["inline_admin_formsets"]
    ]
    practice = Practice.objects.get(code="BP-ANDESCO-SSPD-010-2021")
    assert practice.status == Practice.Status.DRAFT
    assert practice.start_precision == "month"
    assert practice.is_ongoing
    assert sorted(practice.municipalities.values_list("name", flat=True)) == [
        "Quimbaya",
        "Salento",
    ]
    assert practice.users_reached == 145061
    figures = [(m.baseline, m.value) for m in practice.impact_metrics.all()]
    assert figures == [(None, Decimal("1250")), (Decimal("12.5"), Decimal("5.46"))]
    assert practice.success_factors.get().title == "Rutas acordadas con las juntas"


def test_end_before_start_is_shown_to_the_editor(staff_client, reference_practice):
    data = {
        "title": "Fechas al revés",
        "code": "BP-ANDESCO-SSPD-011-2021",
        "provider": Provider.objects.get(slug="edeq").pk,
        "category": Category.objects.get().pk,
        "start_date": "01/06/2021",
        "start_precision": "day",
        "end_date": "01/01/2021",
        "end_precision": "day",
        "status": "draft",
        **inline_management("impact_metrics"),
        **inline_management("success_factors"),
        **inline_management("links"),
        **inline_management("criterion_evidence"),
    }

    response = staff_client.post(f"{ADMIN}add/", data)

    assert response.status_code == 200
    assert "no puede ser anterior a la fecha de inicio" in response.text
    assert not Practice.objects.filter(code="BP-ANDESCO-SSPD-011-2021").exists()


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(ADMIN)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/practices/provider/add/",
        "/admin/practices/category/add/",
        "/admin/practices/edition/",
        "/admin/practices/municipality/",
        "/admin/practices/department/63/change/",
    ],
)
def test_reference_data_pages_render(staff_client, url):
    assert staff_client.get(url).status_code == 200


def test_municipality_autocomplete_finds_by_name_without_accents(staff_client):
    response = staff_client.get(
        "/admin/autocomplete/",
        {
            "term": "Calarca",
            "app_label": "practices",
            "model_name": "practice",
            "field_name": "municipalities",
        },
    )

    assert response.status_code == 200
    assert response.json()["results"] == [] or "Calarcá" in response.text


def test_admin_speaks_spanish_where_django_lacks_the_translation(staff_client):
    body = staff_client.get(f"{ADMIN}add/").text

    assert "- Seleccione una opción -" in body
    assert "Select an option" not in body


@pytest.mark.parametrize("rows", [5, 40])
def test_the_practice_list_costs_the_same_queries_for_5_rows_or_40(
    staff_client, django_assert_num_queries, rows
):
    from .factories import PracticeFactory, SuccessFactorFactory

    for practice in PracticeFactory.create_batch(rows, status="draft", published_at=None):
        SuccessFactorFactory(practice=practice)
    staff_client.get(ADMIN)  # the session, permissions and the like, once

    with django_assert_num_queries(QUERIES_PER_ADMIN_LIST):
        response = staff_client.get(ADMIN)

    assert len(response.context["cl"].result_list) == rows
    assert response.text.count("<meter") == rows


# Session, user, the count and the page of practices, the filters' options (category,
# services, edition), the date hierarchy: never one more per row.
QUERIES_PER_ADMIN_LIST = 10


def test_the_admin_home_costs_a_fixed_number_of_queries(staff_client, django_assert_num_queries):
    from .factories import PracticeFactory

    PracticeFactory.create_batch(10, status="draft", published_at=None)
    staff_client.get("/admin/")

    with django_assert_num_queries(QUERIES_OF_ADMIN_HOME):
        response = staff_client.get("/admin/")

    assert response.status_code == 200


# Session and user, the recent actions box (the log entries with their users), then the
# four lists of work and the four of what is owed that a superuser has (bounced messages,
# data requests, contacts, replications; tests/test_admin_home.py): a count and rows each.
QUERIES_OF_ADMIN_HOME = 19
