"""Telling people from robots on the public forms, without third-party captchas.

``HumanForm`` adds two fields a person never fills: a honeypot (``website``, hidden by the
stylesheet and skipped by the keyboard) and a signed timestamp of when the form was shown
(``started``). A form sent faster than ``MIN_SECONDS`` or with the honeypot filled
``looks_automatic``: the view answers as if it had worked, so a robot learns nothing. A
form older than ``MAX_AGE`` is asked for again. Limits per client are ops.ratelimit's.
"""

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MIN_SECONDS = 3  # a person takes longer than this to fill a form
MAX_AGE = 6 * 60 * 60  # a form older than this is asked for again
_SALT = "ops.humans"


def started_now():
    return signing.dumps(timezone.now().timestamp(), salt=_SALT)


class HumanForm(forms.Form):
    # Left empty by people (it is hidden from them); filled by robots that fill every field.
    website = forms.CharField(required=False, label=_("Deje este campo vacío"))
    started = forms.CharField(widget=forms.HiddenInput)

    looks_automatic = False

    def __init__(self, data=None, *args, **kwargs):
        if data is None:
            kwargs.setdefault("initial", {}).setdefault("started", started_now())
        super().__init__(data, *args, **kwargs)

    def clean(self):
        data = super().clean()
        try:
            started = signing.loads(data.get("started", ""), salt=_SALT, max_age=MAX_AGE)
        except signing.BadSignature as error:
            raise forms.ValidationError(
                gettext("El formulario caducó: escríbalo de nuevo.")
            ) from error
        if timezone.now().timestamp() - started < MIN_SECONDS or data.get("website"):
            self.looks_automatic = True
        return data

    def shown_again(self):
        """The form is shown again with errors: the time to correct it counts too."""
        if self.is_bound:
            self.data = self.data.copy()
            self.data["started"] = started_now()
        return self
