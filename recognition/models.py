"""The yearly recognition online: an edition's call, the providers' representatives and
their applications.

A call (``Call``) belongs to one edition and moves through its stages: borrador → abierta
→ cerrada → en evaluación → resultados publicados. Applications are received only while
the call is open *and* before its closing time (``Call.accepts_applications``): after that
second nothing an applicant wrote changes — ``Application.save()`` refuses it, whatever
the view. A representative registers with an e-mail address they verify and belongs to
one provider; staff confirm them the first time before they can submit.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from practices.models import (
    Category,
    Department,
    Feasibility,
    Municipality,
    Provider,
    ProviderSize,
    RecognitionLevel,
    Service,
)


def moment(when):
    """A date and time to the second, in Bogotá: "4 de diciembre de 2026, 17:59:59"
    ("4 December 2026, 17:59:59" in English)."""
    return formats.date_format(timezone.localtime(when), gettext(r"j \d\e F \d\e Y, H:i:s"))


class Stage(models.TextChoices):
    DRAFT = "borrador", _("Borrador")
    OPEN = "abierta", _("Abierta")
    CLOSED = "cerrada", _("Cerrada")
    EVALUATION = "evaluacion", _("En evaluación")
    RESULTS = "resultados", _("Resultados publicados")


# The order of the stages: a call only moves forward, one stage at a time.
NEXT_STAGE = {
    Stage.DRAFT: Stage.OPEN,
    Stage.OPEN: Stage.CLOSED,
    Stage.CLOSED: Stage.EVALUATION,
    Stage.EVALUATION: Stage.RESULTS,
}


class CallQuerySet(models.QuerySet):
    def public(self):
        """Calls the public may read: every stage but the draft."""
        return self.exclude(stage=Stage.DRAFT)


class Call(models.Model):
    edition = models.OneToOneField(
        "practices.Edition",
        on_delete=models.PROTECT,
        related_name="call",
        verbose_name=_("edición"),
    )
    stage = models.CharField(_("etapa"), max_length=12, choices=Stage, default=Stage.DRAFT)
    terms = models.TextField(_("términos de la convocatoria"))
    terms_pdf = models.FileField(
        _("términos en PDF"),
        upload_to="convocatorias/",
        blank=True,
        help_text=_("El documento oficial de la convocatoria (PDF)."),
    )
    opens_at = models.DateTimeField(_("abre el"), help_text=_("Hora de Colombia (Bogotá)."))
    closes_at = models.DateTimeField(
        _("cierra el"),
        help_text=_(
            "Hora de Colombia (Bogotá). Desde este segundo no se recibe ni se cambia nada."
        ),
    )
    categories = models.ManyToManyField(
        Category, related_name="calls", verbose_name=_("categorías en competencia")
    )
    services = models.ManyToManyField(
        Service,
        blank=True,
        related_name="calls",
        verbose_name=_("servicios que pueden postularse"),
        help_text=_("Vacío: todos los servicios."),
    )
    provider_sizes = models.JSONField(
        _("tamaños de prestador que pueden postularse"),
        default=list,
        blank=True,
        help_text=_("Vacío: todos los tamaños."),
    )
    declarations = models.TextField(
        _("declaraciones que exige la convocatoria"),
        blank=True,
        help_text=_("Una por línea: quien se postula debe aceptar cada una."),
    )
    score_min = models.PositiveSmallIntegerField(_("puntaje mínimo"), default=1)
    score_max = models.PositiveSmallIntegerField(_("puntaje máximo"), default=5)

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-edition__year", "-edition__number"]
        verbose_name = _("convocatoria")
        verbose_name_plural = _("convocatorias")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="recognition_call_closes_after_it_opens",
                violation_error_message=_("La convocatoria debe cerrar después de abrir."),
            ),
            models.CheckConstraint(
                condition=Q(score_max__gt=models.F("score_min")),
                name="recognition_call_scale",
                violation_error_message=_("El puntaje máximo debe ser mayor que el mínimo."),
            ),
            models.CheckConstraint(
                condition=Q(stage__in=Stage.values), name="recognition_call_stage_valid"
            ),
        ]

    def __str__(self):
        return str(self.edition)

    def clean(self):
        unknown = set(self.provider_sizes or []) - set(ProviderSize.values)
        if unknown:
            raise ValidationError({"provider_sizes": _("Tamaño de prestador desconocido.")})

    @property
    def year(self):
        return self.edition.year

    def accepts_applications(self, now=None):
        """Open, and between its opening and its closing second."""
        now = now or timezone.now()
        return self.stage == Stage.OPEN and self.opens_at <= now < self.closes_at

    def public_stage(self, now=None):
        """The stage as the public should read it: an open call past its closing time is
        closed, whether or not staff have moved it on yet."""
        now = now or timezone.now()
        if self.stage == Stage.OPEN and now >= self.closes_at:
            return Stage.CLOSED
        return Stage(self.stage)

    def declaration_list(self):
        return [line.strip() for line in self.declarations.splitlines() if line.strip()]

    def eligibility_problem(self, provider):
        """Why ``provider`` may not apply to this call, or "" when it may."""
        sizes = self.provider_sizes or []
        if sizes and provider.size not in sizes:
            return _("La convocatoria es para prestadores de tamaño %(sizes)s.") % {
                "sizes": self.sizes_display()
            }
        allowed = set(self.services.values_list("pk", flat=True))
        if allowed and not allowed & set(provider.services.values_list("pk", flat=True)):
            return _("La convocatoria es para prestadores de otros servicios.")
        return ""

    def sizes_display(self):
        """The provider sizes admitted, as words ("pequeño, mediano"); "" for all."""
        return ", ".join(
            str(ProviderSize(size).label).lower() for size in self.provider_sizes or []
        )

    def closing_display(self):
        return moment(self.closes_at)

    def opening_display(self):
        return moment(self.opens_at)


class Representative(models.Model):
    """A person who applies on behalf of a provider: a site account that is not staff."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="representative",
        verbose_name=_("usuario"),
    )
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        related_name="representatives",
        verbose_name=_("prestador"),
    )
    position = models.CharField(_("cargo"), max_length=200)
    phone = models.CharField(_("teléfono"), max_length=50, blank=True)
    email_verified_at = models.DateTimeField(_("correo verificado el"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmado el"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmado por"),
    )
    created_at = models.DateTimeField(_("registrado el"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("representante de prestador")
        verbose_name_plural = _("representantes de prestadores")

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.email} · {self.provider}"

    @property
    def may_submit(self):
        return self.email_verified_at is not None and self.confirmed_at is not None


# How the jury's work ends for an application: the badge its practice then carries.
Level = RecognitionLevel


class ApplicationStatus(models.TextChoices):
    DRAFT = "borrador", _("Borrador")
    SUBMITTED = "enviada", _("Enviada")


class ApplicationClosed(ValidationError):
    """The call no longer accepts changes from applicants."""


# What staff write on an application after the call closes (eligibility, and later the
# jury's work); everything else is the applicant's and freezes at the closing second.
STAFF_FIELDS = {
    "eligible",
    "eligibility_reason",
    "eligibility_decided_by",
    "eligibility_decided_at",
    "level",
    "practice",
}


class ApplicationQuerySet(models.QuerySet):
    def for_jury(self):
        """What the jury scores and ranks: sent and eligible."""
        return self.filter(status=ApplicationStatus.SUBMITTED, eligible=True)


class Application(Feasibility):
    Status = ApplicationStatus

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("convocatoria")
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="applications", verbose_name=_("prestador")
    )
    representative = models.ForeignKey(
        Representative,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("representante"),
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("categoría a la que se postula"),
    )
    status = models.CharField(
        _("estado"), max_length=10, choices=ApplicationStatus, default=ApplicationStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("enviada el"), null=True, blank=True)

    # The ficha, as the applicant writes it (the same fields and rules as the admin's).
    title = models.CharField(_("título"), max_length=300, blank=True)
    start_date = models.DateField(_("fecha de inicio"), null=True, blank=True)
    end_date = models.DateField(
        _("fecha de finalización"),
        null=True,
        blank=True,
        help_text=_("Vacía si la práctica sigue en curso."),
    )
    services = models.ManyToManyField(
        Service, blank=True, related_name="applications", verbose_name=_("servicios")
    )
    target_population = models.TextField(_("población objeto o partes interesadas"), blank=True)
    summary = models.TextField(_("resumen del proyecto"), blank=True)
    impact = models.TextField(_("impacto generado"), blank=True)
    users_reached = models.PositiveIntegerField(_("usuarios impactados"), null=True, blank=True)
    success_factors = models.TextField(
        _("factores de éxito"), blank=True, help_text=_("Uno por línea.")
    )
    departments = models.ManyToManyField(
        Department, blank=True, related_name="applications", verbose_name=_("departamentos")
    )
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="applications", verbose_name=_("municipios")
    )
    coverage_note = models.CharField(_("cobertura (texto)"), max_length=300, blank=True)
    validation = models.TextField(_("validación"), blank=True)
    replicability = models.TextField(_("posibilidad de réplica"), blank=True)
    limitations = models.TextField(_("limitaciones"), blank=True)
    declarations_accepted = models.JSONField(_("declaraciones aceptadas"), default=list)

    # Staff: eligibility.
    eligible = models.BooleanField(_("elegible"), null=True, blank=True)
    eligibility_reason = models.TextField(_("motivo"), blank=True)
    eligibility_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decidió la elegibilidad"),
    )
    eligibility_decided_at = models.DateTimeField(_("elegibilidad decidida el"), null=True)

    # Staff: the result.
    level = models.CharField(_("reconocimiento"), max_length=10, choices=Level, blank=True)
    practice = models.OneToOneField(
        "practices.Practice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("práctica del catálogo"),
    )

    created_at = models.DateTimeField(_("creada el"), default=timezone.now)
    updated_at = models.DateTimeField(_("actualizada el"), default=timezone.now)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("postulación")
        verbose_name_plural = _("postulaciones")
        permissions = [("decide_eligibility", _("Puede decidir si una postulación es elegible"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values),
                name="recognition_application_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status=ApplicationStatus.DRAFT) | Q(submitted_at__isnull=False),
                name="recognition_application_submitted_dated",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=False, end_date__gte=models.F("start_date")),
                name="recognition_application_dates_in_order",
                violation_error_message=_(
                    "La fecha de finalización no puede ser anterior a la de inicio."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.number} · {self.title or _('(sin título)')}"

    def save(self, *args, update_fields=None, **kwargs):
        staff_only = update_fields is not None and set(update_fields) <= STAFF_FIELDS
        if not staff_only:
            self.check_open()
            self.updated_at = timezone.now()
        super().save(*args, update_fields=update_fields, **kwargs)

    @property
    def number(self):
        """The receipt number the applicant quotes: edition year and the application's id."""
        return f"PR-{self.call.edition.year}-{self.pk or 0:05d}"

    def decide_eligibility(self, eligible, reason, by):
        """Staff's decision (after the close); the applicant is told why by e-mail."""
        from outbox.sending import enqueue

        self.eligible = eligible
        self.eligibility_reason = reason
        self.eligibility_decided_by = by
        self.eligibility_decided_at = timezone.now()
        self.save(
            update_fields=[
                "eligible",
                "eligibility_reason",
                "eligibility_decided_by",
                "eligibility_decided_at",
            ]
        )
        verdict = _("es elegible") if eligible else _("no es elegible")
        record(
            "elegibilidad",
            call=self.call,
            by=by,
            application=self,
            detail=f"{verdict}: {reason}",
        )
        enqueue(
            self.representative.user.email,
            _("Su postulación %(number)s %(verdict)s")
            % {"number": self.number, "verdict": verdict},
            "\n".join(
                [
                    _("La postulación «%(title)s» %(verdict)s.")
                    % {"title": self.title, "verdict": verdict},
                    "",
                    _("Motivo: %(reason)s") % {"reason": reason},
                ]
            ),
            purpose=f"recognition:{self.number}",
        )

    def check_open(self):
        """Refuse any change of the applicant's once the call stopped accepting them."""
        if not self.call.accepts_applications():
            raise ApplicationClosed(self._closed())

    def frozen_reason(self):
        """Why the applicant can no longer change this application (sent, or the call
        closed), or "" while they can: what the applicant's pages say."""
        if self.status == ApplicationStatus.SUBMITTED:
            return _("La postulación ya fue enviada: no cambia más.")
        if not self.call.accepts_applications():
            return self._closed()
        return ""

    def _closed(self):
        return _("La convocatoria cerró el %(when)s: la postulación ya no puede cambiar.") % {
            "when": self.call.closing_display()
        }


class Attachment(models.Model):
    """Evidence for an application: a PDF or an image, checked by content
    (recognition.attachments) and kept in Django's storage; served to staff and the
    jury only."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("postulación"),
    )
    file = models.FileField(_("archivo"), upload_to="postulaciones/", max_length=300)
    original_name = models.CharField(_("nombre original"), max_length=200)
    content_type = models.CharField(_("tipo"), max_length=50)
    size = models.PositiveIntegerField(_("tamaño (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("subido el"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("anexo")
        verbose_name_plural = _("anexos")

    def __str__(self):
        return self.original_name


class AuditEvent(models.Model):
    """Who did what and when in the recognition, for the auditor (exported in full)."""

    at = models.DateTimeField(_("fecha"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("por"),
    )
    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="events", verbose_name=_("convocatoria")
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("postulación"),
    )
    action = models.CharField(_("acción"), max_length=50)
    detail = models.TextField(_("detalle"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("registro de auditoría")
        verbose_name_plural = _("registros de auditoría")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


def record(action, *, call, by=None, application=None, detail=""):
    return AuditEvent.objects.create(
        action=action, call=call, by=by, application=application, detail=detail
    )


JURY_GROUP = "Jurado"  # the role; a seat in a call's jury says which call


class JuryMember(models.Model):
    """A juror of a call. Before scoring, they declare the providers they have ties with
    (none is a declaration too); those applications are hidden from them."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="jury", verbose_name=_("convocatoria")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="juries",
        verbose_name=_("jurado"),
    )
    conflicts = models.ManyToManyField(
        Provider,
        blank=True,
        related_name="+",
        verbose_name=_("prestadores con los que tiene conflicto de interés"),
    )
    conflicts_declared_at = models.DateTimeField(
        _("conflictos declarados el"), null=True, blank=True
    )

    class Meta:
        ordering = ["call", "user__last_name", "user__first_name", "pk"]
        verbose_name = _("jurado")
        verbose_name_plural = _("jurados")
        constraints = [
            models.UniqueConstraint(fields=["call", "user"], name="recognition_one_seat_per_juror")
        ]

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()

    def applications(self):
        """What this juror may see and score: the call's eligible applications, but those
        of providers they declared ties with."""
        return (
            self.call.applications.for_jury()
            .exclude(provider__in=self.conflicts.all())
            .select_related("provider", "category")
        )


class Scorecard(models.Model):
    """One juror's scores of one application, sent once: until then the juror sees no one
    else's scores of it; after, nothing of theirs changes."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="scorecards",
        verbose_name=_("postulación"),
    )
    juror = models.ForeignKey(
        JuryMember, on_delete=models.PROTECT, related_name="scorecards", verbose_name=_("jurado")
    )
    submitted_at = models.DateTimeField(_("enviada el"), null=True, blank=True)

    class Meta:
        ordering = ["application", "juror"]
        verbose_name = _("calificación")
        verbose_name_plural = _("calificaciones")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "juror"], name="recognition_one_scorecard_per_juror"
            )
        ]

    def __str__(self):
        return f"{self.application.number} · {self.juror}"


class Score(models.Model):
    scorecard = models.ForeignKey(
        Scorecard, on_delete=models.CASCADE, related_name="scores", verbose_name=_("calificación")
    )
    criterion = models.ForeignKey(
        "practices.EvaluationCriterion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("criterio"),
    )
    value = models.PositiveSmallIntegerField(_("puntaje"))
    comment = models.TextField(_("comentario"), blank=True)

    class Meta:
        ordering = ["scorecard", "criterion__position", "criterion__pk"]
        verbose_name = _("puntaje")
        verbose_name_plural = _("puntajes")
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "criterion"], name="recognition_one_score_per_criterion"
            )
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"
