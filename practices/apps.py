from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Buenas prácticas")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import checks, signals  # noqa: F401
        from .sqlite_triggers import ensure_sqlite_triggers

        post_migrate.connect(ensure_sqlite_triggers, sender=self)


class StaffAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin whose ``admin.site`` asks for a second factor when
    ``settings.ADMIN_2FA`` is on (practices.admin_site). Named in INSTALLED_APPS."""

    default = False  # "practices" alone still means PracticesConfig
    default_site = "practices.admin_site.StaffAdminSite"
