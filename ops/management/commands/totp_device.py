import io

import segno
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = _(
        "Registra el segundo factor (TOTP) de un usuario del personal e imprime la "
        "dirección otpauth:// y su código QR, para escanearlos con una aplicación de "
        "autenticación. Necesario antes de activar DJANGO_ADMIN_2FA."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help=_("nombre de usuario"))
        parser.add_argument(
            "--name", default=_("Aplicación de autenticación"), help=_("nombre del dispositivo")
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help=_("borra antes los dispositivos TOTP que ya tenga (teléfono perdido o cambiado)"),
        )
        parser.add_argument("--no-qr", action="store_true", help=_("solo la dirección, sin QR"))

    def handle(self, *args, username, name, replace, no_qr, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist as error:
            raise CommandError(_("No existe el usuario «%(u)s».") % {"u": username}) from error
        with transaction.atomic():
            existing = TOTPDevice.objects.filter(user=user)
            if existing.exists() and not replace:
                raise CommandError(
                    _(
                        "«%(u)s» ya tiene un dispositivo TOTP; use --replace para cambiarlo "
                        "(el anterior deja de servir)."
                    )
                    % {"u": username}
                )
            existing.delete()
            device = TOTPDevice.objects.create(user=user, name=name, confirmed=True)
        self.stdout.write(device.config_url)
        if not no_qr:
            picture = io.StringIO()
            segno.make(device.config_url, error="m").terminal(out=picture, compact=True)
            self.stdout.write(picture.getvalue(), ending="")
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Listo: «%(u)s» debe escanear el código (o copiar la dirección) en su "
                    "aplicación de autenticación. Es un secreto: no lo envíe por correo."
                )
                % {"u": username}
            )
        )
