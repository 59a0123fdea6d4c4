"""The read-only JSON API, version 1 (django-ninja), mounted at /api/v1/.

- ``/practicas``: the public list's filters (the same parameter names, values and
  leniency: practices.listing.filtered_practices), paginated; each practice is the
  open-data record of practices.opendata.exports, the same keys and values as the JSON export.
- ``/practicas/{code}``: one published practice's record.
- Reference lists (``/categorias``, ``/servicios``, ``/departamentos``, ``/criterios``,
  ``/ediciones``, ``/prestadores``): what published practices use, with how many use it.
- ``/replicaciones``: published replications of published practices, the records of
  practices.opendata.replications (never anything of the representative who told them).

Only published practices are counted or shown: every query starts from
``Practice.objects.published()``. Every answer the API can give (200, 404, 422) is declared
in the OpenAPI document (``/api/v1/openapi.json``); ``/api/v1/docs`` is that document
rendered on the server as a page in Spanish (practices.opendata.api_docs), with no JavaScript.

The API speaks Spanish whatever the visitor's language, like its field names: its texts
are marked for translation (``gettext_noop``) but used as written, and the data
dictionary's descriptions are read in the site's language.
"""

import re
from typing import Annotated, Literal

from django.conf import settings
from django.core.paginator import InvalidPage
from django.db.models import Count, Exists, OuterRef, Subquery
from django.http import QueryDict
from django.urls import register_converter
from django.utils import translation
from django.utils.translation import gettext_noop as _
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import HttpError
from ninja.renderers import JSONRenderer
from pydantic import ConfigDict, WithJsonSchema, create_model

from ops import ratelimit
from ops.site import site_url
from practices.filters import ChoiceFilter, PracticeFilter, usable
from practices.listing import (
    SORTS,
    counted_paginator,
    database_order,
    filtered_practices,
    query_resolution,
)
from practices.models import (
    CODE_PATTERN,
    Category,
    Criterion,
    Department,
    Edition,
    Practice,
    Provider,
    ProviderSize,
    RecognitionLevel,
    Service,
)
from practices.opendata import exports as opendata
from practices.opendata import replications as replication_data
from practices.opendata.api_docs import ServerRenderedDocs

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class AnyTextConverter:
    """Any non-empty path segment(s), newlines and slashes included: whatever is asked for
    as a code reaches the view and gets the API's JSON 404, not the site's HTML one."""

    regex = r"[\s\S]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(AnyTextConverter, "anytext")


class SpanishJSONRenderer(JSONRenderer):
    """UTF-8 JSON that keeps «ñ» and tildes readable instead of \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title=_("API del Banco de Buenas Prácticas"),
    version="1",
    description=_(
        "Consulta de solo lectura, en JSON, de las buenas prácticas publicadas por los "
        "prestadores de servicios públicos domiciliarios de Colombia (reconocimiento "
        "Superservicios – Andesco). Cada práctica tiene los mismos campos que las descargas "
        "de datos abiertos (diccionario de datos en /datos/). Solo se muestran prácticas "
        "publicadas. Los filtros de /practicas son los de la lista pública: un valor "
        "desconocido se ignora, no es un error."
    ),
    urls_namespace="api",
    docs=ServerRenderedDocs(),
    docs_url="/docs",
    renderer=SpanishJSONRenderer(),
)

PRACTICES_TAG = _("Buenas prácticas")
REPLICATIONS_TAG = _("Réplicas")
REFERENCE_TAG = _("Listas de referencia")


def described(text):
    """A schema's description in the OpenAPI document (docstrings stay in English)."""
    return ConfigDict(json_schema_extra={"description": text})


# --- Errors ------------------------------------------------------------------------------


class Error(Schema):
    # The resource or the page does not exist.
    model_config = described(_("Un error: qué no existe."))

    detail: str = Field(
        description=_("Qué salió mal, en español."),
        examples=[_("No hay ninguna buena práctica publicada con ese código.")],
    )


class ValidationIssue(Schema):
    model_config = ConfigDict(
        extra="allow", json_schema_extra={"description": _("Un parámetro no válido.")}
    )

    type: str = Field(description=_("Tipo de error de validación."), examples=["less_than_equal"])
    loc: list[str | int] = Field(
        description=_("Dónde está el error: la fuente y el nombre del parámetro."),
        examples=[["query", "page_size"]],
    )
    msg: str = Field(
        description=_("Descripción del error (en inglés, como la da el validador)."),
        examples=["Input should be less than or equal to 100"],
    )


class ValidationErrors(Schema):
    # A parameter is not of its type or out of its range (e.g. page=0, page_size=1000).
    model_config = described(
        _("Parámetros no válidos: no son del tipo esperado o están fuera de rango.")
    )

    detail: list[ValidationIssue] = Field(description=_("Los errores, uno por parámetro."))


ANSWERS = {
    404: (
        Error,
        _("No existe: un código desconocido o no publicado, o una página posterior a la última."),
    ),
    422: (
        ValidationErrors,
        _("Un parámetro no es del tipo esperado o está fuera de rango (p. ej. page=0)."),
    ),
    429: (
        Error,
        _(
            "Demasiadas consultas seguidas desde la misma dirección: espere los segundos que "
            "indica la cabecera Retry-After."
        ),
    ),
}


@api.exception_handler(ratelimit.RateLimited)
def too_many_requests(request, limited):
    """Over the client's limit of searches per minute (ops.ratelimit)."""
    response = api.create_response(
        request,
        {
            "detail": _(
                "Demasiadas consultas seguidas desde la misma dirección. Vuelva a intentarlo "
                "en %(seconds)d segundos."
            )
            % {"seconds": limited.retry_after}
        },
        status=429,
    )
    response["Retry-After"] = str(limited.retry_after)
    return response


def endpoint(path, ok, *errors, summary, description, tag, examples=(), **kwargs):
    """``api.get`` with the answers it can give (200 and ``errors``) described in Spanish."""
    extra = {"responses": {200: {"description": _("Correcto.")}}}
    response = {200: ok}
    for status in errors:
        schema, text = ANSWERS[status]
        response[status] = schema
        extra["responses"][status] = {"description": text}
    if examples:
        extra["x-ejemplos"] = list(examples)
    return api.get(
        path,
        response=response,
        summary=summary,
        description=description,
        tags=[tag],
        openapi_extra=extra,
        **kwargs,
    )


# --- The record of a practice ------------------------------------------------------------

# JSON strings in a known format, kept exactly as the exports write them.
IsoDate = Annotated[str, WithJsonSchema({"type": "string", "format": "date"})]
IsoDateTime = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]
Url = Annotated[str, WithJsonSchema({"type": "string", "format": "uri"})]


class MeasurementOut(Schema):
    model_config = described(
        _("Una medición de seguimiento: el indicador medido de nuevo en una fecha.")
    )

    fecha: IsoDate = Field(examples=["2024-03-15"])
    resultado: float = Field(examples=[412])
    nota: str = Field(
        description=_("Fuente o comentario de la medición; puede estar vacía."),
        examples=["Informe de gestión 2023"],
    )


class ImpactMetricOut(Schema):
    model_config = described(_("Un indicador de impacto."))

    indicador: str = Field(examples=["PQR atendidas por mes"])
    canal: str = Field(
        description=_("Canal de atención medido; puede estar vacío."), examples=["Portal web"]
    )
    linea_base: float | None = Field(
        description=_("Valor antes de la práctica, si se conoce."), examples=[56]
    )
    resultado: float = Field(
        description=_("El resultado que registró la ficha; no cambia con el seguimiento."),
        examples=[381],
    )
    unidad: str = Field(examples=["PQR por mes"])
    mediciones: list[MeasurementOut] = Field(
        description=_("Su seguimiento en el tiempo, en orden de fecha; vacío si no lo hay.")
    )


class SuccessFactorOut(Schema):
    model_config = described(_("Un factor de éxito."))

    titulo: str = Field(examples=["Canales digitales"])
    descripcion: str = Field(examples=["Portal web, videollamada y chat para atender PQR."])


class CriterionEvidenceOut(Schema):
    model_config = described(_("Un criterio de buena práctica que cumple, con su evidencia."))

    criterio: str = Field(examples=["Eficaz"])
    evidencia: str = Field(examples=["Se atendieron 381 PQR por mes en el portal web."])


class LinkOut(Schema):
    model_config = described(_("Un enlace: video, documento o página web."))

    url: Url = Field(examples=["https://www.youtube.com/watch?v=J17XR04OT6Y"])
    texto: str
    tipo: str = Field(
        description=_("Tipo de enlace: video, documento o página web."),
        json_schema_extra={"enum": list(opendata.LINK_KINDS.values())},
    )


# The type and an example of each field of practices.opendata.exports.FIELDS (described there).
RECORD_TYPES = {
    "codigo": (str, "BP-ANDESCO-SSPD-002-2021"),
    "titulo": (str, "Somos la energía que mueve el desarrollo del Quindío"),
    "url": (Url, "https://example.gov.co/practicas/BP-ANDESCO-SSPD-002-2021/"),
    "prestador": (str, "Empresa de Energía del Quindío SA ESP"),
    "prestador_sigla": (str, "EDEQ"),
    "tamano_prestador": (str, "Mediano"),
    "categoria": (str, "Atención a usuarios en tiempos de COVID"),
    "edicion": (str, "Tercer Reconocimiento Superservicios – Andesco"),
    "anio_edicion": (int | None, 2020),
    "reconocimiento": (str, "Ganadora"),
    "servicios": (list[str], ["Energía eléctrica"]),
    "fecha_inicio": (IsoDate | None, "2020-03-15"),
    "precision_fecha_inicio": (str, "día"),
    "fecha_finalizacion": (IsoDate | None, "2020-12-31"),
    "precision_fecha_finalizacion": (str, "día"),
    "en_curso": (bool, False),
    "nota_fechas": (str, ""),
    "poblacion_objeto": (str, "Municipios del departamento del Quindío"),
    "resumen": (str, "La práctica se enmarca en asegurar la atención a usuarios…"),
    "impacto": (str, "Se impactaron a 145.061 usuarios…"),
    "usuarios_impactados": (int | None, 145061),
    "indicadores": (list[ImpactMetricOut], None),
    "factores_exito": (list[SuccessFactorOut], None),
    "cobertura": (str, "Departamento del Quindío"),
    "departamentos": (list[str], ["Quindío"]),
    "codigos_departamentos": (list[str], ["63"]),
    "municipios": (list[str], ["Armenia"]),
    "codigos_municipios": (list[str], ["63001"]),
    "validacion": (str, ""),
    "posibilidad_replica": (str, "Es replicable en cualquier prestador…"),
    "replicas": (int, 2),
    "limitaciones": (str, "La conectividad de los usuarios rurales…"),
    "costo_desde": (int | None, 20000000),
    "costo_hasta": (int | None, 35000000),
    "anio_costo": (int | None, 2024),
    "personas_involucradas": (int | None, 12),
    "meses_puesta_en_marcha": (int | None, 6),
    "tecnologia_necesaria": (str, "Portal web de PQR y licencias de videollamada"),
    "aliados": (str, "Alcaldías del Quindío"),
    "requisitos_previos": (str, "Un sistema de gestión de PQR"),
    "criterios": (list[CriterionEvidenceOut], None),
    "enlaces": (list[LinkOut], None),
    "contacto_cargo": (str, ""),
    "publicada_el": (IsoDateTime | None, "2021-11-30T15:00:00+00:00"),
    "actualizada_el": (IsoDateTime, "2021-11-30T15:00:00+00:00"),
}


def _record_schema(name, doc, dictionary, types, types_name="RECORD_TYPES"):
    """The response schema of a record: the fields of ``dictionary`` (an open-data FIELDS,
    their descriptions) with the types and examples of ``types``."""
    names = [field.name for field in dictionary]
    missing = [name for name in names if name not in types]
    extra = [name for name in types if name not in names]
    if missing or extra:  # a field added to the data dictionary needs its type here
        raise RuntimeError(f"api.{types_name} is out of step: {missing=} {extra=}")
    fields = {}
    for field in dictionary:
        annotation, example = types[field.name]
        with translation.override(settings.LANGUAGE_CODE):
            info = {"description": str(field.description)}
        if example is not None:
            info["examples"] = [example]
        fields[field.name] = (annotation, Field(**info))
    return create_model(name, __base__=Schema, __doc__=doc, **fields)


PracticeOut = _record_schema(
    "Practica",
    _(
        "Una buena práctica publicada: los mismos campos, en el mismo orden, que las "
        "descargas CSV y JSON (diccionario de datos en /datos/)."
    ),
    opendata.FIELDS,
    RECORD_TYPES,
)


def page_schema(name, item, doc, **extra):
    return create_model(
        name,
        __base__=Schema,
        __doc__=doc,
        count=(int, Field(description=_("Total de resultados (todas las páginas)."))),
        page=(int, Field(description=_("Número de esta página (desde 1)."), examples=[1])),
        page_size=(int, Field(description=_("Resultados por página."), examples=[20])),
        next=(
            Url | None,
            Field(description=_("Dirección de la página siguiente (null en la última).")),
        ),
        previous=(
            Url | None,
            Field(description=_("Dirección de la página anterior (null en la primera).")),
        ),
        results=(list[item], Field(description=_("Los resultados de esta página."))),
        **extra,
    )


PracticePage = page_schema(
    "PaginaPracticas",
    PracticeOut,
    _("Una página de buenas prácticas, las más recientes primero."),
    consulta_corregida=(
        str | None,
        Field(
            description=_(
                "Cuando ninguna práctica publicada contiene las palabras de «q», la corrección "
                "que se buscó en su lugar (la misma que hace la lista); null si no la hubo."
            ),
            examples=["facturación"],
        ),
    ),
    coincidencia_parcial=(
        bool,
        Field(
            description=_(
                "Verdadero cuando ninguna práctica publicada contiene todas las palabras de "
                "«q» (ni corregidas) y se devuelven las que contienen más de ellas, como en "
                "la lista."
            ),
            examples=[False],
        ),
    ),
)


# --- Parameters --------------------------------------------------------------------------


def _repeatable(text, example):
    return Field(
        default=[],
        description=f"{text} " + _("Se puede repetir: cualquiera de los valores."),
        json_schema_extra={"example": [example]},
    )


# What each of the public list's filters means to an API client, with an example. The
# filters themselves, their names and which take several values, are PracticeFilter's.
FILTER_DOCS = {
    "q": (
        _("Búsqueda de texto (sin distinguir tildes ni mayúsculas), como en la lista pública."),
        "pqr",
    ),
    "categoria": (
        _("Identificador (slug) de una categoría; ver /api/v1/categorias."),
        "atencion-a-usuarios-en-tiempos-de-covid",
    ),
    "servicio": (_("Identificador (slug) de un servicio; ver /api/v1/servicios."), "acueducto"),
    "tamano": (
        _("Tamaño del prestador: %(values)s.") % {"values": ", ".join(ProviderSize.values)},
        "mediano",
    ),
    "prestador": (_("Identificador (slug) de un prestador; ver /api/v1/prestadores."), "edeq"),
    "departamento": (
        _("Identificador (slug) de un departamento cubierto; ver /api/v1/departamentos."),
        "quindio",
    ),
    "municipio": (_("Código DIVIPOLA (cinco dígitos) de un municipio cubierto."), "63001"),
    "edicion": (_("Número de la edición del reconocimiento; ver /api/v1/ediciones."), "3"),
    "reconocimiento": (
        _("Lo que dio el jurado: %(values)s.") % {"values": ", ".join(RecognitionLevel.values)},
        "ganadora",
    ),
    "criterio": (
        _("Identificador (slug) de un criterio de buena práctica; ver /api/v1/criterios."),
        "eficaz",
    ),
    "desde": (_("Año de inicio mínimo (cuatro cifras; otro valor se ignora)."), "2020"),
    "hasta": (_("Año de inicio máximo (cuatro cifras; otro valor se ignora)."), "2021"),
    "en_curso": (_("«1» o «si»: solo las prácticas que siguen en curso."), "1"),
    "replicada": (
        _(
            "«si»: solo las prácticas replicadas por otros prestadores (con al menos una "
            "réplica publicada; ver /api/v1/replicaciones)."
        ),
        "si",
    ),
}


class _Filters(Schema):
    def querydict(self):
        """The filters as the list page receives them (a QueryDict of strings)."""
        data = QueryDict(mutable=True)
        for name, value in self.model_dump().items():
            values = value if isinstance(value, list) else [value] if value else []
            values = usable(values)
            if values:
                data.setlist(name, values)
        return data


def _filter_fields():
    """The API's query parameters, one per filter of the public list (PracticeFilter), in
    its order: a list of strings where the filter takes several values."""
    fields = {}
    for name, list_filter in PracticeFilter.base_filters.items():
        text, example = FILTER_DOCS[name]  # a new filter needs its documentation here
        if isinstance(list_filter, ChoiceFilter):
            fields[name] = (list[str], _repeatable(text, example))
        else:
            extra = {"example": example}
            fields[name] = (str, Field(default="", description=text, json_schema_extra=extra))
    return fields


PracticeFilters = create_model("PracticeFilters", __base__=_Filters, **_filter_fields())


DEFAULT_SORT = "recientes"


class Sort(Schema):
    orden: Literal[tuple(SORTS)] = Field(
        default=DEFAULT_SORT,
        description=_(
            "Orden de los resultados, el de la lista pública: recientes (por omisión), "
            "titulo, inicio (fecha de inicio), usuarios (usuarios impactados) o "
            "replicaciones (las más replicadas primero; a igual número, las más recientes)."
        ),
        json_schema_extra={"example": "replicaciones"},
    )


class PracticeCode(Schema):
    code: str = Field(
        min_length=1,
        description=_("Código de la ficha (BP-PROGRAMA-ENTIDAD-NNN-AAAA)."),
        json_schema_extra={"example": "BP-ANDESCO-SSPD-002-2021"},
    )


class Pagination(Schema):
    page: int = Field(
        default=1,
        ge=1,
        description=_("Número de página, desde 1."),
        json_schema_extra={"example": 1},
    )
    page_size: int = Field(
        default=DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=_("Resultados por página, de 1 a %(max)d.") % {"max": MAX_PAGE_SIZE},
        json_schema_extra={"example": DEFAULT_PAGE_SIZE},
    )


def paginate(request, pagination, count, extra):
    """(offset, the page's fields but results) or a 404 for a page beyond the last."""
    paginator = counted_paginator(count, pagination.page_size)
    try:
        page = paginator.page(pagination.page)
    except InvalidPage as error:
        message = _("Esa página no existe: hay %(pages)d en total.") % {
            "pages": paginator.num_pages
        }
        raise HttpError(404, message) from error

    def url(page):
        data = extra.copy()
        data["page_size"] = str(pagination.page_size)
        data["page"] = str(page)
        return f"{site_url()}{request.path}?{data.urlencode()}"

    number = page.number
    return (number - 1) * paginator.per_page, {
        "count": count,
        "page": number,
        "page_size": paginator.per_page,
        "next": url(number + 1) if page.has_next() else None,
        "previous": url(number - 1) if page.has_previous() else None,
    }


# --- Practices ---------------------------------------------------------------------------


@endpoint(
    "/practicas",
    PracticePage,
    404,
    422,
    429,
    url_name="practice_list",
    operation_id="practice_list",
    summary=_("Buenas prácticas publicadas, filtradas y paginadas"),
    description=_(
        "Las prácticas publicadas que cumplen todos los filtros, las más recientes primero "
        "(u otro orden de la lista: «orden»), con los mismos resultados que la lista pública "
        "y las descargas para los mismos filtros. Los valores de un mismo filtro son "
        "alternativas (O); filtros distintos se "
        "combinan (Y). Un valor desconocido se ignora. Una página posterior a la última "
        "responde 404; un número de página o un tamaño fuera de rango, 422; demasiadas "
        "consultas por minuto desde la misma dirección, 429."
    ),
    tag=PRACTICES_TAG,
    examples=[
        "?page_size=5",
        "?servicio=acueducto&servicio=alcantarillado&tamano=pequeno",
        "?q=pqr&departamento=quindio&en_curso=1",
        "?replicada=si&orden=replicaciones",
    ],
)
def practice_list(
    request, filters: Query[PracticeFilters], sort: Query[Sort], pagination: Query[Pagination]
):
    ratelimit.check(request, "search")
    data = filters.querydict()
    resolved = query_resolution(data)
    practices = filtered_practices(data, resolved)
    kept = data.copy()  # what the next and previous pages keep
    if sort.orden != DEFAULT_SORT:
        practices = practices.order_by(*database_order(sort.orden))
        kept["orden"] = sort.orden
    offset, page = paginate(request, pagination, practices.count(), kept)
    rows = opendata.for_export(practices)[offset : offset + pagination.page_size]
    return {
        **page,
        "consulta_corregida": resolved.corrected or None,
        "coincidencia_parcial": resolved.partial,
        "results": [opendata.record(practice) for practice in rows],
    }


@endpoint(
    "/practicas/{anytext:code}",
    PracticeOut,
    404,
    url_name="practice_detail",
    operation_id="practice_detail",
    summary=_("Una buena práctica publicada, por su código"),
    description=_(
        "La ficha como datos. Un código desconocido, o el de una práctica que no está "
        "publicada, responde 404. No distingue mayúsculas."
    ),
    tag=PRACTICES_TAG,
    examples=["BP-ANDESCO-SSPD-002-2021"],
)
def practice_detail(request, path: Path[PracticeCode]):
    code = path.code.strip().upper()
    practice = None
    if re.fullmatch(CODE_PATTERN, code):  # anything else cannot be a code: no query
        practice = opendata.for_export(Practice.objects.published().with_code(code)).first()
    if practice is None:
        raise HttpError(404, _("No hay ninguna buena práctica publicada con ese código."))
    return opendata.record(practice)


# --- Reference lists ---------------------------------------------------------------------
# Each names only what at least one published practice uses, with how many use it: an
# entry created for a draft (an import creates providers and categories) stays hidden.


def _count_field():
    return Field(description=_("Número de buenas prácticas publicadas que lo usan."), examples=[12])


class CategoryOut(Schema):
    model_config = described(_("Una categoría del reconocimiento."))

    slug: str = Field(
        description=_("Identificador: el valor del filtro «categoria»."),
        examples=["atencion-a-usuarios-en-tiempos-de-covid"],
    )
    nombre: str = Field(examples=["Atención a usuarios en tiempos de COVID"])
    descripcion: str
    practicas: int = _count_field()


class ServiceOut(Schema):
    model_config = described(_("Un servicio público domiciliario."))

    slug: str = Field(
        description=_("Identificador: el valor del filtro «servicio»."), examples=["acueducto"]
    )
    nombre: str = Field(examples=["Acueducto"])
    practicas: int = _count_field()


class DepartmentOut(Schema):
    model_config = described(_("Un departamento de Colombia (Bogotá D.C. cuenta como uno)."))

    codigo: str = Field(description=_("Código DIVIPOLA (dos dígitos)."), examples=["63"])
    nombre: str = Field(examples=["Quindío"])
    slug: str = Field(
        description=_("Identificador: el valor del filtro «departamento»."), examples=["quindio"]
    )
    practicas: int = _count_field()


class CriterionOut(Schema):
    model_config = described(_("Un criterio de buena práctica."))

    slug: str = Field(
        description=_("Identificador: el valor del filtro «criterio»."), examples=["eficaz"]
    )
    nombre: str = Field(examples=["Eficaz"])
    descripcion: str
    practicas: int = _count_field()


class EditionOut(Schema):
    model_config = described(_("Una edición del reconocimiento Superservicios – Andesco."))

    numero: int = Field(description=_("Número: el valor del filtro «edicion»."), examples=[3])
    anio: int = Field(examples=[2021])
    nombre: str = Field(examples=["Tercer Reconocimiento Superservicios – Andesco"])
    practicas: int = _count_field()


class ProviderOut(Schema):
    model_config = described(_("Un prestador de servicios públicos domiciliarios."))

    nombre: str = Field(examples=["Empresa de Energía del Quindío SA ESP"])
    sigla: str = Field(description=_("Sigla o nombre corto."), examples=["EDEQ"])
    slug: str = Field(
        description=_("Identificador: el valor del filtro «prestador»."), examples=["edeq"]
    )
    tamano: str = Field(
        description=_("Tamaño (el valor del filtro «tamano»); vacío si no se conoce."),
        json_schema_extra={"enum": [*ProviderSize.values, ""]},
    )
    codigo_departamento: str | None = Field(
        description=_("Código DIVIPOLA del departamento de su sede principal."), examples=["63"]
    )
    practicas: int = _count_field()


ProviderPage = page_schema(
    "PaginaPrestadores", ProviderOut, _("Una página de prestadores, por nombre.")
)


def _counted(path):
    return Practice.objects.published().facet_counts(path)


def _reference(path, operation_id, summary, schema):
    return endpoint(
        path,
        list[schema],
        url_name=operation_id,
        operation_id=operation_id,
        summary=summary,
        description=_(
            "Solo lo que usa al menos una buena práctica publicada, con cuántas lo usan."
        ),
        tag=REFERENCE_TAG,
    )


@_reference("/categorias", "category_list", _("Categorías del reconocimiento"), CategoryOut)
def category_list(request):
    counts = _counted("category__slug")
    return [
        {
            "slug": c.slug,
            "nombre": c.name,
            "descripcion": c.description,
            "practicas": counts[c.slug],
        }
        for c in Category.objects.filter(slug__in=list(counts))
    ]


@_reference("/servicios", "service_list", _("Servicios públicos"), ServiceOut)
def service_list(request):
    counts = _counted("services__slug")
    return [
        {"slug": s.slug, "nombre": s.name, "practicas": counts[s.slug]}
        for s in Service.objects.filter(slug__in=list(counts))
    ]


@_reference(
    "/departamentos", "department_list", _("Departamentos con sus códigos DIVIPOLA"), DepartmentOut
)
def department_list(request):
    counts = _counted("departments__code")
    return [
        {"codigo": d.code, "nombre": d.name, "slug": d.slug, "practicas": counts[d.code]}
        for d in Department.objects.filter(code__in=list(counts))
    ]


@_reference("/criterios", "criterion_list", _("Criterios de buena práctica"), CriterionOut)
def criterion_list(request):
    counts = _counted("criterion_evidence__criterion__slug")
    return [
        {
            "slug": c.slug,
            "nombre": c.name,
            "descripcion": c.description,
            "practicas": counts[c.slug],
        }
        for c in Criterion.objects.filter(slug__in=list(counts))
    ]


@_reference("/ediciones", "edition_list", _("Ediciones del reconocimiento"), EditionOut)
def edition_list(request):
    counts = _counted("edition__number")
    return [
        {"numero": e.number, "anio": e.year, "nombre": e.name, "practicas": counts[e.number]}
        for e in Edition.objects.filter(number__in=list(counts))
    ]


@endpoint(
    "/prestadores",
    ProviderPage,
    404,
    422,
    url_name="provider_list",
    operation_id="provider_list",
    summary=_("Prestadores, autores de buenas prácticas"),
    description=_(
        "Los prestadores con al menos una buena práctica publicada, por nombre, con cuántas "
        "tienen; paginado como /practicas."
    ),
    tag=REFERENCE_TAG,
)
def provider_list(request, pagination: Query[Pagination]):
    published = Practice.objects.published().filter(provider=OuterRef("pk")).order_by()
    count = published.values("provider").annotate(n=Count("pk")).values("n")
    providers = (
        Provider.objects.filter(Exists(published))
        .annotate(practicas=Subquery(count))
        .order_by("name", "pk")
    )
    offset, page = paginate(request, pagination, providers.count(), QueryDict(mutable=True))
    rows = providers[offset : offset + pagination.page_size]
    return {
        **page,
        "results": [
            {
                "nombre": p.name,
                "sigla": p.short_name,
                "slug": p.slug,
                "tamano": p.size,
                "codigo_departamento": p.department_id,
                "practicas": p.practicas,
            }
            for p in rows
        ],
    }


# --- Replications --------------------------------------------------------------------------
# What providers tell of adopting a published practice: Replication.objects.public() only,
# and nothing of the representative who told it (practices.opendata.replications).


class ReplicationResultOut(Schema):
    model_config = described(_("Un resultado medido de la réplica."))

    indicador: str = Field(examples=["PQR atendidas por mes"])
    linea_base: float | None = Field(
        description=_("Valor antes de la réplica, si se conoce."), examples=[40]
    )
    resultado: float = Field(examples=[120])
    unidad: str = Field(examples=["PQR por mes"])
    medido_el: IsoDate = Field(description=_("Fecha de la medición."), examples=["2024-06-30"])


# The type and an example of each field of practices.opendata.replications.FIELDS.
REPLICATION_TYPES = {
    "practica_codigo": (str, "BP-ANDESCO-SSPD-002-2021"),
    "practica_titulo": (str, "Somos la energía que mueve el desarrollo del Quindío"),
    "url": (Url, "https://example.gov.co/practicas/BP-ANDESCO-SSPD-002-2021/"),
    "prestador": (str, "Empresas Públicas de Armenia ESP"),
    "prestador_sigla": (str, "EPA"),
    "tamano_prestador": (str, "Mediano"),
    "departamento_prestador": (str, "Quindío"),
    "codigo_departamento_prestador": (str, "63"),
    "municipios": (list[str], ["Armenia"]),
    "codigos_municipios": (list[str], ["63001"]),
    "fecha_inicio": (IsoDate, "2024-02-01"),
    "estado": (
        Annotated[
            str,
            WithJsonSchema({"type": "string", "enum": list(replication_data.PROGRESS.values())}),
        ],
        "en curso",
    ),
    "motivo_abandono": (str, ""),
    "cambios": (str, "Atención por videollamada solo en horario de oficina."),
    "relato": (str, "En seis meses se triplicaron las PQR atendidas en línea."),
    "resultados": (list[ReplicationResultOut], None),
    "respuesta_autores": (str, "Gracias por contarlo: nos sirvió saber qué adaptaron."),
    "respondida_el": (IsoDateTime | None, None),
    "publicada_el": (IsoDateTime | None, "2024-08-01T15:00:00+00:00"),
}

ReplicationOut = _record_schema(
    "Replica",
    _(
        "Una réplica publicada: lo que un prestador cuenta de haber aplicado una buena "
        "práctica publicada. Los mismos campos que las descargas de réplicas de /datos/; "
        "ningún dato de la persona que la contó."
    ),
    replication_data.FIELDS,
    REPLICATION_TYPES,
    "REPLICATION_TYPES",
)

ReplicationPage = page_schema(
    "PaginaReplicas",
    ReplicationOut,
    _("Una página de réplicas, de la que empezó más recientemente a la más antigua."),
)


class ReplicationFilters(_Filters):
    practica: list[str] = _repeatable(
        _("Código de la buena práctica replicada (sin distinguir mayúsculas)."),
        "BP-ANDESCO-SSPD-002-2021",
    )


@endpoint(
    "/replicaciones",
    ReplicationPage,
    404,
    422,
    url_name="replication_list",
    operation_id="replication_list",
    summary=_("Réplicas publicadas de buenas prácticas"),
    description=_(
        "Lo que los prestadores cuentan de haber replicado una buena práctica publicada, "
        "una vez moderado y publicado por la entidad: dónde (municipios DIVIPOLA), desde "
        "cuándo, qué cambiaron, cómo les ha ido, sus resultados medidos y la respuesta de "
        "los autores. Sin datos de la persona que la contó. Paginado como /practicas; un "
        "código desconocido no es un error (ninguna réplica)."
    ),
    tag=REPLICATIONS_TAG,
    examples=["?practica=BP-ANDESCO-SSPD-002-2021", "?page_size=5"],
)
def replication_list(request, filters: Query[ReplicationFilters], pagination: Query[Pagination]):
    data = filters.querydict()
    replications = replication_data.public(data.getlist("practica"))
    offset, page = paginate(request, pagination, replications.count(), data)
    rows = replication_data.for_export(replications)[offset : offset + pagination.page_size]
    return {**page, "results": [replication_data.record(r) for r in rows]}
