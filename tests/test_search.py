"""Search (`q`): accent- and case-insensitive, synonyms, highlighted snippets; stemming,
ranking and typo tolerance on PostgreSQL."""

import pytest
from django.db import connection

from .factories import PracticeFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming, ranking and typos need PostgreSQL"
)


def found(client, q, **params):
    response = client.get("/practicas/", {"q": q, **params})
    assert response.status_code == 200
    return [p.title for p in response.context["practices"]]


@pytest.fixture
def practices():
    return {
        "energy": PracticeFactory(
            title="Energía prepago para barrios",
            summary="Medidores prepago de energía eléctrica en barrios subnormales.",
        ),
        "pqr": PracticeFactory(
            title="Atención ágil de peticiones",
            summary="Se redujo el tiempo de respuesta a peticiones, quejas y reclamos.",
        ),
        "billing": PracticeFactory(
            title="Facturación en sitio",
            summary="La facturación se entrega el mismo día de la lectura.",
        ),
        "payments": PracticeFactory(
            title="Nuevos puntos de recaudo",
            summary="Convenios con tiendas de barrio para el recaudo del servicio.",
        ),
        "draft": PracticeFactory(
            title="Energía en borrador", summary="Energía no publicada.", draft=True
        ),
    }


@pytest.mark.parametrize("q", ["energia", "ENERGÍA", "energía", "Energia"])
def test_accents_and_case_do_not_matter(client, practices, q):
    assert found(client, q) == ["Energía prepago para barrios"]


def test_quindio_finds_the_reference_practice(client, reference_practice):
    assert found(client, "quindio") == [reference_practice.title]


def test_every_word_must_match(client, practices):
    assert found(client, "energia barrios") == ["Energía prepago para barrios"]
    assert found(client, "energia recaudo") == []


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("PQR", "Atención ágil de peticiones"),
        ("pago", "Nuevos puntos de recaudo"),
        ("electricidad", "Energía prepago para barrios"),
    ],
)
def test_sector_synonyms(client, practices, q, expected):
    assert expected in found(client, q)


def test_unpublished_practices_are_never_found(client, practices):
    assert "Energía en borrador" not in found(client, "borrador")
    assert "Energía en borrador" not in found(client, "energia")


def test_matched_words_are_highlighted_in_the_snippet(client, practices):
    response = client.get("/practicas/", {"q": "facturacion"})

    assert "La <mark>facturación</mark> se entrega el mismo día de la lectura." in response.text


def test_html_in_the_query_is_escaped_everywhere(client, practices):
    response = client.get("/practicas/", {"q": '<script>alert("x")</script> energía'})

    assert response.status_code == 200
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert" in response.text


@pytest.mark.parametrize(
    "q",
    [
        "x" * 5000,
        "'; DROP TABLE practices_practice; --",
        "energía\x00",
        "%%%___",
        "a & | ! ( ) : * <-> b",
        "   ",
    ],
)
def test_hostile_queries_give_a_clean_page(client, practices, q):
    response = client.get("/practicas/", {"q": q}, follow=True)  # a blank one goes

    assert response.status_code == 200
    assert len(response.context["q"]) <= 200


@postgresql_only
def test_spanish_stemming(client, practices):
    assert found(client, "factura") == ["Facturación en sitio"]
    assert found(client, "entregaron") == ["Facturación en sitio"]


@postgresql_only
def test_results_are_ranked_title_first(client, practices):
    PracticeFactory(title="Programa social", summary="Incluye medidores y facturación.")

    titles = found(client, "facturacion")

    assert titles[0] == "Facturación en sitio"
    assert "Programa social" in titles


@postgresql_only
def test_a_small_typo_still_finds_something(client, reference_practice):
    response = client.get("/practicas/", {"q": "quindoi"})

    assert [p.code for p in response.context["practices"]] == [reference_practice.code]
    assert "se muestran las más parecidas" in response.text


def test_sort_by_relevance_is_offered_only_when_searching_on_postgresql(client, practices):
    without = client.get("/practicas/").context["sorts"]
    searching = client.get("/practicas/", {"q": "energia"}).context["sorts"]

    assert "relevancia" not in dict(without)
    assert ("relevancia" in dict(searching)) == (connection.vendor == "postgresql")
