"""`migrate` alone gives the reference data every installation needs."""

import pytest

from practices.models import Category, Criterion, Department, Edition, Municipality, Service

pytestmark = pytest.mark.django_db


def test_all_departments_and_municipalities_of_colombia_with_divipola_codes():
    assert Department.objects.count() == 33
    assert Municipality.objects.count() == 1122
    assert Department.objects.get(code="11").name == "Bogotá, D.C."
    assert Municipality.objects.get(code="27086").name == "Belén de Bajirá"
    assert Municipality.objects.get(code="05001").department.name == "Antioquia"


def test_quindio_has_its_twelve_municipalities():
    names = list(
        Municipality.objects.filter(department__code="63")
        .order_by("code")
        .values_list("name", flat=True)
    )

    assert names == [
        "Armenia",
        "Buenavista",
        "Calarcá",
        "Circasia",
        "Córdoba",
        "Filandia",
        "Génova",
        "La Tebaida",
        "Montenegro",
        "Pijao",
        "Quimbaya",
        "Salento",
    ]


def test_services_criteria_edition_and_category_of_the_reference_ficha():
    assert list(Service.objects.values_list("name", flat=True)) == [
        "Energía eléctrica",
        "Acueducto",
        "Alcantarillado",
        "Aseo",
        "Gas natural",
        "Gas licuado de petróleo (GLP)",
    ]
    assert list(Criterion.objects.values_list("name", flat=True)) == [
        "Eficaz",
        "Eficiente",
        "Centrado en el usuario",
        "Replicable y adaptable",
    ]
    edition = Edition.objects.get(number=3)
    assert (edition.year, edition.name) == (2020, "Tercer Reconocimiento Superservicios – Andesco")
    assert list(edition.evaluation_criteria.values_list("name", flat=True)) == [
        "Innovación",
        "Generación de alianzas",
        "Comunicación pertinente",
        "Eficacia de la iniciativa",
    ]
    assert Category.objects.filter(name="Atención a usuarios en tiempos de COVID").exists()


def test_departments_sort_alphabetically_regardless_of_accents():
    names = list(Department.objects.values_list("name", flat=True))

    assert names.index("Córdoba") < names.index("Cundinamarca")
    assert names[0] == "Amazonas"
