import os

from django.core.management.base import BaseCommand, CommandError

from tools.perf.bench import BenchmarkError
from tools.perf.loadtest import LoadTestError, run_loadtest


class Command(BaseCommand):
    help = (
        "Load test: a throwaway database with N demo practices (SQLite, or <name>_loadtest "
        "next to DATABASE_URL's PostgreSQL database), served by gunicorn as in production, "
        "under --connections clients at once for --duration seconds (list, filters, search, "
        "ficha, exports); prints throughput and p50/p95/p99, writes "
        "bench-results/loadtest.json and fails on any error or 5xx."
    )
    # The command itself never opens a database: its children use the throwaway one.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100_000, help="practices (100000)")
        parser.add_argument("--duration", type=int, default=60, help="seconds of load (60)")
        parser.add_argument("--connections", type=int, default=50, help="clients at once (50)")
        parser.add_argument(
            "--workers", type=int, default=None, help="gunicorn workers (2 per CPU + 1)"
        )
        parser.add_argument(
            "--client",
            choices=["auto", "wrk", "python"],
            default="auto",
            help="load generator (auto: wrk when installed, else Python's asyncio)",
        )
        parser.add_argument(
            "--cache-url",
            default=None,
            help="Redis for the server's cache (default CACHE_URL; empty: local memory)",
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--database-url",
            default=os.environ.get("DATABASE_URL", ""),
            help="PostgreSQL server and base name (default DATABASE_URL; empty: SQLite)",
        )
        parser.add_argument("--output-dir", default=None, help="default bench-results/")

    def handle(self, *args, **options):
        if options["count"] < 1 or options["duration"] < 1 or options["connections"] < 1:
            raise CommandError("--count, --duration and --connections must be positive.")
        if options["workers"] is not None and options["workers"] < 1:
            raise CommandError("--workers must be positive.")
        try:
            run_loadtest(
                count=options["count"],
                database_url=options["database_url"],
                duration=options["duration"],
                connections=options["connections"],
                workers=options["workers"],
                client=options["client"],
                cache_url=options["cache_url"],
                seed=options["seed"],
                output_dir=options["output_dir"],
                out=self.stdout,
            )
        except (LoadTestError, BenchmarkError) as error:
            raise CommandError(str(error)) from error
