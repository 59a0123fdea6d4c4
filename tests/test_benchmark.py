"""The benchmark end to end on a tiny SQLite database: build, serve, measure, clean up."""

import io
import json

import pytest
from django.core.management import call_command


@pytest.mark.bench
def test_benchmark_measures_every_url_and_writes_the_json(tmp_path):
    # No django_db mark: the command must not open the test database (or any of ours).
    out = io.StringIO()

    call_command(
        "benchmark",
        count=30,
        requests=3,
        warmup=1,
        cold_requests=2,
        applications=4,
        database_url="",  # SQLite, whatever DATABASE_URL the suite runs with
        output_dir=str(tmp_path),
        stdout=out,
    )

    report = json.loads((tmp_path / "sqlite.json").read_text(encoding="utf-8"))
    assert report["n"] == 30
    assert report["database"] == "sqlite"
    assert report["cpu_count"] >= 1
    assert report["date"]
    names = [result["name"] for result in report["results"]]
    assert names[:8] == [
        "healthz",
        "list",
        "list, 3 filters",
        "search",
        "search, a third",
        "search + 2 filters",
        "search, a typo",
        "ficha",
    ]
    assert names[8] == "ficha, after its own edit"
    assert names[9].startswith("deep page")
    # The recognition's pages, each asked with the session of who uses it (not the login
    # page's 302), cold after a juror's score changed; the scoring record warm only.
    assert names[10:] == [
        "recognition: list of applications",
        "recognition: an application, admin",
        "recognition: progress and ranking",
        "recognition: a juror's list",
        "recognition: scoring one",
        "recognition: the applicant's form",
        "recognition: evidence download",
        "recognition: scoring record, CSV",
    ]
    assert report["season"] == {"applications": 4, "attachments": 40, "jurors": 15}
    record = report["results"].pop()
    assert record["status"] == "200" and record["cold_p95_ms"] is None
    for result in report["results"]:
        assert result["status"] == "200", result
        assert result["p50_ms"] > 0 and result["p95_ms"] >= result["p50_ms"], result
        assert result["requests_per_second"] > 0, result
        # Relative to healthz's p95 (a slow first healthz can make a ratio round to 0).
        expected = round(result["p95_ms"] / report["results"][0]["p95_ms"], 3)
        assert result["p95_ratio_to_healthz"] == pytest.approx(expected, abs=0.002), result
        assert result["cold_p95_ms"] >= result["cold_p50_ms"] > 0, result
    healthz, ficha = report["results"][0], report["results"][6]
    assert healthz["status"] == ficha["status"] == "200"
    assert "p95/healthz" in out.getvalue()
    snapshot = report["snapshot"]
    assert snapshot["workers_built"] >= 1
    assert snapshot["practices"] == report["published"]
    assert snapshot["build_seconds"] > 0 and snapshot["megabytes"] >= 0
    export = report["export"]
    assert export["status"] == 200
    assert export["rows"] == report["published"]
    assert export["worker_rss_peak_mib"] >= export["worker_rss_before_mib"] > 0
    assert "Export of every published practice" in out.getvalue()


def test_the_measured_servers_do_not_rate_limit_the_single_local_client():
    # Hundreds of list requests a minute from 127.0.0.1 would otherwise measure 429 pages.
    from tools.perf.bench import production_env

    env = production_env("sqlite:///unused.sqlite3")
    assert env["DJANGO_RATELIMIT_SEARCHES_PER_MINUTE"] == "0"
    assert env["DJANGO_RATELIMIT_EXPORTS_PER_MINUTE"] == "0"
    assert "DJANGO_DEBUG" not in env


def test_a_missed_budget_is_named_and_sqlite_is_held_to_postgresql_s_figures():
    from tools.perf.bench import missed_budgets

    def report(database, cold, warm):
        result = {"name": "list", "cold_p95_ms": cold, "p95_ms": warm}
        return {"database": database, "results": [result]}

    assert missed_budgets(report("postgresql", 70, 60)) == []
    assert missed_budgets(report("postgresql", 120, 60)) == [("list cold p95", 120, 80)]
    assert missed_budgets(report("postgresql", 70, 90)) == [("list p95", 90, 80)]
    postgresql = report("postgresql", 40, 30)
    assert missed_budgets(report("sqlite", 59, 50), postgresql) == []
    assert missed_budgets(report("sqlite", 61, 50), postgresql) == [("list cold p95", 61, 60.0)]
