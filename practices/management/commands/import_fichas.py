from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from practices.fichas.importer import import_fichas, read_paths
from practices.models import Practice


class Command(BaseCommand):
    help = _(
        "Importa fichas (.txt con el formato de la ficha de referencia o .docx con la ficha "
        "en una tabla de dos columnas). Todo o nada: si un archivo tiene errores, no se "
        "escribe ninguno."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help=_("archivos o carpetas"))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("lee y reporta sin escribir nada")
        )
        parser.add_argument(
            "--status",
            choices=[Practice.Status.DRAFT, Practice.Status.PUBLISHED],
            default=Practice.Status.DRAFT,
            help=_("estado de las prácticas nuevas (por defecto draft)"),
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help=_("actualiza las prácticas cuyo código ya existe (si no, se omiten)"),
        )

    def handle(self, *args, paths, dry_run, status, update, **options):
        files, problems = read_paths(paths)
        for problem in problems:
            self.stderr.write(self.style.ERROR(f"✗ {problem}"))
        if problems:
            raise CommandError(_("No se importó nada."))

        report = import_fichas(files, status=status, update=update, dry_run=dry_run)
        verbs = {
            "create": _("se crea") if dry_run else _("creada"),
            "update": _("se actualiza") if dry_run else _("actualizada"),
            "skip": _("omitida"),
        }
        for outcome in report.outcomes:
            ficha = outcome.ficha
            if ficha.errors:
                self.stdout.write(self.style.ERROR(f"✗ {ficha.source}"))
            else:
                verb = verbs[outcome.action]
                self.stdout.write(f"✓ {ficha.source}: {ficha.code} «{ficha.title}» {verb}")
            for note in outcome.notes:
                self.stdout.write(f"    {note}")
            for problem in ficha.problems:
                line = f"    {_('error') if problem.is_error else _('aviso')}: {problem}"
                style = self.style.ERROR if problem.is_error else self.style.WARNING
                self.stdout.write(style(line))

        summary = _(
            "%(files)s archivo(s): %(created)s nueva(s), %(updated)s actualizada(s), "
            "%(skipped)s omitida(s), %(errors)s error(es)."
        ) % {
            "files": len(report.outcomes),
            "created": report.count("create"),
            "updated": report.count("update"),
            "skipped": report.count("skip"),
            "errors": len(report.errors),
        }
        self.stdout.write(summary)
        if not report.ok:
            raise CommandError(_("Hay errores: no se importó nada."))
        if dry_run:
            self.stdout.write(_("Simulación (--dry-run): no se escribió nada."))
