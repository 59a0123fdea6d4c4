"""Moderating what providers tell of their replications: pending first; publish, or do not
publish with a reason the representative receives (replication.moderation)."""

from django.contrib import admin, messages
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ops.admin_actions import ask_reason
from replication import moderation
from replication.models import Moderation, Replication, ReplicationResult


class ResultInline(admin.TabularInline):
    model = ReplicationResult
    extra = 0
    fields = ["label", "baseline", "value", "unit", "measured_on"]


@admin.register(Replication)
class ReplicationAdmin(admin.ModelAdmin):
    list_display = ["practice_code", "provider", "progress", "moderation", "updated_at"]
    list_filter = ["moderation", "progress"]
    list_select_related = ["practice", "provider"]
    search_fields = ["practice__code", "practice__title", "provider__name"]
    ordering = ["moderation", "-updated_at"]  # «pendiente» first: what waits for staff
    inlines = [ResultInline]
    actions = ["publish", "reject"]
    readonly_fields = [
        "practice",
        "provider",
        "representative",
        "moderation",
        "moderation_note",
        "moderated_by",
        "moderated_at",
        "answered_at",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["practice", "provider", "representative"]}),
        (
            _("Lo que contó el prestador"),
            {
                "fields": [
                    "started_on",
                    "municipalities",
                    "changes",
                    "story",
                    "progress",
                    "progress_reason",
                ]
            },
        ),
        (
            _("Moderación"),
            {"fields": ["moderation", "moderation_note", "moderated_by", "moderated_at"]},
        ),
        (_("Respuesta de los autores"), {"fields": ["answer", "answered_at"]}),
        (None, {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description=_("práctica"), ordering="practice__code")
    def practice_code(self, obj):
        return obj.practice.code

    def has_add_permission(self, request):
        return False  # providers tell their replications; staff moderate them

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_moderate_permission(self, request):
        return request.user.has_perm("replication.moderate_replication")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        moderation.recount(obj.practice_id)  # a correction of a published one shows at once

    @admin.action(description=_("Publicar en la ficha"), permissions=["moderate"])
    def publish(self, request, queryset):
        count = 0
        for replication in queryset.select_related("practice", "representative__user"):
            if replication.moderation != Moderation.PUBLISHED:
                moderation.publish(replication, request.user)
                count += 1
        self.message_user(
            request,
            ngettext("%(n)s réplica publicada.", "%(n)s réplicas publicadas.", count)
            % {"n": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("No publicar (con el motivo)"), permissions=["moderate"])
    def reject(self, request, queryset):
        reason, page = ask_reason(
            self,
            request,
            queryset,
            action="reject",
            title=gettext("No publicar réplicas"),
            intro=gettext(
                "El motivo se envía por correo al representante del prestador, que puede "
                "corregir su réplica y enviarla de nuevo."
            ),
            button=gettext("No publicar y avisar"),
        )
        if page is not None:
            return page
        replications = list(queryset.select_related("practice", "representative__user"))
        for replication in replications:
            moderation.reject(replication, request.user, reason)
        self.message_user(
            request,
            ngettext(
                "%(n)s réplica no publicada; se avisó al prestador.",
                "%(n)s réplicas no publicadas; se avisó a los prestadores.",
                len(replications),
            )
            % {"n": len(replications)},
            messages.SUCCESS,
        )
        return None
