from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, backup, prune


class Command(BaseCommand):
    help = (
        "Back up the database into backups/ (or --output-dir) under a timestamped name: "
        "pg_dump --format=custom on PostgreSQL, SQLite's online backup API on SQLite."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default", help="database alias (default)")
        parser.add_argument("--output-dir", default=None, help="default: BACKUP_DIR or backups/")
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            help="then delete all but the KEEP newest backups of this database",
        )

    def handle(self, *args, **options):
        if options["keep"] is not None and options["keep"] < 1:
            raise CommandError("--keep must be 1 or more.")
        try:
            outcome = backup(using=options["database"], directory=options["output_dir"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup written: {outcome}")
        if options["keep"] is not None:
            for path in prune(
                options["output_dir"],
                database=outcome.database,
                keep=options["keep"],
                vendor=outcome.vendor,
            ):
                self.stdout.write(f"Old backup deleted: {path}")
