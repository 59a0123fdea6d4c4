"""The API answers in English when asked (?lang=en or Accept-Language): the vocabularies
in its records take their English names; Spanish otherwise."""

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/practicas/BP-ANDESCO-SSPD-002-2021"


def test_the_api_speaks_spanish_by_default(client, reference_practice):
    record = client.get(URL).json()

    assert record["servicios"] == ["Energía eléctrica"]
    assert record["categoria"] == "Atención a usuarios en tiempos de COVID"


@pytest.mark.parametrize(
    ("query", "headers"),
    [("?lang=en", {}), ("", {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"})],
)
def test_the_api_speaks_english_when_asked(client, reference_practice, query, headers):
    response = client.get(URL + query, **headers)
    record = response.json()

    assert response.status_code == 200
    assert record["servicios"] == ["Electricity"]
    assert record["categoria"] == "Customer service in times of COVID"
    assert record["tamano_prestador"] == "Medium"
    assert "Accept-Language" in response["Vary"]


def test_an_unknown_language_is_spanish(client, reference_practice):
    record = client.get(URL + "?lang=xx").json()

    assert record["servicios"] == ["Energía eléctrica"]
