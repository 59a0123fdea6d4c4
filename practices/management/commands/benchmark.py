import os

from django.core.management.base import BaseCommand, CommandError

from practices.bench import BenchmarkError, run_benchmark


class Command(BaseCommand):
    help = (
        "Benchmark: a throwaway database with N demo practices (SQLite, or <name>_bench next "
        "to DATABASE_URL's PostgreSQL database), served by gunicorn as in production; prints "
        "p50/p95 latency and requests per second per URL and writes bench-results/<db>.json."
    )
    # The command itself never opens a database: its children use the throwaway one.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100_000, help="practices (100000)")
        parser.add_argument("--requests", type=int, default=200, help="per URL (200)")
        parser.add_argument("--warmup", type=int, default=20, help="per URL, not timed (20)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--cold-requests",
            type=int,
            default=20,
            help="per URL, each right after a change to the catalogue (20; 0: none)",
        )
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
        parser.add_argument(
            "--database-url",
            default=os.environ.get("DATABASE_URL", ""),
            help="PostgreSQL server and base name (default DATABASE_URL; empty: SQLite)",
        )
        parser.add_argument("--output-dir", default=None, help="default bench-results/")

    def handle(self, *args, **options):
        if options["count"] < 1 or options["requests"] < 1:
            raise CommandError("--count and --requests must be positive.")
        if options["warmup"] < 0 or options["cold_requests"] < 0:
            raise CommandError("--warmup and --cold-requests must be 0 or more.")
        try:
            run_benchmark(
                count=options["count"],
                database_url=options["database_url"],
                requests=options["requests"],
                warmup=options["warmup"],
                seed=options["seed"],
                workers=options["workers"],
                cold_requests=options["cold_requests"],
                output_dir=options["output_dir"],
                out=self.stdout,
            )
        except BenchmarkError as error:
            raise CommandError(str(error)) from error
