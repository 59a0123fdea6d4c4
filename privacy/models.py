"""Requests of the data subject (Ley 1581 de 2012, arts. 14 and 15): a person asks to
know, correct or remove the personal data the catalogue holds about them, or withdraws
the consent they gave. A "consulta" (access) is answered within 10 working days, a
"reclamo" (correction, removal, withdrawal) within 15, both counted from the day after
receipt (privacy.workdays); the due date is fixed when the request arrives and the admin
home lists open requests by it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from privacy import workdays


class DataRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=DataRequest.Status.OPEN)


class DataRequest(models.Model):
    class Kind(models.TextChoices):
        ACCESS = "access", _("Consulta (conocer qué datos suyos tenemos)")
        CORRECTION = "correction", _("Reclamo (corregir o actualizar sus datos)")
        REMOVAL = "removal", _("Reclamo (suprimir sus datos o revocar la autorización)")

    class Status(models.TextChoices):
        OPEN = "open", _("Abierta")
        ANSWERED = "answered", _("Respondida")

    # Working days to answer: a consulta 10 (art. 14), a reclamo 15 (art. 15).
    TERMS = {Kind.ACCESS: 10, Kind.CORRECTION: 15, Kind.REMOVAL: 15}

    kind = models.CharField(_("tipo de solicitud"), max_length=12, choices=Kind)
    name = models.CharField(_("nombre del titular"), max_length=200)
    email = models.EmailField(_("correo del titular"))
    practice_reference = models.CharField(
        _("práctica"),
        max_length=300,
        blank=True,
        help_text=_("El código o la dirección de la práctica donde aparecen los datos."),
    )
    details = models.TextField(_("detalle de la solicitud"))
    received_at = models.DateTimeField(_("recibida el"), default=timezone.now)
    due_on = models.DateField(_("responder a más tardar el"))
    status = models.CharField(
        _("estado"), max_length=10, choices=Status, default=Status.OPEN, db_index=True
    )
    answer = models.TextField(
        _("respuesta al titular"),
        blank=True,
        help_text=_("Se envía por correo al titular cuando la solicitud queda respondida."),
    )
    answered_at = models.DateTimeField(_("respondida el"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("respondida por"),
    )
    history = HistoricalRecords()

    objects = DataRequestQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("solicitud del titular")
        verbose_name_plural = _("solicitudes de titulares")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="answered") | ~models.Q(answer=""),
                name="privacy_datarequest_answered_has_answer",
            ),
        ]

    def __str__(self):
        return f"{self.number} · {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.due_on is None:
            self.due_on = self.due_date(self.kind, self.received_at)
        super().save(*args, **kwargs)

    def clean(self):
        if self.status == self.Status.ANSWERED and not self.answer.strip():
            raise ValidationError(
                {"answer": _("Escriba la respuesta antes de marcar la solicitud como respondida.")}
            )

    @classmethod
    def due_date(cls, kind, received_at):
        received = timezone.localdate(received_at)
        return workdays.add_working_days(received, cls.TERMS[kind])

    @property
    def number(self):
        """The number the holder quotes: the year received and the request's id."""
        return f"SD-{timezone.localdate(self.received_at).year}-{self.pk:05d}"

    @property
    def working_days_left(self):
        return workdays.working_days_between(timezone.localdate(), self.due_on)

    @property
    def is_overdue(self):
        return self.status == self.Status.OPEN and self.due_on < timezone.localdate()
