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


def test_the_english_home_and_statistics_name_services_and_categories_in_english(
    client, reference_practice
):
    for path in ("/", "/estadisticas/"):
        spanish = client.get(path).text
        english = client.get(f"/en{path}").text

        assert "Energía eléctrica" in spanish and "Electricity" not in spanish, path
        assert "Electricity" in english and "Energía eléctrica" not in english, path
        assert "Customer service in times of COVID" in english, path

    table = client.get("/en/estadisticas/servicio.csv").content.decode("utf-8-sig")
    assert "Electricity" in table


def test_an_edited_english_name_shows_at_once_on_the_cached_pages(client, reference_practice):
    client.get("/en/")  # cached
    Service.objects.filter(slug="energia-electrica").update(name_en="Electric power")

    assert "Electric power" in client.get("/en/").text
    assert "Electric power" in client.get("/en/estadisticas/").text


def test_the_csv_downloaded_in_english_has_english_headers_over_the_same_data(
    client, reference_practice
):
    spanish = client.get("/practicas/exportar.csv").getvalue().decode("utf-8-sig")
    english = client.get("/en/practicas/exportar.csv").getvalue().decode("utf-8-sig")
    spanish_header, spanish_row = spanish.splitlines()[:2]
    english_header, english_row = english.splitlines()[:2]

    assert spanish_header.startswith("codigo,titulo,url,prestador,")
    assert english_header.startswith("code,title,url,provider,")
    assert len(english_header.split(",")) == len(spanish_header.split(","))
    assert "Electricity" in english_row and "Energía eléctrica" in spanish_row
    # The JSON keeps its keys (the API's schema) in every language.
    assert '"codigo": "' in client.get("/en/practicas/exportar.json").getvalue().decode()


def test_the_data_dictionary_gives_each_field_its_english_header(client):
    page = client.get("/datos/").text
    assert "Encabezado en inglés" in page
    assert "<code>usuarios_impactados</code>" in page and ">users_reached</code>" in page
    english = client.get("/en/datos/").text
    assert ">text</td>" in english and ">texto</td>" not in english
