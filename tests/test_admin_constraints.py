"""Every database rule a staff form can reach is said on the form, beside its field, with
the form kept as typed: never a 500 (IntegrityError), never a lost ficha."""

import pytest

from practices.models import (
    Category,
    Criterion,
    Department,
    Edition,
    Municipality,
    Practice,
    PrivacyNotice,
    Provider,
)

from .test_admin import ADMIN, inline_management

pytestmark = pytest.mark.django_db


def practice_form(code="BP-ANDESCO-SSPD-020-2021", **fields):
    """A valid POST of the practice form (no rows), with ``fields`` over it."""
    return {
        "title": "Oficina móvil rural",
        "code": code,
        "provider": Provider.objects.get(slug="edeq").pk,
        "category": Category.objects.get().pk,
        "edition": Edition.objects.get(number=3).pk,
        "start_date": "",
        "start_precision": "day",
        "end_date": "",
        "end_precision": "day",
        "summary": "Un vehículo lleva la atención a las veredas.",
        **inline_management("impact_metrics"),
        **inline_management("success_factors"),
        **inline_management("links"),
        **inline_management("criterion_evidence"),
        **fields,
    }


def field_errors(response, field):
    assert response.status_code == 200, "the form is shown again, not saved nor a 500"
    return response.context["adminform"].form.errors.get(field, [])


def test_adding_a_practice_with_a_code_in_use_says_so_beside_the_code(
    staff_client, reference_practice
):
    response = staff_client.post(
        f"{ADMIN}add/", practice_form(code=reference_practice.code, title="Mi título tecleado")
    )

    assert field_errors(response, "code") == ["Ya existe una buena práctica con este código."]
    assert 'value="Mi título tecleado"' in response.text  # what was typed is kept
    assert Practice.objects.filter(code=reference_practice.code).count() == 1


def test_the_code_in_use_is_found_whatever_its_case(staff_client, reference_practice):
    response = staff_client.post(
        f"{ADMIN}add/", practice_form(code=reference_practice.code.lower())
    )

    assert field_errors(response, "code") == ["Ya existe una buena práctica con este código."]


def test_changing_a_draft_to_a_code_in_use_says_so(staff_client, reference_practice):
    staff_client.post(f"{ADMIN}add/", practice_form())
    draft = Practice.objects.get(code="BP-ANDESCO-SSPD-020-2021")

    response = staff_client.post(
        f"{ADMIN}{draft.pk}/change/", practice_form(code=reference_practice.code)
    )

    assert field_errors(response, "code") == ["Ya existe una buena práctica con este código."]
    draft.refresh_from_db()
    assert draft.code == "BP-ANDESCO-SSPD-020-2021"


def test_a_draft_keeps_its_own_code_when_saved_again(staff_client, reference_practice):
    staff_client.post(f"{ADMIN}add/", practice_form())
    draft = Practice.objects.get(code="BP-ANDESCO-SSPD-020-2021")

    response = staff_client.post(f"{ADMIN}{draft.pk}/change/", practice_form(title="Otro título"))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Otro título"


def test_publishing_the_contact_without_date_and_channel_is_refused(
    staff_client, reference_practice
):
    response = staff_client.post(
        f"{ADMIN}add/",
        practice_form(contact_name="Ana Pérez", contact_publish_allowed="on"),
    )

    assert field_errors(response, "contact_consent_at")
    assert field_errors(response, "contact_consent_channel")
    assert not Practice.objects.filter(code="BP-ANDESCO-SSPD-020-2021").exists()


def test_an_end_before_the_start_is_refused(staff_client, reference_practice):
    response = staff_client.post(
        f"{ADMIN}add/", practice_form(start_date="01/06/2021", end_date="01/01/2021")
    )

    assert field_errors(response, "end_date")


def test_two_evidences_of_one_criterion_are_refused(staff_client, reference_practice):
    criterion = Criterion.objects.first()
    data = practice_form(
        **inline_management("criterion_evidence", 2),
        **{
            "criterion_evidence-0-criterion": criterion.pk,
            "criterion_evidence-0-evidence": "Primera",
            "criterion_evidence-1-criterion": criterion.pk,
            "criterion_evidence-1-evidence": "Segunda",
        },
    )

    response = staff_client.post(f"{ADMIN}add/", data)

    assert response.status_code == 200
    formset = next(
        f.formset
        for f in response.context["inline_admin_formsets"]
        if f.formset.prefix == ("criterion_evidence")
    )
    assert formset.non_form_errors() or any(formset.errors)
    assert not Practice.objects.filter(code="BP-ANDESCO-SSPD-020-2021").exists()


def test_a_link_of_an_unknown_kind_is_refused(staff_client, reference_practice):
    data = practice_form(
        **inline_management("links", 1),
        **{"links-0-url": "https://example.org/", "links-0-kind": "podcast"},
    )

    response = staff_client.post(f"{ADMIN}add/", data)

    assert response.status_code == 200
    assert not Practice.objects.filter(code="BP-ANDESCO-SSPD-020-2021").exists()


# --- Reference data -------------------------------------------------------------------


def test_an_edition_year_out_of_range_is_refused(staff_client):
    data = {
        "number": "99",
        "year": "1990",
        "name": "Edición imposible",
        "evaluation_criteria-TOTAL_FORMS": "0",
        "evaluation_criteria-INITIAL_FORMS": "0",
    }

    response = staff_client.post("/admin/practices/edition/add/", data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert "entre 2000 y 2100" in response.text
    assert not Edition.objects.filter(number=99).exists()


def test_a_municipality_outside_its_department_is_refused(staff_client, reference_practice):
    data = {"code": "05999", "name": "Inventado", "department": "63"}

    response = staff_client.post("/admin/practices/municipality/add/", data)

    assert response.status_code == 200
    assert "empieza por el de su departamento" in response.text
    assert not Municipality.objects.filter(code="05999").exists()
    assert Department.objects.filter(code="63").exists()


def test_a_provider_of_an_unknown_size_is_refused(staff_client, reference_practice):
    data = {"name": "Aguas de Prueba", "short_name": "ADP", "slug": "adp", "size": "enorme"}

    response = staff_client.post("/admin/practices/provider/add/", data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors.get("size")
    assert not Provider.objects.filter(slug="adp").exists()


def test_a_category_name_in_use_is_refused(staff_client, reference_practice):
    category = Category.objects.get()

    response = staff_client.post(
        "/admin/practices/category/add/", {"name": category.name, "slug": "otra"}
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors.get("name")


def test_a_privacy_notice_version_in_use_is_refused(staff_client, reference_practice):
    PrivacyNotice.objects.create(version="1.0", notice="Aviso", effective_from="2024-01-01")

    response = staff_client.post(
        "/admin/practices/privacynotice/add/",
        {"version": "1.0", "notice": "Otro aviso", "effective_from": "01/02/2024"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors.get("version")
