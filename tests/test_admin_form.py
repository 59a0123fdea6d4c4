"""The practice form as staff who are not technical meet it: the paper ficha's order, rows
that keep the order they were typed in and move without numbers, a link's kind guessed."""

import json
import re

import pytest

from practices.models import Link, Practice

from .test_admin import ADMIN, inline_management
from .test_admin_constraints import practice_form

pytestmark = pytest.mark.django_db

CODE = "BP-ANDESCO-SSPD-020-2021"


def headings(html):
    """The form's section headings (h2), in page order."""
    return [
        re.sub(r"\s+", " ", h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, flags=re.S)
    ]


def test_the_sections_follow_the_paper_ficha(staff_client, reference_practice):
    body = staff_client.get(f"{ADMIN}add/").text

    wanted = [
        "Identificación",
        "Fecha de implementación",
        "Categoría y servicios",
        "Población objeto o partes interesadas",
        "Resumen del proyecto",
        "Impacto generado",
        "Indicadores de impacto",
        "Factores de éxito",
        "Cobertura geográfica",
        "Validación",
        "Posibilidad de réplica",
        "Limitaciones",
        "Evidencia de los criterios",
        "Enlaces",
        "¿Qué se necesita para replicarla?",
        "Contacto",
        "Publicación",
    ]
    found = [h for h in headings(body) if h in wanted]
    assert found == wanted


def factors(*titles):
    data = inline_management("success_factors", len(titles))
    for n, title in enumerate(titles):
        data[f"success_factors-{n}-title"] = title
    return data


def saved_titles(practice):
    return list(practice.success_factors.values_list("title", flat=True))


def test_rows_keep_the_order_they_were_typed_in(staff_client, reference_practice):
    typed = ["Rutas acordadas", "Alianza con las juntas", "Ventanilla móvil"]
    staff_client.post(f"{ADMIN}add/", practice_form(**factors(*typed)))
    practice = Practice.objects.get(code=CODE)

    assert saved_titles(practice) == typed
    assert list(practice.success_factors.values_list("position", flat=True)) == [1, 2, 3]
    body = staff_client.get(f"{ADMIN}{practice.pk}/change/").text
    assert body.index(typed[0]) < body.index(typed[1]) < body.index(typed[2])


def existing_rows(practice):
    rows = list(practice.success_factors.all())
    data = {
        **inline_management("success_factors", len(rows)),
        "success_factors-INITIAL_FORMS": str(len(rows)),
    }
    for n, row in enumerate(rows):
        data |= {
            f"success_factors-{n}-id": row.pk,
            f"success_factors-{n}-practice": practice.pk,
            f"success_factors-{n}-title": row.title,
        }
    return data


def test_a_row_moves_up_and_down_without_typing_numbers(staff_client, reference_practice):
    staff_client.post(f"{ADMIN}add/", practice_form(**factors("A", "B", "C")))
    practice = Practice.objects.get(code=CODE)
    body = staff_client.get(f"{ADMIN}{practice.pk}/change/").text
    c = practice.success_factors.get(title="C")
    a = practice.success_factors.get(title="A")
    # Buttons of a plain form: no JavaScript needed. The first row has no "Subir", the last
    # no "Bajar".
    assert f'name="_move" value="success_factors-{c.pk}-up"' in body
    assert f'value="success_factors-{c.pk}-down"' not in body
    assert f'value="success_factors-{a.pk}-up"' not in body

    response = staff_client.post(
        f"{ADMIN}{practice.pk}/change/",
        practice_form(**existing_rows(practice), _move=f"success_factors-{c.pk}-up"),
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"/{practice.pk}/change/#success_factors-group")
    assert saved_titles(practice) == ["A", "C", "B"]

    staff_client.post(
        f"{ADMIN}{practice.pk}/change/",
        practice_form(**existing_rows(practice), _move=f"success_factors-{a.pk}-down"),
    )

    assert saved_titles(practice) == ["C", "A", "B"]


def test_a_move_named_wrongly_changes_no_order(staff_client, reference_practice):
    staff_client.post(f"{ADMIN}add/", practice_form(**factors("A", "B")))
    practice = Practice.objects.get(code=CODE)

    for move in ["success_factors-999999-up", "links-1-up", "nada", "success_factors-x-down"]:
        response = staff_client.post(
            f"{ADMIN}{practice.pk}/change/", practice_form(**existing_rows(practice), _move=move)
        )
        assert response.status_code == 302
        assert saved_titles(practice) == ["A", "B"]


@pytest.mark.parametrize(
    ("url", "chosen", "kind"),
    [
        ("https://www.youtube.com/watch?v=J17XR04OT6Y", "", Link.Kind.VIDEO),
        ("https://vimeo.com/123456", "", Link.Kind.VIDEO),
        ("https://www.edeq.com.co/informe-2021.pdf", "", Link.Kind.DOCUMENT),
        ("https://drive.google.com/file/d/1abc/view", "", Link.Kind.DOCUMENT),
        ("https://www.edeq.com.co/", "", Link.Kind.WEB),
        ("https://www.youtube.com/@edeq", "web", Link.Kind.WEB),  # staff's choice wins
    ],
)
def test_a_link_kind_is_guessed_from_its_address_unless_chosen(
    staff_client, reference_practice, url, chosen, kind
):
    data = practice_form(
        **inline_management("links", 1), **{"links-0-url": url, "links-0-kind": chosen}
    )

    response = staff_client.post(f"{ADMIN}add/", data)

    assert response.status_code == 302
    assert Practice.objects.get(code=CODE).links.get().kind == kind


def test_an_indicator_takes_two_lines_of_fields(staff_client, reference_practice):
    body = staff_client.get(f"{ADMIN}{reference_practice.pk}/change/").text

    # label and channel share a line; baseline, result and unit the next.
    first = re.search(r'class="form-row[^"]*field-label field-channel', body)
    second = re.search(r'class="form-row[^"]*field-baseline field-value field-unit', body)
    assert first and second
    assert "field-position" not in body


def test_the_confirmations_say_la_buena_practica_agregada(staff_client, reference_practice):
    response = staff_client.post(f"{ADMIN}add/", practice_form(), follow=True)

    text = " ".join(str(m) for m in response.context["messages"])
    assert "La buena práctica «" in text and "» fue agregada correctamente." in text
    assert "El buena práctica" not in response.text

    practice = Practice.objects.get(code=CODE)
    response = staff_client.post(
        f"{ADMIN}{practice.pk}/change/", practice_form(_continue="1"), follow=True
    )
    text = " ".join(str(m) for m in response.context["messages"])
    assert "fue modificada correctamente. Puede seguir editándola a continuación." in text


def test_a_category_is_feminine_too(staff_client):
    response = staff_client.post(
        "/admin/practices/category/add/", {"name": "Tarifas claras", "slug": "tarifas"}, follow=True
    )

    text = " ".join(str(m) for m in response.context["messages"])
    assert "La categoría «" in text and "fue agregada correctamente" in text


def test_the_lockout_and_second_factor_apps_are_named_in_spanish(staff_client):
    body = staff_client.get("/admin/").text

    for spanish in [
        "Bloqueo de accesos",
        "Intentos de acceso",
        "Accesos fallidos",
        "Registros de acceso",
        "Segundo factor de acceso",
        "Dispositivos de segundo factor (TOTP)",
    ]:
        assert spanish in body
    for english in ["Axes", "Otp_Totp", "Access attempts", "TOTP devices"]:
        assert f">{english}<" not in body


def test_the_suggested_code_follows_the_edition(staff_client, reference_practice):
    from practices.models import Edition

    newer = Edition.objects.create(number=4, year=2022, name="Cuarta edición")
    form = staff_client.get(f"{ADMIN}add/").context["adminform"].form

    assert form.initial["edition"] == newer.pk
    assert form.initial["code"] == "BP-ANDESCO-SSPD-001-2022"
    suggested = json.loads(form.fields["code"].widget.attrs["data-suggested-codes"])
    assert suggested[str(newer.pk)] == "BP-ANDESCO-SSPD-001-2022"
    older = Edition.objects.get(number=3)
    assert suggested[str(older.pk)] == f"BP-ANDESCO-SSPD-001-{older.year}"


def test_a_code_of_another_year_than_the_edition_is_warned_of(staff_client, reference_practice):
    response = staff_client.post(
        f"{ADMIN}add/", practice_form(code="BP-ANDESCO-SSPD-020-2024"), follow=True
    )

    text = " ".join(str(m) for m in response.context["messages"])
    assert "termina en 2024 y la edición elegida es de 2020" in text


def test_dates_are_said_to_be_colombian_and_the_calendar_note_is_off(staff_client):
    body = staff_client.get(f"{ADMIN}add/").text

    assert "Fechas y horas en hora de Colombia (Bogotá)." in body
    assert "js/admin_local_time.js" in body


def test_a_contact_without_consent_is_a_task_on_the_form(staff_client, reference_practice):
    staff_client.post(f"{ADMIN}add/", practice_form(contact_name="Ana Pérez"))
    practice = Practice.objects.get(code=CODE)

    body = staff_client.get(f"{ADMIN}{practice.pk}/change/").text

    assert "Contacto por verificar:" in body
    assert 'href="#id_contact_name"' in body
    Practice.objects.filter(pk=practice.pk).update(
        contact_publish_allowed=True, contact_consent_at="2024-01-01", contact_consent_channel="x"
    )
    assert "Contacto por verificar:" not in staff_client.get(f"{ADMIN}{practice.pk}/change/").text


def test_the_administrator_sees_the_lockouts_and_the_devices_in_spanish(client, administrator):
    client.force_login(administrator)

    index = client.get("/admin/").text

    assert "Bloqueo de accesos" in index and "Segundo factor de acceso" in index
    assert client.get("/admin/axes/accessattempt/").status_code == 200
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 200


def test_the_add_form_shows_no_dates_of_a_practice_not_yet_made(staff_client):
    form = staff_client.get(f"{ADMIN}add/").text

    assert "Creada el" not in form and "Actualizada el" not in form
    assert "Mantenga presionado" not in form  # the two-list picker needs no key held
