"""Admin "Importar fichas": upload, preview each field beside its source, confirm or cancel."""

import os
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile

from practices.fichas.importer import FichaFile, import_fichas
from practices.fichas.writer import render_ficha_text
from practices.models import Practice, Provider

pytestmark = pytest.mark.django_db

URL = "/admin/practices/practice/importar/"
REFERENCE = (Path(__file__).parent / "fichas" / "reference.txt").read_bytes()
CODE = "BP-ANDESCO-SSPD-002-2021"
CONSENT_PENDING = (
    "Contacto por verificar: la publicación no está autorizada hasta que una persona registre "
    "la autorización (quién, cuándo, canal, versión del aviso)."
)


def upload(client, *files, update=False):
    data = {
        "action": "preview",
        "files": [SimpleUploadedFile(name, content, "text/plain") for name, content in files],
    }
    if update:
        data["update"] = "on"
    return client.post(URL, data)


def test_the_practice_list_links_to_the_import(staff_client):
    assert f'href="{URL}"' in staff_client.get("/admin/practices/practice/").text


def test_upload_page_renders(staff_client):
    response = staff_client.get(URL)

    assert response.status_code == 200
    assert 'type="file"' in response.text
    assert "multiple" in response.text


def test_preview_shows_every_parsed_field_beside_its_source_and_writes_nothing(staff_client):
    response = upload(staff_client, ("referencia.txt", REFERENCE))

    assert response.status_code == 200
    body = response.text
    assert "referencia.txt — se creará como borrador" in body
    for shown in [
        "BP-ANDESCO-SSPD-002-2021",
        "inicio: 15 de marzo de 2020",
        "Habilitación trabajo en casa: implementación del teletrabajo",
        "Armenia, Buenavista, Calarcá",
        "de forma que tuvieron respuesta en nuevos canales.",
        "[video] https://www.youtube.com/watch?v=J17XR04OT6Y",
        "durley.riveros@edeq.com.co",
        "línea 48",
    ]:
        assert shown in body, shown
    assert 'class="has-problems"' in body
    assert "contacto separado automáticamente" in body
    assert CONSENT_PENDING in body
    assert "Confirmar e importar" in body
    assert not Practice.objects.exists()
    assert not Provider.objects.exists()


def test_confirm_creates_drafts(staff_client):
    preview = upload(staff_client, ("referencia.txt", REFERENCE))

    response = staff_client.post(URL, {"action": "confirm", "token": preview.context["token"]})

    assert response.status_code == 302
    practice = Practice.objects.get(code="BP-ANDESCO-SSPD-002-2021")
    assert practice.status == Practice.Status.DRAFT
    assert practice.success_factors.count() == 3


def test_cancel_writes_nothing_and_the_preview_cannot_be_confirmed_afterwards(staff_client):
    preview = upload(staff_client, ("referencia.txt", REFERENCE))
    token = preview.context["token"]

    staff_client.post(URL, {"action": "cancel", "token": token})
    response = staff_client.post(URL, {"action": "confirm", "token": token})

    assert response.status_code == 302
    assert not Practice.objects.exists()


def test_a_bad_file_is_shown_with_its_errors_and_cannot_be_confirmed(staff_client):
    broken = REFERENCE.replace(b"BP-ANDESCO-SSPD-002-2021", b"BP-MAL")

    response = upload(staff_client, ("buena.txt", REFERENCE), ("mala.txt", broken))

    body = response.text
    assert "mala.txt — con errores: no se importará" in body
    assert "«BP-MAL» no es un código válido" in body
    assert "Confirmar e importar" not in body
    assert not Practice.objects.exists()


def test_files_that_are_not_fichas_are_refused_by_the_form(staff_client):
    response = upload(staff_client, ("foto.png", b"\x89PNG..."))

    assert response.status_code == 200
    assert "no es .txt ni .docx" in response.text


def test_staff_without_add_permission_cannot_import(client, django_user_model):
    user = django_user_model.objects.create_user("lectora", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_practice"))
    client.force_login(user)

    assert client.get(URL).status_code == 403
    assert "Importar fichas" not in client.get("/admin/practices/practice/").text


def pending(settings):
    return sorted(p.name for p in Path(settings.PENDING_UPLOADS_DIR).iterdir())


def test_the_uploads_wait_on_disk_not_in_the_session(staff_client, settings):
    big = REFERENCE + b"\n" * 2_000_000  # 2 MB of blank lines: a big file, still a ficha

    preview = upload(staff_client, ("referencia.txt", big))

    token = preview.context["token"]
    assert pending(settings) == [token]
    session = Session.objects.get(session_key=staff_client.session.session_key)
    assert len(session.session_data) < 1_000  # the token, not the megabytes


def test_confirm_and_cancel_delete_the_pending_files(staff_client, settings):
    token = upload(staff_client, ("referencia.txt", REFERENCE)).context["token"]
    staff_client.post(URL, {"action": "cancel", "token": token})
    assert pending(settings) == []

    token = upload(staff_client, ("referencia.txt", REFERENCE)).context["token"]
    staff_client.post(URL, {"action": "confirm", "token": token})
    assert pending(settings) == []
    assert Practice.objects.count() == 1


def test_a_new_preview_replaces_the_previous_one(staff_client, settings):
    first = upload(staff_client, ("referencia.txt", REFERENCE)).context["token"]
    second = upload(staff_client, ("referencia.txt", REFERENCE)).context["token"]

    assert pending(settings) == [second]
    response = staff_client.post(URL, {"action": "confirm", "token": first})
    assert response.status_code == 302
    assert not Practice.objects.exists()


def test_an_expired_preview_cannot_be_confirmed_and_is_deleted(staff_client, settings):
    settings.PENDING_UPLOADS_SECONDS = 60
    token = upload(staff_client, ("referencia.txt", REFERENCE)).context["token"]
    an_hour_ago = time.time() - 3600
    for path in (Path(settings.PENDING_UPLOADS_DIR) / token).iterdir():
        os.utime(path, (an_hour_ago, an_hour_ago))
    os.utime(Path(settings.PENDING_UPLOADS_DIR) / token, (an_hour_ago, an_hour_ago))

    response = staff_client.post(URL, {"action": "confirm", "token": token}, follow=True)

    assert "La vista previa ya no está disponible" in response.text
    assert not Practice.objects.exists()
    assert pending(settings) == []


def test_a_preview_left_behind_is_deleted_by_the_next_upload(staff_client, settings):
    settings.PENDING_UPLOADS_SECONDS = 60
    old = Path(settings.PENDING_UPLOADS_DIR) / "abandonada"
    old.mkdir()
    (old / "0").write_bytes(REFERENCE)
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))

    token = upload(staff_client, ("referencia.txt", REFERENCE)).context["token"]

    assert pending(settings) == [token]


def test_another_users_preview_cannot_be_confirmed(client, staff_client, editor, settings):
    token = upload(staff_client, ("referencia.txt", REFERENCE)).context["token"]
    client.force_login(editor)
    session = client.session
    session["practices:ficha-import"] = token  # even with the token in its own session
    session.save()

    response = client.post(URL, {"action": "confirm", "token": token}, follow=True)

    assert "La vista previa ya no está disponible" in response.text
    assert not Practice.objects.exists()


# --- "Actualizar las que ya existen" ----------------------------------------------------

UPDATE_LABEL = "Actualizar las que ya existen"
RETITLED = REFERENCE.replace(
    b"Somos la energ\xc3\xada que mueve", b"Somos la energ\xc3\xada que impulsa"
)


def imported_draft():
    assert import_fichas([FichaFile("reference.txt", REFERENCE)]).written
    return Practice.objects.get(code=CODE)


def test_the_upload_page_offers_to_update_the_practices_that_exist(staff_client):
    body = staff_client.get(URL).text

    assert UPDATE_LABEL in body
    assert 'type="checkbox" name="update"' in body


def test_a_file_whose_code_exists_is_not_offered_for_import_and_the_page_says_how_to_update(
    staff_client,
):
    imported_draft()

    body = upload(staff_client, ("referencia.txt", RETITLED)).text

    assert "referencia.txt — se omitirá: el código ya existe" in body
    assert "Confirmar e importar" not in body
    assert "Importar no cambiaría nada" in body
    assert f"marque «{UPDATE_LABEL}» y súbalos de nuevo" in body
    assert f"importe el archivo de nuevo con «{UPDATE_LABEL}» marcado" in body
    assert "Cancelar (no escribir nada)" in body


def test_with_update_ticked_the_preview_and_its_confirmation_update_the_practice(staff_client):
    draft = imported_draft()

    preview = upload(staff_client, ("referencia.txt", RETITLED), update=True)

    assert "referencia.txt — actualizará la práctica existente" in preview.text
    assert "Confirmar e importar" in preview.text
    draft.refresh_from_db()
    assert draft.title.startswith("Somos la energía que mueve")  # a preview writes nothing

    # The confirmation carries no choice of its own: the preview's is kept on the server.
    response = staff_client.post(
        URL, {"action": "confirm", "token": preview.context["token"]}, follow=True
    )

    draft.refresh_from_db()
    assert draft.title.startswith("Somos la energía que impulsa")
    assert Practice.objects.count() == 1
    assert "0 ficha(s) creada(s) como borrador, 1 actualizada(s), 0 sin cambios" in response.text


def test_the_confirmation_imports_as_previewed_whatever_it_posts(staff_client):
    draft = imported_draft()
    both = (("nueva.txt", REFERENCE.replace(CODE.encode(), b"BP-ANDESCO-SSPD-003-2021")),)
    preview = upload(staff_client, ("referencia.txt", RETITLED), *both)  # without updating

    response = staff_client.post(
        URL,
        {"action": "confirm", "token": preview.context["token"], "update": "on"},
        follow=True,
    )

    draft.refresh_from_db()
    assert draft.title.startswith("Somos la energía que mueve")
    assert Practice.objects.filter(code="BP-ANDESCO-SSPD-003-2021").exists()
    assert "1 ficha(s) creada(s) como borrador, 1 omitida(s) porque su código ya existía" in (
        response.text
    )


def test_with_update_ticked_a_ficha_equal_to_the_published_one_is_not_offered_for_import(
    staff_client, reference_practice
):
    exported = render_ficha_text(reference_practice).encode()

    body = upload(staff_client, ("ficha.txt", exported), update=True).text

    assert "ficha.txt — sin cambios: es igual a la publicada" in body
    assert "Confirmar e importar" not in body
    assert "Importar no cambiaría nada: cada ficha es igual a la práctica publicada" in body
    assert not reference_practice.revisions.exists()


def test_staff_who_cannot_change_practices_cannot_update_them(client, django_user_model):
    user = django_user_model.objects.create_user("altas", password="x", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_practice", "view_practice"])
    )
    client.force_login(user)
    draft = imported_draft()

    assert UPDATE_LABEL not in client.get(URL).text
    preview = upload(client, ("referencia.txt", RETITLED), update=True)  # a forged choice

    assert "referencia.txt — se omitirá: el código ya existe" in preview.text
    assert "Confirmar e importar" not in preview.text
    assert f"marque «{UPDATE_LABEL}»" not in preview.text
    assert "Actualizarlas requiere permiso para modificar prácticas." in preview.text
    client.post(URL, {"action": "confirm", "token": preview.context["token"]})
    draft.refresh_from_db()
    assert draft.title.startswith("Somos la energía que mueve")
