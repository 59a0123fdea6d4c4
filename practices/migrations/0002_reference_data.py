"""Reference data every installation needs: DIVIPOLA, services, criteria, the 3rd edition.

Departments and municipalities come from ``fixtures/divipola.csv`` (see
``fixtures/README.md`` for how that file was produced). The texts of the criteria are
those of the official ficha (``Criterios para la identificación de buenas prácticas`` and
the evaluation criteria of the Tercer Reconocimiento Superservicios – Andesco).
"""

import csv
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

DIVIPOLA_CSV = Path(__file__).resolve().parents[2] / "fixtures" / "divipola.csv"

SERVICES = [
    ("energia-electrica", "Energía eléctrica"),
    ("acueducto", "Acueducto"),
    ("alcantarillado", "Alcantarillado"),
    ("aseo", "Aseo"),
    ("gas-natural", "Gas natural"),
    ("glp", "Gas licuado de petróleo (GLP)"),
]

CRITERIA = [
    (
        "eficaz",
        "Eficaz",
        "Una acción que cumple los objetivos trazados para solucionar la problemática "
        "identificada, antes de su ejecución.",
    ),
    (
        "eficiente",
        "Eficiente",
        "Una acción que utiliza la menor cantidad de recursos (humanos, tecnológicos, "
        "financieros y de tiempo) para alcanzar los objetivos propuestos.",
    ),
    (
        "centrado-en-el-usuario",
        "Centrado en el usuario",
        "Una buena práctica debe solucionar problemáticas reales de los usuarios o partes "
        "interesadas, mejorando su satisfacción frente a los servicios o productos ofrecidos "
        "y abriendo espacios de participación que faciliten una comunicación efectiva para la "
        "consecución de objetivos.",
    ),
    (
        "replicable-y-adaptable",
        "Replicable y adaptable",
        "Una buena práctica debe servir de ejemplo a otros prestadores de servicios públicos "
        "domiciliarios, dependencias, equipos o colaboradores internos de la entidad; esta debe "
        "ser fácilmente repetible y adaptable a objetivos similares en diversas situaciones o "
        "contextos.",
    ),
]

THIRD_EDITION = {
    "number": 3,
    "year": 2020,
    "name": "Tercer Reconocimiento Superservicios – Andesco",
}

EVALUATION_CRITERIA = [
    (
        "Innovación",
        "Formas creativas para mejorar el servicio a los usuarios. No necesariamente debe ser "
        "una idea inédita, sino una buena idea aplicada con éxito de acuerdo con el contexto.",
    ),
    (
        "Generación de alianzas",
        "Una o varias asociaciones con actores públicos, privados o comunitarios para "
        "potenciar el impacto y la apropiación de la iniciativa por parte de los beneficiarios.",
    ),
    (
        "Comunicación pertinente",
        "Forma de comunicar la iniciativa según las características de población a impactar.",
    ),
    (
        "Eficacia de la iniciativa",
        "La iniciativa soluciona la situación problemática, a través de alternativas "
        "pertinentes y con la suficiencia necesaria según el objetivo, contexto y población "
        "beneficiaria.",
    ),
]

CATEGORIES = [
    ("atencion-a-usuarios-en-tiempos-de-covid", "Atención a usuarios en tiempos de COVID"),
]


def load_reference_data(apps, schema_editor):
    Department = apps.get_model("practices", "Department")
    Municipality = apps.get_model("practices", "Municipality")
    Service = apps.get_model("practices", "Service")
    Criterion = apps.get_model("practices", "Criterion")
    Edition = apps.get_model("practices", "Edition")
    EvaluationCriterion = apps.get_model("practices", "EvaluationCriterion")
    Category = apps.get_model("practices", "Category")

    with DIVIPOLA_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    departments = {
        row["department_code"]: Department(
            code=row["department_code"],
            name=row["department_name"],
            slug=slugify(row["department_name"]),
        )
        for row in rows
    }
    Department.objects.bulk_create(departments.values())
    Municipality.objects.bulk_create(
        Municipality(
            code=row["municipality_code"],
            name=row["municipality_name"],
            department_id=row["department_code"],
        )
        for row in rows
    )

    Service.objects.bulk_create(
        Service(slug=slug, name=name, position=position)
        for position, (slug, name) in enumerate(SERVICES, start=1)
    )
    Criterion.objects.bulk_create(
        Criterion(slug=slug, name=name, description=description, position=position)
        for position, (slug, name, description) in enumerate(CRITERIA, start=1)
    )
    edition = Edition.objects.create(**THIRD_EDITION)
    EvaluationCriterion.objects.bulk_create(
        EvaluationCriterion(edition=edition, position=position, name=name, description=text)
        for position, (name, text) in enumerate(EVALUATION_CRITERIA, start=1)
    )
    Category.objects.bulk_create(Category(slug=slug, name=name) for slug, name in CATEGORIES)


def remove_reference_data(apps, schema_editor):
    for model in [
        "EvaluationCriterion",
        "Edition",
        "Category",
        "Criterion",
        "Service",
        "Municipality",
        "Department",
    ]:
        apps.get_model("practices", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]

    operations = [migrations.RunPython(load_reference_data, remove_reference_data)]
