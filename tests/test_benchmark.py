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
    assert names[:6] == [
        "healthz",
        "list",
        "list, 3 filters",
        "search",
        "search + 2 filters",
        "ficha",
    ]
    assert names[6].startswith("deep page")
    for result in report["results"]:
        assert result["status"] == "200", result
        assert result["p50_ms"] > 0 and result["p95_ms"] >= result["p50_ms"], result
        assert result["requests_per_second"] > 0, result
        # Relative to healthz's p95 (a slow first healthz can make a ratio round to 0).
        expected = round(result["p95_ms"] / report["results"][0]["p95_ms"], 3)
        assert result["p95_ratio_to_healthz"] == pytest.approx(expected, abs=0.002), result
        assert result["cold_p95_ms"] >= result["cold_p50_ms"] > 0, result
    healthz, ficha = report["results"][0], report["results"][5]
    assert healthz["status"] == ficha["status"] == "200"
    assert "p95/healthz" in out.getvalue()
    export = report["export"]
    assert export["status"] == 200
    assert export["rows"] == report["published"]
    assert export["worker_rss_peak_mib"] >= export["worker_rss_before_mib"] > 0
    assert "Export of every published practice" in out.getvalue()


def test_the_measured_servers_do_not_rate_limit_the_single_local_client():
    # Hundreds of list requests a minute from 127.0.0.1 would otherwise measure 429 pages.
    from practices.bench import production_env

    env = production_env("sqlite:///unused.sqlite3")
    assert env["DJANGO_RATELIMIT_SEARCHES_PER_MINUTE"] == "0"
    assert env["DJANGO_RATELIMIT_EXPORTS_PER_MINUTE"] == "0"
    assert "DJANGO_DEBUG" not in env
