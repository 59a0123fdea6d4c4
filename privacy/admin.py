"""The data subjects' requests in the admin (the Administrador answers them).

A request arrives from the public form, or staff record one received by letter or in
person; what the holder asked is then kept as it was. Staff write the answer and mark the
request answered: the answer goes to the holder by e-mail (the outbox) and the request
leaves the admin home's list of what is owed. Requests are never deleted (their history
is the record for the auditor). For a removal, the action "Retirar la autorización…"
withdraws the consent on every practice whose contact has the holder's address.
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from outbox.sending import enqueue
from practices.admin.wording import FeminineMessagesMixin
from practices.models import Practice
from privacy import consent
from privacy.models import DataRequest

REQUEST_FIELDS = ["kind", "name", "email", "practice_reference", "details", "received_at"]


@admin.register(DataRequest)
class DataRequestAdmin(FeminineMessagesMixin, SimpleHistoryAdmin):
    list_display = ["number", "kind", "name", "status", "received_at", "due", "days_left"]
    list_display_links = ["number", "kind"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "email", "practice_reference"]
    ordering = ["status", "due_on", "pk"]
    actions = ["withdraw_consent"]
    fieldsets = [
        (_("Solicitud"), {"fields": [*REQUEST_FIELDS, "due_on", "holder_practices"]}),
        (_("Respuesta"), {"fields": ["answer", "status", "answered_at", "answered_by"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        always = ["due_on", "holder_practices", "answered_at", "answered_by"]
        if obj is None:  # recording a request received by letter or in person
            return always
        # Answered (and sent): kept as it was. answered_at, not the status, which a form
        # that failed validation has already changed on ``obj``.
        if obj.answered_at is not None:
            return [*REQUEST_FIELDS, *always, "answer", "status"]
        return [*REQUEST_FIELDS, *always]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("número"), ordering="pk")
    def number(self, obj):
        return obj.number

    @admin.display(description=_("responder a más tardar el"), ordering="due_on")
    def due(self, obj):
        date = formats.date_format(obj.due_on, "DATE_FORMAT")
        if obj.is_overdue:
            return format_html('<strong class="overdue">{} ({})</strong>', date, gettext("vencida"))
        return date

    @admin.display(description=_("días hábiles restantes"))
    def days_left(self, obj):
        return obj.working_days_left if obj.status == DataRequest.Status.OPEN else "—"

    @admin.display(description=_("prácticas con el correo del titular"))
    def holder_practices(self, obj):
        if obj is None or not obj.email:
            return "—"
        practices = Practice.objects.filter(
            contact_email__iexact=obj.email, revision_of__isnull=True
        ).order_by("code")
        if not practices:
            return gettext("Ninguna práctica tiene este correo de contacto.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> · {}</li>',
                (
                    (
                        reverse("admin:practices_practice_change", args=[practice.pk]),
                        practice.code,
                        contact_state(practice),
                    )
                    for practice in practices
                ),
            ),
        )

    def save_model(self, request, obj, form, change):
        answering = obj.status == DataRequest.Status.ANSWERED and obj.answered_at is None
        if answering:
            obj.answered_at = timezone.now()
            obj.answered_by = request.user
        super().save_model(request, obj, form, change)
        if answering:
            enqueue(
                obj.email,
                gettext("Respuesta a su solicitud %(number)s") % {"number": obj.number},
                obj.answer,
                purpose=f"privacy:{obj.number}",
            )
            messages.info(request, gettext("La respuesta se enviará al correo del titular."))

    @admin.action(
        description=_("Retirar la autorización del contacto en las prácticas de estos titulares"),
        permissions=["change"],
    )
    def withdraw_consent(self, request, queryset):
        changed = 0
        for data_request in queryset:
            practices = Practice.objects.filter(contact_email__iexact=data_request.email)
            reason = gettext("solicitud %(number)s") % {"number": data_request.number}
            changed += consent.withdraw(practices, request.user, reason)
        self.message_user(
            request,
            ngettext(
                "Autorización retirada en %(n)s práctica: su contacto ya no se muestra.",
                "Autorización retirada en %(n)s prácticas: su contacto ya no se muestra.",
                changed,
            )
            % {"n": changed},
            messages.SUCCESS if changed else messages.WARNING,
        )


def contact_state(practice):
    if practice.contact_consent_withdrawn_at:
        return gettext("autorización retirada el %(date)s") % {
            "date": formats.date_format(
                timezone.localtime(practice.contact_consent_withdrawn_at), "DATE_FORMAT"
            )
        }
    if practice.contact_publish_allowed:
        return gettext("contacto publicado con autorización")
    return gettext("contacto sin autorización (no se publica)")
