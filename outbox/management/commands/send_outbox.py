import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from outbox.sending import forget_sent, send_due


class Command(BaseCommand):
    help = _(
        "Envía los mensajes pendientes del correo saliente. Con --loop sigue en marcha y "
        "revisa cada --every segundos (un servicio); sin él, una ronda (un temporizador)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help=_("seguir en marcha"))
        parser.add_argument("--every", type=float, default=30, help=_("segundos entre rondas"))

    def handle(self, *args, loop, every, **options):
        while True:
            sent, failed = send_due()
            forget_sent()
            if sent or failed or not loop:
                self.stdout.write(
                    _("%(sent)s enviados, %(failed)s por reintentar o fallidos.")
                    % {"sent": sent, "failed": failed}
                )
            if not loop:
                return
            time.sleep(every)
