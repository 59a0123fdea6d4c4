"""/practicas/: published practices, newest first, 20 a page, constant query count."""

import datetime
import html

import pytest
from django.utils import timezone

from practices.models import Department, Practice

from .factories import PracticeFactory

pytestmark = pytest.mark.django_db


def test_list_shows_title_provider_category_years_and_summary(client):
    PracticeFactory(
        title="Facturación en línea para todos",
        provider__short_name="AGUAS",
        category__name="Canales de atención",
        start_date=datetime.date(2019, 4, 1),
        end_date=datetime.date(2021, 6, 30),
        summary="Los usuarios reciben y pagan su factura sin ir a la oficina.",
    )

    body = html.unescape(client.get("/practicas/").text)

    assert "Facturación en línea para todos" in body
    assert "AGUAS" in body
    assert "Canales de atención" in body
    assert "2019–2021" in body
    assert "Los usuarios reciben y pagan su factura sin ir a la oficina." in body
    assert "1 buena práctica publicada" in body


@pytest.mark.parametrize("status", ["draft", "review", "archived"])
def test_list_shows_only_published_practices(client, status):
    PracticeFactory(title="Práctica visible")
    PracticeFactory(title="Práctica oculta", status=status, published_at=None)

    body = client.get("/practicas/").text

    assert "Práctica visible" in body
    assert "Práctica oculta" not in body
    assert "1 buena práctica publicada" in body


def test_newest_publication_first(client):
    now = timezone.now()
    PracticeFactory(title="Publicada hace un año", published_at=now - datetime.timedelta(days=365))
    PracticeFactory(title="Publicada ayer", published_at=now - datetime.timedelta(days=1))

    body = client.get("/practicas/").text

    assert body.index("Publicada ayer") < body.index("Publicada hace un año")


def test_twenty_a_page_and_the_next_page_link_works(client):
    PracticeFactory.create_batch(25)

    first = client.get("/practicas/")
    second = client.get("/practicas/?page=2")

    assert len(first.context["practices"]) == 20
    assert 'href="?page=2#resultados"' in first.text  # lands on the results
    assert "Página 1 de 2" in first.text
    assert len(second.context["practices"]) == 5
    assert "25 buenas prácticas publicadas" in second.text


@pytest.mark.parametrize("page", ["0", "999", "999999", "abc", "-1"])
def test_a_page_that_does_not_exist_is_a_404_not_an_error(client, page):
    PracticeFactory()

    assert client.get(f"/practicas/?page={page}").status_code == 404


# With the snapshot of the catalogue in memory (practices.snapshot): the catalogue's
# version (1) and the page's rows with provider and category (1, skipped when nothing
# matches); a search adds the words' match (1), and the first search after a change of the
# catalogue reads the thesaurus again (1: SEARCH_AFTER_A_CHANGE).
LIST_QUERIES = 2
SEARCH_AFTER_A_CHANGE = 1
# From the database (no snapshot yet, or DJANGO_CATALOGUE_SNAPSHOT=0): the version (1),
# names of the options (1), one count per facet (11) and the "en curso" count (1), the total
# (1), the page's ids (1) and its rows (1); a search finds its matches once and asks whether
# any is published (+2; PostgreSQL then filters by the matches' ids, SQLite by the index).
DATABASE_QUERIES = 17
QUERIES = [
    ("", 0),
    ("?servicio=acueducto&tamano=mediano&departamento=quindio", 0),
    ("?q=agua&servicio=acueducto&desde=2020&orden=titulo&page=1", 1),
    # Nothing matches: no rows to read.
    (
        "?q=agua&categoria=x&servicio=acueducto&servicio=aseo&tamano=grande&prestador=y"
        "&departamento=antioquia&municipio=05001&edicion=3&criterio=eficaz&desde=2019"
        "&hasta=2022&en_curso=1&orden=titulo",
        1,
    ),
]


@pytest.fixture
def quindio_practices():
    def make(rows):
        quindio = Department.objects.get(slug="quindio")
        for practice in PracticeFactory.create_batch(rows, summary="Agua potable para veredas."):
            practice.departments.add(quindio)

    return make


@pytest.mark.parametrize("rows", [1, 20])
@pytest.mark.parametrize(("query", "search"), QUERIES)
def test_query_count_is_the_same_for_any_page_size_and_filters(
    client, django_assert_num_queries, quindio_practices, rows, query, search
):
    quindio_practices(rows)
    client.get("/practicas/")  # the snapshot is built (its cost is pinned below)
    nothing = "categoria" in query
    queries = LIST_QUERIES + search - nothing

    with django_assert_num_queries(queries + search * SEARCH_AFTER_A_CHANGE):
        client.get(f"/practicas/{query or '?'}&otra=1")  # the first search after the change
    with django_assert_num_queries(queries):
        response = client.get(f"/practicas/{query}")

    assert response.status_code == 200
    assert len(response.context["practices"]) == (0 if nothing else rows)


@pytest.mark.parametrize("rows", [1, 20])
@pytest.mark.parametrize(("query", "search"), QUERIES)
def test_query_count_from_the_database_is_the_same_for_any_page_size_and_filters(
    client, settings, django_assert_num_queries, quindio_practices, rows, query, search
):
    settings.CATALOGUE_SNAPSHOT = False
    quindio_practices(rows)
    nothing = "categoria" in query
    queries = DATABASE_QUERIES + search * (2 + SEARCH_AFTER_A_CHANGE) - 2 * nothing

    with django_assert_num_queries(queries):
        response = client.get(f"/practicas/{query}")

    assert response.status_code == 200
    assert len(response.context["practices"]) == (0 if nothing else rows)


def test_building_and_catching_up_the_snapshot_cost_a_fixed_number_of_queries(
    client, django_assert_num_queries, quindio_practices
):
    quindio_practices(20)
    # The version, "is the catalogue small?", the practices, their links, the reference
    # data, then the page's rows.
    with django_assert_num_queries(6):
        client.get("/practicas/")
    edited = Practice.objects.first()
    edited.title = "Zona del título corregido"
    edited.save()
    # The version, the log since the snapshot's own version, the changed practices and
    # their links, then the page's rows.
    with django_assert_num_queries(5):
        response = client.get("/practicas/?orden=titulo")

    assert response.context["practices"][-1].title == "Zona del título corregido"


def test_home_page_links_to_the_list_and_shows_the_criteria_and_latest(client):
    PracticeFactory(title="La más reciente")

    body = client.get("/").text

    assert 'href="/practicas/"' in body
    for criterion in ["Eficaz", "Eficiente", "Centrado en el usuario", "Replicable y adaptable"]:
        assert criterion in body
    assert "La más reciente" in body


def test_home_page_hides_unpublished_practices(client):
    PracticeFactory(title="Borrador secreto", draft=True)

    assert "Borrador secreto" not in client.get("/").text
    assert Practice.objects.count() == 1
