"""The representative's form «Replicamos esta práctica» and its results."""

import datetime

from django import forms
from django.core.validators import MaxLengthValidator
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices.models import Municipality
from replication.models import Progress, Replication, ReplicationResult

MAX_TEXT = 3000
MAX_RESULTS = 6


class MunicipalityChoices(forms.ModelMultipleChoiceField):
    """Every municipality, grouped by department: a list that works without JavaScript."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=Municipality.objects.select_related("department").order_by(
                "department__name", "name"
            ),
            **kwargs,
        )

    def _grouped(self):
        groups = {}
        for municipality in self.queryset:
            groups.setdefault(municipality.department.name, []).append(
                (municipality.pk, municipality.name)
            )
        return list(groups.items())

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "size": 8}


class ReplicationForm(forms.ModelForm):
    class Meta:
        model = Replication
        fields = ["started_on", "municipalities", "changes", "story", "progress", "progress_reason"]
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "changes": forms.Textarea(attrs={"rows": 5, "maxlength": MAX_TEXT}),
            "story": forms.Textarea(attrs={"rows": 5, "maxlength": MAX_TEXT}),
            "progress": forms.RadioSelect,
            "progress_reason": forms.Textarea(attrs={"rows": 3, "maxlength": MAX_TEXT}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = MunicipalityChoices(
            label=_("Municipios donde la aplicaron"),
            required=False,
            help_text=_("Mantenga oprimida la tecla Ctrl (⌘ en Mac) para elegir varios."),
        )
        field.choices = field._grouped()
        self.fields["municipalities"] = field
        for name in ("changes", "story", "progress_reason"):
            self.fields[name].validators.append(MaxLengthValidator(MAX_TEXT))

    def clean_started_on(self):
        started = self.cleaned_data["started_on"]
        if started > timezone.localdate():
            raise forms.ValidationError(_("La fecha de inicio no puede ser futura."))
        if started < datetime.date(1990, 1, 1):
            raise forms.ValidationError(_("La fecha de inicio debe ser de 1990 en adelante."))
        return started

    def clean(self):
        data = super().clean()
        abandoned = data.get("progress") == Progress.ABANDONED
        if abandoned and not (data.get("progress_reason") or "").strip():
            self.add_error(
                "progress_reason",
                _("Cuente por qué la abandonaron: es lo que más sirve a quien piense replicarla."),
            )
        if not abandoned:
            data["progress_reason"] = ""
        return data


class ResultForm(forms.ModelForm):
    class Meta:
        model = ReplicationResult
        fields = ["label", "baseline", "value", "unit", "measured_on"]
        widgets = {"measured_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean_measured_on(self):
        measured = self.cleaned_data["measured_on"]
        if measured > timezone.localdate():
            raise forms.ValidationError(_("La fecha de la medición no puede ser futura."))
        return measured


ResultFormSet = inlineformset_factory(
    Replication,
    ReplicationResult,
    form=ResultForm,
    extra=2,
    max_num=MAX_RESULTS,
    validate_max=True,
    can_delete=True,
)
