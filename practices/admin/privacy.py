"""Admin of the data-treatment policy (PrivacyNotice): written by the entity's staff.

Only users with the model's permissions manage it (the "Administrador" role; see migration
0009); the roles that only view it get read-only pages. A version that has taken effect is
the text some holders accepted (``Practice.contact_consent_notice_version`` names it), so it
is kept as it was: it can no longer be changed or deleted, a new version replaces it.
"""

from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices.models import PrivacyNotice


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(admin.ModelAdmin):
    list_display = ["version", "effective_from", "controller", "in_force"]
    list_display_links = ["version"]
    search_fields = ["version"]
    fieldsets = [
        (
            _("Versión"),
            {
                "fields": ["version", "effective_from"],
                "description": _(
                    "La página pública muestra la versión más reciente cuya fecha de vigencia "
                    "ya llegó. Una versión vigente no se modifica: publique una nueva."
                ),
            },
        ),
        (_("Responsable del tratamiento"), {"fields": ["controller", "controller_contact"]}),
        (_("Política"), {"fields": ["purposes", "rights", "procedure"]}),
        (_("Aviso de privacidad"), {"fields": ["notice"]}),
    ]

    def get_queryset(self, request):
        # Which version is in force, for the whole list in the same query.
        in_effect = PrivacyNotice.objects.filter(effective_from__lte=timezone.localdate())
        current = in_effect.order_by("-effective_from", "-pk").values("pk")[:1]
        return (
            super()
            .get_queryset(request)
            .annotate(
                is_current=models.Case(
                    models.When(pk=models.Subquery(current), then=True),
                    default=False,
                    output_field=models.BooleanField(),
                )
            )
        )

    @admin.display(description=_("en vigor"), boolean=True)
    def in_force(self, obj):
        return obj.is_current

    def has_taken_effect(self, obj):
        return obj is not None and obj.effective_from <= timezone.localdate()

    def has_change_permission(self, request, obj=None):
        if self.has_taken_effect(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self.has_taken_effect(obj):
            return False
        return super().has_delete_permission(request, obj)
