"""/estadisticas/ and the CSV of each of its charts (see practices.statistics.counts)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from practices import snapshot as snapshots
from practices.listing import cached_page
from practices.statistics import counts as statistics


def statistics_page(request):
    """Every chart with its table, built once per catalogue version and language."""
    snapshot, version = snapshots.current()

    def build():
        counts = statistics.catalogue_counts(snapshot, version)
        return render(
            request,
            "statistics/statistics.html",
            {"total": counts.total, "charts": statistics.charts(counts)},
        )

    return cached_page("statistics", request.path, build, version=version)


def statistics_csv(request, chart):
    """One chart's data (its table) as CSV, UTF-8 with BOM."""
    charts = {c.slug: c for c in statistics.charts(statistics.catalogue_counts())}
    if chart not in charts:
        raise Http404
    response = HttpResponse(
        statistics.chart_csv(charts[chart]), content_type="text/csv; charset=utf-8"
    )
    filename = f"estadisticas-{chart}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
