"""The recognition in the admin: calls and their stages, representatives to confirm,
applications (read only for staff: the applicant's words are theirs), and the audit log.
"""

import csv

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.storage import InMemoryStorage
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ops.admin_actions import ask_reason
from practices.admin.practice import COST_FIELDS, FEASIBILITY
from practices.admin.wording import FeminineMessagesMixin
from practices.models import Feasibility
from recognition import attachments, ranking, results
from recognition.models import (
    JURY_GROUP,
    NEXT_STAGE,
    Application,
    Attachment,
    AuditEvent,
    Call,
    JuryMember,
    Level,
    Representative,
    Score,
    Stage,
    record,
)


class JuryMemberInline(admin.TabularInline):
    model = JuryMember
    extra = 0
    fields = ["user", "conflicts_declared_at", "declared_conflicts"]
    readonly_fields = ["conflicts_declared_at", "declared_conflicts"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":  # the people in the Jurado role
            kwargs["queryset"] = get_user_model().objects.filter(groups__name=JURY_GROUP)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("conflictos declarados"))
    def declared_conflicts(self, obj):
        if obj.pk is None or obj.conflicts_declared_at is None:
            return "—"
        return ", ".join(p.name for p in obj.conflicts.all()) or gettext("ninguno")


class CallForm(forms.ModelForm):
    class Meta:
        model = Call
        fields = ["terms_pdf"]  # the admin adds the rest of its fieldsets

    def clean_terms_pdf(self):
        """The terms go to the public: a PDF by its content, without scripts or actions
        (recognition.attachments, checked in memory; the field then stores it)."""
        uploaded = self.cleaned_data.get("terms_pdf")
        if isinstance(uploaded, UploadedFile):
            try:
                checked = attachments.store(uploaded, storage=InMemoryStorage())
            except attachments.AttachmentRejected as rejected:
                raise forms.ValidationError(rejected.message) from rejected
            if checked.content_type != attachments.PDF:
                raise forms.ValidationError(gettext("Los términos deben ser un PDF."))
            uploaded.seek(0)
        return uploaded


@admin.register(Call)
class CallAdmin(FeminineMessagesMixin, admin.ModelAdmin):
    form = CallForm
    list_display = ["edition", "stage", "opens_at", "closes_at", "jury_link"]
    list_select_related = ["edition"]
    filter_horizontal = ["categories", "services"]
    inlines = [JuryMemberInline]

    def get_urls(self):
        return [
            path(
                "<int:pk>/jurado/",
                self.admin_site.admin_view(self.jury_view),
                name="recognition_call_jury",
            ),
            path(
                "<int:pk>/registro.csv",
                self.admin_site.admin_view(self.record_csv),
                name="recognition_call_record",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("jurado"))
    def jury_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:recognition_call_jury", args=[obj.pk]),
            gettext("Avance y puntajes"),
        )

    # Each category's first places on the jury page; the whole ranking of one category
    # on its own page (?categoria=<pk>) and in the CSV record.
    RANKING_TOP = 10

    def jury_view(self, request, pk):
        call = get_object_or_404(Call.objects.select_related("edition"), pk=pk)
        if not self.has_view_permission(request, call):
            raise PermissionDenied
        categories = ranking.ranking(call)
        chosen = request.GET.get("categoria", "")
        if chosen:
            categories = [g for g in categories if g.category and str(g.category.pk) == chosen]
        else:
            categories = [group.cut(self.RANKING_TOP) for group in categories]
        return TemplateResponse(
            request,
            "admin/recognition/call/jury.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "call": call,
                "title": gettext("Jurado: avance y puntajes"),
                "progress": ranking.progress(call),
                "categories": categories,
                "one_category": bool(chosen),
            },
        )

    def record_csv(self, request, pk):
        """Every scorecard and audit event of the call, for the auditor."""
        call = get_object_or_404(Call, pk=pk)
        if not self.has_view_permission(request, call):
            raise PermissionDenied
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="registro-{call.year}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(["tipo", "fecha", "por", "radicado", "criterio", "puntaje", "detalle"])
        scores = Score.objects.filter(scorecard__application__call=call).select_related(
            "scorecard__juror__user", "scorecard__application__call__edition", "criterion"
        )
        for score in scores.order_by("scorecard__application_id", "scorecard_id", "pk"):
            card = score.scorecard
            writer.writerow(
                [
                    "puntaje" if card.submitted_at else "puntaje (borrador)",
                    timezone.localtime(card.submitted_at).isoformat() if card.submitted_at else "",
                    str(card.juror),
                    card.application.number,
                    score.criterion.name,
                    score.value,
                    score.comment,
                ]
            )
        events = call.events.select_related("by", "application__call__edition")
        for event in events:
            writer.writerow(
                [
                    event.action,
                    timezone.localtime(event.at).isoformat(),
                    event.by.get_username() if event.by else "",
                    event.application.number if event.application else "",
                    "",
                    "",
                    event.detail,
                ]
            )
        return response

    actions = ["advance_stage"]
    readonly_fields = ["stage"]
    fieldsets = [
        (None, {"fields": ["edition", "stage"]}),
        (
            _("Convocatoria"),
            {
                "fields": [
                    "terms",
                    "terms_pdf",
                    ("opens_at", "closes_at"),
                    "categories",
                    "services",
                    "provider_sizes",
                    "declarations",
                ],
                "description": _("Fechas y horas en hora de Colombia (Bogotá)."),
            },
        ),
        (_("Evaluación"), {"fields": [("score_min", "score_max")]}),
    ]

    @admin.action(description=_("Pasar a la etapa siguiente"), permissions=["change"])
    def advance_stage(self, request, queryset):
        for call in queryset:
            after = NEXT_STAGE.get(call.stage)
            if after is None:
                messages.warning(request, gettext("%(call)s ya terminó.") % {"call": call})
                continue
            before = call.get_stage_display()
            if after == Stage.RESULTS:
                made = results.publish(call, request.user)
                messages.info(
                    request,
                    ngettext(
                        "%(n)s borrador nuevo en el catálogo.",
                        "%(n)s borradores nuevos en el catálogo.",
                        len(made),
                    )
                    % {"n": len(made)},
                )
                continue
            call.stage = after
            call.save(update_fields=["stage"])
            record(
                "etapa",
                call=call,
                by=request.user,
                detail=f"{before} → {call.get_stage_display()}",
            )
            messages.success(
                request,
                gettext("%(call)s: %(stage)s.") % {"call": call, "stage": call.get_stage_display()},
            )


@admin.register(Representative)
class RepresentativeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "position", "email_verified_at", "confirmed_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user", "provider"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "provider__name"]
    readonly_fields = ["user", "email_verified_at", "confirmed_at", "confirmed_by", "created_at"]
    actions = ["confirm"]

    @admin.action(description=_("Confirmar que representan a su prestador"), permissions=["change"])
    def confirm(self, request, queryset):
        count = queryset.filter(confirmed_at__isnull=True).update(
            confirmed_at=timezone.now(), confirmed_by=request.user
        )
        self.message_user(
            request,
            ngettext("%(n)s representante confirmado.", "%(n)s representantes confirmados.", count)
            % {"n": count},
        )


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(FeminineMessagesMixin, admin.ModelAdmin):
    list_display = [
        "number",
        "title",
        "provider",
        "category",
        "status",
        "submitted_at",
        "eligible",
        "level",
    ]
    list_filter = ["call", "status", "category", "eligible", "level"]
    list_select_related = ["call__edition", "provider", "category"]
    list_per_page = 50  # a season has hundreds: pages a person reads, quick to draw
    search_fields = ["title", "provider__name"]
    inlines = [AttachmentInline]
    readonly_fields = ["cost"]
    actions = [
        "mark_eligible",
        "mark_ineligible",
        "recognise_winner",
        "recognise_mention",
        "recognise_finalist",
        "recognise_none",
    ]

    def has_eligibility_permission(self, request):
        return request.user.has_perm("recognition.decide_eligibility")

    @admin.action(description=_("Marcar como elegibles"), permissions=["eligibility"])
    def mark_eligible(self, request, queryset):
        return self._decide(request, queryset, True)

    @admin.action(description=_("Marcar como no elegibles"), permissions=["eligibility"])
    def mark_ineligible(self, request, queryset):
        return self._decide(request, queryset, False)

    @admin.action(description=_("Reconocer como ganadoras"), permissions=["eligibility"])
    def recognise_winner(self, request, queryset):
        self._recognise(request, queryset, Level.WINNER)

    @admin.action(description=_("Reconocer con mención"), permissions=["eligibility"])
    def recognise_mention(self, request, queryset):
        self._recognise(request, queryset, Level.MENTION)

    @admin.action(description=_("Reconocer como finalistas"), permissions=["eligibility"])
    def recognise_finalist(self, request, queryset):
        self._recognise(request, queryset, Level.FINALIST)

    @admin.action(description=_("Quitar el reconocimiento"), permissions=["eligibility"])
    def recognise_none(self, request, queryset):
        self._recognise(request, queryset, "")

    def _recognise(self, request, queryset, level):
        """Staff's decision, while the jury's evaluation is on (before the results)."""
        chosen = queryset.filter(eligible=True, call__stage=Stage.EVALUATION)
        if chosen.count() != queryset.count():
            messages.error(
                request,
                gettext(
                    "Solo se reconocen postulaciones elegibles de una convocatoria en evaluación."
                ),
            )
            return
        for application in chosen:
            application.level = level
            application.save(update_fields=["level"])
            record(
                "reconocimiento",
                call=application.call,
                by=request.user,
                application=application,
                detail=application.get_level_display() or gettext("sin reconocimiento"),
            )
        self.message_user(
            request,
            ngettext(
                "%(n)s postulación actualizada.", "%(n)s postulaciones actualizadas.", len(chosen)
            )
            % {"n": len(chosen)},
        )

    def _decide(self, request, queryset, eligible):
        sent = queryset.filter(status=Application.Status.SUBMITTED).select_related(
            "call__edition", "representative__user"
        )
        if sent.count() != queryset.count():
            messages.error(request, gettext("Solo las postulaciones enviadas tienen elegibilidad."))
            return None
        if any(application.call.accepts_applications() for application in sent):
            messages.error(
                request, gettext("La elegibilidad se decide cuando la convocatoria ha cerrado.")
            )
            return None
        reason, page = ask_reason(
            self,
            request,
            sent,
            action="mark_eligible" if eligible else "mark_ineligible",
            title=gettext("Marcar como elegibles")
            if eligible
            else gettext("Marcar como no elegibles"),
            intro=gettext("Quien se postuló recibirá el motivo por correo:"),
            button=gettext("Guardar y avisar"),
            help_text=gettext("Por ejemplo, qué requisito de la convocatoria cumple o no."),
        )
        if page is not None:
            return page
        for application in sent:
            application.decide_eligibility(eligible, reason, request.user)
        self.message_user(
            request,
            ngettext("%(n)s postulación decidida.", "%(n)s postulaciones decididas.", len(sent))
            % {"n": len(sent)},
        )
        return None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("radicado"), ordering="pk")
    def number(self, obj):
        return obj.number

    def get_fieldsets(self, request, obj=None):
        """The application as sent: its ficha, then what it takes to replicate the
        practice (the cost in one sentence, with its year), then the declarations and the
        staff's decisions."""
        needs = ["cost", *(f for f in Feasibility.FIELDS if f not in COST_FIELDS)]
        fields = [f for f in self.get_fields(request, obj) if f not in {*needs, *COST_FIELDS}]
        cut = fields.index("limitations") + 1 if "limitations" in fields else len(fields)
        return [
            (None, {"fields": fields[:cut]}),
            (FEASIBILITY, {"fields": needs}),
            (None, {"fields": fields[cut:]}),
        ]

    @admin.display(description=_("costo aproximado"))
    def cost(self, obj):
        return capfirst(obj.cost_display) or "—"


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "by", "action", "application", "detail"]
    list_filter = ["call", "action"]
    list_select_related = ["by", "application__call__edition"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
