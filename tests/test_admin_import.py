"""Admin "Importar fichas": upload, preview each field beside its source, confirm or cancel."""

import os
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile

from practices.models import Practice, Provider

pytestmark = pytest.mark.django_db

URL = "/admin/practices/practice/importar/"
REFERENCE = (Path(__file__).parent / "fichas" / "reference.txt").read_bytes()


def upload(client, *files):
    return client.post(
        URL,
        {
            "action": "preview",
            "files": [SimpleUploadedFile(name, content, "text/plain") for name, content in files],
        },
    )


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
