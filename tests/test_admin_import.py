"""Admin "Importar fichas": upload, preview each field beside its source, confirm or cancel."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
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
