from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from practices.demo.seed import seed_demo, thousands


class Command(BaseCommand):
    help = _(
        "Reemplaza las prácticas de demostración (códigos BP-DEMO-…) por N prácticas "
        "realistas y reproducibles: la misma semilla da los mismos datos. Con --count 0 "
        "solo las borra."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help=_("cuántas prácticas"))
        parser.add_argument("--seed", type=int, default=1, help=_("semilla (por defecto 1)"))

    def handle(self, *args, count, seed, **options):
        if count < 0:
            raise CommandError(_("--count debe ser 0 o más."))

        def progress(done, total):
            self.stdout.write(
                _("%(done)s/%(total)s prácticas")
                % {"done": thousands(done), "total": thousands(total)}
            )

        summary = seed_demo(count=count, seed=seed, progress=progress)
        self.stdout.write(self.style.SUCCESS(str(summary)))
