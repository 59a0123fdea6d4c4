"""/estadisticas/: counts of the published catalogue, drawn as server-rendered SVG.

Three layers, so that the cache holds plain data and every language draws its own page:

* ``catalogue_counts()``: the numbers, read from ``Practice.objects.published()`` (its
  ``facet_counts``) in a fixed number of queries and cached under the
  ``CatalogueVersion``, so a publication shows at once. Names come from the reference
  tables, so an option nobody uses yet still appears, with 0.
* ``charts(counts)``: one ``Chart`` per breakdown, each row with its label, count and the
  address of the public list filtered to exactly those practices (the row's number is
  that list's result count; rows the list cannot select, such as "sin dato", get no link).
* ``bar_chart_svg`` and ``map_svg``: the drawings. Bar charts have no viewBox: bar lengths
  are percentages of the width and the text keeps its size, so a chart fits a 320 px
  screen and stays legible. The map of Colombia (``fixtures/colombia_departments.json``,
  built by ``fixtures/build_colombia_map.py``) scales with a viewBox.

Nothing here uses JavaScript or inline styles; colours are SVG presentation attributes.
"""

import csv
import functools
import io
import json
import math
import textwrap
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ops.site import site_url
from practices import snapshot as snapshots
from practices.filters import page_labels
from practices.listing import cache_key
from practices.models import (
    Category,
    Department,
    Edition,
    Practice,
    ProviderSize,
    Service,
)
from practices.opendata.exports import neutralise
from replication.models import Replication

CACHE_SECONDS = 60 * 60
MAP_FILE = settings.BASE_DIR / "fixtures" / "colombia_departments.json"

# --- The numbers ------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """What the statistics page shows, as plain data (cached, language-independent)."""

    total: int
    without_services: int
    without_departments: int
    categories: list  # [(slug, name, count)], every category
    services: list  # [(slug, name, count)], every service, in their order
    sizes: list  # [(value, count)], the three sizes, then "" (unknown) if any
    editions: list  # [(number, name, year, count)], each edition a published practice is of
    years: list  # [(year, count)], the years of start that occur, oldest first
    departments: list  # [(code, slug, name, count)], all 33, by slug
    replications: int = 0  # published replications of published practices
    # [(code, name, count)]: departments with replications, by code; ("", "", n) for
    # those that name no place (no municipality, a provider without department).
    replications_by_department: list = field(default_factory=list)
    replications_by_service: list = field(default_factory=list)  # [(slug, name, count)]


def compute_counts(snapshot=None):
    """The catalogue's numbers: 4 queries for the names; the counts from the list's
    ``snapshot`` (practices.snapshot) when there is one, else 7 queries; replications
    from Replication.objects.public(), 3 queries."""
    if snapshot is not None:
        everything = snapshot.select({})
        totals = {
            "total": len(snapshot),
            "without_services": everything.without("servicio"),
            "without_departments": everything.without("departamento"),
        }
        by = {name: everything.tally(name) for name in SNAPSHOT_TALLIES}
    else:
        published = Practice.objects.published()
        has_services = Exists(Practice.services.through.objects.filter(practice_id=OuterRef("pk")))
        has_departments = Exists(
            Practice.departments.through.objects.filter(practice_id=OuterRef("pk"))
        )
        totals = published.aggregate(
            total=Count("pk"),
            without_services=Count("pk", filter=~Q(has_services)),
            without_departments=Count("pk", filter=~Q(has_departments)),
        )
        by = {name: published.facet_counts(path) for name, path in SNAPSHOT_TALLIES.items()}
    by_edition = {int(number): n for number, n in by["edicion"].items()}
    by_size = by["tamano"]
    sizes = [(value, by_size.get(value, 0)) for value in ProviderSize.values]
    if by_size.get(""):
        sizes.append(("", by_size[""]))
    editions = sorted(
        Edition.objects.values_list("number", "name", "year"), key=lambda e: (e[2], e[0])
    )
    departments = list(Department.objects.values_list("code", "slug", "name"))
    services = list(Service.objects.values_list("slug", "name"))
    return Counts(
        total=totals["total"],
        without_services=totals["without_services"],
        without_departments=totals["without_departments"],
        categories=[
            (slug, name, by["categoria"][slug])
            for slug, name in Category.objects.values_list("slug", "name")
            if slug in by["categoria"]
        ],
        services=[(slug, name, by["servicio"].get(slug, 0)) for slug, name in services],
        sizes=sizes,
        # Categories and editions only as far as published practices use them (an import
        # may create one for a draft): the rule of UsedReferenceQuerySet.public(), read off the
        # counts of published() instead of in another query.
        editions=[(n, name, year, by_edition[n]) for n, name, year in editions if n in by_edition],
        years=sorted(by["anio"].items()),
        departments=[
            (code, slug, name, by["departamento"].get(slug, 0)) for code, slug, name in departments
        ],
        **replication_counts(departments, services),
    )


def replication_counts(departments, services):
    """Counts' replication fields: how many are public, by department (of the municipalities
    where the replication was made, or the replicating provider's when it names none: a
    replication counts once in each department) and by service (of the practice replicated).
    ``departments``, ``services``: (code, slug, name) and (slug, name) of every one."""
    public = Replication.objects.public().order_by()
    place = Coalesce("municipalities__department_id", "provider__department_id")
    by_place = {
        code or "": n
        for code, n in public.values_list(place).annotate(n=Count("pk", distinct=True))
    }
    by_service = dict(
        public.values_list("practice__services__slug").annotate(n=Count("pk", distinct=True))
    )
    names = {code: name for code, _slug, name in departments}
    by_department = [(code, names[code], n) for code, n in sorted(by_place.items()) if code]
    if by_place.get(""):
        by_department.append(("", "", by_place[""]))
    return {
        "replications": public.count(),
        "replications_by_department": by_department,
        "replications_by_service": [
            (slug, name, by_service.get(slug, 0)) for slug, name in services
        ],
    }


# The breakdowns: the list's parameter (snapshot tallies) and the database's path.
SNAPSHOT_TALLIES = {
    "categoria": "category__slug",
    "servicio": "services__slug",
    "tamano": "provider__size",
    "edicion": "edition__number",
    "anio": "start_date__year",
    "departamento": "departments__slug",
}


def catalogue_counts(snapshot=None, version=None):
    """``compute_counts()``, cached until the catalogue changes (``snapshots.current()``,
    if the caller has it already)."""
    if version is None:
        snapshot, version = snapshots.current()
    key = cache_key("statistics", version, connection.vendor)
    counts = cache.get(key)
    if counts is None:
        counts = compute_counts(snapshot)
        cache.set(key, counts, CACHE_SECONDS)
    return counts


# --- Charts -----------------------------------------------------------------------------


@dataclass
class Row:
    key: str  # the value the CSV names it by (slug, number, year, DIVIPOLA code)
    label: str
    count: int
    url: str = ""  # the filtered public list; empty when the list cannot select the row

    @property
    def count_display(self):
        return number(self.count)


@dataclass
class Chart:
    slug: str  # the section's anchor and the CSV's name
    title: str
    label_header: str  # the table's first column
    rows: list
    note: str = ""
    total: int | None = None  # shown as a total row when the rows add up to it
    svg: str = ""
    extra: dict = field(default_factory=dict)
    divipola: bool = False  # rows are departments: their DIVIPOLA code in a column
    unit: str = "practicas"  # what the rows count: "practicas" or "replicas" (the CSV's column)

    @property
    def count_header(self):
        return _("Réplicas") if self.unit == "replicas" else _("Prácticas")

    @property
    def csv_url(self):
        return reverse("practices:statistics_csv", kwargs={"chart": self.slug})

    @property
    def total_display(self):
        return number(self.total) if self.total is not None else ""


def number(value):
    """145061 → "145.061" in Spanish (Colombia), as the rest of the site writes numbers."""
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def practices_label(count):
    return ngettext("%(n)s práctica", "%(n)s prácticas", count) % {"n": number(count)}


def replications_label(count):
    return ngettext("%(n)s réplica", "%(n)s réplicas", count) % {"n": number(count)}


def list_url(**params):
    return reverse("practices:list") + "?" + urlencode(params)


def charts(counts):
    """The page's charts, in its order; the last one is the departments' (with the map).
    A list of declarations, one per chart, longer than a function usually is. Services and
    categories by their English names on the English pages."""
    english = page_labels()
    result = [
        Chart(
            "categoria",
            _("Prácticas publicadas por categoría"),
            _("Categoría"),
            [
                Row(s, english.get(("categoria", s), name), n, list_url(categoria=s))
                for s, name, n in counts.categories
            ],
            total=counts.total,
        ),
        Chart(
            "servicio",
            _("Prácticas publicadas por servicio"),
            _("Servicio"),
            [
                Row(s, english.get(("servicio", s), name), n, list_url(servicio=s))
                for s, name, n in counts.services
            ]
            + (
                [Row("", _("Sin servicio indicado"), counts.without_services)]
                if counts.without_services
                else []
            ),
            note=_(
                "Una práctica puede referirse a varios servicios: cuenta en cada uno, y las "
                "barras suman más que el total de prácticas."
            ),
        ),
        Chart(
            "tamano",
            _("Prácticas publicadas por tamaño del prestador"),
            _("Tamaño del prestador"),
            [
                Row(value, ProviderSize(value).label, n, list_url(tamano=value))
                if value
                else Row("", _("Tamaño no informado"), n)
                for value, n in counts.sizes
            ],
            total=counts.total,
        ),
        Chart(
            "edicion",
            _("Prácticas publicadas por edición del reconocimiento"),
            _("Edición"),
            [
                Row(
                    str(num),
                    name if str(year) in name else f"{name} ({year})",
                    n,
                    list_url(edicion=num),
                )
                for num, name, year, n in counts.editions
            ],
            total=counts.total,
        ),
        Chart(
            "anio",
            _("Prácticas publicadas por año de inicio"),
            _("Año de inicio"),
            [Row(str(y), str(y), n, list_url(desde=y, hasta=y)) for y, n in counts.years],
            total=counts.total,
        ),
    ]
    without_edition = counts.total - sum(row.count for row in result[3].rows)
    if without_edition:
        result[3].rows.append(Row("", _("Sin edición"), without_edition))
    without_year = counts.total - sum(row.count for row in result[4].rows)
    if without_year:
        result[4].rows.append(Row("", _("Sin fecha de inicio"), without_year))
    for chart in result:
        if chart.slug != "anio":  # years keep their order: time reads left to right
            chart.rows = by_count(chart.rows)
        chart.svg = bar_chart_svg(chart.slug, chart.title, chart.rows)
    result.append(departments_chart(counts))
    result += replication_charts(counts, english)
    return result


def replication_charts(counts, english):
    """Published replications by department and by service. Their rows open no list: the
    list selects practices, and these count replications."""
    total = ngettext(
        "%(n)s réplica publicada en total.",
        "%(n)s réplicas publicadas en total.",
        counts.replications,
    ) % {"n": number(counts.replications)}
    by_department = Chart(
        "replicas-departamento",
        _("Réplicas publicadas por departamento"),
        _("Departamento"),
        [
            Row(code, name, n) if code else Row("", _("Sin lugar indicado"), n)
            for code, name, n in counts.replications_by_department
        ],
        note=_(
            "Lo que los prestadores cuentan de haber replicado una práctica publicada, una vez "
            "publicado. Una réplica cuenta en cada departamento de los municipios donde se "
            "hizo; si no indica municipios, en el departamento del prestador que la replicó."
        )
        + " "
        + total,
        divipola=True,
        unit="replicas",
    )
    by_service = Chart(
        "replicas-servicio",
        _("Réplicas publicadas por servicio"),
        _("Servicio"),
        [
            Row(slug, english.get(("servicio", slug), name), n)
            for slug, name, n in counts.replications_by_service
        ],
        note=_(
            "Por los servicios de la práctica replicada: la réplica de una práctica de varios "
            "servicios cuenta en cada uno."
        )
        + " "
        + total,
        unit="replicas",
    )
    desc = _(
        "Gráfico de barras horizontales de réplicas publicadas. Los mismos datos están en la "
        "tabla que sigue."
    )
    for chart in (by_department, by_service):
        chart.rows = by_count(chart.rows)
        chart.svg = bar_chart_svg(
            chart.slug, chart.title, chart.rows, count_label=replications_label, desc=desc
        )
    return [by_department, by_service]


def by_count(rows):
    """Rows from the most practices to the fewest (then by name); the rows without a
    value ("Sin edición", "Tamaño no informado") last."""
    return sorted(rows, key=lambda row: (not row.key, -row.count, row.label))


def departments_chart(counts):
    """The departments' chart: every department in the table and on the map, those with
    practices as bars."""
    departments = [
        # No link to a list that would be empty.
        Row(code, name, n, list_url(departamento=slug) if n else "")
        for code, slug, name, n in counts.departments
    ]
    note = _(
        "Una práctica cuenta en cada departamento que cubre. "
        "El mapa y la tabla muestran los 33 departamentos; las barras, los que tienen "
        "prácticas, de más a menos."
    )
    if counts.without_departments:
        note += " " + ngettext(
            "%(n)s práctica publicada no indica departamento.",
            "%(n)s prácticas publicadas no indican departamento.",
            counts.without_departments,
        ) % {"n": number(counts.without_departments)}
    ranked = by_count(r for r in departments if r.count)
    classes = map_classes([row.count for row in departments])
    return Chart(
        "departamento",
        _("Prácticas publicadas por departamento"),
        _("Departamento"),
        departments,
        note=note,
        svg=bar_chart_svg("departamento", _("Departamentos con prácticas publicadas"), ranked),
        extra={"map": map_svg(departments, classes), "legend": classes, "ranked": ranked},
        divipola=True,
    )


def chart_csv(chart):
    """The chart's table as CSV: UTF-8 with BOM (Excel in Spanish opens it right), CRLF."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    key = "codigo_divipola" if chart.divipola else chart.slug
    lists = chart.unit == "practicas"  # replications open no list
    writer.writerow([key, "nombre", chart.unit, *(["lista"] if lists else [])])
    for row in chart.rows:
        url = [site_url() + row.url if row.url else ""] if lists else []
        writer.writerow([neutralise(row.key), neutralise(row.label), row.count, *url])
    return "\ufeff" + buffer.getvalue()


# --- Bar charts -------------------------------------------------------------------------

BAR_COLOUR = "#004884"  # the site's blue: 9,3:1 on white
TEXT_COLOUR = "#1b1b1b"
FONT_SIZE = 14
LINE = 18
BAR_HEIGHT = 20
ROW_GAP = 14
BAR_MAX = 80  # per cent of the width; the rest is for the count after the longest bar
WRAP = 34  # characters a label line holds at 320 px


def bar_chart_svg(slug, title, rows, count_label=practices_label, desc=None):
    """Horizontal bars, one row each: the label (wrapped), then the bar and its count.

    Every linked row is an ``<a>`` to the filtered list, named by its ``<title>``
    ("Quindío: 12 prácticas"; ``count_label`` writes the count). The SVG is a labelled group,
    not ``role="img"``, so that assistive technologies reach the links inside it. ``desc``:
    what the chart is, when not bars that open lists.
    """
    peak = max((row.count for row in rows), default=0)
    parts, y = [], 0
    for row in rows:
        lines = textwrap.wrap(row.label, WRAP) or [""]
        share = (row.count / peak * BAR_MAX) if peak else 0
        width = f"{share:.2f}".rstrip("0").rstrip(".") + "%"
        label = "".join(
            f'<tspan x="0" y="{y + FONT_SIZE + i * LINE}">{escape(text)}</tspan>'
            for i, text in enumerate(lines)
        )
        bar_y = y + len(lines) * LINE + 4
        body = (
            f"<title>{escape(row.label)}: {escape(count_label(row.count))}</title>"
            f'<text class="chart-label">{label}</text>'
            f'<rect x="0" y="{bar_y}" width="{width}" height="{BAR_HEIGHT}" '
            f'fill="{BAR_COLOUR}"/>'
            f'<text class="chart-value" x="{width}" dx="6" y="{bar_y + 15}">'
            f"{escape(row.count_display)}</text>"
        )
        if row.url:
            parts.append(f'<a href="{escape(row.url)}" class="chart-row">{body}</a>')
        else:
            parts.append(f'<g class="chart-row">{body}</g>')
        y = bar_y + BAR_HEIGHT + ROW_GAP
    height = max(y - ROW_GAP + 4, LINE)
    ids = f"grafico-{slug}"
    desc = desc or _(
        "Gráfico de barras horizontales. Cada barra abre la lista de esas prácticas. "
        "Los mismos datos están en la tabla que sigue."
    )
    if not rows:
        desc = _("No hay datos para este gráfico.")
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="100%" '
        f'height="{height}" role="group" aria-labelledby="{ids}-titulo {ids}-desc" '
        f'font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">'
        f'<title id="{ids}-titulo">{escape(title)}</title>'
        f'<desc id="{ids}-desc">{escape(desc)}</desc>' + "".join(parts) + "</svg>"
    )


# --- The map ----------------------------------------------------------------------------


@functools.cache
def colombia_map():
    """The 33 departments' outlines as SVG path data, keyed by DIVIPOLA code."""
    return json.loads(MAP_FILE.read_text(encoding="utf-8"))


# Sequential blues: each class has at least 3:1 contrast with the next one (3,1:1 and
# 3,4:1); "no practices" is white with grey hatching (4,5:1 on white), told apart by its
# texture. The country's outline is dark on the white page; the borders between
# departments are a thin dark line cased in white, visible on light and dark fills alike.
CLASS_COLOURS = {1: ["#0a2a52"], 2: ["#cfe2f3", "#0a2a52"], 3: ["#cfe2f3", "#3f7fc4", "#0a2a52"]}
NONE_FILL = "url(#mapa-sin-practicas)"
HATCH = "#767676"
OUTLINE = "#1b1b1b"
BORDER = "#4a4a4a"
CASING = "#ffffff"


@dataclass
class MapClass:
    low: int
    high: int
    fill: str  # an SVG paint: a colour or the hatching pattern
    colour: str  # the swatch's colour in the legend

    @property
    def label(self):
        if self.high == 0:
            return _("Sin prácticas")
        if self.low == self.high:
            return practices_label(self.high)
        return ngettext(
            "%(low)s a %(high)s práctica", "%(low)s a %(high)s prácticas", self.high
        ) % {"low": number(self.low), "high": number(self.high)}

    def holds(self, count):
        return self.low <= count <= self.high


def map_classes(counts):
    """Up to four classes: none, then up to three ranges of the positive counts, cut at
    their thirds (each distinct value its own class when there are three or fewer)."""
    positive = sorted(c for c in counts if c > 0)
    distinct = sorted(set(positive))
    if len(distinct) <= 3:
        ranges = [(v, v) for v in distinct]
    else:
        cuts = sorted({positive[math.ceil(len(positive) * k / 3) - 1] for k in (1, 2)})
        cuts = [c for c in cuts if c < distinct[-1]]
        ranges, low = [], distinct[0]
        for cut in [*cuts, distinct[-1]]:
            ranges.append((low, cut))
            low = cut + 1
    colours = CLASS_COLOURS.get(len(ranges), [])
    classes = [MapClass(0, 0, NONE_FILL, "#ffffff")]
    classes += [
        MapClass(low, high, colour, colour)
        for (low, high), colour in zip(ranges, colours, strict=True)
    ]
    return classes


def map_svg(rows, classes):
    """The choropleth of ``rows`` (one per department, ``key`` its DIVIPOLA code).

    Each department is a link to its list, with a ``<title>`` "Quindío: 12 prácticas".
    Every outline is defined once and drawn with ``<use>``: a thick dark stroke under
    everything (the fills cover its inner half: the country's outline), the fills, then
    the borders on top (white casing, dark line), which let the pointer through.
    San Andrés y Providencia is drawn in an inset box, all of which is its link.

    One drawing, layer after layer (longer than a function usually is).
    """
    data = colombia_map()
    shapes = data["departments"]
    inset = data["inset"]
    defs = [
        '<pattern id="mapa-sin-practicas" patternUnits="userSpaceOnUse" width="16" '
        'height="16" patternTransform="rotate(45)">'
        '<rect width="16" height="16" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="16" stroke="{HATCH}" stroke-width="4"/></pattern>'
    ]
    for code in sorted(shapes):
        defs.append(
            f'<path id="mapa-{code}" d="{shapes[code]["path"]}" '
            'vector-effect="non-scaling-stroke"/>'
        )
    outlines = "".join(f'<use href="#mapa-{code}"/>' for code in sorted(shapes))
    links = []
    for row in rows:
        if row.key not in shapes:
            continue
        fill = next((c.fill for c in classes if c.holds(row.count)), NONE_FILL)
        title = f"{row.label}: {practices_label(row.count)}"
        extra = ""
        if shapes[row.key].get("inset"):
            # The whole inset box is the link: the islands alone are small targets.
            cx, cy = inset["x"] + inset["width"] / 2, inset["y"] + inset["height"] / 2
            # Outside the f-string, where xgettext (makemessages) sees them.
            island, islands = _("San Andrés"), _("y Providencia")
            extra = (
                f'<rect x="{inset["x"]}" y="{inset["y"]}" width="{inset["width"]}" '
                f'height="{inset["height"]}" fill="#ffffff" stroke="{OUTLINE}" '
                'stroke-width="1" vector-effect="non-scaling-stroke"/>'
                f'<use href="#mapa-{row.key}" fill="none" stroke="{OUTLINE}" stroke-width="3"/>'
                f'<text x="{cx:g}" y="{cy - 6:g}" text-anchor="middle" font-size="24" '
                f'fill="{OUTLINE}"><tspan x="{cx:g}">{escape(island)}</tspan>'
                f'<tspan x="{cx:g}" dy="28">{escape(islands)}</tspan></text>'
            )
        shape = f'<title>{escape(title)}</title>{extra}<use href="#mapa-{row.key}" fill="{fill}"/>'
        if row.url:
            links.append(
                f'<a href="{escape(row.url)}" class="map-department" '
                f'data-divipola="{row.key}">{shape}</a>'
            )
        else:  # no practice: nothing to open
            links.append(f'<g class="map-department" data-divipola="{row.key}">{shape}</g>')
    desc = _(
        "Mapa de Colombia por departamento: cuanto más oscuro, más prácticas publicadas "
        "cubren el departamento; los departamentos sin prácticas aparecen rayados. "
        "San Andrés, Providencia y Santa Catalina aparece en el recuadro de arriba a la "
        "izquierda. Cada departamento con prácticas abre la lista de ellas; los datos están en "
        "la tabla que sigue."
    )
    title = _("Mapa de prácticas publicadas por departamento")
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" '
        f'viewBox="0 0 {data["width"]} {data["height"]}" width="100%" role="group" '
        'aria-labelledby="mapa-titulo mapa-desc">'
        f'<title id="mapa-titulo">{escape(title)}</title>'
        f'<desc id="mapa-desc">{escape(desc)}</desc>'
        f"<defs>{''.join(defs)}</defs>"
        f'<g fill="none" stroke="{OUTLINE}" stroke-width="5" aria-hidden="true">{outlines}</g>'
        f'<g stroke="none">{"".join(links)}</g>'
        '<g fill="none" stroke-linejoin="round" pointer-events="none" aria-hidden="true">'
        f'<g stroke="{CASING}" stroke-width="2.5">{outlines}</g>'
        f'<g stroke="{BORDER}" stroke-width="0.75">{outlines}</g></g>'
        "</svg>"
    )


def coverage_svg(departments, label_id):
    """A small map of Colombia with the ``departments`` (objects with code and name) a
    practice covers filled in; labelled by the element ``label_id``. Not interactive: the
    ficha lists the same departments as links."""
    data = colombia_map()
    shapes = data["departments"]
    covered = {d.code for d in departments}
    paths = []
    for code in sorted(shapes):
        css = "covered" if code in covered else "uncovered"
        paths.append(f'<path class="{css}" d="{shapes[code]["path"]}"/>')
    inset = data["inset"]
    frame = (
        f'<rect class="inset" x="{inset["x"]}" y="{inset["y"]}" '
        f'width="{inset["width"]}" height="{inset["height"]}"/>'
    )
    return mark_safe(
        f'<svg class="coverage-map" viewBox="0 0 {data["width"]} {data["height"]}" '
        f'role="img" aria-labelledby="{escape(label_id)}" focusable="false">'
        f"{frame}{''.join(paths)}</svg>"
    )
