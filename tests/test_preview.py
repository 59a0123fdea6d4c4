"""Staff preview the public ficha of unpublished practices; nobody else sees them."""

import pytest

from practices import workflow

from .factories import PracticeFactory

pytestmark = pytest.mark.django_db


def test_staff_with_change_permission_preview_an_unpublished_ficha(client, editor):
    practice = PracticeFactory(draft=True, title="Borrador en preparación")
    client.force_login(editor)

    response = client.get(practice.get_absolute_url())

    assert response.status_code == 200
    assert "Vista previa — no publicada" in response.text
    assert response["Cache-Control"] == "no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.text


def test_anonymous_visitors_get_404_for_unpublished_fichas(client):
    practice = PracticeFactory(draft=True)

    assert client.get(practice.get_absolute_url()).status_code == 404


def test_staff_without_change_permission_get_404(client, administrator):
    practice = PracticeFactory(draft=True)
    client.force_login(administrator)

    assert client.get(practice.get_absolute_url()).status_code == 404


def test_published_fichas_carry_no_preview_banner_for_staff(client, editor):
    practice = PracticeFactory()
    client.force_login(editor)

    response = client.get(practice.get_absolute_url())

    assert "Vista previa" not in response.text
    assert "X-Robots-Tag" not in response
    # Not a preview, but what a signed-in person sees is never kept (ops/headers.py).
    assert response["Cache-Control"] == "private, no-store"


def test_a_revision_is_previewed_from_the_admin(client, editor):
    published = PracticeFactory()
    revision = workflow.practice_start_revision(practice=published, by=editor)
    revision.title = "Cambios propuestos"
    revision.save()
    client.force_login(editor)

    response = client.get(f"/admin/practices/practice/{revision.pk}/vista-previa/")

    assert response.status_code == 200
    assert "Cambios propuestos" in response.text
    assert "Vista previa — no publicada" in response.text
    assert "Cambios propuestos" not in client.get(published.get_absolute_url()).text
