"""Follow-up over time: an impact metric measured again after its ficha (issue 19, item 4).

Staff record dated measurements on the metric's follow-up page in the admin (who may, by
role and state, in practices/README.md); the ficha shows a small chart with the recorded
result first and a table of the same figures; the ficha's recorded result never changes;
the ficha's cache and the PDF move on with a measurement; the JSON export and the API carry
the measurements, the CSV each indicator's latest; the demo data has some.
"""

import datetime
import html
import io
import json
import re
from decimal import Decimal

import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practices import workflow
from practices.demo.seed import REFERENCE_DAY, demo_practices, seed_demo
from practices.models import CatalogueChange, ImpactMeasurement, ImpactMetric, Practice

from .factories import ImpactMetricFactory, PracticeFactory, SuccessFactorFactory

pytestmark = pytest.mark.django_db

ROLES = ["Editor", "Revisor", "Administrador"]


def page_of(metric):
    return f"/admin/practices/impactmetric/{metric.pk}/change/"


def text_of(response):
    """The page's main content as text: tags dropped, entities resolved, spaces folded."""
    page = response.content.decode()
    page = page[page.index("<main") :] if "<main" in page else page
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def measurements_form(metric, *rows, existing=()):
    """The follow-up page's POST: ``existing`` measurements kept as they are, then ``rows``
    ((date, value, note)) as new ones."""
    data = {
        "measurements-TOTAL_FORMS": str(len(existing) + len(rows)),
        "measurements-INITIAL_FORMS": str(len(existing)),
        "measurements-MIN_NUM_FORMS": "0",
        "measurements-MAX_NUM_FORMS": "1000",
    }
    for n, measurement in enumerate(existing):
        data |= {
            f"measurements-{n}-id": measurement.pk,
            f"measurements-{n}-metric": metric.pk,
            f"measurements-{n}-measured_on": measurement.measured_on.isoformat(),
            f"measurements-{n}-value": str(measurement.value).replace(".", ","),
            f"measurements-{n}-note": measurement.note,
        }
    for n, (day, value, note) in enumerate(rows, start=len(existing)):
        data |= {
            f"measurements-{n}-metric": metric.pk,
            f"measurements-{n}-measured_on": day,
            f"measurements-{n}-value": value,
            f"measurements-{n}-note": note,
        }
    return data


def metric_of(status="published", **fields):
    practice = PracticeFactory(
        status=status,
        published_at=timezone.now() if status in ("published", "archived") else None,
        coverage_note="Quindío",
    )
    SuccessFactorFactory(practice=practice)
    values = {"label": "PQR atendidas por mes", "value": 381, "unit": "PQR por mes"} | fields
    return ImpactMetricFactory(practice=practice, position=1, **values)


def measure(metric, day, value, note=""):
    return ImpactMeasurement.objects.create(
        metric=metric, measured_on=day, value=Decimal(value), note=note
    )


# --- Who records measurements -------------------------------------------------------------

# (state of the practice, roles that add a measurement there)
WHO = {
    "draft": {"Editor", "Revisor"},  # as the ficha's own rows
    "review": {"Revisor"},
    "published": {"Editor", "Revisor"},  # the point of the follow-up: no revision needed
    "archived": set(),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", WHO)
def test_who_adds_a_measurement_to_a_practice_in_each_state(client, make_member, role, status):
    metric = metric_of(status)
    member = make_member(role)
    client.force_login(member)

    response = client.post(page_of(metric), measurements_form(metric, ("2023-11-30", "412", "")))

    if role in WHO[status]:
        assert response.status_code == 302, text_of(response)[:2000]
        saved = metric.measurements.get()
        assert (saved.measured_on, saved.value) == (datetime.date(2023, 11, 30), Decimal(412))
        # The history records who added it.
        assert saved.history.get().history_user == member
    else:
        assert response.status_code == 403
        assert not metric.measurements.exists()


@pytest.mark.parametrize("status", ["review", "archived"])
def test_an_editor_sees_the_follow_up_read_only_and_is_told_why(client, editor, status):
    metric = metric_of(status)
    measure(metric, datetime.date(2023, 11, 30), "412")
    client.force_login(editor)

    response = client.get(page_of(metric))

    assert response.status_code == 200
    body = text_of(response)
    assert "Medición de seguimiento: 30 de noviembre de 2023: 412" in body
    assert "PQR atendidas por mes: 381 PQR por mes" in body  # the recorded result
    assert 'name="measurements-0-measured_on"' not in response.text  # nothing to type in
    assert "Guardar" not in body
    if status == "archived":
        assert "La práctica está archivada" in body


def test_the_administrador_does_not_reach_the_follow_up(client, administrator):
    metric = metric_of()

    client.force_login(administrator)

    assert client.get(page_of(metric)).status_code == 403


def test_a_revision_takes_no_measurements_and_says_where_they_go(client, editor):
    metric = metric_of()
    revision = workflow.practice_start_revision(practice=metric.practice, by=editor)
    copy = revision.impact_metrics.get()
    client.force_login(editor)

    form = client.get(f"/admin/practices/practice/{revision.pk}/change/")
    response = client.post(page_of(copy), measurements_form(copy, ("2023-11-30", "412", "")))

    assert "se registran en la práctica publicada" in text_of(form)
    assert response.status_code == 403
    assert not ImpactMeasurement.objects.exists()


def test_each_metric_of_the_practice_form_links_to_its_follow_up(client, editor, reviewer):
    metric = metric_of()
    other = ImpactMetricFactory(practice=metric.practice, position=2, label="Pagos en línea")
    measure(metric, datetime.date(2023, 11, 30), "412")
    measure(metric, datetime.date(2024, 11, 30), "430")
    client.force_login(editor)

    # The published practice's form is read-only; the links are there all the same.
    body = client.get(f"/admin/practices/practice/{metric.practice.pk}/change/").text

    assert f'href="{page_of(metric)}"' in body
    assert f'href="{page_of(other)}"' in body
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())
    assert "Seguimiento (2 mediciones)" in text
    assert "Seguimiento (sin mediciones)" in text


def test_the_practice_form_costs_the_same_whatever_its_metrics(client, editor):
    metric = metric_of("draft")
    client.force_login(editor)
    url = f"/admin/practices/practice/{metric.practice.pk}/change/"
    client.get(url)  # caches filled once (content types, the session's user)
    with CaptureQueriesContext(connection) as one:
        client.get(url)

    for n in range(4):
        more = ImpactMetricFactory(practice=metric.practice, position=n + 2, label=f"Otro {n}")
        measure(more, datetime.date(2023, 1, 1 + n), "10")
    with CaptureQueriesContext(connection) as five:
        client.get(url)

    assert len(five) == len(one)


def test_the_list_of_metrics_costs_a_fixed_number_of_queries(
    client, editor, django_assert_num_queries
):
    # Not on the admin's index (reached from a practice), but its address answers.
    for n in range(3):
        measure(metric_of(label=f"Indicador {n}"), datetime.date(2023, 1, 1), "1")
    client.force_login(editor)
    with CaptureQueriesContext(connection) as three:
        response = client.get("/admin/practices/impactmetric/")
    for n in range(7):
        measure(metric_of(label=f"Más {n}"), datetime.date(2023, 1, 1), "1")

    with django_assert_num_queries(len(three)):
        again = client.get("/admin/practices/impactmetric/")

    assert response.status_code == again.status_code == 200
    assert "Indicador 0" in again.text and "Más 6" in again.text
    assert "impactmetric" not in client.get("/admin/").text  # not listed on the index


# --- Bad input ----------------------------------------------------------------------------


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


def test_a_measurement_in_the_future_is_refused_and_nothing_is_saved(reviewer_client):
    metric = metric_of()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = reviewer_client.post(
        page_of(metric),
        measurements_form(
            metric, ("2023-11-30", "412", ""), (tomorrow.isoformat(), "500", "Pronóstico")
        ),
    )

    assert response.status_code == 200
    assert "La fecha de la medición es posterior a hoy" in text_of(response)
    assert not metric.measurements.exists()  # not even the good one


def test_a_second_measurement_on_the_same_date_is_refused(reviewer_client):
    metric = metric_of()
    kept = measure(metric, datetime.date(2023, 11, 30), "412")

    again = reviewer_client.post(
        page_of(metric),
        measurements_form(metric, ("2023-11-30", "999", ""), existing=[kept]),
    )
    twice = reviewer_client.post(
        page_of(metric),
        measurements_form(metric, ("2024-11-30", "430", ""), ("2024-11-30", "431", "")),
    )

    assert again.status_code == twice.status_code == 200
    assert "Este indicador ya tiene una medición en esa fecha" in text_of(again)
    assert "Dos mediciones tienen la misma fecha: deje una sola por fecha" in text_of(twice)
    assert list(metric.measurements.values_list("value", flat=True)) == [Decimal(412)]


@pytest.mark.parametrize("value", ["cuatrocientos", "412 PQR", ""])
def test_a_value_that_is_not_a_number_is_refused(reviewer_client, value):
    metric = metric_of()

    response = reviewer_client.post(
        page_of(metric), measurements_form(metric, ("2023-11-30", value, ""))
    )

    assert response.status_code == 200
    body = text_of(response)
    assert "Ingrese un número" in body or "Este campo es obligatorio" in body
    assert not metric.measurements.exists()


def test_figures_are_typed_the_colombian_way_and_the_recorded_result_stays(reviewer_client):
    metric = metric_of(value=Decimal("145061"), unit="usuarios", label="Usuarios atendidos")

    response = reviewer_client.post(
        page_of(metric),
        measurements_form(
            metric, ("30/11/2023", "150.200", "Informe de gestión"), ("2024-11-30", "5,5", "")
        ),
        follow=True,
    )

    assert "Seguimiento de «Usuarios atendidos» guardado" in text_of(response)
    assert list(metric.measurements.values_list("value", flat=True)) == [
        Decimal("150200"),
        Decimal("5.5"),
    ]
    metric.refresh_from_db()
    assert metric.value == Decimal("145061")
    assert not metric.history.filter(history_type="~").exists()  # the metric was not saved


# --- The ficha ----------------------------------------------------------------------------


@pytest.fixture
def followed(reference_practice):
    """The reference ficha's «PQR atendidas por mes» (56 → 381), measured twice since."""
    metric = reference_practice.impact_metrics.get(label="PQR atendidas por mes")
    measure(metric, datetime.date(2023, 3, 15), "412", "Informe de gestión 2022")
    measure(metric, datetime.date(2024, 3, 15), "145061.5")
    return metric


def series_rows(body):
    """The follow-up table's rows, as text."""
    table = body[body.index('class="follow-up-table"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split()) for row in rows]


def test_the_ficha_charts_the_recorded_result_then_each_measurement(client, followed):
    response = client.get(followed.practice.get_absolute_url())
    body = response.content.decode()

    assert series_rows(body) == [
        "Resultado registrado en la ficha 381 —",
        "15 de marzo de 2023 412 Informe de gestión 2022",
        "15 de marzo de 2024 145.061,50 —",
    ]
    assert '<time datetime="2024-03-15">' in body
    # The chart: one bar per figure, the recorded one apart, drawn without style attributes
    # (the CSP allows no inline style) and hidden from screen readers, which read the table.
    chart = re.search(r'<svg class="series".*?</svg>', body, flags=re.S).group(0)
    assert 'aria-hidden="true"' in chart
    assert chart.count("<rect") == 3 and chart.count('class="bar-recorded"') == 1
    assert "style=" not in chart
    assert re.findall(r"<text[^>]*>(.*?)</text>", chart) == ["Ficha", "2023", "2024"]
    # The tallest bar is the largest figure; the others in proportion.
    heights = [float(h) for h in re.findall(r'<rect[^>]* height="([\d.]+)"', chart)]
    assert heights[2] == max(heights) and 0 < heights[0] <= heights[1] < heights[2]
    # The ficha's own table still gives the recorded result.
    assert "Seguimiento en el tiempo" in text_of(response)
    followed.refresh_from_db()
    assert followed.value == Decimal(381)


def test_the_ficha_in_english_writes_dates_and_numbers_in_english(client, followed):
    response = client.get("/en" + followed.practice.get_absolute_url())

    rows = series_rows(response.content.decode())
    assert rows[1].startswith("March 15, 2023 412")
    assert rows[2].startswith("March 15, 2024 145,061.50")


def test_a_ficha_without_measurements_has_no_follow_up(client, reference_practice):
    body = client.get(reference_practice.get_absolute_url()).content.decode()

    assert "follow-up" not in body
    assert "Seguimiento en el tiempo" not in body


def test_the_pdf_lists_the_measurements_as_text(client, followed):
    response = client.get(f"{followed.practice.get_absolute_url()}ficha.pdf")

    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "PQR atendidas por mes (Portal web): 56 → 381 PQR por mes" in text
    assert "Seguimiento:" in text
    assert "15 de marzo de 2023: 412 PQR por mes (Informe de gestión 2022)" in text
    assert "15 de marzo de 2024: 145.061,50 PQR por mes" in text


# --- The caches move on -------------------------------------------------------------------


@pytest.fixture
def real_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "f"}
    }
    from django.core.cache import cache

    cache.clear()


def test_a_new_measurement_shows_at_once_on_the_cached_ficha(
    client, reviewer, real_cache, django_assert_num_queries
):
    metric = metric_of()
    url = metric.practice.get_absolute_url()
    before = metric.practice.updated_at
    client.get("/practicas/")  # the list's snapshot is built
    assert "Seguimiento en el tiempo" not in client.get(url).text
    with django_assert_num_queries(1):  # the ficha is in the cache
        client.get(url)

    staff = client.__class__()
    staff.force_login(reviewer)
    staff.post(page_of(metric), measurements_form(metric, ("2023-11-30", "412", "")))

    page = client.get(url).content.decode()
    assert series_rows(page)[1].startswith("30 de noviembre de 2023 412")
    assert Practice.objects.get(pk=metric.practice.pk).updated_at > before
    assert CatalogueChange.objects.filter(practice_id=metric.practice.pk).exists()


def test_a_corrected_or_deleted_measurement_shows_at_once_too(client, real_cache):
    metric = metric_of()
    url = metric.practice.get_absolute_url()
    measurement = measure(metric, datetime.date(2023, 11, 30), "412")
    assert "412" in series_rows(client.get(url).content.decode())[1]

    measurement.value = Decimal(415)
    measurement.save()  # outside the admin too: a shell, a script
    assert "415" in series_rows(client.get(url).content.decode())[1]

    measurement.delete()
    assert "Seguimiento en el tiempo" not in client.get(url).text


def test_a_new_measurement_renders_the_pdf_again(client, real_cache):
    metric = metric_of()
    pdf = f"{metric.practice.get_absolute_url()}ficha.pdf"
    first = client.get(pdf).content

    measure(metric, datetime.date(2023, 11, 30), "412")

    assert client.get(pdf).content != first


# --- Revisions and restores keep the follow-up ---------------------------------------------


def test_publishing_a_revision_keeps_the_measurements(editor, reviewer, make_member):
    metric = metric_of()
    practice = metric.practice
    ImpactMetricFactory(practice=practice, position=2, label="Pagos en línea", unit="pagos")
    measure(metric, datetime.date(2023, 11, 30), "412")
    renamed = ImpactMetric.objects.get(practice=practice, position=2)
    measure(renamed, datetime.date(2023, 11, 30), "90")
    revision = workflow.practice_start_revision(practice=practice, by=editor)
    # The revision corrects one metric's recorded value, renames the other (same place,
    # same unit) and adds a third.
    revision.impact_metrics.filter(position=1).update(value=380)
    revision.impact_metrics.filter(position=2).update(label="Pagos electrónicos")
    ImpactMetricFactory(practice=revision, position=3, label="Nuevo", unit="usuarios")
    workflow.practice_submit(practice=revision, by=editor)

    workflow.practice_publish(practice=revision, by=reviewer)

    metrics = {m.label: m for m in practice.impact_metrics.all()}
    assert metrics["PQR atendidas por mes"].value == 380
    assert [m.value for m in metrics["PQR atendidas por mes"].measurements.all()] == [412]
    assert [m.value for m in metrics["Pagos electrónicos"].measurements.all()] == [90]
    assert not metrics["Nuevo"].measurements.exists()
    assert ImpactMeasurement.objects.count() == 2


def test_a_metric_removed_by_a_revision_takes_its_measurements_along(editor, reviewer):
    metric = metric_of()
    measure(metric, datetime.date(2023, 11, 30), "412")
    revision = workflow.practice_start_revision(practice=metric.practice, by=editor)
    revision.impact_metrics.all().delete()
    ImpactMetricFactory(practice=revision, position=1, label="Otro", unit="otra unidad")
    workflow.practice_submit(practice=revision, by=editor)

    workflow.practice_publish(practice=revision, by=reviewer)

    assert not ImpactMeasurement.objects.exists()


def test_measuring_a_published_practice_binds_nobody_to_its_review(editor, reviewer, client):
    """A measurement is follow-up data, not the ficha's content: whoever records it may
    still publish the practice's next revision (someone else wrote)."""
    metric = metric_of()
    client.force_login(reviewer)
    client.post(page_of(metric), measurements_form(metric, ("2023-11-30", "412", "")))
    revision = workflow.practice_start_revision(practice=metric.practice, by=editor)
    workflow.practice_submit(practice=revision, by=editor)

    assert workflow.may_publish(reviewer, revision)


# --- Open data ----------------------------------------------------------------------------


def test_the_json_export_and_the_api_carry_the_measurements(client, followed):
    code = followed.practice.code
    exported = json.loads(b"".join(client.get("/practicas/exportar.json").streaming_content))
    (record,) = [r for r in exported["practicas"] if r["codigo"] == code]
    api = client.get(f"/api/v1/practicas/{code}").json()

    for data in (record, api):
        (metric,) = [m for m in data["indicadores"] if m["indicador"] == followed.label]
        assert metric["resultado"] == 381  # as the ficha recorded it
        assert metric["mediciones"] == [
            {"fecha": "2023-03-15", "resultado": 412.0, "nota": "Informe de gestión 2022"},
            {"fecha": "2024-03-15", "resultado": 145061.5, "nota": ""},
        ]
        others = [m for m in data["indicadores"] if m["indicador"] != followed.label]
        assert others and all(m["mediciones"] == [] for m in others)


def test_the_csv_keeps_one_row_per_practice_with_each_indicators_latest(client, followed):
    plain = b"".join(client.get("/practicas/exportar.csv").streaming_content).decode()
    regional = b"".join(
        client.get("/practicas/exportar.csv?formato=excel-co").streaming_content
    ).decode()

    assert plain.count("\r\n") == 2  # the header and the practice
    assert (
        "PQR atendidas por mes (Portal web): 56 → 381 PQR por mes; "
        "última medición 2024-03-15: 145061.5"
    ) in plain
    assert "última medición 2024-03-15: 145.061,5" in regional
    assert "2023-03-15" not in plain


def test_the_data_dictionary_explains_the_measurements(client, reference_practice):
    body = text_of(client.get("/datos/"))

    assert "mediciones: lista de objetos (fecha, resultado, nota)" in body
    assert "última medición" in body


def test_the_api_document_describes_the_measurements(client, db):
    document = client.get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]

    metric = schemas["ImpactMetricOut"]["properties"]["mediciones"]
    assert metric["items"] == {"$ref": "#/components/schemas/MeasurementOut"}
    assert set(schemas["MeasurementOut"]["required"]) == {"fecha", "resultado", "nota"}


# --- Demo data ------------------------------------------------------------------------------


def demo_measurements():
    return list(
        ImpactMeasurement.objects.order_by(
            "metric__practice__code", "metric__position", "pk"
        ).values_list("metric__practice__code", "measured_on", "value", "note")
    )


def test_the_demo_has_yearly_measurements_drawn_from_its_seed():
    seed_demo(count=120, seed=5, analyze=False)
    first = demo_measurements()
    seed_demo(count=120, seed=5, analyze=False)
    again = demo_measurements()

    assert first == again and len(first) >= 10
    per_metric = {}
    for measurement in ImpactMeasurement.objects.select_related("metric__practice"):
        practice = measurement.metric.practice
        assert practice.published_at is not None
        assert practice.published_at.year < measurement.measured_on.year
        assert measurement.measured_on <= REFERENCE_DAY
        per_metric.setdefault(measurement.metric_id, []).append(measurement.measured_on.year)
    assert all(1 <= len(years) <= 3 for years in per_metric.values())
    assert all(len(set(years)) == len(years) for years in per_metric.values())  # yearly

    seed_demo(count=0)
    assert not demo_practices().exists()
    assert not ImpactMeasurement.objects.exists()
