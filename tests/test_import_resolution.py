"""Importing a ficha matches its provider and its coverage text to the catalogue.

Providers are matched by name or short name, ignoring accents, case and the dots of
"S.A. E.S.P."; an unknown provider is created once. The coverage text becomes DIVIPOLA
departments and municipalities when it is unambiguous (the migration loads all of them).
"""

from pathlib import Path

import pytest
from django.core.management import call_command

from practices.fichas.importer import FichaFile, import_fichas
from practices.models import Practice, Provider

pytestmark = pytest.mark.django_db

FICHAS = Path(__file__).parent / "fichas"
QUINDIO_MUNICIPALITIES = [
    "63001",
    "63111",
    "63130",
    "63190",
    "63212",
    "63272",
    "63302",
    "63401",
    "63470",
    "63548",
    "63594",
    "63690",
]


def ficha_file(name, **replacements):
    """A fixture ficha, with some of its text replaced."""
    text = (FICHAS / name).read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new)
    return FichaFile(name, text.encode("utf-8"))


def imported(report, code):
    assert report.errors == []
    assert report.written
    return Practice.objects.get(code=code)


def coverage(practice):
    return (
        sorted(practice.departments.values_list("code", flat=True)),
        sorted(practice.municipalities.values_list("code", flat=True)),
    )


# 9. Providers --------------------------------------------------------------------------


@pytest.fixture
def edeq(db):
    call_command("loaddata", "demo", verbosity=0)
    return Provider.objects.get(short_name="EDEQ")


@pytest.mark.parametrize(
    "author",
    [
        # As the file says it: upper case, no accents, dotted abbreviations, short name.
        "EMPRESA DE ENERGIA DEL QUINDIO S.A. E.S.P. (edeq)",
        "empresa de energía del quindío sa esp",
        "Empresa de Energía del Quindío S.A. E.S.P.",
        "EMPRESA DE ENERGÍA DEL QUINDÍO S. A. E. S. P.",
        "Energía del Quindío (Edeq)",
    ],
)
def test_provider_matches_the_existing_one_by_name_or_short_name(edeq, author):
    providers = Provider.objects.count()
    file = ficha_file(
        "prestador_en_mayusculas.txt",
        **{"EMPRESA DE ENERGIA DEL QUINDIO S.A. E.S.P. (edeq)": author},
    )

    report = import_fichas([file])

    practice = imported(report, "BP-ANDESCO-SSPD-023-2021")
    assert practice.provider == edeq
    assert Provider.objects.count() == providers
    assert report.outcomes[0].notes == []
    assert not [p for p in report.problems if p.field == "Autor de la buena práctica"]


def test_unknown_provider_is_created_once_for_every_ficha_that_names_it():
    providers = Provider.objects.count()
    second = ficha_file(
        "prestador_nuevo.txt",
        **{
            "BP-ANDESCO-SSPD-024-2021": "BP-ANDESCO-SSPD-030-2021",
            "SA ESP (Multipropósito)": "S.A. E.S.P. (MULTIPROPOSITO)",
        },
    )

    report = import_fichas([ficha_file("prestador_nuevo.txt"), second])

    first = imported(report, "BP-ANDESCO-SSPD-024-2021")
    assert Provider.objects.count() == providers + 1
    provider = first.provider
    assert (provider.name, provider.short_name, provider.slug) == (
        "Empresa de Servicios Públicos de Calarcá SA ESP",
        "Multipropósito",
        "multiproposito",
    )
    assert Practice.objects.get(code="BP-ANDESCO-SSPD-030-2021").provider == provider
    assert report.outcomes[0].notes == [
        "Se crea el prestador «Empresa de Servicios Públicos de Calarcá SA ESP (Multipropósito)»."
    ]
    assert report.outcomes[1].notes == []
    warnings = [
        (p.source, p.line, p.message)
        for p in report.problems
        if p.field == "Autor de la buena práctica"
    ]
    assert warnings == [
        (
            "prestador_nuevo.txt",
            3,
            "prestador nuevo: Empresa de Servicios Públicos de Calarcá SA ESP (Multipropósito) "
            "(tamaño: sin dato; departamento: sin dato; servicios: sin dato); revise sus datos.",
        )
    ]

    # A later import finds it as well.
    again = ficha_file("prestador_nuevo.txt", **{"024-2021": "031-2021"})
    assert imported(import_fichas([again]), "BP-ANDESCO-SSPD-031-2021").provider == provider
    assert Provider.objects.count() == providers + 1


# 10. Coverage --------------------------------------------------------------------------


def test_n_municipalities_of_a_department_are_all_of_them_when_the_count_matches():
    report = import_fichas([ficha_file("prestador_en_mayusculas.txt")])

    practice = imported(report, "BP-ANDESCO-SSPD-023-2021")
    assert coverage(practice) == (["63"], QUINDIO_MUNICIPALITIES)
    assert practice.coverage_note == "12 municipios del departamento del Quindío"
    assert not [p for p in report.problems if p.field == "Cobertura geográfica"]


def test_fewer_municipalities_than_the_department_has_gives_the_department_and_a_warning():
    file = ficha_file(
        "prestador_en_mayusculas.txt",
        **{"12 municipios": "5 municipios"},
    )

    report = import_fichas([file])

    practice = imported(report, "BP-ANDESCO-SSPD-023-2021")
    assert coverage(practice) == (["63"], [])
    assert practice.coverage_note == "5 municipios del departamento del Quindío"
    assert [(p.line, p.message) for p in report.problems if p.field == "Cobertura geográfica"] == [
        (
            5,
            "no se sabe cuáles 5 municipios de Quindío: se registra el departamento; agregue "
            "los municipios a mano.",
        )
    ]


def test_municipality_with_its_department_in_parentheses():
    report = import_fichas([ficha_file("prestador_nuevo.txt")])

    practice = imported(report, "BP-ANDESCO-SSPD-024-2021")
    assert coverage(practice) == (["05"], ["05001"])
    assert practice.coverage_note == "Medellín (Antioquia)"
    assert not [p for p in report.problems if p.field == "Cobertura geográfica"]


def test_ambiguous_place_name_is_flagged_and_nothing_is_guessed():
    # Córdoba is a department and a municipality of Quindío, Bolívar and Nariño.
    report = import_fichas([ficha_file("cobertura_ambigua.txt")])

    practice = imported(report, "BP-ANDESCO-SSPD-025-2021")
    assert coverage(practice) == ([], [])
    assert practice.coverage_note == "Córdoba"
    warnings = [
        (p.level, p.line, p.message) for p in report.problems if p.field == "Cobertura geográfica"
    ]
    assert warnings == [
        (
            "warning",
            5,
            "«Córdoba» es ambiguo (varios municipios o departamentos): asígnelo a mano.",
        )
    ]


def test_ambiguous_name_with_its_department_in_parentheses_is_the_municipality():
    file = ficha_file("cobertura_ambigua.txt", **{"\tCórdoba\n": "\tCórdoba (Quindío)\n"})

    report = import_fichas([file])

    practice = imported(report, "BP-ANDESCO-SSPD-025-2021")
    assert coverage(practice) == (["63"], ["63212"])
    assert practice.coverage_note == "Córdoba (Quindío)"
    assert not [p for p in report.problems if p.field == "Cobertura geográfica"]


@pytest.mark.parametrize(
    ("note", "departments", "municipalities"),
    [
        ("Calarcá, Salento y Filandia", ["63"], ["63130", "63272", "63690"]),
        ("Departamento del Quindío", ["63"], []),
        # Armenia alone would be ambiguous: there is one in Antioquia too.
        ("Medellín (Antioquia) y Armenia (Quindío)", ["05", "63"], ["05001", "63001"]),
    ],
)
def test_lists_of_places_become_departments_and_municipalities(note, departments, municipalities):
    file = ficha_file("cobertura_ambigua.txt", **{"\tCórdoba\n": f"\t{note}\n"})

    report = import_fichas([file])

    practice = imported(report, "BP-ANDESCO-SSPD-025-2021")
    assert coverage(practice) == (departments, municipalities)
    assert practice.coverage_note == note
