from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = "Operación"

    def ready(self):
        from ops import checks  # noqa: F401  (registers the deployment checks)


class StaffAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin whose ``admin.site`` asks for a second factor when
    ``settings.ADMIN_2FA`` is on (ops.admin_site). Named in INSTALLED_APPS."""

    default = False  # "ops" alone still means OpsConfig
    default_site = "ops.admin_site.StaffAdminSite"


# The lockout's and the second factor's apps, named in Spanish in the admin (their own
# names are "Axes" and "Otp_Totp"). Named in INSTALLED_APPS.
class LockoutConfig(AxesConfig):
    default = False
    verbose_name = _("Bloqueo de accesos")


class SecondFactorConfig(TOTPConfig):
    default = False
    verbose_name = _("Segundo factor de acceso")
