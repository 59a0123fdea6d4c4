"""The outbox in the admin: what was sent, what waits, and what failed (read only)."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from outbox.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = [
        "subject",
        "to",
        "purpose",
        "status",
        "attempts",
        "created_at",
        "next_attempt_at",
    ]
    list_filter = ["status"]
    search_fields = ["subject", "purpose"]
    actions = ["retry"]
    readonly_fields = [f.name for f in Message._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Reintentar ahora"), permissions=["view"])
    def retry(self, request, queryset):
        count = queryset.exclude(status=Message.Status.SENT).update(
            status=Message.Status.WAITING, attempts=0, next_attempt_at=timezone.now()
        )
        self.message_user(
            request,
            ngettext(
                "%(n)s mensaje volverá a enviarse.", "%(n)s mensajes volverán a enviarse.", count
            )
            % {"n": count},
            messages.SUCCESS,
        )
