from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


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
