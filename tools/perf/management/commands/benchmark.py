import json
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tools.perf.bench import BenchmarkError, missed_budgets, run_benchmark


class Command(BaseCommand):
    help = (
        "Benchmark: a throwaway database with N demo practices (SQLite, or <name>_bench next "
        "to DATABASE_URL's PostgreSQL database), served by gunicorn as in production; prints "
        "p50/p95 latency and requests per second per URL and writes bench-results/<db>.json."
    )
    # The command itself never opens a database: its children use the throwaway one.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--count",
            type=int,
            default=105_263,
            help="practices (105263: 100.000 of them published)",
        )
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
            "--applications",
            type=int,
            default=500,
            help="applications of the recognition season measured beside the catalogue "
            "(500, with 10 attachments each and 15 jurors; 0: none)",
        )
        parser.add_argument(
            "--database-url",
            default=os.environ.get("DATABASE_URL", ""),
            help="PostgreSQL server and base name (default DATABASE_URL; empty: SQLite)",
        )
        parser.add_argument("--output-dir", default=None, help="default bench-results/")
        parser.add_argument(
            "--check",
            action="store_true",
            help="exit with an error when a page misses its budget (tools.perf.bench.BUDGETS)",
        )

    def handle(self, *args, **options):
        if options["count"] < 1 or options["requests"] < 1:
            raise CommandError("--count and --requests must be positive.")
        if min(options["warmup"], options["cold_requests"], options["applications"]) < 0:
            raise CommandError("--warmup, --cold-requests and --applications must be 0 or more.")
        try:
            report = run_benchmark(
                count=options["count"],
                database_url=options["database_url"],
                requests=options["requests"],
                warmup=options["warmup"],
                seed=options["seed"],
                workers=options["workers"],
                cold_requests=options["cold_requests"],
                applications=options["applications"],
                output_dir=options["output_dir"],
                out=self.stdout,
            )
        except BenchmarkError as error:
            raise CommandError(str(error)) from error
        if options["check"]:
            postgresql = None
            reference = Path(options["output_dir"] or "bench-results") / "postgresql.json"
            if report["database"] == "sqlite" and reference.exists():
                postgresql = json.loads(reference.read_text(encoding="utf-8"))
            missed = missed_budgets(report, postgresql)
            for what, figure, budget in missed:
                self.stderr.write(f"Over budget: {what} {figure} ms > {budget} ms")
            if missed:
                raise CommandError(f"{len(missed)} budget(s) missed.")
            self.stdout.write("Every page within its budget.")
