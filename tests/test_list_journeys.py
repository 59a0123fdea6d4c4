"""The list as a utility manager meets it: pages by number, a page past the end that
says where the last one is, clean addresses, honest empty results and informative cards."""

import pytest

from practices.models import Department, Provider
from practices.views.catalogue import page_numbers

from .factories import PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("current", "last", "expected"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (1, 10, [1, 2, 3, None, 10]),
        (5, 10, [1, None, 3, 4, 5, 6, 7, None, 10]),
        (10, 10, [1, None, 8, 9, 10]),
        (4, 10, [1, 2, 3, 4, 5, 6, None, 10]),
    ],
)
def test_page_numbers_show_the_first_the_last_and_the_neighbours(current, last, expected):
    assert page_numbers(current, last) == expected


def test_the_pages_are_links_by_number_keeping_the_filters(client):
    PracticeFactory.create_batch(105, services=[])

    body = client.get("/practicas/?orden=titulo&page=3").text

    for number in (1, 2, 4, 5, 6):
        assert f'href="?orden=titulo&amp;page={number}#resultados"' in body
    assert '<span aria-current="page"><span class="visually-hidden">Página </span>3</span>' in body
    assert "Página 3 de 6" in body


def test_a_page_past_the_end_links_to_the_last_one_with_the_filters(client):
    PracticeFactory.create_batch(25)

    response = client.get("/practicas/?orden=titulo&page=9")

    assert response.status_code == 404
    assert "La página 9 no existe: estos resultados tienen 2." in response.text
    assert 'href="/practicas/?orden=titulo&amp;page=2#resultados"' in response.text
    assert response.context["practices"] == []


def test_blank_parameters_are_dropped_from_the_address(client):
    response = client.get("/practicas/?q=&desde=&hasta=&servicio=aseo")

    assert response.status_code == 302
    assert response["Location"] == "/practicas/?servicio=aseo"
    assert client.get("/practicas/?desde=&hasta=")["Location"] == "/practicas/"


def test_a_reversed_year_range_is_explained_with_the_way_out(client):
    PracticeFactory(start_date="2020-03-01")

    body = client.get("/practicas/?desde=2022&hasta=2019").text

    assert "El año «desde» (2022) es posterior al año «hasta» (2019)" in body
    assert 'href="/practicas/?desde=2019&amp;hasta=2022"' in body


def test_an_empty_result_offers_no_download_and_no_sort(client):
    PracticeFactory()

    body = client.get("/practicas/?q=zzzzqqqq").text

    assert "Descargar estos resultados" not in body
    assert "Ordenar por" not in body
    assert "Filtrar" in body  # the facets stay


def test_cards_name_the_provider_in_full_with_its_department(client):
    quindio = Department.objects.get(code="63")
    provider = Provider.objects.create(
        name="Empresas Públicas de Armenia",
        short_name="EPA",
        slug="epa",
        size="grande",
        department=quindio,
    )
    PracticeFactory(provider=provider, users_reached=145061)

    body = client.get("/practicas/").text
    assert "Empresas Públicas de Armenia (EPA), Quindío" in body
    assert "usuarios impactados</span>" not in body

    by_users = client.get("/practicas/?orden=usuarios").text
    assert "145.061 usuarios impactados" in by_users


def test_the_filters_are_one_tap_away_and_say_how_many_are_active(client):
    PracticeFactory.create_batch(2)

    plain = client.get("/practicas/").text
    filtered = client.get("/practicas/?servicio=aseo&en_curso=1").text

    assert '<details class="filters-toggle"' in plain
    assert "(2 activos)" in filtered
    assert 'action="/practicas/#resultados"' in plain  # applying lands on the results
    assert 'id="resultados"' in plain


def test_the_home_figure_of_users_says_it_is_a_sum_that_may_count_twice(client):
    PracticeFactory(users_reached=1000)
    PracticeFactory(users_reached=500)

    body = client.get("/").text

    assert "<dt>Usuarios impactados, sumados práctica por práctica</dt><dd>1.500</dd>" in body
    assert "un mismo usuario puede contar en varias prácticas" in body


def test_the_municipalities_offered_are_those_of_the_chosen_departments(client):
    from practices.models import Municipality

    quindio = Department.objects.get(code="63")
    antioquia = Department.objects.get(code="05")
    armenia = Municipality.objects.get(code="63001")
    medellin = Municipality.objects.get(code="05001")
    practice = PracticeFactory()
    practice.departments.set([quindio, antioquia])
    practice.municipalities.set([armenia, medellin])

    everything = client.get("/practicas/").context["facets"]
    quindio_only = client.get("/practicas/?departamento=quindio").context["facets"]

    def municipalities(facets):
        return {o["value"] for f in facets if f.name == "municipio" for o in f.options}

    assert municipalities(everything) == {"63001", "05001"}
    assert municipalities(quindio_only) == {"63001"}
