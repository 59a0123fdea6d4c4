"""«Escribir a quien lideró esta práctica»: a message to the people behind a published
practice without showing anyone their address (issue: contact without publishing).

The message goes to the practice's contact when it has an e-mail, else to the entity's
mailbox (settings.CONTACT_RELAY_EMAIL), through the outbox (stored now, sent by the
worker): the sender is told "recibido" even while the mail server is away. The sender
gets a copy; neither the page nor the copy names the recipient's address. Against abuse,
without third-party captchas: ops.humans (a honeypot field, a minimum time to fill the
form), per-client limits (ops.ratelimit, scope "contact") and per-address limits
(messages of the same sender in the last day), a size limit and few links.
"""

import re
from datetime import timedelta

from django import forms
from django.conf import settings
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ops.humans import HumanForm
from ops.ratelimit import RateLimited, check, too_many_requests
from outbox.models import Message
from outbox.sending import enqueue
from practices.models import Practice

MAX_MESSAGE = 3000  # characters
MAX_LINKS = 2
PER_ADDRESS_PER_DAY = 5
_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


class RelayForm(HumanForm):
    name = forms.CharField(label=_("Su nombre"), max_length=120)
    email = forms.EmailField(
        label=_("Su correo electrónico"),
        help_text=_("Para que le respondan y para enviarle una copia."),
    )
    organisation = forms.CharField(
        label=_("Su organización"),
        max_length=200,
        required=False,
        help_text=_("El prestador o la entidad desde donde escribe, si aplica."),
    )
    message = forms.CharField(
        label=_("Mensaje"),
        max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Hasta 3.000 caracteres."),  # MAX_MESSAGE
    )
    accepts_policy = forms.BooleanField(
        label=_("Acepto la política de tratamiento de datos personales"),
        error_messages={"required": _("Para enviar el mensaje acepte la política.")},
    )

    def clean_message(self):
        message = self.cleaned_data["message"]
        if len(_LINK.findall(message)) > MAX_LINKS:
            raise forms.ValidationError(
                gettext("El mensaje tiene demasiados enlaces (a lo sumo %(n)s).") % {"n": MAX_LINKS}
            )
        return message


def recipient(practice):
    """Where the message goes: the practice's contact, unless there is none or they
    withdrew their consent (privacy.consent); else the entity's mailbox."""
    if practice.contact_email and practice.contact_consent_withdrawn_at is None:
        return practice.contact_email
    return settings.CONTACT_RELAY_EMAIL


def relay(request, code):
    practice = get_object_or_404(Practice.objects.published().with_code(code))
    to = recipient(practice)
    if request.method == "POST" and to:
        form = RelayForm(request.POST)
        if form.is_valid():
            # Counted once valid: a person correcting mistakes is not a flood.
            try:
                check(request, "contact")
            except RateLimited as limited:
                return too_many_requests(request, limited)
            if form.looks_automatic:  # answered as if sent: a robot learns nothing
                return redirect("practices:relay_sent", code=practice.code)
            sender = form.cleaned_data["email"].lower()
            since = timezone.now() - timedelta(days=1)
            sent_today = Message.objects.filter(
                purpose__startswith="relay:", reply_to__iexact=sender, created_at__gte=since
            ).count()
            if sent_today >= PER_ADDRESS_PER_DAY:
                return too_many_requests(request, RateLimited("contact", 24 * 60 * 60))
            _send(practice, to, form.cleaned_data)
            return redirect("practices:relay_sent", code=practice.code)
    else:
        form = RelayForm()
    return render(
        request,
        "practices/relay_form.html",
        {"practice": practice, "form": form.shown_again(), "available": bool(to)},
    )


@transaction.atomic
def _send(practice, recipient, data):
    """The message to the practice's people and the sender's copy, into the outbox."""
    url = practice.public_url
    lines = [
        gettext("Mensaje enviado desde el Banco de Buenas Prácticas sobre «%(title)s»")
        % {"title": practice.title},
        url,
        "",
        gettext("De: %(name)s <%(email)s>") % {"name": data["name"], "email": data["email"]},
    ]
    if data["organisation"]:
        lines.append(gettext("Organización: %(org)s") % {"org": data["organisation"]})
    lines += ["", data["message"], "", gettext("Responda a este correo para escribirle.")]
    enqueue(
        recipient,
        gettext("Sobre su buena práctica «%(title)s»") % {"title": practice.title},
        "\n".join(lines),
        reply_to=data["email"],
        purpose=f"relay:{practice.code}",
    )
    copy = [
        gettext(
            "Recibimos su mensaje sobre «%(title)s» y lo enviamos a quienes lideraron la "
            "práctica, sin mostrarle su dirección; si responden, le escribirán a este correo."
        )
        % {"title": practice.title},
        url,
        "",
        data["message"],
    ]
    enqueue(
        data["email"],
        gettext("Copia de su mensaje sobre «%(title)s»") % {"title": practice.title},
        "\n".join(copy),
        purpose=f"copy:{practice.code}",
    )


def relay_sent(request, code):
    practice = get_object_or_404(Practice.objects.published().with_code(code))
    return render(request, "practices/relay_sent.html", {"practice": practice})
