"""A metric's follow-up in the admin: its own page, with its dated measurements inline.

Django's admin cannot nest the measurements under the metric rows of the practice's form,
so each metric row there links here («Seguimiento (2 mediciones)», ``follow_up_link``).
The page shows the ficha's recorded result, read-only, and the measurements, editable by
whoever ``practices.follow_up.may_record`` allows (a published practice's included: no
revision needed). It is not listed on the admin's index: it is reached from the practice.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from practices import follow_up
from practices.models import ImpactMeasurement, ImpactMetric

MEASUREMENT_PERMISSIONS = [
    f"practices.{action}_impactmeasurement" for action in ("add", "change", "delete")
]


def follow_up_link(metric):
    """The metric row's way to its follow-up page, in the practice's form."""
    if metric is None or metric.pk is None:
        return gettext("Guarde primero el indicador para registrar su seguimiento.")
    if metric.practice.revision_of_id:
        return follow_up.refusal(metric.practice)
    count = getattr(metric, "measurement_count", None)
    if count is None:
        count = metric.measurements.count()
    if count:
        text = ngettext("Seguimiento (%(n)s medición)", "Seguimiento (%(n)s mediciones)", count) % {
            "n": count
        }
    else:
        text = gettext("Seguimiento (sin mediciones)")
    return format_html(
        '<a href="{}">{}<span class="visually-hidden"> · {}</span></a>',
        reverse("admin:practices_impactmetric_change", args=[metric.pk]),
        text,
        metric.label,
    )


class MeasurementForm(forms.ModelForm):
    """A measurement as staff type it: a date not after today, a number written the
    Colombian way ("145.061", "5,46")."""

    value = forms.DecimalField(
        label=_("Resultado"),
        max_digits=16,
        decimal_places=2,
        localize=True,
        help_text=_("En la unidad del indicador; por ejemplo 145.061 o 5,46."),
    )

    class Meta:
        model = ImpactMeasurement
        fields = ["measured_on", "value", "note"]

    def clean_measured_on(self):
        day = self.cleaned_data["measured_on"]
        today = timezone.localdate()
        if day > today:
            raise ValidationError(
                gettext(
                    "La fecha de la medición es posterior a hoy (%(today)s): registre solo "
                    "mediciones ya hechas."
                )
                % {"today": formats.date_format(today, "DATE_FORMAT")},
                code="future",
            )
        return day


class MeasurementFormSet(BaseInlineFormSet):
    def get_unique_error_message(self, unique_check):
        # Django's names the column ("measured_on"); one date, one measurement.
        return gettext("Dos mediciones tienen la misma fecha: deje una sola por fecha.")


class MeasurementInline(admin.StackedInline):
    """Stacked, as the practice's rows (a tabular inline has empty column headers)."""

    model = ImpactMeasurement
    form = MeasurementForm
    formset = MeasurementFormSet
    extra = 1
    fields = [("measured_on", "value"), "note"]

    def _allowed(self, request, metric):
        return metric is not None and follow_up.may_record(request.user, metric.practice)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._allowed(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._allowed(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._allowed(request, obj)


@admin.register(ImpactMetric)
class ImpactMetricAdmin(admin.ModelAdmin):
    inlines = [MeasurementInline]
    fields = ["practice_link", "recorded"]
    readonly_fields = ["practice_link", "recorded"]
    list_display = ["label", "practice_code", "measurement_count"]
    list_select_related = ["practice"]
    search_fields = ["label", "practice__code"]
    change_form_template = "admin/practices/impactmetric/change_form.html"

    def get_model_perms(self, request):
        return {}  # not on the index: each metric is reached from its practice's form

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(measurement_count=Count("measurements"))

    def has_add_permission(self, request):
        return False  # metrics are written in the practice's form

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        """Whoever may write some measurement of this metric's practice (the page itself
        changes nothing of the metric)."""
        user = request.user
        if not any(user.has_perm(name) for name in MEASUREMENT_PERMISSIONS):
            return False
        return obj is None or follow_up.may_record(user, obj.practice)

    def get_fieldsets(self, request, obj=None):
        description = gettext(
            "El mismo indicador medido de nuevo (por ejemplo, cada año). El resultado "
            "registrado en la ficha no cambia: las mediciones se muestran a su lado, en la "
            "ficha publicada en cuanto se guardan. Cada cambio queda en el historial, con "
            "quién lo hizo."
        )
        if obj is not None and not self.has_change_permission(request, obj):
            reason = follow_up.refusal(obj.practice) or gettext(
                "Su rol no registra mediciones de esta práctica en su estado actual."
            )
            description = f"{description} {reason}"
        return [(None, {"fields": self.fields, "description": description})]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        metric = self.get_object(request, object_id) if object_id else None
        extra_context = dict(extra_context or {})
        if metric is not None:
            extra_context["title"] = gettext("Seguimiento de «%(label)s»") % {"label": metric}
            extra_context["subtitle"] = metric.practice.code
        extra_context |= {"show_save_and_continue": False, "show_save_and_add_another": False}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        pass  # the metric is the ficha's, written in its form: only measurements change here

    def response_change(self, request, obj):
        messages.success(
            request,
            gettext("Seguimiento de «%(label)s» guardado.") % {"label": obj.label},
        )
        return HttpResponseRedirect(reverse("admin:practices_impactmetric_change", args=[obj.pk]))

    @admin.display(description=_("buena práctica"))
    def practice_link(self, obj):
        practice = obj.practice
        return format_html(
            '<a href="{}">{} · {}</a> ({})',
            reverse("admin:practices_practice_change", args=[practice.pk]),
            practice.code,
            practice.title,
            practice.get_status_display(),
        )

    @admin.display(description=follow_up.RECORDED)
    def recorded(self, obj):
        return obj.summary

    @admin.display(description=_("buena práctica"), ordering="practice__code")
    def practice_code(self, obj):
        return obj.practice.code

    @admin.display(description=_("mediciones"), ordering="measurement_count")
    def measurement_count(self, obj):
        return obj.measurement_count
