"""seed_demo: realistic, reproducible demo practices written in bulk (practices.demo.seed)."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection

from practices import search
from practices.demo.seed import CODE_PREFIX, EDITION_PREFIX, SLUG_PREFIX, demo_practices, seed_demo
from practices.models import (
    CODE_PATTERN,
    Category,
    Edition,
    Practice,
    Provider,
    SuccessFactor,
)
from practices.search import search_fields
from practices.text import fold, sort_key

from .factories import PracticeFactory

pytestmark = pytest.mark.django_db


def codes_and_titles():
    return list(demo_practices().order_by("code").values_list("code", "title"))


def test_same_seed_same_practices_other_seed_other_practices():
    seed_demo(count=60, seed=7)
    first = codes_and_titles()
    seed_demo(count=60, seed=7)
    again = codes_and_titles()
    seed_demo(count=60, seed=8)
    other = codes_and_titles()

    assert len(first) == 60
    assert again == first
    assert other != first
    assert {title for _, title in other} != {title for _, title in first}


def test_counts_and_published_share():
    summary = seed_demo(count=200, seed=1)

    statuses = list(demo_practices().values_list("status", flat=True))
    assert summary.practices == len(statuses) == 200
    assert summary.published == statuses.count("published") == 190
    assert {"draft", "review", "archived"} <= set(statuses)
    assert not demo_practices().filter(status="published", published_at__isnull=True).exists()
    years = {d.year for d in demo_practices().published().values_list("published_at", flat=True)}
    assert len(years) >= 5  # publication dates spread over the years
    assert demo_practices().filter(end_date__isnull=True, start_date__isnull=False).exists()


def test_codes_follow_the_pattern_and_are_unique():
    seed_demo(count=150, seed=3)

    codes = list(demo_practices().values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 150
    for code in codes:
        assert re.fullmatch(CODE_PATTERN, code), code
        assert code.startswith(CODE_PREFIX)


def test_practices_and_rows_pass_model_validation():
    seed_demo(count=60, seed=4)

    for practice in demo_practices().with_ficha():
        practice.full_clean()  # code, e-mail, choices, dates and every constraint
        for rows in [practice.success_factors, practice.impact_metrics, practice.links]:
            for row in rows.all():
                row.full_clean()
        assert 2 <= practice.success_factors.count() <= 4
        assert 1 <= practice.impact_metrics.count() <= 4
        assert 0 <= practice.links.count() <= 3
        assert 1 <= practice.criterion_evidence.count() <= 4
        assert practice.services.exists()
        assert set(practice.services.all()) <= set(practice.provider.services.all())
    assert demo_practices().filter(impact_metrics__baseline__isnull=False).exists()


def test_coverage_municipalities_belong_to_the_coverage_departments():
    seed_demo(count=120, seed=5)

    for practice in demo_practices().prefetch_related("departments", "municipalities"):
        departments = {d.code for d in practice.departments.all()}
        assert departments, practice.code
        assert {m.department_id for m in practice.municipalities.all()} <= departments
        assert practice.coverage_note


def test_providers_categories_and_editions_are_plausible_and_labelled():
    summary = seed_demo(count=200, seed=6)

    providers = Provider.objects.filter(slug__startswith=SLUG_PREFIX)
    assert providers.count() == summary.providers >= 5
    for provider in providers.prefetch_related("services"):
        assert provider.size in {"pequeno", "mediano", "grande"}
        assert provider.department_id and provider.short_name and provider.services.exists()
        assert "E.S.P." in provider.name or provider.name.startswith(("Asociación", "Cooperativa"))
    assert summary.categories == 12
    assert Category.objects.filter(practices__code__startswith=CODE_PREFIX).distinct().count() > 6
    for edition in Edition.objects.filter(practices__code__startswith=CODE_PREFIX).distinct():
        assert edition.number < 900 or edition.name.startswith(EDITION_PREFIX)


def test_a_share_of_the_demo_says_what_it_takes_to_replicate_it(client):
    seed_demo(count=200, seed=13)
    estimates = list(
        demo_practices().values_list("code", "cost_min", "cost_max", "cost_year", "partners")
    )
    seed_demo(count=200, seed=13)

    assert (
        list(demo_practices().values_list("code", "cost_min", "cost_max", "cost_year", "partners"))
        == estimates
    )  # the same seed, the same figures
    costs = [(low, high, year) for _, low, high, year, _ in estimates if low is not None]
    assert 50 <= len(costs) <= 110  # about 45 % (85 % of them with a cost) of 200
    for low, high, year in costs:
        assert 15_000_000 <= low <= (high or low) <= 400_000_000
        assert 2019 <= year <= 2025
    assert any(high for _, high, _ in costs) and any(not high for _, high, _ in costs)
    shown = demo_practices().published().filter(cost_min__isnull=False).first()
    page = client.get(shown.get_absolute_url()).text
    assert "Lo que se necesita" in page and "Costo aproximado" in page


def test_search_fields_are_those_save_would_compute():
    seed_demo(count=40, seed=9)

    for practice in demo_practices().with_ficha():
        assert (practice.search_text, practice.search_names) == search_fields(
            *practice.search_sources()
        ), practice.code
        assert practice.sort_title == sort_key(practice.title), practice.code


def test_a_demo_practice_is_found_by_a_folded_word_of_its_title():
    seed_demo(count=50, seed=10)
    practice = demo_practices().published().order_by("code").first()
    longest = max(re.findall(r"\w+", practice.title), key=len)

    found = Practice.objects.published().search(fold(longest))

    assert found.filter(pk=practice.pk).exists()
    if connection.vendor == "postgresql":  # the search index beside holds every practice
        indexed = set(search.match(fold(longest)).ids)
        assert practice.pk in indexed
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {search.PG_TABLE}")
            assert cursor.fetchone()[0] == Practice.objects.count()


def test_running_again_replaces_the_demo_and_keeps_real_practices(reference_practice):
    seed_demo(count=80, seed=11)
    summary = seed_demo(count=30, seed=12)

    assert summary.replaced == 80
    assert demo_practices().count() == 30
    assert Practice.objects.filter(pk=reference_practice.pk).exists()
    assert Provider.objects.filter(slug=reference_practice.provider.slug).exists()
    used = Provider.objects.filter(slug__startswith=SLUG_PREFIX, practices__isnull=False)
    assert Provider.objects.filter(slug__startswith=SLUG_PREFIX).count() == used.distinct().count()
    assert Edition.objects.filter(name__startswith=EDITION_PREFIX).count() == 8

    seed_demo(count=0)
    assert not demo_practices().exists()
    assert not Provider.objects.filter(slug__startswith=SLUG_PREFIX).exists()
    assert Category.objects.filter(slug="atencion-a-usuarios-en-tiempos-de-covid").exists()


def test_replacing_writes_no_history_and_removes_the_demo_history():
    seed_demo(count=20, seed=14)
    edited = demo_practices().first()
    edited.title = "Editada en el admin"
    edited.save()  # a history record, as an editor's change makes
    SuccessFactor.objects.create(practice=edited, title="Nuevo factor")
    assert Practice.history.filter(code=edited.code).exists()

    seed_demo(count=10, seed=14)

    assert not Practice.history.filter(code__startswith=CODE_PREFIX).exists()
    assert not SuccessFactor.history.exists()  # no "deleted" records either
    assert demo_practices().count() == 10


def test_a_demo_provider_a_real_practice_uses_is_kept():
    seed_demo(count=20, seed=13)
    provider = Provider.objects.filter(slug__startswith=SLUG_PREFIX).first()
    real = PracticeFactory(code="BP-ANDESCO-SSPD-900-2024", provider=provider)

    seed_demo(count=0)

    assert Practice.objects.filter(pk=real.pk).exists()
    assert Provider.objects.filter(pk=provider.pk).exists()
    assert not demo_practices().exists()


def test_command_reports_progress_and_summary():
    out = io.StringIO()

    call_command("seed_demo", count=25, seed=2, stdout=out)

    assert "25/25 prácticas" in out.getvalue()
    assert "25 prácticas de demostración (24 publicadas)" in out.getvalue()
    assert demo_practices().count() == 25


@pytest.mark.django_db(transaction=True)
def test_the_maintenance_after_a_bulk_load_is_not_cut_by_the_pages_statement_timeout():
    """VACUUM after 100.000 practices outlasts a page's statement timeout (30 s): it runs
    without one, and the connection gets its own back afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("VACUUM and statement_timeout are PostgreSQL's")
    from practices.demo.seed import refresh_statistics

    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        [configured] = cursor.fetchone()
        cursor.execute("SET statement_timeout = 1")  # 1 ms: any VACUUM of the database is longer
        try:
            refresh_statistics()
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == configured  # RESET: the connection's own value
        finally:
            cursor.execute("RESET statement_timeout")
