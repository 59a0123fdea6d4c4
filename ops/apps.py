from axes import apps as axes_apps
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp import apps as totp_apps

# Modules, not their classes, are imported: an AppConfig class in this module's namespace
# would be a candidate for "ops" itself.


class OpsConfig(AppConfig):
    default = True  # what "ops" in INSTALLED_APPS means
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
class LockoutConfig(axes_apps.AppConfig):
    default = False
    verbose_name = _("Bloqueo de accesos")


class SecondFactorConfig(totp_apps.DefaultConfig):
    default = False
    verbose_name = _("Segundo factor de acceso")
