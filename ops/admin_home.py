"""What staff owe, on the admin home (beside practices.admin.workflow's work queues):
messages that bounced (outbox), the data subjects' open requests with their due dates
(privacy), contacts whose consent nobody has verified (practices), and the replications
providers told that wait for moderation (replication). Each list is shown
to whoever can act on it, with its first rows and a link to the rest; two queries a list.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from outbox.models import Message
from practices.models import Practice
from privacy.models import DataRequest
from replication.models import Replication

ROWS = 10


@dataclass
class Row:
    url: str
    text: str
    meta: str = ""
    alert: bool = False  # overdue, say


@dataclass
class Owed:
    name: str
    title: str
    count: int
    url: str
    empty: str
    rows: list = field(default_factory=list)


def owed_work(user):
    if not user.is_active or not user.is_staff:
        return []
    lists = []
    if user.has_perm("outbox.view_message"):
        failed = Message.objects.failed().order_by("-created_at", "-pk")
        lists.append(
            Owed(
                "bounced",
                _("Mensajes no entregados"),
                failed.count(),
                reverse("admin:outbox_message_changelist") + "?status__exact=failed",
                _("Todos los mensajes se entregaron o esperan su turno."),
                [
                    Row(
                        reverse("admin:outbox_message_change", args=[message.pk]),
                        message.subject,
                        f"{message.purpose} · {message.last_error[:120]}",
                        alert=True,
                    )
                    for message in failed[:ROWS]
                ],
            )
        )
    if user.has_perm("privacy.view_datarequest"):
        open_requests = DataRequest.objects.open().order_by("due_on", "pk")
        lists.append(
            Owed(
                "data-requests",
                _("Solicitudes de titulares por responder"),
                open_requests.count(),
                reverse("admin:privacy_datarequest_changelist") + "?status__exact=open",
                _("Ninguna solicitud de titulares espera respuesta."),
                [
                    Row(
                        reverse("admin:privacy_datarequest_change", args=[request.pk]),
                        f"{request.number} · {request.get_kind_display()}",
                        _due(request),
                        alert=request.is_overdue,
                    )
                    for request in open_requests[:ROWS]
                ],
            )
        )
    if user.has_perm("practices.change_practice") or user.has_perm("privacy.change_datarequest"):
        to_verify = (
            Practice.objects.contacts_to_verify()
            .select_related("provider")
            .order_by("-updated_at", "-pk")
        )
        lists.append(
            Owed(
                "contacts",
                _("Contactos por verificar"),
                to_verify.count(),
                reverse("admin:practices_practice_changelist") + "?contacto=por-verificar",
                _("Todos los contactos tienen su autorización registrada."),
                [
                    Row(
                        reverse("admin:practices_practice_change", args=[practice.pk]),
                        f"{practice.code} · {practice.title[:90]}",
                        practice.provider.short_name or practice.provider.name,
                    )
                    for practice in to_verify[:ROWS]
                ],
            )
        )
    if user.has_perm("replication.moderate_replication"):
        pending = (
            Replication.objects.filter(moderation=Replication.Moderation.PENDING)
            .select_related("practice", "provider")
            .order_by("updated_at", "pk")
        )
        lists.append(
            Owed(
                "replications",
                _("Réplicas por moderar"),
                pending.count(),
                reverse("admin:replication_replication_changelist")
                + "?moderation__exact=pendiente",
                _("Ninguna réplica espera moderación."),
                [
                    Row(
                        reverse("admin:replication_replication_change", args=[replication.pk]),
                        f"{replication.practice.code} · {replication.provider.display_name}",
                        formats.date_format(replication.updated_at, "DATE_FORMAT"),
                    )
                    for replication in pending[:ROWS]
                ],
            )
        )
    return lists


def _due(request):
    date = formats.date_format(request.due_on, "DATE_FORMAT")
    if request.is_overdue:
        return gettext("vencida el %(date)s") % {"date": date}
    return gettext("responder a más tardar el %(date)s") % {"date": date}
