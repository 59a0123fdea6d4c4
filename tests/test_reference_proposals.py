"""Providers and categories an editor creates (by an import, or from the practice form)
are proposals: out of the public site, and no practice using them is published, until a
reviewer or an administrator confirms them."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from practices import workflow
from practices.models import Category, Practice, Provider

pytestmark = pytest.mark.django_db

# The reference ficha in a category no one created yet.
REFERENCE = (
    (Path(__file__).parent / "fichas" / "reference.txt")
    .read_bytes()
    .replace(b"Atenci\xc3\xb3n a usuarios en tiempos de COVID", b"Servicio en la ruralidad")
)
IMPORT = "/admin/practices/practice/importar/"


def import_as(client, user):
    client.force_login(user)
    preview = client.post(
        IMPORT, {"action": "preview", "files": [SimpleUploadedFile("ficha.txt", REFERENCE)]}
    )
    assert "Se propone el prestador" in preview.text or "Se crea el prestador" in preview.text
    client.post(IMPORT, {"action": "confirm", "token": preview.context["token"]})
    return Practice.objects.get()


def test_an_editors_import_proposes_the_provider_and_category_it_needs(client, editor):
    practice = import_as(client, editor)

    assert practice.provider.proposed and practice.category.proposed


def test_the_command_and_someone_allowed_to_add_them_create_them(client, staff_user, tmp_path):
    practice = import_as(client, staff_user)  # a superuser
    assert not practice.provider.proposed and not practice.category.proposed

    Practice.objects.all().delete()
    Provider.objects.all().delete()
    Category.objects.all().delete()
    (tmp_path / "ficha.txt").write_bytes(REFERENCE)
    call_command("import_fichas", str(tmp_path / "ficha.txt"))
    practice = Practice.objects.get()
    assert not practice.provider.proposed and not practice.category.proposed


def test_a_practice_is_published_only_once_its_proposals_are_confirmed(
    client, editor, reviewer, administrator
):
    practice = import_as(client, editor)
    workflow.practice_submit(practice=practice, by=editor)

    with pytest.raises(workflow.TransitionError, match="Empresa de Energía del Quindío"):
        workflow.practice_publish(practice=practice, by=reviewer)
    client.force_login(reviewer)
    page = client.get(f"/admin/practices/practice/{practice.pk}/change/").text
    assert "falta confirmar el prestador" in page  # said before any click
    publish = reverse("admin:practices_practice_transition", args=[practice.pk, "publicar"])
    assert f'action="{publish}"' not in page
    assert client.get(f"/practicas/categoria/{practice.category.slug}/").status_code == 404

    # The editor cannot confirm them; a reviewer or an administrator can, from the lists.
    client.force_login(editor)
    assert "confirm_proposals" not in client.get("/admin/practices/provider/").text
    response = client.post(
        "/admin/practices/provider/",
        {"action": "confirm_proposals", "_selected_action": [practice.provider_id]},
    )
    assert Provider.objects.get(pk=practice.provider_id).proposed
    for who, model, pk in (
        (reviewer, "provider", practice.provider_id),
        (administrator, "category", practice.category_id),
    ):
        client.force_login(who)
        response = client.post(
            f"/admin/practices/{model}/",
            {"action": "confirm_proposals", "_selected_action": [pk]},
            follow=True,
        )
        assert "1 propuesta(s) confirmada(s)" in response.text

    workflow.practice_publish(practice=practice, by=reviewer)
    client.logout()
    assert client.get(f"/practicas/categoria/{practice.category.slug}/").status_code == 200
    assert client.get(f"/practicas/prestador/{practice.provider.slug}/").status_code == 200


def test_the_proposals_are_marked_in_the_admin_lists(client, editor, administrator):
    import_as(client, editor)
    client.force_login(administrator)

    response = client.get("/admin/practices/provider/?proposed__exact=1")

    assert response.context["cl"].result_count == 1


PROVIDER = {"name": "Aguas del Valle Alto", "short_name": "AVA", "slug": "ava", "size": "pequeno"}


def test_an_editor_proposes_a_provider_from_the_practice_form(client, editor, reference_practice):
    client.force_login(editor)
    form = client.get("/admin/practices/practice/add/").text
    # The "+" beside "Prestador" opens the provider's form (a pop-up, or a page without JS).
    assert 'id="add_id_provider"' in form

    response = client.post(
        "/admin/practices/provider/add/?_to_field=id&_popup=1", {**PROVIDER, "_popup": "1"}
    )

    assert response.status_code == 200  # the pop-up closes itself and fills the field
    provider = Provider.objects.get(slug="ava")
    assert provider.proposed
    client.logout()
    assert client.get("/practicas/prestador/ava/").status_code == 404


def test_an_administrators_provider_is_not_a_proposal(client, administrator):
    client.force_login(administrator)

    client.post("/admin/practices/provider/add/", PROVIDER)

    assert not Provider.objects.get(slug="ava").proposed
