from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Buenas prácticas")

    def ready(self):
        from django.db.models.signals import post_migrate

        from practices import signals  # noqa: F401
        from practices.sqlite_triggers import ensure_sqlite_triggers

        post_migrate.connect(ensure_sqlite_triggers, sender=self)
