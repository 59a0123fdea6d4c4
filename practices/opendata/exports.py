"""Open data (Ley 1712 de 2014): one description of a published practice as data.

``FIELDS`` is the data dictionary: every exported field, its type and its meaning. The
CSV and JSON exports, the API and the /datos/ page all read it, so they cannot drift
apart. Contact fields are filled only where the holder's consent to publish is recorded.
"""

import csv
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from practices.text import format_number

JOIN = " | "  # how the CSV joins repeated items
CHUNK = 1000  # practices read (and prefetched) at a time while streaming
BUFFER = 64 * 1024  # characters written to the socket at a time while streaming


@dataclass(frozen=True)
class Field:
    name: str  # the column and the key: the same in every language (the API's schema)
    english: str  # the CSV's header when the download is asked for in English (/en/)
    type: Any  # "texto", "fecha", "entero", "booleano", "lista de …" (translatable)
    description: Any
    value: Any  # practice → value (JSON-able)


# Open data speaks the dictionary's language: the stored codes (day, document…) as the
# Spanish words /datos/ lists, the same whatever the reader's language.
PRECISIONS = {"day": "día", "month": "mes", "year": "año"}
LINK_KINDS = {"video": "video", "document": "documento", "web": "página web"}


def _date(value):
    return value.isoformat() if value else None


def _metric(metric):
    return {
        "indicador": metric.label,
        "canal": metric.channel,
        "linea_base": float(metric.baseline) if metric.baseline is not None else None,
        "resultado": float(metric.value),
        "unidad": metric.unit,
        "mediciones": [
            {"fecha": m.measured_on.isoformat(), "resultado": float(m.value), "nota": m.note}
            for m in metric.measurements.all()
        ],
    }


def _contact(attribute):
    return lambda p: getattr(p, attribute) if p.contact_is_public else ""


FIELDS = [
    Field(
        "codigo",
        "code",
        _("texto"),
        _("Código único de la ficha (BP-PROGRAMA-ENTIDAD-NNN-AAAA)."),
        lambda p: p.code,
    ),
    Field("titulo", "title", _("texto"), _("Título de la buena práctica."), lambda p: p.title),
    Field(
        "url",
        "url",
        _("texto (URL)"),
        _("Dirección de la ficha en el catálogo."),
        lambda p: p.public_url,
    ),
    Field(
        "prestador",
        "provider",
        _("texto"),
        _("Autor de la buena práctica: nombre del prestador."),
        lambda p: p.provider.name,
    ),
    Field(
        "prestador_sigla",
        "provider_acronym",
        _("texto"),
        _("Sigla o nombre corto del prestador."),
        lambda p: p.provider.short_name,
    ),
    Field(
        "tamano_prestador",
        "provider_size",
        _("texto"),
        _("Tamaño del prestador: pequeño, mediano o grande (vacío si no se conoce)."),
        lambda p: p.provider.get_size_display(),
    ),
    Field(
        "categoria",
        "category",
        _("texto"),
        _("Categoría del reconocimiento."),
        lambda p: p.category.localized_name,
    ),
    Field(
        "edicion",
        "edition",
        _("texto"),
        _("Edición del reconocimiento Superservicios – Andesco."),
        lambda p: p.edition.name if p.edition else "",
    ),
    Field(
        "anio_edicion",
        "edition_year",
        _("entero"),
        _("Año de la edición del reconocimiento."),
        lambda p: p.edition.year if p.edition else None,
    ),
    Field(
        "reconocimiento",
        "recognition",
        _("texto"),
        _(
            "Lo que el jurado de la edición le dio: Ganadora, Mención o Finalista; vacío si "
            "la práctica no pasó por el reconocimiento en línea."
        ),
        lambda p: str(p.get_recognition_level_display()) if p.recognition_level else "",
    ),
    Field(
        "servicios",
        "services",
        _("lista de textos"),
        _("Servicios públicos a los que se refiere la práctica."),
        lambda p: [s.localized_name for s in p.services.all()],
    ),
    Field(
        "fecha_inicio",
        "start_date",
        _("fecha (AAAA-MM-DD)"),
        _("Fecha de inicio de la implementación."),
        lambda p: _date(p.start_date),
    ),
    Field(
        "precision_fecha_inicio",
        "start_date_precision",
        _("texto"),
        _(
            "Precisión de la fecha de inicio: día, mes (se conocen el mes y el año) o año "
            "(solo se conoce el año)."
        ),
        lambda p: PRECISIONS[p.start_precision] if p.start_date else "",
    ),
    Field(
        "fecha_finalizacion",
        "end_date",
        _("fecha (AAAA-MM-DD)"),
        _("Fecha de finalización; vacía si la práctica sigue en curso."),
        lambda p: _date(p.end_date),
    ),
    Field(
        "precision_fecha_finalizacion",
        "end_date_precision",
        _("texto"),
        _("Precisión de la fecha de finalización: día, mes o año."),
        lambda p: PRECISIONS[p.end_precision] if p.end_date else "",
    ),
    Field(
        "en_curso",
        "ongoing",
        _("booleano"),
        _("Verdadero si la práctica sigue en curso."),
        lambda p: p.is_ongoing,
    ),
    Field(
        "nota_fechas",
        "dates_note",
        _("texto"),
        _("Texto original de las fechas cuando no son exactas."),
        lambda p: p.dates_note,
    ),
    Field(
        "poblacion_objeto",
        "target_population",
        _("texto"),
        _("Población objeto o partes interesadas."),
        lambda p: p.target_population,
    ),
    Field("resumen", "summary", _("texto"), _("Resumen del proyecto."), lambda p: p.summary),
    Field(
        "impacto",
        "impact",
        _("texto"),
        _("Impacto generado, como lo describe la ficha."),
        lambda p: p.impact,
    ),
    Field(
        "usuarios_impactados",
        "users_reached",
        _("entero"),
        _("Número de usuarios impactados."),
        lambda p: p.users_reached,
    ),
    Field(
        "indicadores",
        "indicators",
        _(
            "lista de objetos (indicador, canal, linea_base, resultado, unidad, mediciones: "
            "lista de objetos (fecha, resultado, nota))"
        ),
        _(
            "Indicadores de impacto. «resultado» es el que registró la ficha y no cambia; "
            "«mediciones» es su seguimiento: el mismo indicador medido de nuevo, en orden de "
            "fecha (AAAA-MM-DD). En CSV: «indicador (canal): línea base → resultado unidad», "
            "seguido de la última medición si la hay («; última medición AAAA-MM-DD: "
            "resultado»); las demás mediciones solo están en JSON y en la API."
        ),
        lambda p: [_metric(m) for m in p.impact_metrics.all()],
    ),
    Field(
        "factores_exito",
        "success_factors",
        _("lista de objetos (titulo, descripcion)"),
        _("Factores de éxito, en orden; en CSV: «título: descripción»."),
        lambda p: [
            {"titulo": f.title, "descripcion": f.description} for f in p.success_factors.all()
        ],
    ),
    Field(
        "cobertura",
        "coverage",
        _("texto"),
        _("Cobertura geográfica como la expresa la ficha."),
        lambda p: p.coverage_note,
    ),
    Field(
        "departamentos",
        "departments",
        _("lista de textos"),
        _("Departamentos cubiertos."),
        lambda p: [d.name for d in p.departments.all()],
    ),
    Field(
        "codigos_departamentos",
        "department_codes",
        _("lista de textos (DIVIPOLA)"),
        _("Códigos DIVIPOLA de los departamentos cubiertos."),
        lambda p: [d.code for d in p.departments.all()],
    ),
    Field(
        "municipios",
        "municipalities",
        _("lista de textos"),
        _("Municipios cubiertos."),
        lambda p: [m.name for m in p.municipalities.all()],
    ),
    Field(
        "codigos_municipios",
        "municipality_codes",
        _("lista de textos (DIVIPOLA)"),
        _("Códigos DIVIPOLA de los municipios cubiertos."),
        lambda p: [m.code for m in p.municipalities.all()],
    ),
    Field(
        "validacion",
        "validation",
        _("texto"),
        _("Validación de la práctica."),
        lambda p: p.validation,
    ),
    Field(
        "posibilidad_replica",
        "replicability",
        _("texto"),
        _("Posibilidad de réplica."),
        lambda p: p.replicability,
    ),
    Field(
        "replicas",
        "replications",
        _("entero"),
        _(
            "Número de réplicas publicadas: prestadores que cuentan que replicaron la "
            "práctica (cada una en el conjunto de datos de réplicas)."
        ),
        lambda p: p.replication_count,
    ),
    Field("limitaciones", "limitations", _("texto"), _("Limitaciones."), lambda p: p.limitations),
    # What it takes to replicate it, as its authors estimate it (all optional).
    Field(
        "costo_desde",
        "cost_min",
        _("entero (pesos)"),
        _(
            "Costo aproximado de ponerla en marcha, en pesos colombianos del año "
            "«anio_costo»: el valor, o el menor del rango."
        ),
        lambda p: p.cost_min,
    ),
    Field(
        "costo_hasta",
        "cost_max",
        _("entero (pesos)"),
        _("El mayor valor del rango del costo aproximado; vacío si es un solo valor."),
        lambda p: p.cost_max,
    ),
    Field(
        "anio_costo",
        "cost_year",
        _("entero"),
        _("Año de los pesos del costo (el costo cambia con la inflación)."),
        lambda p: p.cost_year,
    ),
    Field(
        "personas_involucradas",
        "people_involved",
        _("entero"),
        _("Personas del prestador y de los aliados que trabajaron en la práctica."),
        lambda p: p.people_involved,
    ),
    Field(
        "meses_puesta_en_marcha",
        "setup_months",
        _("entero"),
        _("Meses que tomó ponerla en marcha."),
        lambda p: p.setup_months,
    ),
    Field(
        "tecnologia_necesaria",
        "technology_needed",
        _("texto"),
        _("Sistemas, equipos o herramientas que necesita; «ninguna» si no hace falta."),
        lambda p: p.technology,
    ),
    Field(
        "aliados",
        "partners",
        _("texto"),
        _("Entidades u organizaciones que participaron."),
        lambda p: p.partners,
    ),
    Field(
        "requisitos_previos",
        "prerequisites",
        _("texto"),
        _("Lo que un prestador debe tener antes de empezar."),
        lambda p: p.prerequisites,
    ),
    Field(
        "criterios",
        "criteria",
        _("lista de objetos (criterio, evidencia)"),
        _("Criterios de buena práctica que cumple, con su evidencia; en CSV, los nombres."),
        lambda p: [
            {"criterio": e.criterion.localized_name, "evidencia": e.evidence}
            for e in p.criterion_evidence.all()
        ],
    ),
    Field(
        "enlaces",
        "links",
        _("lista de objetos (url, texto, tipo)"),
        _("Enlaces, cada uno de tipo video, documento o página web; en CSV, las direcciones."),
        lambda p: [
            {"url": link.url, "texto": link.label, "tipo": LINK_KINDS[link.kind]}
            for link in p.links.all()
        ],
    ),
    Field(
        "contacto_cargo",
        "contact_role",
        _("texto"),
        _(
            "Cargo de quien lideró la práctica, con su autorización. Ni nombres, ni correos, "
            "ni teléfonos de personas: esos datos solo están en la ficha (con autorización)."
        ),
        _contact("contact_role"),
    ),
    Field(
        "publicada_el",
        "published_at",
        _("fecha y hora (ISO 8601)"),
        _("Primera publicación en el catálogo."),
        lambda p: p.published_at.isoformat() if p.published_at else None,
    ),
    Field(
        "actualizada_el",
        "updated_at",
        _("fecha y hora (ISO 8601)"),
        _("Última modificación."),
        lambda p: p.updated_at.isoformat(),
    ),
]
FIELD_NAMES = [f.name for f in FIELDS]


def csv_header(fields=None):
    """The CSV's first row: the field names, or their English names on the English pages
    (the cells below are the same data; the vocabularies are already in English there).
    ``fields``: another dataset's dictionary (the practices' by default)."""
    fields = FIELDS if fields is None else fields
    if get_language().startswith("es"):
        return [f.name for f in fields]
    return [f.english for f in fields]


def record(practice):
    """The practice as an open-data record ({field name: value})."""
    return {field.name: field.value(practice) for field in FIELDS}


def for_export(queryset):
    """``queryset`` with everything a record reads (the ficha's recipe), without the search
    columns."""
    return queryset.with_ficha(municipalities_by_code=True)


def records(queryset):
    """The records of ``queryset``, read a chunk at a time (memory stays flat)."""
    for practice in for_export(queryset).iterator(chunk_size=CHUNK):
        yield record(practice)


# --- CSV ---------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell):
    """A cell a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _csv_cell(name, value, number):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        if name == "indicadores":
            value = [
                indicator_cell(f"{m['indicador']} ({m['canal']})", m, number)
                + _latest_measurement(m["mediciones"], number)
                for m in value
            ]
        elif name == "factores_exito":
            value = [
                f"{f['titulo']}: {f['descripcion']}" if f["descripcion"] else f["titulo"]
                for f in value
            ]
        elif name == "criterios":
            value = [c["criterio"] for c in value]
        elif name == "enlaces":
            value = [link["url"] for link in value]
        return JOIN.join(str(v) for v in value)
    return str(value)


def indicator_cell(label, indicator, number):
    """«label: línea base → resultado unidad», an indicator in one CSV cell (a practice's
    impact metric, a replication's result)."""
    baseline = indicator["linea_base"]
    return (
        f"{label}: "
        + (f"{number(baseline)} → " if baseline is not None else "")
        + f"{number(indicator['resultado'])} {indicator['unidad']}".strip()
    )


def _latest_measurement(measurements, number):
    """The CSV's one row per practice keeps only each indicator's latest measurement."""
    if not measurements:
        return ""
    latest = measurements[-1]
    return f"; última medición {latest['fecha']}: {number(latest['resultado'])}"


def _number(value):
    return str(int(value)) if float(value).is_integer() else str(value)


def csv_row(data, number=None):
    number = number or _number
    return [neutralise(_csv_cell(name, data[name], number)) for name in FIELD_NAMES]


class _Line:
    """A file-like object that hands back what csv.writer writes, line by line."""

    def write(self, text):
        return text


def buffered(texts, size=BUFFER):
    """``texts`` joined into UTF-8 blocks of about ``size`` characters: one write to the
    socket per block, not one per practice. (The header goes before, on its own, so the
    download starts at once.)"""
    block, length = [], 0
    for text in texts:
        block.append(text)
        length += len(text)
        if length >= size:
            yield "".join(block).encode()
            block, length = [], 0
    if block:
        yield "".join(block).encode()


def stream_csv(queryset, regional=False):
    """UTF-8 with BOM (Excel in Spanish opens it right), RFC 4180 quoting, CRLF.

    ``regional``: for a spreadsheet set to Colombia's regional settings, which splits
    columns at ";" and reads "5,46" as a number: semicolons, and the figures inside the
    cells written as Colombians write them ("145.061", "5,46")."""
    return stream_table(csv_header(), records(queryset), csv_row, regional)


def stream_table(header, rows, row, regional=False):
    """A CSV download as ``stream_csv`` writes it, of any dataset: ``header``, then
    ``row(data, number)`` for each of ``rows`` (records read a chunk at a time)."""
    writer = csv.writer(
        _Line(),
        delimiter=";" if regional else ",",
        quoting=csv.QUOTE_MINIMAL,
        lineterminator="\r\n",
    )
    number = format_number if regional else _number
    yield ("\ufeff" + writer.writerow(header)).encode()
    yield from buffered(writer.writerow(row(data, number)) for data in rows)


def stream_json(queryset, meta):
    """{"meta": …, "practicas": [records…]} written a record at a time."""
    return stream_records(meta, "practicas", records(queryset))


def stream_records(meta, key, rows):
    """{"meta": …, key: [rows…]} written a record at a time, of any dataset."""
    encoder = DjangoJSONEncoder(ensure_ascii=False)
    yield ('{"meta": ' + encoder.encode(meta) + f', "{key}": [').encode()

    def items():
        first = True
        for data in rows:
            yield ("" if first else ",") + "\n" + encoder.encode(data)
            first = False
        yield "\n]}\n"

    yield from buffered(items())


def _period(practice):
    if not practice.start_date:
        return None
    end = practice.end_date.isoformat() if practice.end_date else ".."
    return f"{practice.start_date.isoformat()}/{end}"


def structured_data(practice):
    """schema.org JSON-LD of a ficha: what it is, who did it, when and where."""
    places = [
        {
            "@type": "AdministrativeArea",
            "name": department.name,
            "identifier": f"DIVIPOLA:{department.code}",
        }
        for department in practice.departments.all()
    ] + [
        {"@type": "City", "name": m.name, "identifier": f"DIVIPOLA:{m.code}"}
        for m in practice.municipalities.all()
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": practice.title,
        "identifier": practice.code,
        "url": practice.public_url,
        "description": practice.summary,
        "inLanguage": "es-CO",
        "author": {
            "@type": "Organization",
            "name": practice.provider.name,
            **(
                {"alternateName": practice.provider.short_name}
                if practice.provider.short_name
                else {}
            ),
        },
        "datePublished": practice.published_at.isoformat() if practice.published_at else None,
        "dateModified": practice.updated_at.isoformat(),
        "temporalCoverage": _period(practice),
        "spatialCoverage": places or None,
        "keywords": [practice.category.name, *(s.name for s in practice.services.all())],
        "isPartOf": {"@type": "Collection", "name": "Banco de Buenas Prácticas"},
    }
    if practice.edition:
        data["award"] = practice.edition.name
    return {key: value for key, value in data.items() if value is not None}
