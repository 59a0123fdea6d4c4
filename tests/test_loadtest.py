"""The load test (tools/perf/loadtest.py, `make loadtest`): end to end on a tiny SQLite
database for a few seconds, and its verdict: any error or 5xx fails the command."""

import asyncio
import concurrent.futures
import io
import json

import pytest
from django.core.management import CommandError, call_command

from tools.perf import loadtest


@pytest.mark.bench
def test_the_load_test_serves_the_mix_and_writes_the_report(tmp_path):
    # No django_db mark: the command must not open the test database (or any of ours).
    out = io.StringIO()

    call_command(
        "loadtest",
        count=30,
        duration=3,
        connections=4,
        workers=2,
        client="python",
        cache_url="",  # each worker's memory, whatever CACHE_URL the suite runs with
        database_url="",  # SQLite, whatever DATABASE_URL the suite runs with
        output_dir=str(tmp_path),
        stdout=out,
    )

    runs = json.loads((tmp_path / "loadtest.json").read_text(encoding="utf-8"))["runs"]
    report = runs["sqlite-30"]
    assert report["n"] == 30 and report["database"] == "sqlite"
    assert report["connections"] == 4 and report["duration_s"] >= 3
    assert report["client"] == "Python asyncio client"
    assert report["passed"] is True
    assert not any(report["failures"].values()), report["failures"]
    assert report["errors"] == {}
    overall = report["overall"]
    assert overall["requests"] > 0 and overall["requests_per_second"] > 0
    assert 0 < overall["p50_ms"] <= overall["p95_ms"] <= overall["p99_ms"] <= overall["max_ms"]
    assert set(overall["statuses"]) == {"200"}
    assert set(report["by_kind"]) <= set(loadtest.MIX)
    assert {"list", "filters", "search", "ficha"} <= set(report["by_kind"])
    assert sum(kind["requests"] for kind in report["by_kind"].values()) == overall["requests"]
    assert all(report["distinct_urls"].values()), report["distinct_urls"]
    text = out.getvalue()
    assert "p99 ms" in text and "PASSED" in text
    assert f"Written to {tmp_path / 'loadtest.json'}" in text


def test_a_later_run_keeps_the_others_in_the_report(tmp_path):
    first = {"database": "sqlite", "n": 30, "mark": 1}
    loadtest.write_report(first, tmp_path)
    loadtest.write_report({"database": "postgresql", "n": 100000}, tmp_path)
    loadtest.write_report(first | {"mark": 2}, tmp_path)
    runs = json.loads((tmp_path / "loadtest.json").read_text(encoding="utf-8"))["runs"]
    assert sorted(runs) == ["postgresql-100000", "sqlite-30"]
    assert runs["sqlite-30"]["mark"] == 2


def test_percentiles_come_from_the_samples():
    samples = [("list", "200", n / 1000) for n in range(1, 101)] + [("ficha", "404", 0.5)]
    overall, by_kind = loadtest.figures(samples, elapsed=10)
    assert overall["requests"] == 101 and overall["requests_per_second"] == 10.1
    assert (overall["p50_ms"], overall["p99_ms"], overall["max_ms"]) == (51.0, 100.0, 500.0)
    assert overall["statuses"] == {"200": 100, "404": 1}
    assert by_kind["list"]["p95_ms"] == 95.0 and by_kind["ficha"]["requests"] == 1


def test_a_clean_run_passes():
    failures = loadtest.verdict({"200": 900, "404": 3}, {}, {"200": 40}, "")
    assert not any(failures.values())


@pytest.mark.parametrize(
    ("statuses", "errors", "warm", "log", "failed", "message"),
    [
        ({"200": 9, "500": 2}, {}, {"200": 3}, "", "server_errors_5xx", "5xx answers: 2"),
        ({"200": 9, "502": 1}, {}, {"200": 3}, "", "server_errors_5xx", "5xx answers: 1"),
        (
            {"200": 9, "error": 3},
            {"ConnectionResetError": 2, "TimeoutError": 1},
            {"200": 3},
            "",
            "errors",
            "requests without an answer (connection errors, timeouts): 3",
        ),
        (
            {"200": 9},
            {},
            {"200": 2, "503": 1},
            "",
            "warmup_errors_or_5xx",
            "warm-up requests without an answer or with a 5xx: 1",
        ),
        (
            {"200": 9},
            {},
            {"200": 2, "error (OSError)": 1},
            "",
            "warmup_errors_or_5xx",
            "warm-up requests without an answer or with a 5xx: 1",
        ),
        (
            {"200": 9},
            {},
            {"200": 3},
            "[CRITICAL] WORKER TIMEOUT (pid:7)",
            "worker_timeouts",
            "gunicorn worker timeouts: 1",
        ),
        (
            {"200": 9},
            {},
            {"200": 3},
            "Traceback (most recent",
            "tracebacks_in_server_log",
            "tracebacks in the server's log: 1",
        ),
    ],
)
def test_an_error_or_a_5xx_fails_the_run(statuses, errors, warm, log, failed, message):
    failures = loadtest.verdict(statuses, errors, warm, log)
    assert [kind for kind, n in failures.items() if n] == [failed]
    text = loadtest.failure_message(failures, "bench-results/loadtest.json")
    assert text.startswith("The load test failed: ") and message in text
    assert text.endswith("(details in bench-results/loadtest.json).")


def test_the_command_fails_with_the_reason_when_the_run_failed(monkeypatch):
    def failed_run(**options):
        failures = loadtest.verdict({"200": 9, "500": 1}, {}, {"200": 3}, "")
        raise loadtest.LoadTestError(loadtest.failure_message(failures))

    monkeypatch.setattr("tools.perf.management.commands.loadtest.run_loadtest", failed_run)
    with pytest.raises(CommandError, match="The load test failed: 5xx answers: 1"):
        call_command("loadtest", count=30, database_url="", stdout=io.StringIO())


def test_the_command_refuses_nonsense_before_building_anything():
    with pytest.raises(CommandError, match="must be positive"):
        call_command("loadtest", count=30, duration=0, database_url="")
    with pytest.raises(CommandError, match="must be positive"):
        call_command("loadtest", count=30, connections=0, database_url="")


def test_the_clients_run_even_where_an_event_loop_already_runs():
    # As after the browser tests (Playwright's sync API) in the same pytest session.
    async def answer():
        return 42

    async def caller():
        return loadtest.run_async(answer())

    # The outer loop in a thread of its own: this one may already run Playwright's.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, caller()).result() == 42
