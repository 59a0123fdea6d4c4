import json

from django.conf import settings
from django.http import (
    JsonResponse,
    StreamingHttpResponse,
)
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from ops.ratelimit import rate_limited
from ops.site import site_url
from practices import snapshot as snapshots
from practices.listing import (
    EXPORT_KEPT_ROWS,
    cached_content,
    exported,
)
from practices.models import Practice
from practices.opendata import exports as opendata
from practices.opendata import replications as replication_data


def _export_filename(extension):
    return f"buenas-practicas-{timezone.localdate().isoformat()}.{extension}"


# ?formato=excel-co: the CSV for a spreadsheet set to Colombia's regional settings.
REGIONAL_CSV = "excel-co"


@rate_limited("export")
def export_csv(request):
    """The list's current results (every page) as CSV (comma separated; with
    ``formato=excel-co``, semicolons and decimal commas)."""
    regional = request.GET.get("formato") == REGIONAL_CSV

    def stream(practices, resolved):
        return opendata.stream_csv(practices, regional=regional)

    return _export(request, "csv", stream, "text/csv; charset=utf-8", "attachment")


@rate_limited("export")
def export_json(request):
    """The list's current results (every page) as JSON, with what they are."""

    def stream(practices, resolved):
        meta = {
            "fuente": site_url() + reverse("practices:list"),
            "consulta": {key: request.GET.getlist(key) for key in request.GET if key != "page"},
            # Nothing published has the words of q: the list's correction was searched, or
            # else the practices with most of them are given.
            "consulta_corregida": resolved.corrected or None,
            "coincidencia_parcial": resolved.partial,
            "generado_el": timezone.now().isoformat(timespec="seconds"),
            "licencia": settings.OPEN_DATA["license_name"],
            "licencia_url": settings.OPEN_DATA["license_url"],
            "diccionario_de_datos": site_url() + reverse("practices:data"),
        }
        return opendata.stream_json(practices, meta)

    return _export(request, "json", stream, "application/json; charset=utf-8", "inline")


def _export(request, extension, stream, content_type, disposition):
    """Streamed; a small result is written whole and kept until the catalogue changes."""
    current = snapshots.current()
    practices, count, resolved = exported(request.GET, current)
    content = stream(practices, resolved)
    if count is not None and count <= EXPORT_KEPT_ROWS:
        query = sorted((key, request.GET.getlist(key)) for key in request.GET)
        parts = (query, timezone.localdate().isoformat())
        whole = cached_content(f"export_{extension}", parts, lambda: b"".join(content), current[1])
        content = [whole]
    response = StreamingHttpResponse(content, content_type=content_type)
    filename = _export_filename(extension)
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _replications(extension, content, content_type, disposition):
    response = StreamingHttpResponse(content, content_type=content_type)
    filename = f"replicas-{timezone.localdate().isoformat()}.{extension}"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@rate_limited("export")
def replications_csv(request):
    """Every published replication (of the practices ``practica`` names, if any) as CSV,
    one row each; ``formato=excel-co`` as for the practices."""
    replications = replication_data.public(request.GET.getlist("practica"))
    regional = request.GET.get("formato") == REGIONAL_CSV
    content = replication_data.stream_csv(replications, regional=regional)
    return _replications("csv", content, "text/csv; charset=utf-8", "attachment")


@rate_limited("export")
def replications_json(request):
    """Every published replication (of the practices ``practica`` names, if any) as JSON."""
    meta = {
        "fuente": site_url() + reverse("practices:data"),
        "consulta": {key: request.GET.getlist(key) for key in request.GET},
        "generado_el": timezone.now().isoformat(timespec="seconds"),
        "licencia": settings.OPEN_DATA["license_name"],
        "licencia_url": settings.OPEN_DATA["license_url"],
        "diccionario_de_datos": site_url() + reverse("practices:data") + "#diccionario-replicas",
    }
    replications = replication_data.public(request.GET.getlist("practica"))
    content = replication_data.stream_json(replications, meta)
    return _replications("json", content, "application/json; charset=utf-8", "inline")


class OpenDataView(TemplateView):
    """/datos/: what the data is, every field, the licence, and where to get it."""

    template_name = "practices/open_data.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            fields=opendata.FIELDS,
            replication_fields=replication_data.FIELDS,
            open_data=settings.OPEN_DATA,
            total=Practice.objects.published().count(),
            replications=replication_data.public().count(),
            catalogue=json.dumps(dcat_catalogue(), ensure_ascii=False, indent=2),
            **kwargs,
        )


def dcat_catalogue():
    """The catalogue described for harvesters (DCAT as schema.org-compatible JSON-LD)."""
    site = site_url()
    latest = (
        Practice.objects.published()
        .order_by("-updated_at")
        .values_list("updated_at", flat=True)
        .first()
    )
    return {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/"},
        "@type": "dcat:Catalog",
        "dct:title": (
            "Banco de Buenas Prácticas de los prestadores de servicios públicos domiciliarios"
        ),
        "dct:language": "es",
        "dct:license": settings.OPEN_DATA["license_url"],
        "dcat:dataset": [
            {
                "@type": "dcat:Dataset",
                "dct:identifier": "buenas-practicas",
                "dct:title": (
                    "Buenas prácticas de servicio a usuarios "
                    "(reconocimiento Superservicios – Andesco)"
                ),
                "dct:description": (
                    "Fichas publicadas de buenas prácticas de los prestadores de servicios "
                    "públicos domiciliarios de Colombia: prestador, categoría, servicios, fechas, "
                    "cobertura (DIVIPOLA), impacto, factores de éxito y enlaces."
                ),
                "dct:language": "es",
                "dct:license": settings.OPEN_DATA["license_url"],
                "dct:modified": latest.isoformat() if latest else None,
                "dct:accrualPeriodicity": "http://purl.org/cld/freq/continuous",
                "dcat:landingPage": site + reverse("practices:data"),
                "dcat:keyword": ["servicios públicos", "buenas prácticas", "atención a usuarios"],
                "dct:spatial": "Colombia",
                "dcat:distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "dct:title": "CSV",
                        "dcat:downloadURL": site + reverse("practices:export_csv"),
                        "dcat:mediaType": "text/csv",
                    },
                    {
                        "@type": "dcat:Distribution",
                        "dct:title": "JSON",
                        "dcat:downloadURL": site + reverse("practices:export_json"),
                        "dcat:mediaType": "application/json",
                    },
                ],
            },
            {
                "@type": "dcat:Dataset",
                "dct:identifier": "replicas-de-buenas-practicas",
                "dct:title": "Réplicas de buenas prácticas",
                "dct:description": (
                    "Lo que los prestadores cuentan de haber replicado una buena práctica "
                    "publicada, moderado por la entidad: prestador, municipios (DIVIPOLA), "
                    "fecha de inicio, estado, cambios, resultados medidos y la respuesta de "
                    "los autores. Una fila por réplica; sin datos personales."
                ),
                "dct:language": "es",
                "dct:license": settings.OPEN_DATA["license_url"],
                "dct:accrualPeriodicity": "http://purl.org/cld/freq/continuous",
                "dcat:landingPage": site + reverse("practices:data") + "#replicas",
                "dcat:keyword": ["servicios públicos", "buenas prácticas", "réplicas"],
                "dct:spatial": "Colombia",
                "dcat:distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "dct:title": "CSV",
                        "dcat:downloadURL": site + reverse("practices:replications_csv"),
                        "dcat:mediaType": "text/csv",
                    },
                    {
                        "@type": "dcat:Distribution",
                        "dct:title": "JSON",
                        "dcat:downloadURL": site + reverse("practices:replications_json"),
                        "dcat:mediaType": "application/json",
                    },
                ],
            },
        ],
    }


def dcat_jsonld(request):
    return JsonResponse(
        dcat_catalogue(),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
        content_type="application/ld+json",
    )
