import pytest


@pytest.mark.django_db
def test_healthz_answers_ok_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db
def test_404_page_is_in_spanish(client):
    response = client.get("/no-existe/")

    assert response.status_code == 404
    assert "Página no encontrada" in response.text
