"""Admin actions that ask why before they act: a page with the chosen objects and a
"Motivo" field (required), posted back to the same action; the reason then goes to the
history, the audit log or the e-mail the action sends."""

from django import forms
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3, "cols": 60})
    )

    def __init__(self, *args, help_text="", max_length=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = help_text
        if max_length:
            self.fields["reason"].max_length = max_length
            self.fields["reason"].validators[-1].limit_value = max_length


def ask_reason(model_admin, request, queryset, *, action, title, intro, button, **form_options):
    """The reason, once the person gave one; else the page asking for it (a response)."""
    form = ReasonForm(request.POST if "reason" in request.POST else None, **form_options)
    if form.is_valid():
        return form.cleaned_data["reason"], None
    opts = model_admin.opts
    return None, TemplateResponse(
        request,
        "admin/action_with_reason.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": opts,
            "title": title,
            "intro": intro,
            "button": button,
            "form": form,
            "objects": list(queryset),
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        },
    )
