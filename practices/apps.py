from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Buenas prácticas")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from practices import signals  # noqa: F401
        from practices.search.spelling import ensure_vocabulary
        from practices.sqlite_triggers import ensure_sqlite_triggers, register_functions

        connection_created.connect(register_functions)
        post_migrate.connect(ensure_sqlite_triggers, sender=self)
        post_migrate.connect(ensure_vocabulary, sender=self)
