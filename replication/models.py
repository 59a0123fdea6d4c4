"""«Replicamos esta práctica»: a provider's representative tells that their provider
adopted a published practice, where, what they changed and how it is going. Staff
moderate each account before it is public; the practice's author is told and may answer
publicly once.

Only published replications of published practices reach public surfaces
(``Replication.objects.public()``); each practice keeps the count of them
(``Practice.replication_count``, maintained by replication.moderation), which the list
filters and sorts by.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices.models import Indicator, Municipality, Practice, Provider


class Progress(models.TextChoices):
    ONGOING = "en_curso", _("En curso")
    FINISHED = "terminada", _("Terminada")
    ABANDONED = "abandonada", _("Abandonada")


class Moderation(models.TextChoices):
    PENDING = "pendiente", _("Por moderar")
    PUBLISHED = "publicada", _("Publicada")
    REJECTED = "rechazada", _("Rechazada")


class ReplicationQuerySet(models.QuerySet):
    def public(self):
        """What public pages, exports and the API may show: published accounts of
        published practices (Practice.objects.published() decides the latter)."""
        return self.filter(
            moderation=Moderation.PUBLISHED, practice__in=Practice.objects.published()
        )


class Replication(models.Model):
    Progress = Progress
    Moderation = Moderation

    practice = models.ForeignKey(
        Practice,
        on_delete=models.PROTECT,
        related_name="replications",
        verbose_name=_("buena práctica replicada"),
    )
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        related_name="replications",
        verbose_name=_("prestador que la replicó"),
    )
    representative = models.ForeignKey(
        "recognition.Representative",
        on_delete=models.PROTECT,
        related_name="replications",
        verbose_name=_("representante que la cuenta"),
    )
    started_on = models.DateField(_("fecha de inicio"))
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="replications", verbose_name=_("municipios")
    )
    changes = models.TextField(
        _("qué cambiaron"),
        help_text=_("Lo que adaptaron de la práctica original para su prestador."),
    )
    story = models.TextField(
        _("cómo les ha ido"), help_text=_("Los resultados hasta ahora, en pocas líneas.")
    )
    progress = models.CharField(
        _("estado"), max_length=10, choices=Progress, default=Progress.ONGOING
    )
    progress_reason = models.TextField(
        _("por qué la abandonaron"),
        blank=True,
        help_text=_("Si la abandonaron: qué pasó. Sirve a quien piense replicarla."),
    )
    moderation = models.CharField(
        _("moderación"), max_length=10, choices=Moderation, default=Moderation.PENDING
    )
    moderation_note = models.TextField(
        _("motivo de la moderación"),
        blank=True,
        help_text=_("Se envía al representante cuando la réplica no se publica."),
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderada por"),
    )
    moderated_at = models.DateTimeField(_("moderada el"), null=True, blank=True)
    answer = models.TextField(
        _("respuesta de los autores"),
        blank=True,
        help_text=_("Una sola respuesta pública de quienes lideraron la práctica."),
    )
    answered_at = models.DateTimeField(_("respondida el"), null=True, blank=True)
    created_at = models.DateTimeField(_("contada el"), default=timezone.now)
    updated_at = models.DateTimeField(_("actualizada el"), default=timezone.now)

    objects = ReplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "pk"]
        verbose_name = _("réplica")
        verbose_name_plural = _("réplicas")
        permissions = [("moderate_replication", _("Puede moderar réplicas"))]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "provider"],
                name="replication_one_per_provider",
                violation_error_message=_("Su prestador ya contó esta réplica: actualícela."),
            ),
        ]

    def __str__(self):
        return f"{self.provider} · {self.practice.code}"


class ReplicationResult(Indicator):
    """A result of the replication so far: an indicator measured on a date."""

    replication = models.ForeignKey(
        Replication,
        on_delete=models.CASCADE,
        related_name="results",
        verbose_name=_("réplica"),
    )
    measured_on = models.DateField(_("fecha de la medición"))

    class Meta:
        ordering = ["measured_on", "pk"]
        verbose_name = _("resultado de la réplica")
        verbose_name_plural = _("resultados de la réplica")
