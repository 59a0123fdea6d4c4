"""Open data of replications: what providers tell of adopting a published practice.

One row per published replication of a published practice (``Replication.objects.public()``,
the only rows any public surface reads), in the CSV and JSON downloads of /datos/ and in
``/api/v1/replicaciones``. ``FIELDS`` is their data dictionary, as ``exports.FIELDS`` is the
practices': /datos/ lists it, the API's schema is built from it.

Of the person who told it (the provider's representative) nothing: no name, e-mail, phone
or account. The provider, the places, the dates and the texts the entity published are
the record.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from practices.models import Municipality
from practices.opendata import exports
from practices.opendata.exports import JOIN, Field, _number, neutralise
from replication.models import Progress, Replication

CHUNK = 1000  # replications read (and prefetched) at a time while streaming

# The progress as the Spanish words the dictionary lists, whatever the reader's language.
PROGRESS = {
    Progress.ONGOING: "en curso",
    Progress.FINISHED: "terminada",
    Progress.ABANDONED: "abandonada",
}


def _moment(value):
    return value.isoformat() if value else None


def _result(result):
    return {
        "indicador": result.label,
        "linea_base": float(result.baseline) if result.baseline is not None else None,
        "resultado": float(result.value),
        "unidad": result.unit,
        "medido_el": result.measured_on.isoformat(),
    }


FIELDS = [
    Field(
        "practica_codigo",
        "practice_code",
        _("texto"),
        _("Código de la buena práctica replicada; ver /api/v1/practicas/{código}."),
        lambda r: r.practice.code,
    ),
    Field(
        "practica_titulo",
        "practice_title",
        _("texto"),
        _("Título de la buena práctica replicada."),
        lambda r: r.practice.title,
    ),
    Field(
        "url",
        "url",
        _("texto (URL)"),
        _("Dirección de la ficha de la práctica, donde se publica la réplica."),
        lambda r: r.practice.public_url,
    ),
    Field(
        "prestador",
        "provider",
        _("texto"),
        _("Prestador que replicó la práctica: su nombre."),
        lambda r: r.provider.name,
    ),
    Field(
        "prestador_sigla",
        "provider_acronym",
        _("texto"),
        _("Sigla o nombre corto del prestador que la replicó."),
        lambda r: r.provider.short_name,
    ),
    Field(
        "tamano_prestador",
        "provider_size",
        _("texto"),
        _(
            "Tamaño del prestador que la replicó: pequeño, mediano o grande (vacío si no "
            "se conoce)."
        ),
        lambda r: r.provider.get_size_display(),
    ),
    Field(
        "departamento_prestador",
        "provider_department",
        _("texto"),
        _("Departamento de la sede principal del prestador que la replicó."),
        lambda r: r.provider.department.name if r.provider.department else "",
    ),
    Field(
        "codigo_departamento_prestador",
        "provider_department_code",
        _("texto (DIVIPOLA)"),
        _("Código DIVIPOLA de ese departamento."),
        lambda r: r.provider.department_id or "",
    ),
    Field(
        "municipios",
        "municipalities",
        _("lista de textos"),
        _("Municipios donde se replicó."),
        lambda r: [m.name for m in r.municipalities.all()],
    ),
    Field(
        "codigos_municipios",
        "municipality_codes",
        _("lista de textos (DIVIPOLA)"),
        _("Códigos DIVIPOLA de esos municipios, en el mismo orden."),
        lambda r: [m.code for m in r.municipalities.all()],
    ),
    Field(
        "fecha_inicio",
        "start_date",
        _("fecha (AAAA-MM-DD)"),
        _("Fecha en que el prestador empezó a aplicar la práctica."),
        lambda r: r.started_on.isoformat(),
    ),
    Field(
        "estado",
        "progress",
        _("texto"),
        _("Cómo va la réplica: en curso, terminada o abandonada."),
        lambda r: PROGRESS.get(r.progress, r.progress),
    ),
    Field(
        "motivo_abandono",
        "reason_abandoned",
        _("texto"),
        _("Si la abandonaron: qué pasó; vacío en otro caso."),
        lambda r: r.progress_reason if r.progress == Progress.ABANDONED else "",
    ),
    Field(
        "cambios",
        "changes",
        _("texto"),
        _("Qué adaptaron de la práctica original para su prestador."),
        lambda r: r.changes,
    ),
    Field(
        "relato",
        "story",
        _("texto"),
        _("Cómo les ha ido: los resultados hasta ahora, en pocas líneas."),
        lambda r: r.story,
    ),
    Field(
        "resultados",
        "results",
        _("lista de objetos (indicador, linea_base, resultado, unidad, medido_el)"),
        _(
            "Resultados medidos, con su fecha; en CSV: «indicador: línea base → resultado "
            "unidad (AAAA-MM-DD)»."
        ),
        lambda r: [_result(result) for result in r.results.all()],
    ),
    Field(
        "respuesta_autores",
        "authors_answer",
        _("texto"),
        _("La respuesta pública de quienes lideraron la práctica original; vacía si no hay."),
        lambda r: r.answer,
    ),
    Field(
        "respondida_el",
        "answered_at",
        _("fecha y hora (ISO 8601)"),
        _("Cuándo respondieron los autores; vacía si no han respondido."),
        lambda r: _moment(r.answered_at) if r.answer else None,
    ),
    Field(
        "publicada_el",
        "published_at",
        _("fecha y hora (ISO 8601)"),
        _("Cuándo la entidad publicó la réplica, tras moderarla."),
        lambda r: _moment(r.moderated_at),
    ),
]
FIELD_NAMES = [f.name for f in FIELDS]


def public(codes=()):
    """The replications public surfaces show, newest start first; only those of the
    practices of ``codes`` when given (case-insensitive; unknown codes match nothing)."""
    replications = Replication.objects.public()
    codes = [code.strip().upper() for code in codes if code.strip()]
    if codes:
        replications = replications.filter(practice__code__in=codes)
    return replications.order_by("-started_on", "pk")


def for_export(queryset):
    """``queryset`` with everything a record reads, in a fixed number of queries."""
    return queryset.select_related("practice", "provider__department").prefetch_related(
        Prefetch("municipalities", queryset=Municipality.objects.order_by("code")), "results"
    )


def record(replication):
    """The replication as an open-data record ({field name: value})."""
    return {field.name: field.value(replication) for field in FIELDS}


def records(queryset):
    """The records of ``queryset``, read a chunk at a time (memory stays flat)."""
    for replication in for_export(queryset).iterator(chunk_size=CHUNK):
        yield record(replication)


# --- CSV and JSON ----------------------------------------------------------------------


def csv_header():
    """Field names, or their English names on the English pages (exports.csv_header)."""
    return exports.csv_header(FIELDS)


def _csv_cell(name, value, number):
    if value is None:
        return ""
    if isinstance(value, list):
        if name == "resultados":
            value = [
                exports.indicator_cell(r["indicador"], r, number) + f" ({r['medido_el']})"
                for r in value
            ]
        return JOIN.join(str(v) for v in value)
    return str(value)


def csv_row(data, number=_number):
    return [neutralise(_csv_cell(name, data[name], number)) for name in FIELD_NAMES]


def stream_csv(queryset, regional=False):
    """As exports.stream_csv: UTF-8 with BOM, CRLF; ``regional``: semicolons and the
    figures as Colombians write them."""
    return exports.stream_table(csv_header(), records(queryset), csv_row, regional)


def stream_json(queryset, meta):
    """{"meta": …, "replicas": [records…]} written a record at a time."""
    return exports.stream_records(meta, "replicas", records(queryset))
