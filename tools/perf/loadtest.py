"""The load test: many clients at once against the production set-up, for a bounded time.

``run_loadtest()`` (``manage.py loadtest``, ``make loadtest``) reuses the benchmark's
machinery (tools.perf.bench):

1. a throwaway database: ``<name>_loadtest`` beside ``DATABASE_URL``'s PostgreSQL database
   (or a SQLite file in a temporary folder without it), with ``migrate``, ``seed_demo
   --count N`` and ``collectstatic``;
2. gunicorn as in production (``make serve``): no ``DJANGO_DEBUG``, 2 per CPU + 1 sync
   workers, the cache of ``CACHE_URL`` when set (Redis, shared by the workers), and the
   per-client rate limits switched off (``DJANGO_RATELIMIT_SEARCHES_PER_MINUTE=0``,
   ``DJANGO_RATELIMIT_EXPORTS_PER_MINUTE=0``): every request comes from 127.0.0.1, which
   would otherwise be limited like one visitor;
3. a warm-up that requests every distinct URL of the mix once (as visitors would since the
   last edit; not measured), then ``--duration`` seconds (60) of load from ``--connections``
   (50) clients at once, each sending its next request as soon as the previous answer
   ends. The mix: the list and its pages, filters, searches (alone and with a filter),
   fichas and exports (CSV and JSON) of small filtered sets;
4. the load generator is ``wrk`` when installed (``apt-get install wrk``; one thread per
   connection, so that a Lua script times every request and knows its kind), otherwise a
   Python asyncio client in this process; the report names which;
5. reports throughput, p50/p95/p99 overall and per kind, every status and every error,
   writes ``bench-results/loadtest.json`` (one entry per database and N) and fails unless
   there were no errors and no 5xx. The server and the database are removed in any case.
"""

import asyncio
import contextlib
import datetime
import json
import math
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import django
from django.conf import settings

from tools.perf import bench
from tools.perf.bench import HOST, BenchmarkError, ThrowawayDatabase

# The share of requests of each kind (they add up to 100).
MIX = {
    "list": 20,
    "filters": 25,
    "search": 20,
    "ficha": 25,
    "export": 10,
}
SEARCH_WORDS = [
    "facturación",
    "agua",
    "pqr",
    "pérdidas",
    "energía",
    "reciclaje",
    "medidores",
    "atención",
    "usuarios",
    "alcantarillado",
    "gas",
    "digital",
]
EXPORT_MAX_ROWS = 200  # "small filters": an export of at most this many practices
FICHAS = 300
REQUEST_TIMEOUT = 30  # the mix's pages and small exports answer well within it


def run_async(coroutine):
    """``asyncio.run`` in a thread of its own: the caller's thread may already run an event
    loop (a notebook, or Playwright's sync API earlier in the same test session)."""
    result = {}

    def target():
        try:
            result["value"] = asyncio.run(coroutine)
        except BaseException as error:  # re-raised in the caller's thread
            result["error"] = error

    thread = threading.Thread(target=target, name="loadtest-client")
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


class LoadTestError(Exception):
    pass


# --- The URLs --------------------------------------------------------------------------


def choose_mix(seed=1):
    """{kind: [urls]} from the seeded data (runs in the throwaway database's process)."""
    from django.db.models import Count

    from practices.models import Practice
    from practices.views.catalogue import PracticeListView

    rng = random.Random(seed)
    published = Practice.objects.published()
    total = published.count()
    if not total:
        raise BenchmarkError("No published practice in the load test's database.")
    per_page = getattr(PracticeListView, "paginate_by", None) or 20
    pages = min(20, math.ceil(total / per_page))
    combos = list(
        published.order_by()
        .values("category__slug", "services__slug", "departments__slug", "provider__size")
        .annotate(n=Count("pk"))
        .order_by("-n", "category__slug", "services__slug", "departments__slug")
    )
    filters = []
    for combo in combos[:10]:
        filters += [
            {"categoria": combo["category__slug"]},
            {"servicio": combo["services__slug"], "departamento": combo["departments__slug"]},
            {
                "categoria": combo["category__slug"],
                "servicio": combo["services__slug"],
                "departamento": combo["departments__slug"],
            },
            {"tamano": combo["provider__size"], "departamento": combo["departments__slug"]},
        ]
    small = [
        {
            "categoria": c["category__slug"],
            "servicio": c["services__slug"],
            "departamento": c["departments__slug"],
        }
        for c in combos
        if c["n"] <= EXPORT_MAX_ROWS and None not in (c["services__slug"], c["departments__slug"])
    ][:10] or [{"q": "inexistente-nada"}]
    words = [w for w in SEARCH_WORDS if published.search(w).exists()] or ["agua"]
    codes = list(published.order_by("code").values_list("code", flat=True))
    fichas = sorted(rng.sample(codes, min(FICHAS, len(codes))))
    departments = sorted({c["departments__slug"] for c in combos[:10] if c["departments__slug"]})
    searches = [{"q": w} for w in words] + [
        {"q": w, "departamento": d} for w in words[:4] for d in departments[:2]
    ]
    return {
        "published": total,
        "urls": {
            "list": ["/practicas/"] + [f"/practicas/?page={p}" for p in range(2, pages + 1)],
            "filters": [f"/practicas/?{urlencode(f)}" for f in _unique(filters)],
            "search": [f"/practicas/?{urlencode(s)}" for s in searches],
            "ficha": [f"/practicas/{code}/" for code in fichas],
            "export": [f"/practicas/exportar.csv?{urlencode(s)}" for s in _unique(small)]
            + [f"/practicas/exportar.json?{urlencode(s)}" for s in _unique(small)],
        },
    }


def _unique(dicts):
    seen, result = set(), []
    for d in dicts:
        key = tuple(sorted((k, v) for k, v in d.items() if v))
        if key and key not in seen:
            seen.add(key)
            result.append(dict(key))
    return result


def print_mix():
    """Entry point of the child process: the mix as JSON on stdout."""
    print(json.dumps(choose_mix()))


def weighted(urls):
    """[(kind, url, cumulative weight)]: each kind gets its share of MIX, spread over its URLs."""
    table, total = [], 0.0
    for kind, share in MIX.items():
        for url in urls[kind]:
            total += share / len(urls[kind])
            table.append((kind, url, total))
    return table


class Picker:
    def __init__(self, table, seed):
        self.table = table
        self.total = table[-1][2]
        self.rng = random.Random(seed)

    def __call__(self):
        point = self.rng.random() * self.total
        low, high = 0, len(self.table) - 1
        while low < high:
            middle = (low + high) // 2
            if self.table[middle][2] < point:
                low = middle + 1
            else:
                high = middle
        return self.table[low][:2]


# --- Load generators ------------------------------------------------------------------------


async def _get(port, path, timeout):
    """One request on a new connection (the sync workers close it after each answer);
    returns the status, or raises."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), timeout)
    try:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nConnection: close\r\n"
            "Accept-Encoding: identity\r\nUser-Agent: catalogue-loadtest\r\n\r\n".encode()
        )
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), timeout)
        status = int(status_line.split()[1])
        while await asyncio.wait_for(reader.read(65536), timeout):
            pass
        return status
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


async def _load(port, pick, connections, duration, timeout):
    samples, errors = [], Counter()
    deadline = time.perf_counter() + duration

    async def client():
        while time.perf_counter() < deadline:
            kind, path = pick()
            started = time.perf_counter()
            try:
                status = await _get(port, path, timeout)
            except (OSError, TimeoutError, ValueError, IndexError) as error:
                errors[type(error).__name__] += 1
                samples.append((kind, "error", time.perf_counter() - started))
                continue
            samples.append((kind, str(status), time.perf_counter() - started))

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(connections)))
    return samples, dict(errors), time.perf_counter() - started


def python_load(port, table, connections, duration, seed, timeout=REQUEST_TIMEOUT):
    samples, errors, elapsed = run_async(
        _load(port, Picker(table, seed), connections, duration, timeout)
    )
    return samples, errors, elapsed


async def _warm(port, urls, concurrency, timeout):
    queue = list(urls)
    statuses = Counter()

    async def worker():
        while queue:
            path = queue.pop()
            try:
                statuses[str(await _get(port, path, timeout))] += 1
            except (OSError, TimeoutError, ValueError, IndexError) as error:
                statuses[f"error ({type(error).__name__})"] += 1

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return statuses


WRK_SCRIPT = r"""
-- Generated by tools/perf/loadtest.py: one connection per thread, so a request and its
-- response alternate and each can be timed (monotonic clock through LuaJIT's FFI).
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } loadtest_timespec;
int clock_gettime(int clock_id, loadtest_timespec *tp);
]]
local clock = ffi.new("loadtest_timespec")
local function now()
  ffi.C.clock_gettime(1, clock)
  return tonumber(clock.tv_sec) * 1e6 + tonumber(clock.tv_nsec) / 1e3
end

local table_ = {TABLE}
local total = table_[#table_][3]
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed({SEED} + thread_id)
  samples = {}
  current, started = nil, 0
end

local function pick()
  local point = math.random() * total
  for _, row in ipairs(table_) do
    if row[3] >= point then return row end
  end
  return table_[#table_]
end

function request()
  local row = pick()
  current = row[1]
  started = now()
  return wrk.format("GET", row[2], {["Accept-Encoding"] = "identity",
                                    ["User-Agent"] = "catalogue-loadtest"})
end

function response(status, headers, body)
  samples[#samples + 1] = current .. " " .. status .. " " .. string.format("%.0f", now() - started)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK %d %d %d %d %d %d %d %d\n", summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout))
  for _, thread in ipairs(threads) do
    for _, line in ipairs(thread:get("samples")) do
      io.write("S ", line, "\n")
    end
  end
end
"""


def _lua_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrk_load(port, table, connections, duration, seed, folder, timeout=REQUEST_TIMEOUT):
    rows = ",\n  ".join(
        f"{{{_lua_string(kind)}, {_lua_string(url)}, {weight!r}}}" for kind, url, weight in table
    )
    script = Path(folder) / "loadtest.lua"
    script.write_text(
        WRK_SCRIPT.replace("{TABLE}", "{\n  " + rows + "\n}").replace("{SEED}", str(seed)),
        encoding="utf-8",
    )
    args = [
        shutil.which("wrk"),
        f"--threads={connections}",
        f"--connections={connections}",
        f"--duration={duration}s",
        f"--timeout={timeout}s",
        f"--script={script}",
        f"http://{HOST}:{port}",
    ]
    result = subprocess.run(
        args, capture_output=True, text=True, timeout=duration + timeout + 60, check=False
    )
    if result.returncode != 0:
        raise LoadTestError(f"wrk failed ({result.returncode}):\n{result.stderr[-2000:]}")
    samples, summary = [], None
    for line in result.stdout.splitlines():
        if line.startswith("S "):
            kind, status, micros = line[2:].rsplit(" ", 2)
            samples.append((kind, status, int(micros) / 1e6))
        elif line.startswith("WRK "):
            summary = [int(x) for x in line.split()[1:]]
    if summary is None:
        raise LoadTestError(f"wrk printed no summary:\n{result.stdout[-2000:]}")
    _requests, micros, _bytes, connect, read, write, _status, timeouts = summary
    errors = {
        name: n
        for name, n in {
            "connect": connect,
            "read": read,
            "write": write,
            "timeout": timeouts,
        }.items()
        if n
    }
    return samples, errors, micros / 1e6


def wrk_version():
    result = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    return (result.stdout or result.stderr).splitlines()[0].strip()


# --- Figures --------------------------------------------------------------------------------


def figures(samples, elapsed):
    """Throughput and latency percentiles, overall and per kind."""

    def stats(rows):
        timings = sorted(seconds for _kind, _status, seconds in rows)
        statuses = Counter(status for _kind, status, _seconds in rows)
        return {
            "requests": len(rows),
            "requests_per_second": round(len(rows) / elapsed, 1) if elapsed else 0.0,
            "p50_ms": _ms(bench.percentile(timings, 0.50)),
            "p95_ms": _ms(bench.percentile(timings, 0.95)),
            "p99_ms": _ms(bench.percentile(timings, 0.99)),
            "max_ms": _ms(timings[-1]) if timings else 0.0,
            "statuses": dict(sorted(statuses.items())),
        }

    by_kind = defaultdict(list)
    for row in samples:
        by_kind[row[0]].append(row)
    return stats(samples), {kind: stats(by_kind[kind]) for kind in MIX if kind in by_kind}


def _ms(seconds):
    return round(seconds * 1000, 1)


def server_errors(statuses):
    return sum(n for status, n in statuses.items() if status.isdigit() and int(status) >= 500)


# --- The run ---------------------------------------------------------------------------------


class LoadTestDatabase(ThrowawayDatabase):
    """The benchmark's throwaway database, named ``<name>_loadtest`` on PostgreSQL so that
    a benchmark and a load test can run side by side."""

    def __init__(self, database_url, folder):
        super().__init__(database_url, folder)
        if self.vendor == "postgresql":
            self.name = self.name.removesuffix("_bench") + "_loadtest"
            self.url = _with_database(self.url, self.name)
            self.libpq_url = _with_database(self.libpq_url, self.name)


def _with_database(url, name):
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def run_loadtest(
    *,
    count,
    database_url="",
    duration=60,
    connections=50,
    workers=None,
    client="auto",
    cache_url=None,
    seed=1,
    output_dir=None,
    out=sys.stdout,
):
    """Build, serve, load, clean up; write the JSON report, return it, raise LoadTestError
    when a request failed or answered 5xx. One function: the server and the throwaway
    database belong to one try/finally that cleans them up."""
    workers = workers or 2 * (os.cpu_count() or 1) + 1
    cache_url = os.environ.get("CACHE_URL", "") if cache_url is None else cache_url
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "python"
    if client == "wrk" and not shutil.which("wrk"):
        raise LoadTestError("wrk is not installed (apt-get install wrk), or use --client python.")
    output_dir = Path(output_dir or Path(settings.BASE_DIR) / "bench-results")
    folder = tempfile.mkdtemp(prefix="catalogue-loadtest-")
    database = LoadTestDatabase(database_url, folder)
    env = bench.production_env(database.url)  # rate limits off: bench.RATE_LIMITS_OFF
    env.pop("DATABASE_REPLICA_URL", None)
    env.pop("CACHE_URL", None)
    if cache_url:
        env["CACHE_URL"] = cache_url
    out.write(f"Database: {database.vendor} {database.name} (throwaway)\n")
    with bench.throwaway(database, folder):
        seconds = bench.prepare(env, count=count, seed=seed, out=out)
        # A cache shared with other runs may hold pages of an equal version number.
        script = (
            "import django; django.setup(); "
            "from ops.backup import advance_catalogue_version; advance_catalogue_version(); "
            "from tools.perf.loadtest import print_mix; print_mix()"
        )
        output, _ = bench.run_step([sys.executable, "-c", script], env)
        mix = json.loads(output.strip().splitlines()[-1])
        table = weighted(mix["urls"])
        distinct = [url for urls in mix["urls"].values() for url in urls]

        log_path = Path(folder) / "gunicorn.log"
        with bench.serving(env, workers, log_path) as (server, port):
            cache = (
                f"Redis ({cache_url})" if cache_url else "local memory, per worker (no CACHE_URL)"
            )
            generator = wrk_version() if client == "wrk" else "Python asyncio client"
            out.write(
                f"gunicorn: {workers} sync workers on {HOST}:{port}; cache: {cache}; "
                "rate limits: off (DJANGO_RATELIMIT_SEARCHES_PER_MINUTE=0, "
                "DJANGO_RATELIMIT_EXPORTS_PER_MINUTE=0)\n"
                f"warm-up: {len(distinct)} distinct URLs once each…\n"
            )
            warm_started = time.perf_counter()
            warm_statuses = run_async(_warm(port, distinct, workers, REQUEST_TIMEOUT))
            warm_seconds = time.perf_counter() - warm_started
            out.write(
                f"warm-up: {warm_seconds:.1f} s, {dict(warm_statuses)}\n"
                f"load: {connections} connections for {duration} s ({generator})…\n"
            )
            rss_before = max((bench._rss_kib(pid) for pid in bench._worker_pids(server)), default=0)
            if client == "wrk":
                samples, errors, elapsed = wrk_load(
                    port, table, connections, duration, seed, folder
                )
            else:
                samples, errors, elapsed = python_load(port, table, connections, duration, seed)
            rss_after = max((bench._rss_kib(pid) for pid in bench._worker_pids(server)), default=0)
            log_text = log_path.read_text(errors="replace")

    overall, by_kind = figures(samples, elapsed)
    failures = verdict(overall["statuses"], errors, warm_statuses, log_text)
    report = {
        "n": count,
        "published": mix["published"],
        "database": database.vendor,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "server": f"gunicorn, {workers} sync workers",
        "cache": "redis" if cache_url else "local memory",
        "rate_limits": "off (DJANGO_RATELIMIT_*_PER_MINUTE=0)",
        "client": generator,
        "connections": connections,
        "duration_s": round(elapsed, 1),
        "mix_percent": MIX,
        "distinct_urls": {kind: len(urls) for kind, urls in mix["urls"].items()},
        "warmup": {"seconds": round(warm_seconds, 1), "statuses": dict(warm_statuses)},
        "seed_demo_s": round(seconds["seed_demo"], 1),
        "worker_rss_mib": {
            "before": round(rss_before / 1024, 1),
            "after": round(rss_after / 1024, 1),
        },
        "overall": overall,
        "by_kind": by_kind,
        "errors": errors,
        "failures": failures,
        "passed": not any(failures.values()),
    }
    path = write_report(report, output_dir)
    out.write(format_report(report) + "\n")
    out.write(f"Written to {path}\n")
    if not report["passed"]:
        raise LoadTestError(failure_message(failures, path))
    return report


def verdict(statuses, errors, warm_statuses, server_log):
    """What went wrong, by kind ({kind: how many}); the run passes when every count is 0.

    ``statuses``: {status: requests} of the load ("error" for a failed request), ``errors``:
    {error: requests} the client counted, ``warm_statuses``: the warm-up's statuses (or
    "error (…)"), ``server_log``: gunicorn's output.
    """
    return {
        "errors": sum(errors.values()),
        "server_errors_5xx": server_errors(statuses),
        "warmup_errors_or_5xx": sum(
            n for s, n in warm_statuses.items() if not s.isdigit() or int(s) >= 500
        ),
        "worker_timeouts": server_log.count("WORKER TIMEOUT"),
        "tracebacks_in_server_log": server_log.count("Traceback"),
    }


FAILURE_NAMES = {
    "errors": "requests without an answer (connection errors, timeouts)",
    "server_errors_5xx": "5xx answers",
    "warmup_errors_or_5xx": "warm-up requests without an answer or with a 5xx",
    "worker_timeouts": "gunicorn worker timeouts",
    "tracebacks_in_server_log": "tracebacks in the server's log",
}


def failure_message(failures, path=None):
    """One sentence naming every failure of ``verdict()`` that is not 0."""
    found = [f"{FAILURE_NAMES.get(kind, kind)}: {n}" for kind, n in failures.items() if n]
    where = f" (details in {path})" if path else ""
    return "The load test failed: " + "; ".join(found) + where + "."


def write_report(report, output_dir):
    """bench-results/loadtest.json keeps the latest run of each database and N."""
    output_dir.mkdir(parents=True, exist_ok=True)
    path = output_dir / "loadtest.json"
    runs = {}
    with contextlib.suppress(OSError, ValueError):
        runs = json.loads(path.read_text(encoding="utf-8")).get("runs", {})
    runs[f"{report['database']}-{report['n']}"] = report
    path.write_text(
        json.dumps({"runs": runs}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return path


def format_report(report):
    o = report["overall"]
    lines = [
        f"{bench._thousands(report['n'])} practices ({bench._thousands(report['published'])} "
        f"published) on {report['database']}, {report['cpu_count']} CPUs, {report['server']}, "
        f"cache {report['cache']}, {report['connections']} connections, "
        f"{report['duration_s']} s, {report['client']}",
        f"{'kind':<8} {'requests':>9} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'max ms':>8}  statuses",
    ]
    for kind, s in [*report["by_kind"].items(), ("all", o)]:
        statuses = ", ".join(f"{k}: {v}" for k, v in s["statuses"].items())
        lines.append(
            f"{kind:<8} {s['requests']:>9} {s['requests_per_second']:>7} {s['p50_ms']:>8} "
            f"{s['p95_ms']:>8} {s['p99_ms']:>8} {s['max_ms']:>8}  {statuses}"
        )
    f = report["failures"]
    detail = f" {report['errors']}" if report["errors"] else ""
    lines.append(
        f"errors: {f['errors']}{detail}; "
        f"5xx: {f['server_errors_5xx']}; "
        f"warm-up errors/5xx: {f['warmup_errors_or_5xx']}; worker timeouts: "
        f"{f['worker_timeouts']}; tracebacks in the server log: "
        f"{f['tracebacks_in_server_log']} → {'PASSED' if report['passed'] else 'FAILED'}"
    )
    return "\n".join(lines)
