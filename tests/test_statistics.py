"""/estadisticas/: charts, tables, CSV, the map of Colombia; only published practices."""

import csv
import datetime
import html
import io
import itertools
import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from practices.models import Department, Edition, Practice, Provider, Service
from practices.statistics import counts as statistics

from .factories import CategoryFactory, PracticeFactory, ProviderFactory

pytestmark = pytest.mark.django_db

URL = "/estadisticas/"
CHARTS = [
    "categoria",
    "servicio",
    "tamano",
    "edicion",
    "anio",
    "departamento",
    "replicas-departamento",
    "replicas-servicio",
]


def department(code):
    return Department.objects.get(code=code)


@pytest.fixture
def catalogue():
    """Three published practices and one of each non-public state, all distinct."""
    water = CategoryFactory(name="Agua para todos", slug="agua-para-todos")
    billing = CategoryFactory(name="Facturación", slug="facturacion")
    acueducto = Service.objects.get(slug="acueducto")
    aseo = Service.objects.get(slug="aseo")
    small = ProviderFactory(size=Provider.Size.SMALL)
    large = ProviderFactory(size=Provider.Size.LARGE)
    unknown = ProviderFactory(size="")
    third = Edition.objects.get(number=3)
    fourth = Edition.objects.create(number=4, year=2021, name="Cuarto Reconocimiento")

    one = PracticeFactory(
        category=water,
        provider=small,
        edition=third,
        services=[acueducto],
        start_date=datetime.date(2020, 3, 15),
        end_date=None,
    )
    one.departments.set([department("63")])
    two = PracticeFactory(
        category=water,
        provider=large,
        edition=fourth,
        services=[acueducto, aseo],
        start_date=datetime.date(2021, 2, 1),
    )
    two.departments.set([department("63"), department("11")])
    three = PracticeFactory(
        category=billing, provider=unknown, edition=None, start_date=None, end_date=None
    )
    three.services.clear()

    for status in (Practice.Status.DRAFT, Practice.Status.REVIEW, Practice.Status.ARCHIVED):
        hidden = PracticeFactory(
            category=billing,
            provider=small,
            edition=third,
            services=[aseo],
            status=status,
            published_at=None if status != Practice.Status.ARCHIVED else one.published_at,
            start_date=datetime.date(2020, 1, 1),
        )
        hidden.departments.set([department("25"), department("63")])
    return {"one": one, "two": two, "three": three}


def page(client):
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def number(text):
    """ "1.234" → 1234 (Spanish, Colombia)."""
    return int(text.replace(".", ""))


def svg_links(content, css_class):
    """[(href, label, count)] of the links inside the charts' or the map's SVG."""
    pattern = (
        rf'<a href="([^"]+)" class="{css_class}"[^>]*><title>(.*?): ([\d.]+) prácticas?</title>'
    )
    return [
        (html.unescape(href), html.unescape(label), number(count))
        for href, label, count in re.findall(pattern, content)
    ]


def table_rows(content, slug):
    table = re.search(rf'<table class="stats-table" id="tabla-{slug}">(.*?)</table>', content, re.S)
    assert table, slug
    body = re.search(r"<tbody>(.*?)</tbody>", table.group(1), re.S).group(1)
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        label = re.search(r'<th scope="row">(?:<a href="[^"]*">)?(.*?)(?:</a>)?</th>', row, re.S)
        count = re.search(r'<td class="num">([\d.]+)</td>', row)
        rows.append((html.unescape(label.group(1)), number(count.group(1))))
    return rows


# --- The page -------------------------------------------------------------------------


def test_the_page_renders_every_chart_with_its_title_table_and_csv_link(client, catalogue):
    content = page(client)

    for slug in CHARTS:
        assert f'<section class="stats-section" id="{slug}"' in content
        assert f'aria-labelledby="grafico-{slug}-titulo grafico-{slug}-desc"' in content
        assert f'<title id="grafico-{slug}-titulo">' in content
        assert f'id="tabla-{slug}">' in content
        assert f'href="/estadisticas/{slug}.csv"' in content
    assert content.count("<caption>") == len(CHARTS)
    assert 'aria-labelledby="mapa-titulo mapa-desc"' in content
    assert "<h1>Estadísticas</h1>" in content


def test_the_page_has_no_script_and_no_inline_style(client, catalogue):
    content = page(client)

    assert "<script" not in content
    assert not re.search(r"\sstyle=", content)
    assert "<style" not in content


def test_charts_fit_a_narrow_screen(client, catalogue):
    content = page(client)

    charts = re.findall(r'<svg [^>]*class="chart"[^>]*>', content)
    assert len(charts) == len(CHARTS)
    for tag in charts:  # no fixed width: bar lengths are per cent, text keeps its size
        assert 'width="100%"' in tag
    map_tag = re.search(r'<svg [^>]*class="map"[^>]*>', content).group(0)
    assert 'viewBox="0 0 ' in map_tag and 'width="100%"' in map_tag


def test_an_empty_catalogue_still_renders(client):
    content = page(client)

    assert "0 buenas prácticas publicadas" in content
    assert content.count('class="map-department"') == 33


# --- The numbers ----------------------------------------------------------------------


def test_counts_are_those_of_the_published_practices_only(catalogue):
    counts = statistics.compute_counts()

    assert counts.total == 3 == Practice.objects.published().count()
    categories = {slug: n for slug, _name, n in counts.categories}
    assert categories["agua-para-todos"] == 2
    assert categories["facturacion"] == 1
    services = {slug: n for slug, _name, n in counts.services}
    assert services["acueducto"] == 2
    assert services["aseo"] == 1  # three hidden practices with aseo do not count
    assert services["gas-natural"] == 0
    assert counts.without_services == 1
    assert counts.sizes == [("pequeno", 1), ("mediano", 0), ("grande", 1), ("", 1)]
    editions = {number: n for number, _name, _year, n in counts.editions}
    assert editions == {3: 1, 4: 1}
    assert counts.years == [(2020, 1), (2021, 1)]
    departments = {code: n for code, _slug, _name, n in counts.departments}
    assert len(departments) == 33
    assert departments["63"] == 2
    assert departments["11"] == 1
    assert departments["25"] == 0  # only hidden practices cover Cundinamarca
    assert counts.without_departments == 1


def test_rows_the_list_cannot_select_are_shown_without_a_link(catalogue):
    charts = {c.slug: c for c in statistics.charts(statistics.compute_counts())}

    unlinked = {
        slug: [(row.label, row.count) for row in chart.rows if not row.url]
        for slug, chart in charts.items()
    }
    # A department without practices is not a link to an empty list.
    assert {count for _label, count in unlinked.pop("departamento")} == {0}
    assert unlinked == {
        "categoria": [],
        "servicio": [("Sin servicio indicado", 1)],
        "tamano": [("Tamaño no informado", 1)],
        "edicion": [("Sin edición", 1)],
        "anio": [("Sin fecha de inicio", 1)],
        # Replications open no list of practices (tests/test_replication_discovery.py).
        "replicas-departamento": [],
        "replicas-servicio": [
            (name, 0) for name in Service.objects.order_by("name").values_list("name", flat=True)
        ],
    }
    for slug in ("categoria", "tamano", "edicion", "anio"):  # partitions add up to the total
        assert sum(row.count for row in charts[slug].rows) == 3


def test_every_bar_and_department_opens_a_list_with_its_number_of_results(client, catalogue):
    content = page(client)
    links = svg_links(content, "chart-row") + svg_links(content, "map-department")

    assert len(svg_links(content, "map-department")) == 2  # the departments with practices
    assert {href.split("?")[1].split("=")[0] for href, _l, _n in links} == {
        "categoria",
        "servicio",
        "tamano",
        "edicion",
        "desde",
        "departamento",
    }
    for href, label, count in links:
        assert href.startswith("/practicas/?")
        response = client.get(href)
        assert response.status_code == 200
        assert response.context["paginator"].count == count, (href, label)


def test_the_map_links_each_department_with_its_name_and_count(client, catalogue):
    content = page(client)

    assert (
        '<a href="/practicas/?departamento=quindio" class="map-department" data-divipola="63">'
        "<title>Quindío: 2 prácticas</title>"
    ) in content
    assert "<title>Bogotá, D.C.: 1 práctica</title>" in content
    assert "<title>Cundinamarca: 0 prácticas</title>" in content
    codes = re.findall(r'class="map-department" data-divipola="(\d\d)"', content)
    assert sorted(codes) == sorted(Department.objects.values_list("code", flat=True))
    assert len(codes) == 33
    assert '<use href="#mapa-11" fill=' in content and '<use href="#mapa-25" fill=' in content


def test_bar_counts_are_written_the_colombian_way():
    rows = [statistics.Row("x", "Quindío", 145061, "/practicas/?departamento=quindio")]

    svg = statistics.bar_chart_svg("prueba", "Prueba", rows)

    assert ">145.061</text>" in svg
    assert "<title>Quindío: 145.061 prácticas</title>" in svg
    assert statistics.practices_label(1) == "1 práctica"


# --- CSV ------------------------------------------------------------------------------


# The replications' charts count replications (tests/test_replication_discovery.py).
@pytest.mark.parametrize("slug", [slug for slug in CHARTS if not slug.startswith("replicas")])
def test_each_csv_parses_and_matches_its_table(client, catalogue, slug):
    rows = table_rows(page(client), slug)

    response = client.get(reverse("practices:statistics_csv", kwargs={"chart": slug}))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="estadisticas-{slug}')
    assert response.content.startswith(b"\xef\xbb\xbf")
    records = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["nombre"], int(r["practicas"])) for r in records] == rows
    assert rows
    for record in records:
        assert record["lista"] == "" or "/practicas/?" in record["lista"]


def test_the_department_csv_names_departments_by_divipola_code(client, catalogue):
    response = client.get("/estadisticas/departamento.csv")
    records = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))

    assert len(records) == 33
    by_code = {r["codigo_divipola"]: r for r in records}
    assert by_code["63"]["nombre"] == "Quindío"
    assert by_code["63"]["practicas"] == "2"
    assert by_code["63"]["lista"].endswith("/practicas/?departamento=quindio")


def test_an_unknown_csv_is_a_404(client):
    assert client.get("/estadisticas/no-existe.csv").status_code == 404


def test_csv_cells_that_look_like_formulas_are_neutralised(client):
    PracticeFactory(category=CategoryFactory(name="=HYPERLINK(1)", slug="formula"))

    response = client.get("/estadisticas/categoria.csv")

    assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")


# --- The map --------------------------------------------------------------------------


def test_the_map_has_the_33_departments_by_divipola_code_with_bogota_apart():
    data = statistics.colombia_map()
    shapes = data["departments"]

    assert set(shapes) == set(Department.objects.values_list("code", flat=True))
    assert len(shapes) == 33
    assert shapes["11"]["natural_earth_name"] == "Bogota"
    assert shapes["25"]["natural_earth_name"] == "Cundinamarca"
    assert shapes["11"]["path"] != shapes["25"]["path"]
    assert [code for code, shape in shapes.items() if shape["inset"]] == ["88"]
    for shape in shapes.values():
        assert shape["path"].startswith("M")


def test_the_map_file_is_small():
    assert statistics.MAP_FILE.stat().st_size <= 200_000
    json.loads(statistics.MAP_FILE.read_text(encoding="utf-8"))


def test_map_classes_cover_every_count_with_contrasting_colours():
    def luminance(colour):
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    def contrast(a, b):
        high, low = sorted([luminance(a), luminance(b)], reverse=True)
        return (high + 0.05) / (low + 0.05)

    for counts in ([0] * 33, [0, 1, 1, 2], [0, 1, 2, 3], list(range(40)), [5] * 30 + [6, 90]):
        classes = statistics.map_classes(counts)
        assert classes[0].fill == statistics.NONE_FILL and classes[0].high == 0
        for count in counts:
            assert sum(c.holds(count) for c in classes) == 1, (counts, count)
        colours = [c.colour for c in classes[1:]]
        for lighter, darker in itertools.pairwise(colours):
            assert contrast(lighter, darker) >= 3


# --- Queries and cache -----------------------------------------------------------------


def test_the_page_costs_a_fixed_number_of_queries(client, catalogue, django_assert_num_queries):
    # The catalogue's version, then the names of categories, services, editions and
    # departments; the counts come from the list's snapshot (practices.snapshot); the
    # replications' total, by department and by service (3).
    client.get("/practicas/")  # the snapshot is built
    with django_assert_num_queries(8):
        client.get(URL)
    PracticeFactory.create_batch(5)
    client.get("/practicas/")  # the snapshot catches up
    with django_assert_num_queries(8):
        client.get(URL)


def test_the_page_costs_a_fixed_number_of_queries_from_the_database(
    client, settings, catalogue, django_assert_num_queries
):
    # Without the snapshot: the version, the names (4), the counts (7) and the replications'
    # (3).
    settings.CATALOGUE_SNAPSHOT = False
    with django_assert_num_queries(15):
        client.get(URL)
    PracticeFactory.create_batch(5)
    with django_assert_num_queries(15):
        client.get(URL)


@pytest.fixture
def real_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "s"}
    }
    cache.clear()


def test_a_cached_page_costs_one_query_and_a_publication_shows_at_once(
    client, catalogue, real_cache, django_assert_num_queries
):
    client.get(URL)
    with django_assert_num_queries(1):
        assert "3 buenas prácticas publicadas" in page(client)

    draft = Practice.objects.filter(status=Practice.Status.DRAFT).get()
    draft.status = Practice.Status.PUBLISHED
    draft.save()

    content = page(client)
    assert "4 buenas prácticas publicadas" in content
    assert "<title>Cundinamarca: 1 práctica</title>" in content
    csv_text = client.get("/estadisticas/categoria.csv").content.decode("utf-8-sig")
    assert "facturacion,Facturación,2," in csv_text


def test_every_chart_but_the_years_goes_from_the_most_practices_to_the_fewest(catalogue):
    for chart in statistics.charts(statistics.compute_counts()):
        if chart.slug in ("anio", "departamento"):
            continue
        counts = [row.count for row in chart.rows if row.key]
        assert counts == sorted(counts, reverse=True), chart.slug
