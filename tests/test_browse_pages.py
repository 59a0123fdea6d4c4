"""Browsing entries: clean category, provider and department URLs; related practices."""

import pytest

from practices.models import Department, Provider, Service

from .factories import CategoryFactory, PracticeFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def test_category_page_lists_its_published_practices(client, reference_practice):
    PracticeFactory(title="De otra categoría")
    PracticeFactory(title="Borrador de la misma", category=reference_practice.category, draft=True)

    response = client.get("/practicas/categoria/atencion-a-usuarios-en-tiempos-de-covid/")

    assert response.status_code == 200
    assert "<h1>Atención a usuarios en tiempos de COVID</h1>" in response.text
    assert [p.code for p in response.context["practices"]] == [reference_practice.code]


def test_provider_page_describes_the_provider(client, reference_practice):
    response = client.get("/practicas/prestador/edeq/")

    assert response.status_code == 200
    body = response.text
    assert "Empresa de Energía del Quindío SA ESP · prestador mediano · Quindío" in body
    assert [p.code for p in response.context["practices"]] == [reference_practice.code]


def test_department_page_lists_practices_covering_it(client, reference_practice):
    response = client.get("/practicas/departamento/quindio/")

    assert response.status_code == 200
    assert "Buenas prácticas con cobertura en Quindío." in response.text
    assert client.get("/practicas/departamento/antioquia/").context["paginator"].count == 0


@pytest.mark.parametrize(
    "url",
    ["/practicas/categoria/no-existe/", "/practicas/prestador/x/", "/practicas/departamento/y/"],
)
def test_unknown_entries_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_a_preset_page_combines_with_more_filters(client, reference_practice):
    response = client.get("/practicas/prestador/edeq/?servicio=acueducto")

    assert response.context["paginator"].count == 0
    chip_labels = [chip["label"] for chip in response.context["chips"]]
    assert "Prestador: Empresa de Energía del Quindío SA ESP" in chip_labels


def test_the_ficha_links_to_its_category_provider_and_departments(client, reference_practice):
    body = client.get(reference_practice.get_absolute_url()).text

    assert 'href="/practicas/categoria/atencion-a-usuarios-en-tiempos-de-covid/"' in body
    assert 'href="/practicas/prestador/edeq/"' in body
    assert 'href="/practicas/departamento/quindio/"' in body


def test_related_practices_best_matches_first_never_unpublished(client):
    category = CategoryFactory()
    quindio = Department.objects.get(slug="quindio")
    energy = Service.objects.get(slug="energia-electrica")
    water = Service.objects.get(slug="acueducto")
    medium = ProviderFactory(size=Provider.Size.MEDIUM)
    large = ProviderFactory(size=Provider.Size.LARGE)

    practice = PracticeFactory(category=category, provider=medium, services=[energy])
    practice.departments.add(quindio)
    best = PracticeFactory(
        title="Mismo servicio y departamento", category=category, provider=large, services=[energy]
    )
    best.departments.add(quindio)
    PracticeFactory(title="Mismo servicio", category=category, provider=large, services=[energy])
    PracticeFactory(title="Solo mismo tamaño", category=category, provider=medium, services=[water])
    PracticeFactory(title="Solo la categoría", category=category, provider=large, services=[water])
    PracticeFactory(
        title="Relacionada pero borrador", category=category, services=[energy], draft=True
    )
    PracticeFactory(title="Otra categoría", provider=medium, services=[energy])

    related = client.get(practice.get_absolute_url()).context["related"]

    assert [p.title for p in related] == [
        "Mismo servicio y departamento",
        "Mismo servicio",
        "Solo mismo tamaño",
        "Solo la categoría",
    ]


def test_other_practices_of_the_provider(client, reference_practice):
    other = PracticeFactory(title="Otra de EDEQ", provider=reference_practice.provider)
    PracticeFactory(title="Borrador de EDEQ", provider=reference_practice.provider, draft=True)

    response = client.get(reference_practice.get_absolute_url())

    assert [p.title for p in response.context["by_provider"]] == [other.title]
    assert "Otras prácticas de EDEQ" in response.text
