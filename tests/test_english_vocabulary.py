"""The fixed vocabularies have English names, edited in the admin beside the Spanish ones
and shown on the English pages; the Spanish pages keep the Spanish names."""

import pytest

from practices.models import Service

pytestmark = pytest.mark.django_db

CODE = "BP-ANDESCO-SSPD-002-2021"


def test_the_english_ficha_names_the_service_category_and_criteria_in_english(
    client, reference_practice
):
    spanish = client.get(f"/practicas/{CODE}/").text
    english = client.get(f"/en/practicas/{CODE}/").text

    assert "Energía eléctrica" in spanish and "Electricity" not in spanish
    assert "Electricity" in english
    assert "Customer service in times of COVID" in english


def test_the_english_list_offers_and_shows_the_english_names(client, reference_practice):
    page = client.get("/en/practicas/?servicio=energia-electrica").text

    assert "Electricity" in page  # the option and the active filter's chip
    assert "Customer service in times of COVID" in page  # the card
    assert "Energía eléctrica" not in page


def test_staff_edit_the_english_name_beside_the_spanish_one(staff_client, client):
    service = Service.objects.get(slug="aseo")
    form = staff_client.get(f"/admin/practices/service/{service.pk}/change/").text
    assert 'name="name_en"' in form and "Waste collection" in form

    staff_client.post(
        f"/admin/practices/service/{service.pk}/change/",
        {"name": service.name, "name_en": "Refuse collection", "slug": "aseo", "position": 4},
    )

    service.refresh_from_db()
    assert service.name_en == "Refuse collection"
