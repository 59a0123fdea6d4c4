"""/politica-de-tratamiento-de-datos/solicitud/: a person asks to know, correct or remove
their personal data, or withdraws their consent (Ley 1581 de 2012). The request is stored
with its legal due date, the holder gets a receipt with its number by e-mail (the outbox)
and the entity's mailbox is told; staff answer it in the admin. Against abuse, as the
relay: ops.humans, per-client limits (ops.ratelimit, scope "data_request") and a few
requests per address a day.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ops.humans import HumanForm
from ops.ratelimit import RateLimited, check, too_many_requests
from ops.site import site_url
from outbox.sending import enqueue
from privacy.models import DataRequest

PER_ADDRESS_PER_DAY = 3
MAX_DETAILS = 3000
_RECEIPT_SALT = "privacy.receipt"


class DataRequestForm(HumanForm):
    kind = forms.ChoiceField(
        label=_("¿Qué solicita?"), choices=DataRequest.Kind.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(label=_("Su nombre completo"), max_length=200)
    email = forms.EmailField(
        label=_("Su correo electrónico"),
        help_text=_("Le enviaremos el número de su solicitud y la respuesta a este correo."),
    )
    practice_reference = forms.CharField(
        label=_("Práctica donde aparecen sus datos"),
        max_length=300,
        required=False,
        help_text=_(
            "El código (por ejemplo BP-ANDESCO-SSPD-002-2021) o la dirección de la página."
        ),
    )
    details = forms.CharField(
        label=_("Detalle de su solicitud"),
        max_length=MAX_DETAILS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Qué datos, qué corregir o qué suprimir. Hasta 3.000 caracteres."),
    )
    accepts_policy = forms.BooleanField(
        label=_("Acepto la política de tratamiento de datos personales"),
        error_messages={"required": _("Para enviar la solicitud acepte la política.")},
    )


def data_request(request):
    if request.method == "POST":
        form = DataRequestForm(request.POST)
        if form.is_valid():
            # Counted once valid: a person correcting mistakes is not a flood.
            try:
                check(request, "data_request")
            except RateLimited as limited:
                return too_many_requests(request, limited)
            if form.looks_automatic:  # answered as if received: a robot learns nothing
                return redirect("privacy:received", receipt="-")
            email = form.cleaned_data["email"].lower()
            since = timezone.now() - timedelta(days=1)
            if (
                DataRequest.objects.filter(email__iexact=email, received_at__gte=since).count()
                >= PER_ADDRESS_PER_DAY
            ):
                return too_many_requests(request, RateLimited("data_request", 24 * 60 * 60))
            received = _receive(form.cleaned_data, email)
            receipt = signing.dumps(received.pk, salt=_RECEIPT_SALT)
            return redirect("privacy:received", receipt=receipt)
    else:
        form = DataRequestForm()
    return render(request, "privacy/request_form.html", {"form": form.shown_again()})


@transaction.atomic
def _receive(data, email):
    received = DataRequest.objects.create(
        kind=data["kind"],
        name=data["name"],
        email=email,
        practice_reference=data["practice_reference"],
        details=data["details"],
        received_at=timezone.now(),
    )
    due = formats.date_format(received.due_on, "DATE_FORMAT")
    facts = {"number": received.number, "kind": received.get_kind_display(), "due": due}
    enqueue(
        email,
        gettext("Recibimos su solicitud %(number)s") % facts,
        "\n".join(
            [
                gettext("Recibimos su solicitud sobre sus datos personales.") % facts,
                "",
                gettext("Número: %(number)s") % facts,
                gettext("Tipo: %(kind)s") % facts,
                gettext("Le responderemos a más tardar el %(due)s.") % facts,
                "",
                data["details"],
            ]
        ),
        purpose=f"privacy:{received.number}",
    )
    if not settings.PRIVACY_REQUESTS_EMAIL:  # the admin home lists it all the same
        return received
    admin_url = site_url() + reverse("admin:privacy_datarequest_change", args=[received.pk])
    enqueue(
        settings.PRIVACY_REQUESTS_EMAIL,
        gettext("Nueva solicitud de un titular: %(number)s") % facts,
        "\n".join(
            [
                gettext("Tipo: %(kind)s") % facts,
                gettext("Responder a más tardar el %(due)s.") % facts,
                admin_url,
            ]
        ),
        purpose=f"privacy:{received.number}",
    )
    return received


def received(request, receipt):
    """The confirmation: the number and the due date (the details went by e-mail)."""
    data_request = None
    if receipt != "-":
        try:
            pk = signing.loads(receipt, salt=_RECEIPT_SALT)
        except signing.BadSignature as error:
            raise Http404 from error
        data_request = DataRequest.objects.filter(pk=pk).first()
        if data_request is None:
            raise Http404
    return render(request, "privacy/request_received.html", {"data_request": data_request})
