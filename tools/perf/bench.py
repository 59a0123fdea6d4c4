"""The benchmark: a fresh database with N demo practices, served like production, measured.

``run_benchmark()`` (called by ``manage.py benchmark`` and ``make bench``):

1. creates a throwaway database: a SQLite file in a temporary folder, or, when a
   PostgreSQL URL is given, the database ``<name>_bench`` on the same server (dropped at
   the end; a stale one from an interrupted run is dropped first). The developer's own
   database is never opened;
2. runs ``migrate``, ``seed_demo --count N`` and ``collectstatic`` against it, each in a
   child process whose ``DATABASE_URL`` points at the throwaway database;
3. serves it with gunicorn as in production (no ``DJANGO_DEBUG``, a throwaway secret key,
   ``DJANGO_ALLOWED_HOSTS=127.0.0.1``, whitenoise's manifest storage, 2 workers) on a free
   local port and waits for ``/healthz``;
4. asks for the list until every worker has built its snapshot of the catalogue
   (practices.snapshot; gunicorn's log says when, how long it took and its size) and
   takes the workers' resident memory before and after;
5. requests each URL with one client at a time (``http.client``, keeping the connection
   alive when the server allows it): a warm-up, the "warm" requests (p50, p95, requests
   per second, and p95 against ``/healthz``, the cost of the framework alone), then the
   "cold" ones, each right after an edit of a practice (others in turn; for the last
   ficha row, the ficha's own) as an editor's save does it: the catalogue version moves
   on, every page cached under it expires and the snapshot catches up from the change
   log. A ficha is cached under its own practice and those it lists, so after an edit
   elsewhere it is served from the cache, and after its own edit it is rendered again:
   both are measured. Cold figures are the headline: what the first visitor after an
   edit waits;
6. stops gunicorn and deletes the database in every case, then writes
   ``bench-results/<vendor>.json``, prints a table and, with ``check``, says which
   budget (``BUDGETS``) was missed.
"""

import contextlib
import datetime
import http.client
import itertools
import json
import math
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import django
from django.conf import settings

HOST = "127.0.0.1"
STARTUP_TIMEOUT = 60  # seconds for gunicorn to answer /healthz
GUNICORN_TIMEOUT = 300  # seconds a silent (e.g. streaming) sync worker lives: `make serve`
STOP_TIMEOUT = 10  # seconds between SIGTERM and SIGKILL
REQUEST_TIMEOUT = 120


class BenchmarkError(Exception):
    pass


@dataclass
class Result:
    name: str
    url: str
    status: str  # "200", or every status seen: "404", "200: 18, 500: 2"
    p50_ms: float
    p95_ms: float
    requests_per_second: float
    p95_ratio_to_healthz: float = 0.0
    keep_alive: bool = False
    # Right after a change to the catalogue (list caches expired): None when not measured.
    cold_p50_ms: float | None = None
    cold_p95_ms: float | None = None


# p95 budgets in milliseconds, cold and warm (PostgreSQL at 100.000 published practices);
# SQLite's cold figures may be up to SQLITE_FACTOR times PostgreSQL's.
BUDGETS = {
    "list": 80,
    "list, 3 filters": 80,
    "deep page": 80,
    "search": 100,
    "search, a third": 100,
    "search + 2 filters": 100,
    "search, a typo": 100,
    "ficha": 20,
    # The recognition's pages, at tools.perf.season's scale (500 applications with 10
    # attachments each, 15 jurors): staff's and jurors' pages within the list budget.
    "recognition: list of applications": 80,
    "recognition: an application, admin": 80,
    "recognition: progress and ranking": 80,
    "recognition: a juror's list": 80,
    "recognition: scoring one": 80,
    "recognition: the applicant's form": 80,
    "recognition: evidence download": 80,
}
SQLITE_FACTOR = 1.5


def budget_of(name):
    return BUDGETS.get(name.split(" (")[0])


def missed_budgets(report, postgresql=None):
    """[(what, figure, budget)] of every budget ``report`` misses. On SQLite the budget is
    SQLITE_FACTOR times PostgreSQL's cold figure of the same page (``postgresql``: its
    report), when there is one."""
    missed = []
    reference = {}
    if report["database"] == "sqlite" and postgresql:
        reference = {r["name"].split(" (")[0]: r for r in postgresql["results"]}
    for result in report["results"]:
        name = result["name"].split(" (")[0]
        budget = budget_of(result["name"])
        if budget is None:
            continue
        if report["database"] == "sqlite":
            if name in reference and reference[name]["cold_p95_ms"]:
                limit = round(SQLITE_FACTOR * reference[name]["cold_p95_ms"], 1)
                if result["cold_p95_ms"] > limit:
                    missed.append((f"{result['name']} cold p95", result["cold_p95_ms"], limit))
            continue
        for label, figure in (("cold p95", result["cold_p95_ms"]), ("p95", result["p95_ms"])):
            if figure is not None and figure > budget:
                missed.append((f"{result['name']} {label}", figure, budget))
    return missed


# --- What to request ---------------------------------------------------------------------


def choose_targets():
    """The URLs to measure, with filter values common in the seeded data (so that the lists
    are not empty), and the practices to edit before cold requests. Runs inside the
    benchmark database's process; returns plain data. A list of declarations, one per URL."""
    from django.db import connection
    from django.db.models import Count

    from practices.models import Practice
    from practices.search import match
    from practices.views.catalogue import PracticeListView

    published = Practice.objects.published()
    total = published.count()
    if not total:
        raise BenchmarkError("No published practice in the benchmark database.")
    common = (
        published.order_by()
        .values("category__slug", "services__slug", "departments__slug")
        .annotate(n=Count("pk"))
        .order_by("-n", "category__slug", "services__slug", "departments__slug")
        .first()
    )
    q = "facturación"
    if not published.search(q).exists():
        q = published.order_by("code").values_list("title", flat=True).first().split()[0]
    # A word in about a third of the catalogue: the costliest kind of search to rank.
    third = min(
        THIRD_CANDIDATES,
        key=lambda word: abs(len((match(word) or EMPTY).ids) - total / 3),
    )
    pqr = "pqr" if published.search("pqr").exists() else q
    common_search = (
        published.search(pqr)
        .order_by()
        .values("provider__size", "departments__slug")
        .annotate(n=Count("pk"))
        .order_by("-n", "provider__size", "departments__slug")
        .first()
    )
    codes = published.order_by("code").values_list("code", "pk")
    ficha, ficha_pk = codes[total // 2]
    per_page = getattr(PracticeListView, "paginate_by", None) or 20
    deep = min(1000, math.ceil(total / per_page))
    filters = {
        "categoria": common["category__slug"],
        "servicio": common["services__slug"],
        "departamento": common["departments__slug"],
    }
    search_filters = {
        "q": pqr,
        "tamano": common_search["provider__size"],
        "departamento": common_search["departments__slug"],
    }
    step = max(1, total // EDITED)
    edited = list(published.order_by("pk").values_list("pk", flat=True)[::step][:EDITED])
    return {
        "vendor": connection.vendor,
        "version": _server_version(connection),
        "published": total,
        "urls": [
            ["healthz", "/healthz", None],
            ["list", "/practicas/", None],
            ["list, 3 filters", f"/practicas/?{urlencode(filters)}", None],
            ["search", f"/practicas/?{urlencode({'q': q})}", None],
            ["search, a third", f"/practicas/?{urlencode({'q': third})}", None],
            ["search + 2 filters", f"/practicas/?{urlencode(search_filters)}", None],
            # Nothing has the word as typed: corrected to the catalogue's word (the
            # vocabulary is read again after each edit, as the cold requests follow one).
            ["search, a typo", f"/practicas/?{urlencode({'q': typo(q)})}", None],
            ["ficha", f"/practicas/{ficha}/", None],
            ["ficha, after its own edit", f"/practicas/{ficha}/", ficha_pk],
            [f"deep page ({deep})", f"/practicas/?page={deep}", None],
        ],
        "edited": edited,
    }


def typo(word):
    """``word`` with two neighbouring letters swapped in its middle ("facturacoin")."""
    middle = len(word) // 2
    return word[: middle - 1] + word[middle] + word[middle - 1] + word[middle + 1 :]


# Words of the demo's texts; the one nearest a third of the catalogue is measured.
THIRD_CANDIDATES = ["clientes", "rural", "alianza", "validación", "acueducto", "zona", "canal"]
EDITED = 200  # practices edited in turn before cold requests


class _Empty:
    ids = ()


EMPTY = _Empty()


def _server_version(connection):
    if connection.vendor == "postgresql":
        return ".".join(str(n) for n in divmod(connection.pg_version, 10000))
    import sqlite3

    return sqlite3.sqlite_version


def print_targets():
    """Entry point of the child process: the targets as JSON on stdout."""
    print(json.dumps(choose_targets()))


def print_snapshot_memory():
    """Entry point of a child process: what building the list's snapshot costs a worker,
    as JSON: seconds, the arrays' size, and the process's resident memory before, after
    and at its peak (VmHWM: the rows in flight while it is read)."""
    import gc

    from practices.models import Practice
    from practices.snapshot import Reference, Rows, Snapshot, _release_freed_memory

    # What any worker has done before: its first queries (Django's and the driver's own
    # caches and imports are not the snapshot's).
    Reference.load("default")
    Rows.load("default", 0, set(Practice.objects.published().values_list("pk", flat=True)[:1]))
    gc.collect()
    before = _status_kib("VmRSS")
    started = time.perf_counter()
    snapshot = Snapshot.build("default")
    _release_freed_memory()  # as the workers do after a build
    seconds = time.perf_counter() - started
    gc.collect()
    print(
        json.dumps(
            {
                "practices": len(snapshot),
                "build_seconds": round(seconds, 2),
                "megabytes": round(snapshot.nbytes / 1e6, 1),
                "rss_before_mib": round(before / 1024, 1),
                "rss_after_mib": round(_status_kib("VmRSS") / 1024, 1),
                "rss_peak_mib": round(_status_kib("VmHWM") / 1024, 1),
            }
        )
    )


def print_season(seed, applications):
    """Entry point of a child process: a recognition season seeded (tools.perf.season),
    its URLs and sessions as JSON on stdout."""
    from tools.perf import season

    print(json.dumps(season.seed(seed, count=applications)))


def measure_season(connection, database, season, requests, warmup, cold_requests=20):
    """The recognition's pages, each with the session of who uses it; cold: right after a
    juror's score changed. The scoring record (every score of the season) a few times."""
    results = []
    with database.score_changes(season["scores_to_change"]) as change:
        for name, url, who in season["urls"]:
            headers = {"Cookie": f"sessionid={season['sessions'][who]}"}
            if name.endswith("CSV"):
                results.append(measure(connection, name, url, min(5, requests), 1, headers=headers))
                continue
            results.append(
                measure(connection, name, url, requests, warmup, cold_requests, change, headers)
            )
    return results


def _status_kib(field, pid="self"):
    path = f"/proc/{pid}/status"
    with contextlib.suppress(OSError, ValueError), open(path, encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


# --- The throwaway database --------------------------------------------------------------


class ThrowawayDatabase:
    """A database made for one run: SQLite in ``folder``, or ``<name>_bench`` on PostgreSQL."""

    def __init__(self, database_url, folder):
        self.admin_url = None
        if not database_url:
            self.vendor = "sqlite"
            self.name = str(Path(folder) / "bench.sqlite3")
            self.url = f"sqlite:///{self.name}"
            return
        parts = urlsplit(database_url)
        if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
            raise BenchmarkError(
                f"Unsupported DATABASE_URL scheme {parts.scheme!r}: use PostgreSQL or unset it."
            )
        base = parts.path.lstrip("/") or "catalogue"
        self.vendor = "postgresql"
        self.name = f"{base}_bench"
        self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
        self.libpq_url = urlunsplit(parts._replace(scheme="postgresql", path=f"/{self.name}"))
        # The maintenance database, to create and drop the throwaway one.
        self.admin_url = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))

    def create(self):
        if self.vendor == "postgresql":
            self._admin("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            self._admin("CREATE DATABASE {}")

    def drop(self):
        if self.vendor == "postgresql":
            self._admin("DROP DATABASE IF EXISTS {} WITH (FORCE)")

    @contextlib.contextmanager
    def statement(self, sql):
        """A function that runs ``sql`` (``?`` placeholders) with its parameters on a
        connection of its own, each run committed: a change made beside the server."""
        if self.vendor == "sqlite":
            import sqlite3 as driver

            connection = driver.connect(self.name, timeout=20, isolation_level=None)
        else:
            import psycopg as driver

            connection = driver.connect(self.libpq_url, autocommit=True)
            sql = sql.replace("?", "%s")
        try:
            yield lambda *parameters: connection.execute(sql, parameters)
        finally:
            connection.close()

    @contextlib.contextmanager
    def edits(self, practices):
        """A function ``edit(pk=None)`` that changes one practice as an editor's save does
        (its ``updated_at``, through the database's triggers: the catalogue version moves
        on and the change is logged); without ``pk``, the next of ``practices`` in turn."""
        turn = itertools.cycle(practices)
        with self.statement("UPDATE practices_practice SET updated_at = ? WHERE id = ?") as run:

            def edit(pk=None):
                now = datetime.datetime.now(datetime.UTC)
                moment = now.strftime("%Y-%m-%d %H:%M:%S.%f") if self.vendor == "sqlite" else now
                run(moment, pk or next(turn))

            yield edit

    @contextlib.contextmanager
    def score_changes(self, scores):
        """A function that changes the next of ``scores`` (a juror's score, within the
        scale 1–5), as a juror sending a scorecard changes the progress and the ranking."""
        turn = itertools.cycle(scores)
        sql = (
            "UPDATE recognition_score "
            "SET value = CASE WHEN value >= 5 THEN 1 ELSE value + 1 END WHERE id = ?"
        )
        with self.statement(sql) as run:
            yield lambda: run(next(turn))

    def _admin(self, statement):
        import psycopg
        from psycopg import sql

        try:
            with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=10) as conn:
                conn.execute(sql.SQL(statement).format(sql.Identifier(self.name)))
        except psycopg.OperationalError as error:
            raise BenchmarkError(f"PostgreSQL is unreachable: {error}") from error


# --- Child processes -------------------------------------------------------------------------


RATE_LIMITS_OFF = {
    "DJANGO_RATELIMIT_SEARCHES_PER_MINUTE": "0",
    "DJANGO_RATELIMIT_EXPORTS_PER_MINUTE": "0",
}


def production_env(database_url):
    """The environment of production, pointed at the throwaway database."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_DEBUG"}
    env |= {
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        # Plain HTTP on the loopback: no TLS proxy in front to redirect to.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        # Every request comes from 127.0.0.1, which the per-client limits would treat as
        # one visitor asking hundreds of times a minute (429s instead of pages).
        **RATE_LIMITS_OFF,
        "DJANGO_SETTINGS_MODULE": "catalogue_site.settings",
        "PYTHONUNBUFFERED": "1",
    }
    return env


def run_step(args, env, out=None):
    """Run a child process to the end; stream its output to ``out`` or return it."""
    started = time.perf_counter()
    process = subprocess.Popen(
        args,
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    try:
        for line in process.stdout:
            lines.append(line)
            if out is not None:
                out.write(f"    {line.rstrip()}\n")
        process.wait()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if process.returncode != 0:
        tail = "".join(lines[-30:])
        raise BenchmarkError(f"{' '.join(args[1:4])} failed ({process.returncode}):\n{tail}")
    return "".join(lines), time.perf_counter() - started


def manage(*args):
    return [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args]


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_gunicorn(env, port, workers, log):
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "catalogue_site.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"{HOST}:{port}",
            "--log-level",
            "warning",
            # As `make serve`: the whole export streams for about a minute at 100.000.
            "--timeout",
            str(GUNICORN_TIMEOUT),
            # Not the user's ~/.gunicorn/gunicorn.ctl, which a `make serve` may be using.
            "--no-control-socket",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopping it stops its workers
    )


@contextlib.contextmanager
def throwaway(database, folder):
    """``database`` created, then dropped and ``folder`` removed at the end, also when the
    command is stopped with a plain `kill` (SIGTERM: SystemExit runs the clean-up)."""
    in_main_thread = threading.current_thread() is threading.main_thread()
    if in_main_thread:
        previous_handler = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    created = False
    try:
        database.create()
        created = True
        yield database
    finally:
        try:
            if created:
                database.drop()
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            if in_main_thread:
                signal.signal(signal.SIGTERM, previous_handler)


def prepare(env, *, count, seed, out=None):
    """``migrate``, ``seed_demo --count`` and ``collectstatic`` against ``env``'s
    database, as a deployment would; {step: seconds}."""
    _, migrate_seconds = run_step(manage("migrate", "--no-input", "-v", "0"), env)
    if out:
        out.write(f"migrate: {migrate_seconds:.1f} s; seed_demo --count {count}:\n")
    _, seed_seconds = run_step(
        manage("seed_demo", "--count", str(count), "--seed", str(seed)), env, out
    )
    _, static_seconds = run_step(manage("collectstatic", "--no-input", "-v", "0"), env)
    return {"migrate": migrate_seconds, "seed_demo": seed_seconds, "collectstatic": static_seconds}


@contextlib.contextmanager
def serving(env, workers, log_path):
    """gunicorn (``start_gunicorn``) on a free local port, once /healthz answers: yields
    (process, port); stopped with its workers at the end."""
    port = free_port()
    with Path(log_path).open("w") as log:
        server = start_gunicorn(env, port, workers, log)
    try:
        wait_until_up(server, port, log_path)
        yield server, port
    finally:
        stop_gunicorn(server)


def stop_gunicorn(process):
    """SIGTERM to the group gunicorn leads (master and workers), SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wait_until_up(process, port, log_path):
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchmarkError(f"gunicorn exited ({process.returncode}):\n{_tail(log_path)}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                connection.close()
                return
        time.sleep(0.2)
    raise BenchmarkError(f"/healthz did not answer in {STARTUP_TIMEOUT} s:\n{_tail(log_path)}")


def _tail(path, lines=30):
    with contextlib.suppress(OSError):
        return "".join(Path(path).read_text(errors="replace").splitlines(True)[-lines:])
    return ""


# --- Measuring -------------------------------------------------------------------------------


def percentile(sorted_values, share):
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return 0.0
    return sorted_values[max(0, math.ceil(share * len(sorted_values)) - 1)]


def timed_requests(connection, url, requests, warmup=0, before_each=None, headers=None):
    """One client, one request at a time: ``warmup`` untimed requests, then ``requests``
    timed ones, each after ``before_each()`` (untimed), with ``headers`` (a session's
    cookie). Returns (sorted seconds, statuses, whether the server kept the connection
    alive)."""
    statuses = Counter()
    timings = []
    keep_alive = True
    for index in range(warmup + requests):
        if before_each is not None:
            before_each()
        started = time.perf_counter()
        try:
            connection.request("GET", url, headers=headers or {})
            response = connection.getresponse()
            response.read()
            status = str(response.status)
            keep_alive = keep_alive and not response.will_close
        except (OSError, http.client.HTTPException) as error:
            status = f"error ({type(error).__name__})"
            connection.close()  # the next request reconnects
        elapsed = time.perf_counter() - started
        if index >= warmup:
            timings.append(elapsed)
            statuses[status] += 1
    return sorted(timings), statuses, keep_alive


def measure(connection, name, url, requests, warmup, cold_requests=0, expire=None, headers=None):
    """Warm figures (after the warm-up, caches filled) and, when ``expire`` is given, cold
    ones: ``cold_requests`` requests each right after ``expire()`` changed the catalogue."""
    timings, statuses, keep_alive = timed_requests(
        connection, url, requests, warmup, headers=headers
    )
    if expire is not None and cold_requests:
        cold, cold_statuses, _ = timed_requests(
            connection, url, cold_requests, before_each=expire, headers=headers
        )
        statuses += cold_statuses
    if len(statuses) == 1:
        status = next(iter(statuses))
    else:
        status = ", ".join(f"{s}: {n}" for s, n in statuses.most_common())
    result = Result(
        name=name,
        url=url,
        status=status,
        p50_ms=_ms(percentile(timings, 0.50)),
        p95_ms=_ms(percentile(timings, 0.95)),
        requests_per_second=round(len(timings) / sum(timings), 1) if sum(timings) else 0.0,
        keep_alive=keep_alive,
    )
    if expire is not None and cold_requests:
        result.cold_p50_ms = _ms(percentile(cold, 0.50))
        result.cold_p95_ms = _ms(percentile(cold, 0.95))
    return result


SNAPSHOT_BUILT = re.compile(
    r"snapshot built from the database: (\d+) practices, version \d+, ([\d.]+) s, ([\d.]+) MB"
)
SNAPSHOT_LOADED = "snapshot loaded from the shared cache"


def await_snapshots(server, port, log_path, workers, timeout=120):
    """Ask for the list until each worker has logged its snapshot's build (or ``timeout``
    seconds passed); the builds' seconds and megabytes, and the workers' memory."""
    pids = _worker_pids(server)
    before = {pid: _rss_kib(pid) for pid in pids}
    deadline = time.monotonic() + timeout
    builds = []
    while time.monotonic() < deadline:
        text = Path(log_path).read_text(errors="replace")
        builds = SNAPSHOT_BUILT.findall(text)
        if len(builds) + text.count(SNAPSHOT_LOADED) >= workers:
            break
        connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request("GET", "/practicas/")
            connection.getresponse().read()
        except (OSError, http.client.HTTPException):
            pass
        finally:
            connection.close()
        time.sleep(0.2)
    after = {pid: _rss_kib(pid) for pid in pids}
    return {
        "workers_built": len(builds),
        "practices": int(builds[0][0]) if builds else 0,
        "build_seconds": max((float(b[1]) for b in builds), default=None),
        "megabytes": max((float(b[2]) for b in builds), default=None),
        "worker_rss_before_mib": round(max(before.values(), default=0) / 1024, 1),
        "worker_rss_after_mib": round(max(after.values(), default=0) / 1024, 1),
        "worker_rss_growth_mib": round(
            max((after[pid] - before[pid] for pid in pids), default=0) / 1024, 1
        ),
    }


def _ms(seconds):
    return round(seconds * 1000, 2)


# --- The run ---------------------------------------------------------------------------------


def run_benchmark(
    *,
    count,
    database_url="",
    requests=200,
    warmup=20,
    seed=1,
    workers=2,
    cold_requests=20,
    applications=500,
    output_dir=None,
    out=sys.stdout,
):
    """Build, serve, measure, clean up; write the JSON report and return it. One function:
    the server and the throwaway database belong to one try/finally that cleans them up."""
    output_dir = Path(output_dir or Path(settings.BASE_DIR) / "bench-results")
    folder = tempfile.mkdtemp(prefix="catalogue-bench-")
    database = ThrowawayDatabase(database_url, folder)
    env = production_env(database.url) | {"MEDIA_ROOT": str(Path(folder) / "media")}
    out.write(f"Database: {database.vendor} {database.name} (throwaway)\n")
    with throwaway(database, folder):
        seconds = prepare(env, count=count, seed=seed, out=out)
        script = "import django; django.setup(); from tools.perf.bench import print_targets; "
        output, _ = run_step([sys.executable, "-c", script + "print_targets()"], env)
        targets = json.loads(output.strip().splitlines()[-1])
        script = "import django; django.setup(); from tools.perf import bench; "
        output, _ = run_step([sys.executable, "-c", script + "bench.print_snapshot_memory()"], env)
        memory = json.loads(output.strip().splitlines()[-1])
        season = None
        if applications:
            call = f"bench.print_season({seed}, {applications:d})"
            output, season_seconds = run_step([sys.executable, "-c", script + call], env)
            season = json.loads(output.strip().splitlines()[-1])
            out.write(
                "Recognition season: {applications} applications, {attachments} attachments, "
                "{jurors} jurors, {scores} scores".format(**season)
                + f" ({season_seconds:.1f} s)\n"
            )

        log_path = Path(folder) / "gunicorn.log"
        with serving(env, workers, log_path) as (server, port):
            out.write(
                f"gunicorn: {workers} workers on {HOST}:{port}; "
                f"{warmup} warm-up + {requests} requests per URL, then {cold_requests} cold\n"
            )
            snapshot = await_snapshots(server, port, log_path, workers)
            connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
            results = []
            try:
                with database.edits(targets["edited"]) as edit:
                    for name, url, own in targets["urls"]:
                        expire = (lambda own=own: edit(own)) if own else edit
                        results.append(
                            measure(connection, name, url, requests, warmup, cold_requests, expire)
                        )
                if season:
                    results += measure_season(
                        connection, database, season, requests, warmup, cold_requests
                    )
            finally:
                connection.close()
            export = measure_export(server, port)

    baseline = results[0].p95_ms or 1.0
    for result in results:
        result.p95_ratio_to_healthz = round(result.p95_ms / baseline, 3)
    report = {
        "n": count,
        "published": targets["published"],
        "database": targets["vendor"],
        "database_version": targets["version"],
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "server": f"gunicorn, {workers} sync workers",
        "requests_per_url": requests,
        "warmup_per_url": warmup,
        "cold_requests_per_url": cold_requests,
        "seed": seed,
        "seconds": {
            "migrate": round(seconds["migrate"], 1),
            "seed_demo": round(seconds["seed_demo"], 1),
            "collectstatic": round(seconds["collectstatic"], 1),
        },
        "results": [asdict(result) for result in results],
        "season": season and {k: season[k] for k in ("applications", "attachments", "jurors")},
        "snapshot": snapshot | {"memory": memory},
        "export": export,
    }
    output_dir.mkdir(parents=True, exist_ok=True)
    path = output_dir / f"{targets['vendor']}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    out.write(format_table(report) + "\n")
    out.write(
        "List snapshot: built in {build_seconds} s by each of {workers_built} workers "
        "({megabytes} MB of arrays); the workers' memory {worker_rss_before_mib} MiB before "
        "any request, {worker_rss_after_mib} MiB once it was built and the pages served "
        "(+{worker_rss_growth_mib} MiB)\n".format(**snapshot)
    )
    out.write(
        "Building it alone in a process: {build_seconds} s, {megabytes} MB of arrays; "
        "resident memory {rss_before_mib} MiB before, {rss_after_mib} MiB after, "
        "{rss_peak_mib} MiB at the peak\n".format(**memory)
    )
    out.write(
        "Export of every published practice ({rows} rows, {megabytes} MB): first byte in "
        "{first_byte_ms} ms, {seconds} s in all; worker memory {worker_rss_before_mib} MiB "
        "before, {worker_rss_peak_mib} MiB at most (+{worker_rss_growth_mib} MiB)\n".format(
            **export
        )
    )
    out.write(f"Written to {path}\n")
    return report


def _rss_kib(pid):
    return _status_kib("VmRSS", pid)


def _worker_pids(master):
    try:
        with open(f"/proc/{master.pid}/task/{master.pid}/children", encoding="ascii") as f:
            return [int(pid) for pid in f.read().split()]
    except OSError:
        return []


def measure_export(server, port):
    """The full CSV export, streamed: time to the first byte, total time, size, and the
    gunicorn workers' peak resident memory while it runs (sampled every 20 ms) against
    their memory before: a flat line means the export does not load the data in memory."""
    workers = _worker_pids(server)
    before = {pid: _rss_kib(pid) for pid in workers}
    peak = dict(before)
    done = threading.Event()

    def sample():
        while not done.is_set():
            for pid in workers:
                peak[pid] = max(peak[pid], _rss_kib(pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    connection = http.client.HTTPConnection(HOST, port, timeout=600)
    started = time.perf_counter()
    try:
        connection.request("GET", "/practicas/exportar.csv")
        response = connection.getresponse()
        first = response.read(1)
        first_byte = time.perf_counter() - started
        size, rows, last = len(first), first.count(b"\n"), first[-1:]
        while chunk := response.read(65536):
            size += len(chunk)
            # Rows end in CRLF; a CRLF may straddle two chunks: the last byte goes along.
            rows += (last + chunk).count(b"\r\n")
            last = chunk[-1:]
        total = time.perf_counter() - started
        status = response.status
    finally:
        done.set()
        sampler.join()
        connection.close()
    grown = max((peak[pid] - before[pid] for pid in workers), default=0)
    return {
        "url": "/practicas/exportar.csv",
        "status": status,
        "rows": max(rows - 1, 0),  # the header
        "megabytes": round(size / 1_000_000, 1),
        "first_byte_ms": round(first_byte * 1000, 1),
        "seconds": round(total, 1),
        "worker_rss_before_mib": round(max(before.values(), default=0) / 1024, 1),
        "worker_rss_peak_mib": round(max(peak.values(), default=0) / 1024, 1),
        "worker_rss_growth_mib": round(grown / 1024, 1),
    }


def _exit_on_sigterm(signum, frame):
    sys.exit(128 + signum)


def format_table(report):
    header = (
        f"{_thousands(report['n'])} practices ({_thousands(report['published'])} published) "
        f"on {report['database']} {report['database_version']}, {report['cpu_count']} CPUs, "
        f"{report['server']}"
    )
    columns = (
        "page",
        "cold p50",
        "cold p95",
        "budget",
        "warm p50",
        "warm p95",
        "req/s",
        "p95/healthz",
        "status",
    )

    def ms(value):
        return "—" if value is None else f"{value:.1f}"

    rows = [
        (
            r["name"],
            ms(r["cold_p50_ms"]),
            ms(r["cold_p95_ms"]),
            "—" if budget_of(r["name"]) is None else str(budget_of(r["name"])),
            ms(r["p50_ms"]),
            ms(r["p95_ms"]),
            f"{r['requests_per_second']:.{0 if r['requests_per_second'] >= 10 else 1}f}",
            f"{r['p95_ratio_to_healthz']:.1f}",
            r["status"],
        )
        for r in report["results"]
    ]
    widths = [max(len(str(row[i])) for row in [columns, *rows]) for i in range(len(columns))]

    def line(row):
        first = str(row[0]).ljust(widths[0])
        rest = (str(cell).rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))
        return "  ".join([first, *rest])

    separator = "  ".join("-" * width for width in widths)
    lines = [header, "(milliseconds; cold: right after an edit)", line(columns), separator]
    return "\n".join([*lines, *(line(row) for row in rows)])


def _thousands(number):
    return f"{number:,}".replace(",", ".")
