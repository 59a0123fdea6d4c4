"""The outbox: every e-mail the site sends is first a row here, then a worker sends it
(``manage.py send_outbox``), retrying with back-off while the mail server is away. A
message is never lost: it is sent, or waiting, or given up after ``MAX_ATTEMPTS`` and
shown to administrators in the admin."""

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_ATTEMPTS = 8
# Wait before the n-th retry: 1, 2, 4 … minutes, at most six hours.
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)


class MessageQuerySet(models.QuerySet):
    def due(self, now=None):
        """Waiting messages whose time has come, oldest first."""
        now = now or timezone.now()
        return self.filter(status=Message.Status.WAITING, next_attempt_at__lte=now).order_by(
            "next_attempt_at", "pk"
        )

    def failed(self):
        return self.filter(status=Message.Status.FAILED)


class Message(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Por enviar")
        SENT = "sent", _("Enviado")
        FAILED = "failed", _("Fallido")

    to = models.EmailField(_("para"))
    reply_to = models.EmailField(_("responder a"), blank=True)
    subject = models.CharField(_("asunto"), max_length=200)
    body = models.TextField(_("texto"))
    # What the message is about, for staff ("relay:BP-…", "copy:BP-…"); never an address.
    purpose = models.CharField(_("motivo"), max_length=100, blank=True)
    status = models.CharField(
        _("estado"), max_length=10, choices=Status, default=Status.WAITING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("intentos"), default=0)
    last_error = models.TextField(_("último error"), blank=True)
    created_at = models.DateTimeField(_("creado el"), default=timezone.now, editable=False)
    next_attempt_at = models.DateTimeField(_("próximo intento"), default=timezone.now)
    sent_at = models.DateTimeField(_("enviado el"), null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mensaje")
        verbose_name_plural = _("mensajes salientes")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self):
        return f"{self.subject} ({self.get_status_display()})"

    def failed_attempt(self, error, now=None):
        """Record a failure: wait longer before the next attempt, or give up."""
        now = now or timezone.now()
        self.attempts += 1
        self.last_error = str(error)[:2000]
        if self.attempts >= MAX_ATTEMPTS:
            self.status = self.Status.FAILED
        else:
            self.next_attempt_at = now + min(FIRST_RETRY * 2 ** (self.attempts - 1), LONGEST_WAIT)
