import sys

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, describe, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the configured database (which is "
        "backed up first) or, with --into, into another database (PostgreSQL: a database "
        "name on the same server, created when missing; SQLite: a file)."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .dump (PostgreSQL) or .sqlite3 (SQLite) backup")
        parser.add_argument("--database", default="default", help="database alias (default)")
        parser.add_argument("--into", default=None, help="restore into this database instead")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="do not ask to confirm"
        )
        parser.add_argument(
            "--no-safety-backup",
            action="store_false",
            dest="safety_backup",
            help="do not back up the database about to be overwritten",
        )

    def handle(self, *args, **options):
        from django.db import connections

        try:
            kind = describe(options["file"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        settings_dict = connections[options["database"]].settings_dict
        target = options["into"] or settings_dict["NAME"]
        if options["interactive"]:
            if not sys.stdin.isatty():
                raise CommandError("Not a terminal: pass --no-input to restore without asking.")
            answer = input(
                f"Everything in the {kind} database {target} will be replaced by "
                f"{options['file']}. Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled: nothing was changed.")
        try:
            outcome = restore(
                options["file"],
                using=options["database"],
                into=options["into"],
                safety_backup=options["safety_backup"],
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        if outcome.safety_backup:
            self.stdout.write(f"The database as it was is in {outcome.safety_backup}")
        self.stdout.write(
            f"Restored {outcome.path} into {outcome.vendor} {outcome.database} in "
            f"{outcome.seconds:.1f} s; the catalogue version moved on, so no cached page "
            "outlives it. Run `manage.py migrate` if the code is newer than the backup."
        )
