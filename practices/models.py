"""The ficha of a good practice as data.

A ``Practice`` mirrors one record sheet ("ficha") of the Superservicios – Andesco
recognition. Fields follow the ficha's order; whatever a user filters, sorts or compares
on is structured (provider, category, edition, services, dates, coverage, metrics), and
the ficha's prose stays as text beside it. ``PracticeQuerySet.published()`` is the one
definition of what the public may see.
"""

import contextlib
import contextvars
import re
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ops.site import site_url
from practices.search import search, search_fields, spelling
from practices.text import SORT_KEY_LENGTH, metric_summary, sort_key, squash

CODE_PATTERN = r"^BP-[A-Z0-9]+-[A-Z0-9]+-\d{3}-\d{4}$"
# HTML: the admin shows help texts unescaped.
CODE_HELP = _(
    "Forma BP-&lt;PROGRAMA&gt;-&lt;ENTIDAD&gt;-NNN-AAAA, en mayúsculas; por ejemplo "
    "BP-ANDESCO-SSPD-002-2021."
)
validate_code = RegexValidator(
    CODE_PATTERN,
    message=_(
        "El código debe tener la forma BP-<PROGRAMA>-<ENTIDAD>-NNN-AAAA "
        "(por ejemplo BP-ANDESCO-SSPD-002-2021)."
    ),
    code="invalid_code",
)


class PracticeCodeField(models.CharField):
    """A practice code, normalised as typed: spaces dropped, upper case."""

    def to_python(self, value):
        value = super().to_python(value)
        return re.sub(r"\s+", "", value).upper() if value else value


# --- Reference data -------------------------------------------------------------------


class SlugQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class UsedReferenceQuerySet(models.QuerySet):
    """Reference data that practices point to and an import may create for a draft
    (categories, providers, editions)."""

    practice_field = None  # the Practice field that points here

    def public(self):
        """What the public may see of it: the rows a published practice uses (published()
        decides which practices those are). One used only by drafts, or by nothing, stays
        out of every public page."""
        used = Practice.objects.published().filter(**{self.practice_field: OuterRef("pk")})
        rows = self.filter(Exists(used))
        if issubclass(self.model, Proposable):
            rows = rows.filter(proposed=False)
        return rows


class Proposable(models.Model):
    """Reference data staff can create while entering practices: proposed until someone
    allowed to confirm it does (an editor's import or practice form proposes; a reviewer's
    or an administrator's, or the command, adds)."""

    proposed = models.BooleanField(
        _("propuesta"),
        default=False,
        help_text=_(
            "Dato propuesto por alguien sin permiso para confirmarlo: no aparece en el sitio "
            "público, y ninguna práctica que lo use se publica, hasta que un revisor o un "
            "administrador lo confirme."
        ),
    )

    class Meta:
        abstract = True

    @classmethod
    def proposed_by(cls, user):
        """Whether what ``user`` creates is a proposal (None: the command, which adds)."""
        return user is not None and not user.has_perm(
            f"{cls._meta.app_label}.confirm_{cls._meta.model_name}"
        )


class CategoryQuerySet(UsedReferenceQuerySet, SlugQuerySet):
    practice_field = "category"


class ProviderQuerySet(UsedReferenceQuerySet, SlugQuerySet):
    practice_field = "provider"


class NamedReference(models.Model):
    """A closed list an administrator maintains: a name and a stable slug for URLs."""

    name = models.CharField(_("nombre"), max_length=200, unique=True)
    slug = models.SlugField(
        _("identificador"),
        max_length=200,
        unique=True,
        help_text=_("Parte de la dirección web; minúsculas, sin tildes ni espacios."),
    )

    objects = SlugQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Department(models.Model):
    """A department of Colombia (Bogotá D.C. counts as one), keyed by its DIVIPOLA code."""

    code = models.CharField(
        _("código DIVIPOLA"),
        max_length=2,
        primary_key=True,
        validators=[RegexValidator(r"^\d{2}$", _("Dos dígitos, por ejemplo 63."))],
    )
    name = models.CharField(_("nombre"), max_length=100, unique=True)
    slug = models.SlugField(_("identificador"), max_length=100, unique=True)

    class Meta:
        ordering = ["slug"]  # ASCII-folded: "Córdoba" sorts before "Cundinamarca" everywhere.
        verbose_name = _("departamento")
        verbose_name_plural = _("departamentos")

    def __str__(self):
        return self.name


class Municipality(models.Model):
    """A municipality (or Bogotá D.C.), keyed by its five-digit DIVIPOLA code."""

    code = models.CharField(
        _("código DIVIPOLA"),
        max_length=5,
        primary_key=True,
        validators=[RegexValidator(r"^\d{5}$", _("Cinco dígitos, por ejemplo 63001."))],
    )
    name = models.CharField(_("nombre"), max_length=100)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("departamento"),
    )

    class Meta:
        ordering = ["department__slug", "name"]
        verbose_name = _("municipio")
        verbose_name_plural = _("municipios")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__startswith=F("department_id")),
                name="practices_municipality_code_in_department",
                violation_error_message=_(
                    "El código DIVIPOLA del municipio empieza por el de su departamento."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.department.name})"


class EnglishNamed(models.Model):
    """A fixed vocabulary (services, categories, criteria) with its English name, edited in
    the admin beside the Spanish one and shown on the English pages."""

    name_en = models.CharField(
        _("nombre en inglés"),
        max_length=200,
        blank=True,
        help_text=_("El que muestran las páginas en inglés; vacío: el nombre en español."),
    )

    class Meta:
        abstract = True

    @property
    def localized_name(self):
        """The name in the page's language: English under /en/ when there is one."""
        if self.name_en and get_language().startswith("en"):
            return self.name_en
        return self.name


class Service(EnglishNamed, NamedReference):
    """A public utility service: energía eléctrica, acueducto, alcantarillado, aseo, gas…"""

    position = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta(NamedReference.Meta):
        ordering = ["position", "name"]
        verbose_name = _("servicio")
        verbose_name_plural = _("servicios")


class Category(EnglishNamed, Proposable, NamedReference):
    """A category of the recognition, e.g. "Atención a usuarios en tiempos de COVID"."""

    description = models.TextField(_("descripción"), blank=True)

    objects = CategoryQuerySet.as_manager()

    class Meta(NamedReference.Meta):
        verbose_name = _("categoría")
        verbose_name_plural = _("categorías")
        permissions = [("confirm_category", _("Puede confirmar categorías propuestas"))]


class Criterion(EnglishNamed, NamedReference):
    """One of the four criteria that make an action a good practice (eficaz, eficiente…)."""

    description = models.TextField(_("definición"))
    position = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta(NamedReference.Meta):
        ordering = ["position", "name"]
        verbose_name = _("criterio de buena práctica")
        verbose_name_plural = _("criterios de buena práctica")


class EditionQuerySet(UsedReferenceQuerySet):
    practice_field = "edition"

    def get_by_natural_key(self, number):
        return self.get(number=number)


class Edition(models.Model):
    """A yearly edition of the Superservicios – Andesco recognition."""

    number = models.PositiveSmallIntegerField(_("número"), unique=True)
    year = models.PositiveSmallIntegerField(_("año"))
    name = models.CharField(_("nombre"), max_length=200)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("edición del reconocimiento")
        verbose_name_plural = _("ediciones del reconocimiento")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="practices_edition_year_plausible",
                violation_error_message=_("El año de la edición debe estar entre 2000 y 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.year})"

    def natural_key(self):
        return (self.number,)


class EvaluationCriterion(models.Model):
    """How the jury of an edition judged the practices (innovación, alianzas…)."""

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="evaluation_criteria",
        verbose_name=_("edición"),
    )
    position = models.PositiveSmallIntegerField(_("orden"), default=0)
    name = models.CharField(_("nombre"), max_length=200)
    description = models.TextField(_("descripción"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("peso"),
        default=1,
        help_text=_("Cuánto pesa en el puntaje total frente a los demás criterios."),
    )

    class Meta:
        ordering = ["edition", "position", "pk"]
        verbose_name = _("criterio de evaluación")
        verbose_name_plural = _("criterios de evaluación")

    def __str__(self):
        return self.name


class ProviderSize(models.TextChoices):
    SMALL = "pequeno", _("Pequeño")
    MEDIUM = "mediano", _("Mediano")
    LARGE = "grande", _("Grande")


class Provider(Proposable, NamedReference):
    """A public utility provider ("prestador"), author of practices."""

    Size = ProviderSize

    short_name = models.CharField(
        _("sigla o nombre corto"), max_length=50, blank=True, help_text=_("Por ejemplo EDEQ.")
    )
    size = models.CharField(
        _("tamaño"),
        max_length=10,
        choices=ProviderSize,
        blank=True,
        help_text=_("Déjelo vacío si no se conoce; no lo adivine."),
    )
    services = models.ManyToManyField(
        Service, blank=True, related_name="providers", verbose_name=_("servicios que presta")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="providers",
        verbose_name=_("departamento"),
        help_text=_("Departamento donde tiene su sede principal."),
    )
    website = models.URLField(_("sitio web"), max_length=300, blank=True)

    objects = ProviderQuerySet.as_manager()

    class Meta(NamedReference.Meta):
        verbose_name = _("prestador")
        verbose_name_plural = _("prestadores")
        permissions = [("confirm_provider", _("Puede confirmar prestadores propuestos"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(size__in=[*ProviderSize.values, ""]),
                name="practices_provider_size_valid",
                violation_error_message=_("El tamaño debe ser pequeño, mediano o grande."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.short_name})" if self.short_name else self.name

    @property
    def display_name(self):
        """The short name people use (EDEQ), or the legal name when there is none."""
        return self.short_name or self.name

    @property
    def size_phrase(self):
        """The size as a phrase of each language ("prestador mediano", "medium-sized
        provider"), not a label glued to a noun; empty when unknown."""
        return PROVIDER_SIZE_PHRASES.get(self.size, "")


PROVIDER_SIZE_PHRASES = {
    ProviderSize.SMALL: _("prestador pequeño"),
    ProviderSize.MEDIUM: _("prestador mediano"),
    ProviderSize.LARGE: _("prestador grande"),
}


# --- Search ------------------------------------------------------------------------------


def split_forms(text):
    """The comma-separated forms of a thesaurus entry ("PQR, PQRS ,," → ["PQR", "PQRS"])."""
    return [squash(form) for form in text.split(",") if squash(form)]


class ThesaurusEntry(models.Model):
    """One group of the sector's thesaurus: words and phrases that search treats as the
    same ("PQRSD, PQR, peticiones quejas y reclamos…"), with the English forms a reader of
    the English pages types ("complaints"). Staff keep it in the admin; a search for any
    form finds practices that use any Spanish form (practices.search)."""

    spanish = models.TextField(
        _("formas en español"),
        help_text=_(
            "Separadas por comas: palabras o frases cortas que significan lo mismo para quien "
            "busca. Las tildes, las mayúsculas, el plural y el femenino no importan."
        ),
    )
    english = models.TextField(
        _("formas en inglés"),
        blank=True,
        help_text=_("Separadas por comas: lo que escribiría quien busca en las páginas en inglés."),
    )
    updated_at = models.DateTimeField(_("actualizado el"), auto_now=True)

    class Meta:
        ordering = ["spanish"]
        verbose_name = _("grupo de sinónimos")
        verbose_name_plural = _("tesauro del sector")

    def __str__(self):
        return Truncator(", ".join(self.spanish_forms)).chars(80)

    @property
    def spanish_forms(self):
        return split_forms(self.spanish)

    @property
    def english_forms(self):
        return split_forms(self.english)

    def clean(self):
        if not self.spanish_forms:
            raise ValidationError({"spanish": _("Escriba al menos una forma en español.")})


class SearchWord(models.Model):
    """A word of the catalogue's texts, folded ("facturacion"), with how it is written
    ("facturación"): the vocabulary that corrects typos (practices.search.spelling). It
    only grows; a word no practice uses any more suggests nothing, because a correction is
    offered only when it finds published practices."""

    word = models.CharField(primary_key=True, max_length=40)
    written = models.CharField(max_length=40)

    class Meta:
        verbose_name = _("palabra del catálogo")
        verbose_name_plural = _("palabras del catálogo")

    def __str__(self):
        return self.written


# --- The practice -----------------------------------------------------------------------


RELATED_CANDIDATES = 300
_SEARCH_DEFERRED = contextvars.ContextVar("search_deferred", default=False)
SEARCH_COLUMNS = ("search_text", "search_names")


class PracticeQuerySet(models.QuerySet):
    def published(self):
        """The one rule for what the public may see: published, nothing else."""
        return self.filter(status=PracticeStatus.PUBLISHED)

    def contacts_to_verify(self):
        """Practice.contact_to_verify in the database: a contact written, and neither its
        consent nor its withdrawal recorded (open revisions are their practice's)."""
        written = ~Q(contact_name="") | ~Q(contact_email="") | ~Q(contact_phone="")
        return self.filter(
            written,
            contact_publish_allowed=False,
            contact_consent_withdrawn_at__isnull=True,
            revision_of__isnull=True,
        )

    def search(self, q):
        """Practices matching every term of ``q`` (see practices.search)."""
        return search(self, q)

    def with_completeness(self):
        """Each practice with what workflow.completeness() would otherwise ask the database
        for, row by row: whether it has success factors, and a department or municipality
        (the admin's list shows a completeness meter per row)."""

        def linked(model, **lookup):
            return Exists(model.objects.filter(**lookup, practice_id=OuterRef("pk")))

        return self.annotate(
            has_success_factors=linked(SuccessFactor),
            has_coverage_places=linked(Practice.departments.through)
            | linked(Practice.municipalities.through),
        )

    def with_code(self, code):
        """The practice known by ``code``: never an open revision (which shares it), and
        found through the unique index on codes (whose condition this repeats)."""
        return self.filter(code=code, revision_of__isnull=True)

    def facet_counts(self, path, *labels):
        """{value: count} of one facet (a path such as "services__slug"), in one query;
        {value: ((label, …), count)} when label paths are given (read in the same join)."""
        rows = self.order_by().values_list(path, *labels).annotate(n=models.Count("pk"))
        if not labels:
            return {value: n for value, n in rows if value is not None}
        return {row[0]: (row[1:-1], row[-1]) for row in rows if row[0] is not None}

    def cards(self):
        """What a card of a list shows (provider, category), without the search columns:
        they are the largest of the row and no page displays them."""
        return self.select_related("provider__department", "category").defer(*SEARCH_COLUMNS)

    def with_ficha(self, municipalities_by_code=False):
        """Everything the ficha shows (and an open-data record holds), in a fixed number of
        queries. Municipalities come by department and name, as the ficha lists them, or
        by their DIVIPOLA code (``municipalities_by_code``, as the exports list them)."""
        municipalities = Municipality.objects.select_related("department")
        if municipalities_by_code:
            municipalities = municipalities.order_by("code")
        return (
            self.defer(*SEARCH_COLUMNS)
            .select_related("provider", "category", "edition")
            .prefetch_related(
                "services",
                "departments",
                models.Prefetch("municipalities", queryset=municipalities),
                "success_factors",
                "impact_metrics",
                "impact_metrics__measurements",  # their follow-up (practices.follow_up)
                "links",
                models.Prefetch(
                    "criterion_evidence",
                    queryset=CriterionEvidence.objects.select_related("criterion"),
                ),
            )
        )

    def related_to(self, practice):
        """Practices of the same category (its newest 300), those sharing a service, a
        department and the provider size first, then the newest; never the practice itself."""
        services = [s.pk for s in practice.services.all()]
        departments = [d.pk for d in practice.departments.all()]
        shares_service = models.Exists(
            Practice.services.through.objects.filter(
                practice_id=models.OuterRef("pk"), service_id__in=services
            )
        )
        shares_department = models.Exists(
            Practice.departments.through.objects.filter(
                practice_id=models.OuterRef("pk"), department_id__in=departments
            )
        )
        score = (
            models.Case(models.When(shares_service, then=4), default=0)
            + models.Case(models.When(shares_department, then=2), default=0)
            + models.Case(models.When(provider__size=practice.provider.size, then=1), default=0)
        )
        # Score only the newest candidates of the category: a bounded cost at any scale.
        candidates = (
            self.filter(category_id=practice.category_id)
            .exclude(pk=practice.pk)
            .order_by("-published_at", "-pk")
            .values("pk")[:RELATED_CANDIDATES]
        )
        return (
            self.filter(pk__in=candidates)
            .annotate(score=score)
            .order_by("-score", "-published_at", "-pk")
        )

    def get_by_natural_key(self, code):
        return self.with_code(code).get()


class RecognitionLevel(models.TextChoices):
    """What the yearly recognition gave a practice (recognition.models.Level is this)."""

    WINNER = "ganadora", _("Ganadora")
    MENTION = "mencion", _("Mención")
    FINALIST = "finalista", _("Finalista")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Día")
    MONTH = "month", _("Mes y año")
    YEAR = "year", _("Solo año")


_DATE_FORMAT_BY_PRECISION = {
    DatePrecision.DAY: "DATE_FORMAT",
    DatePrecision.MONTH: "YEAR_MONTH_FORMAT",
    DatePrecision.YEAR: "Y",
}


def format_partial_date(value, precision):
    """ "15 de marzo de 2020", "marzo de 2020" or "2020", as precise as the ficha was."""
    if value is None:
        return ""
    return formats.date_format(value, _DATE_FORMAT_BY_PRECISION[DatePrecision(precision)])


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", _("Borrador")
    REVIEW = "review", _("En revisión")
    PUBLISHED = "published", _("Publicada")
    ARCHIVED = "archived", _("Archivada")


def search_sources_of(
    practice,
    *,
    services=(),
    departments=(),
    municipalities=(),
    factors=(),
    metrics=(),
    evidence=(),
):
    """(texts, names) the search reads of ``practice`` and its rows, in this order: names
    (title, code, provider, category, services, departments, municipalities) and texts
    (the ficha's prose, then success factors, impact metrics and criterion evidence).
    ``Practice.search_sources`` passes its saved rows; ``seed_demo`` the rows it is about
    to insert in bulk."""
    names = [practice.title, practice.code]
    texts = [
        practice.summary,
        practice.target_population,
        practice.impact,
        practice.validation,
        practice.replicability,
        practice.limitations,
        practice.coverage_note,
        practice.dates_note,
    ]
    if practice.provider_id:
        names += [practice.provider.name, practice.provider.short_name]
    if practice.category_id:
        names.append(practice.category.name)
    names += [s.name for s in services]
    names += [d.name for d in departments]
    names += [m.name for m in municipalities]
    for factor in factors:
        texts += [factor.title, factor.description]
    for metric in metrics:
        texts += [metric.label, metric.channel, metric.unit]
    texts += [e.evidence for e in evidence]
    return texts, names


# One practice per code; its open revision shares it (practices.workflow).
_CODE_UNIQUE = models.UniqueConstraint(
    fields=["code"],
    condition=Q(revision_of__isnull=True),
    name="practices_practice_code_unique",
    violation_error_message=_("Ya existe una buena práctica con este código."),
)


# A practice's history (kept here too: Practice.as_one_history_entry writes through it).
PRACTICE_HISTORY = HistoricalRecords(
    excluded_fields=[
        "search_text",
        "search_names",
        "sort_title",
        "updated_at",
        "replication_count",
    ],
    m2m_fields=["services", "departments", "municipalities"],
    verbose_name=_("versión de la buena práctica"),
)


class Feasibility(models.Model):
    """What it takes to replicate a practice, as its authors estimate it: all optional,
    recommended by the completeness meter. Practices and recognition applications share
    these fields (and their rules, ``feasibility_errors``)."""

    cost_min = models.PositiveBigIntegerField(
        _("costo aproximado desde (pesos)"),
        null=True,
        blank=True,
        help_text=_("En pesos colombianos; un solo valor si no es un rango."),
    )
    cost_max = models.PositiveBigIntegerField(
        _("costo aproximado hasta (pesos)"), null=True, blank=True
    )
    cost_year = models.PositiveSmallIntegerField(
        _("año de la cifra de costo"),
        null=True,
        blank=True,
        help_text=_("Los pesos de qué año: el costo cambia con la inflación."),
    )
    people_involved = models.PositiveIntegerField(
        _("personas involucradas"),
        null=True,
        blank=True,
        help_text=_("Personas del prestador y de los aliados que trabajaron en la práctica."),
    )
    setup_months = models.PositiveSmallIntegerField(
        _("meses para ponerla en marcha"), null=True, blank=True
    )
    technology = models.TextField(
        _("tecnología necesaria"),
        blank=True,
        help_text=_("Sistemas, equipos o herramientas; «ninguna» si no hace falta."),
    )
    partners = models.TextField(
        _("aliados"), blank=True, help_text=_("Entidades u organizaciones que participaron.")
    )
    prerequisites = models.TextField(
        _("requisitos previos"),
        blank=True,
        help_text=_("Lo que un prestador debe tener antes de empezar."),
    )

    FIELDS = [
        "cost_min",
        "cost_max",
        "cost_year",
        "people_involved",
        "setup_months",
        "technology",
        "partners",
        "prerequisites",
    ]

    class Meta:
        abstract = True

    def feasibility_errors(self):
        """{field: message} of the estimates that contradict each other."""
        errors = {}
        has_cost = self.cost_min is not None or self.cost_max is not None
        both = self.cost_min is not None and self.cost_max is not None
        if both and self.cost_max < self.cost_min:
            errors["cost_max"] = _("El costo «hasta» no puede ser menor que el costo «desde».")
        if has_cost and not self.cost_year:
            errors["cost_year"] = _("Indique de qué año son los pesos del costo.")
        if self.cost_year and not has_cost:
            errors["cost_year"] = _("Indique el costo o deje vacío su año.")
        if self.cost_year and not 1990 <= self.cost_year <= timezone.now().year + 1:
            errors["cost_year"] = _("El año del costo debe estar entre 1990 y el próximo año.")
        return errors

    @property
    def has_feasibility(self):
        return any(getattr(self, name) not in (None, "") for name in self.FIELDS)

    @property
    def cost_display(self):
        """«Entre $ 20.000.000 y $ 35.000.000 (pesos de 2024)», or «$ 5.000.000 (…)»."""
        if self.cost_min is None and self.cost_max is None:
            return ""
        low, high = self.cost_min, self.cost_max
        money = lambda n: "$ " + formats.number_format(n, use_l10n=True, force_grouping=True)  # noqa: E731
        if low is not None and high is not None and low != high:
            amount = _("entre %(low)s y %(high)s") % {"low": money(low), "high": money(high)}
        else:
            amount = money(low if low is not None else high)
        if self.cost_year:
            return _("%(amount)s (pesos de %(year)s)") % {"amount": amount, "year": self.cost_year}
        return amount


class Practice(Feasibility):
    """A good practice as published in its ficha."""

    Status = PracticeStatus

    # Identification
    title = models.CharField(_("título"), max_length=300)
    code = PracticeCodeField(
        _("código"), max_length=40, validators=[validate_code], help_text=CODE_HELP
    )
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        related_name="practices",
        verbose_name=_("autor de la buena práctica"),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="practices", verbose_name=_("categoría")
    )
    edition = models.ForeignKey(
        Edition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name=_("edición del reconocimiento"),
    )
    services = models.ManyToManyField(
        Service,
        blank=True,
        related_name="practices",
        verbose_name=_("servicios"),
        help_text=_("Servicios públicos a los que se refiere la práctica."),
    )

    # Fecha de implementación
    start_date = models.DateField(_("fecha de inicio"), null=True, blank=True)
    start_precision = models.CharField(
        _("precisión de la fecha de inicio"),
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
    )
    end_date = models.DateField(
        _("fecha de finalización"),
        null=True,
        blank=True,
        help_text=_("Déjela vacía si la práctica sigue en curso."),
    )
    end_precision = models.CharField(
        _("precisión de la fecha de finalización"),
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
    )
    dates_note = models.CharField(
        _("nota sobre las fechas"),
        max_length=300,
        blank=True,
        help_text=_('Texto original cuando la ficha no da fechas exactas ("No reportada").'),
    )

    # Sections of the ficha, in its order
    target_population = models.TextField(_("población objeto o partes interesadas"), blank=True)
    summary = models.TextField(_("resumen del proyecto"), blank=True)
    impact = models.TextField(_("impacto generado"), blank=True)
    users_reached = models.PositiveIntegerField(_("usuarios impactados"), null=True, blank=True)
    departments = models.ManyToManyField(
        Department,
        blank=True,
        related_name="practices",
        verbose_name=_("departamentos cubiertos"),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="practices",
        verbose_name=_("municipios cubiertos"),
    )
    coverage_note = models.CharField(
        _("cobertura geográfica (texto)"),
        max_length=500,
        blank=True,
        help_text=_(
            'Como la expresa la ficha, p. ej. "12 municipios del departamento del Quindío".'
        ),
    )
    validation = models.TextField(_("validación"), blank=True)
    replicability = models.TextField(_("posibilidad de réplica"), blank=True)
    limitations = models.TextField(_("limitaciones"), blank=True)
    criteria = models.ManyToManyField(
        Criterion,
        through="CriterionEvidence",
        blank=True,
        related_name="practices",
        verbose_name=_("criterios de buena práctica"),
    )

    # Contacto (Ley 1581 de 2012: shown only with consent)
    contact_name = models.CharField(_("nombre del contacto"), max_length=200, blank=True)
    contact_role = models.CharField(_("cargo del contacto"), max_length=200, blank=True)
    contact_email = models.EmailField(_("correo del contacto"), blank=True)
    contact_phone = models.CharField(_("teléfono del contacto"), max_length=50, blank=True)
    contact_publish_allowed = models.BooleanField(
        _("autoriza publicar el contacto"),
        default=False,
        help_text=_(
            "Marque solo si el titular autorizó publicar sus datos (Ley 1581 de 2012). "
            "Sin autorización, el contacto no aparece en ninguna página pública."
        ),
    )
    contact_consent_at = models.DateField(
        _("fecha de la autorización"),
        null=True,
        blank=True,
        help_text=_("Cuándo autorizó el titular publicar su nombre, correo y teléfono."),
    )
    contact_consent_channel = models.CharField(
        _("canal de la autorización"),
        max_length=200,
        blank=True,
        help_text=_('Por ejemplo "formulario de postulación".'),
    )
    contact_consent_notice_version = models.CharField(
        _("versión del aviso de privacidad"),
        max_length=20,
        blank=True,
        help_text=_("La versión del aviso de privacidad que el titular aceptó."),
    )
    contact_consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("registró la autorización"),
    )
    contact_consent_withdrawn_at = models.DateTimeField(
        _("autorización retirada el"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "El titular retiró su autorización: el contacto no se publica y los mensajes "
            "del catálogo van al buzón de la entidad (su historial dice quién y por qué)."
        ),
    )

    # Publication
    revision_of = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="revisions",
        verbose_name=_("revisión de"),
        help_text=_(
            "Cambios propuestos a una práctica publicada: la versión pública no cambia hasta "
            "que un revisor publique esta revisión."
        ),
    )
    status = models.CharField(
        _("estado"), max_length=10, choices=PracticeStatus, default=PracticeStatus.DRAFT
    )
    replication_count = models.PositiveIntegerField(
        _("réplicas publicadas"),
        default=0,
        editable=False,
        help_text=_("Prestadores que cuentan que la replicaron (replication.moderation)."),
    )
    recognition_level = models.CharField(
        _("reconocimiento"),
        max_length=10,
        choices=RecognitionLevel,
        blank=True,
        help_text=_("Lo que el jurado de la edición le dio: ganadora, mención o finalista."),
    )
    published_at = models.DateTimeField(_("publicada el"), null=True, blank=True)
    # Defaults rather than auto_now_add, so that fixtures (raw saves) get them too.
    created_at = models.DateTimeField(_("creada el"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("actualizada el"), default=timezone.now, editable=False)

    # Search: refresh_search() keeps the folded texts; the search index is beside the table
    # (practices.search: FTS5 on SQLite, a tsvector table on PostgreSQL, both kept by
    # triggers). ``sort_title`` is how the title sorts (text.sort_key), the same in SQL and
    # in the list's snapshot.
    search_text = models.TextField(editable=False, default="")
    search_names = models.TextField(editable=False, default="")
    sort_title = models.CharField(editable=False, max_length=SORT_KEY_LENGTH, default="")

    objects = PracticeQuerySet.as_manager()
    history = PRACTICE_HISTORY

    class Meta:
        ordering = ["-published_at", "-pk"]
        permissions = [
            ("submit_practice", _("Puede enviar buenas prácticas a revisión")),
            (
                "publish_practice",
                _("Puede devolver, publicar, despublicar y archivar buenas prácticas"),
            ),
        ]
        verbose_name = _("buena práctica")
        verbose_name_plural = _("buenas prácticas")
        constraints = [
            _CODE_UNIQUE,
            models.UniqueConstraint(
                fields=["revision_of"],
                condition=Q(revision_of__isnull=False),
                name="practices_practice_one_open_revision",
                violation_error_message=_("Esta práctica ya tiene una revisión abierta."),
            ),
            models.CheckConstraint(
                condition=Q(revision_of__isnull=True)
                | ~Q(status__in=[PracticeStatus.PUBLISHED, PracticeStatus.ARCHIVED]),
                name="practices_practice_revision_never_public",
                violation_error_message=_(
                    "Una revisión no se publica: al publicarla, sus cambios pasan a la práctica."
                ),
            ),
            models.CheckConstraint(
                condition=Q(contact_publish_allowed=False)
                | (Q(contact_consent_at__isnull=False) & ~Q(contact_consent_channel="")),
                name="practices_practice_consent_recorded",
                violation_error_message=_(
                    "Para publicar el contacto registre la fecha y el canal de la autorización."
                ),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="practices_practice_end_not_before_start",
                violation_error_message=_(
                    "La fecha de finalización no puede ser anterior a la fecha de inicio."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=PracticeStatus.values),
                name="practices_practice_status_valid",
                violation_error_message=_("Estado no válido."),
            ),
            models.CheckConstraint(
                condition=Q(start_precision__in=DatePrecision.values)
                & Q(end_precision__in=DatePrecision.values),
                name="practices_practice_date_precision_valid",
                violation_error_message=_("Precisión de fecha no válida."),
            ),
            models.CheckConstraint(
                condition=~Q(status=PracticeStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="practices_practice_published_has_date",
                violation_error_message=_("Una práctica publicada necesita fecha de publicación."),
            ),
        ]
        indexes = [
            # published().order_by("-published_at", "-pk"): the public list, newest first.
            models.Index(
                fields=["status", "-published_at", "-id"], name="practice_status_published"
            ),
            # Related practices and category pages: newest of one category.
            models.Index(
                fields=["category", "status", "-published_at", "-id"],
                name="practice_category_published",
            ),
            # "Otras prácticas de este prestador": newest of one provider.
            models.Index(
                fields=["provider", "status", "-published_at", "-id"],
                name="practice_provider_published",
            ),
            # Facet counts scan every published practice: this index answers them without
            # reading the (wide) rows, by an index-only scan (PostgreSQL; plain on SQLite).
            models.Index(
                fields=["status"],
                include=["category", "provider", "edition", "start_date", "end_date"],
                name="practice_status_facets",
            ),
            # The implementation-year range filter and facet.
            models.Index(fields=["start_date"], name="practice_start_date"),
        ]

    def __str__(self):
        return f"{self.code} · {self.title}"

    def save(self, *args, **kwargs):
        self.stamp_publication()
        self.updated_at = timezone.now()
        if not _SEARCH_DEFERRED.get():
            self._compute_search()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "updated_at",
                "published_at",
                "search_text",
                "search_names",
                "sort_title",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("practices:detail", kwargs={"code": self.code})

    def natural_key(self):
        return (self.code,)

    @property
    def public_url(self):
        """The ficha's absolute address, for exports, feeds and structured data."""
        return site_url() + self.get_absolute_url()

    def search_sources(self):
        """(texts, names) the search reads: the ficha's prose and what it is known by."""
        if not self.pk:  # no rows yet
            return search_sources_of(self)
        return search_sources_of(
            self,
            services=self.services.all(),
            departments=self.departments.all(),
            municipalities=self.municipalities.all(),
            factors=self.success_factors.all(),
            metrics=self.impact_metrics.all(),
            evidence=self.criterion_evidence.all(),
        )

    def _compute_search(self):
        """The search texts and the title's sort key; the typo corrector learns the words."""
        texts, names = self.search_sources()
        self.search_text, self.search_names = search_fields(texts, names)
        self.sort_title = sort_key(self.title)
        spelling.remember([*texts, *names])

    @staticmethod
    @contextlib.contextmanager
    def search_deferred():
        """Within it, saving a practice or changing its services and places leaves the
        search texts alone: the caller changes many things, then calls refresh_search()
        once (workflow.replace_content)."""
        token = _SEARCH_DEFERRED.set(True)
        try:
            yield
        finally:
            _SEARCH_DEFERRED.reset(token)

    @staticmethod
    def search_is_deferred():
        return _SEARCH_DEFERRED.get()

    def refresh_search(self):
        """Recompute the search texts (and the title's sort key) after the ficha's rows
        changed (inlines, import) or a raw load (fixtures)."""
        self._compute_search()
        Practice.objects.filter(pk=self.pk).update(
            search_text=self.search_text, search_names=self.search_names, sort_title=self.sort_title
        )

    @property
    def is_published(self):
        """Whether this practice is on the public site (published() says it of a queryset)."""
        return self.status == self.Status.PUBLISHED

    def stamp_publication(self):
        """Record the first publication: `published_at` is set once and never moves."""
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()

    @contextlib.contextmanager
    def as_one_history_entry(self):
        """The saves of this practice and the changes of its services and coverage inside
        are one entry of its history, written at the end with the relations as they are
        then (by default each save and each relation set writes one). Set
        ``_history_unchanged`` inside to write none (a save that changed nothing)."""
        created = self._state.adding
        # Dated when the action starts, before its rows' own entries, as a save alone
        # would be (admin.workflow.moment_of reads a version's rows up to the next one).
        self._history_date = timezone.now()
        self.skip_history_when_saving = True
        try:
            yield
            del self.skip_history_when_saving
            if not self.__dict__.pop("_history_unchanged", False):
                PRACTICE_HISTORY.create_historical_record(self, "+" if created else "~")
        finally:
            self.__dict__.pop("skip_history_when_saving", None)
            self.__dict__.pop("_history_unchanged", None)
            del self._history_date

    def validate_constraints(self, exclude=None):
        """The database's rules, as a form sees them. ``revision_of`` is on no form, yet
        the uniqueness of the code depends on it: it is never left out, and a repeated code
        is said beside "Código" (a conditional constraint's error has no field of its own)."""
        exclude = set(exclude or ()) - {"revision_of"}
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            code_taken = str(_CODE_UNIQUE.violation_error_message)
            others = error.error_dict.get(NON_FIELD_ERRORS, [])
            if not any(e.message == code_taken for e in others) or "code" in exclude:
                raise
            errors = dict(error.error_dict)
            errors[NON_FIELD_ERRORS] = [e for e in others if e.message != code_taken]
            errors.setdefault("code", []).append(ValidationError(code_taken, code="unique"))
            raise ValidationError({k: v for k, v in errors.items() if v}) from error

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _(
                "La fecha de finalización (%(end)s) no puede ser anterior a la fecha de "
                "inicio (%(start)s)."
            ) % {
                "end": formats.date_format(self.end_date, "DATE_FORMAT"),
                "start": formats.date_format(self.start_date, "DATE_FORMAT"),
            }
        if self.end_date and not self.start_date:
            errors["start_date"] = _("Indique la fecha de inicio si conoce la de finalización.")
        if self.contact_publish_allowed:
            if not self.contact_consent_at:
                errors["contact_consent_at"] = _(
                    "Para publicar el contacto indique cuándo lo autorizó el titular."
                )
            if not self.contact_consent_channel.strip():
                errors["contact_consent_channel"] = _(
                    "Para publicar el contacto indique por qué canal lo autorizó el titular."
                )
        errors.update(self.feasibility_errors())
        if errors:
            raise ValidationError(errors)

    # Presentation helpers shared by the list, the ficha page and later exports.

    @property
    def is_ongoing(self):
        """Started and not finished: the ficha gives no end date."""
        return self.start_date is not None and self.end_date is None

    @property
    def start_display(self):
        return format_partial_date(self.start_date, self.start_precision)

    @property
    def end_display(self):
        return format_partial_date(self.end_date, self.end_precision)

    @property
    def years_display(self):
        """The implementation years in one short label: "2020", "2019–2021", "2020–en curso"."""
        if not self.start_date:
            return ""
        start = self.start_date.year
        if self.end_date is None:
            return _("%(start)s–en curso") % {"start": start}
        if self.end_date.year == start:
            return str(start)
        return f"{start}–{self.end_date.year}"

    @property
    def has_contact(self):
        return bool(self.contact_name or self.contact_email or self.contact_phone)

    @property
    def contact_to_verify(self):
        """A contact is written (by staff, or found by an import) but nobody has recorded
        the holder's consent to publish it, nor its withdrawal: staff are asked to."""
        return (
            not self.contact_publish_allowed
            and self.contact_consent_withdrawn_at is None
            and self.has_contact
        )

    @property
    def contact_is_public(self):
        return self.contact_publish_allowed and self.has_contact


class PracticeItem(models.Model):
    """An ordered row of a practice's ficha (factor, metric, link)."""

    position = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]


class SuccessFactor(PracticeItem):
    practice = models.ForeignKey(
        Practice,
        on_delete=models.CASCADE,
        related_name="success_factors",
        verbose_name=_("buena práctica"),
    )
    title = models.CharField(_("título"), max_length=300)
    description = models.TextField(_("descripción"), blank=True)

    history = HistoricalRecords()

    class Meta(PracticeItem.Meta):
        verbose_name = _("factor de éxito")
        verbose_name_plural = _("factores de éxito")

    def __str__(self):
        return self.title


class Indicator(models.Model):
    """A figure against an optional baseline: "PQR por mes: 56 → 381". A practice's
    impact metrics and a replication's results are indicators."""

    label = models.CharField(_("indicador"), max_length=300)
    value = models.DecimalField(_("resultado"), max_digits=16, decimal_places=2)
    unit = models.CharField(
        _("unidad"), max_length=50, blank=True, help_text=_('Por ejemplo "usuarios" o "%".')
    )
    baseline = models.DecimalField(
        _("línea base"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Valor antes de la práctica, si la ficha lo da."),
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.label

    @property
    def summary(self):
        """The metric in one line (text.metric_summary), as the printed ficha lists it."""
        channel = getattr(self, "channel", "")
        return metric_summary(self.label, channel, self.baseline, self.value, self.unit)

    @property
    def bars(self):
        """Bar lengths (0–100) of the baseline and the result, for the ficha's small chart."""
        top = max(self.value, self.baseline or 0)
        if top <= 0:
            return None
        baseline = round(100 * self.baseline / top) if self.baseline is not None else None
        return {"baseline": baseline, "value": round(100 * self.value / top)}


class ImpactMetric(PracticeItem, Indicator):
    """An impact figure of a practice's ficha, optionally with the channel it concerns,
    and its later measurements (follow-up over time)."""

    practice = models.ForeignKey(
        Practice,
        on_delete=models.CASCADE,
        related_name="impact_metrics",
        verbose_name=_("buena práctica"),
    )
    channel = models.CharField(
        _("canal"), max_length=150, blank=True, help_text=_('Por ejemplo "Portal web".')
    )

    history = HistoricalRecords()

    class Meta(PracticeItem.Meta):
        verbose_name = _("indicador de impacto")
        verbose_name_plural = _("indicadores de impacto")


class ImpactMeasurement(models.Model):
    """The same indicator measured again on a later date (a yearly follow-up). The
    metric's own value stays as the ficha recorded it."""

    metric = models.ForeignKey(
        ImpactMetric,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("indicador de impacto"),
    )
    measured_on = models.DateField(_("fecha de la medición"))
    value = models.DecimalField(_("resultado"), max_digits=16, decimal_places=2)
    note = models.CharField(
        _("nota"), max_length=300, blank=True, help_text=_("Fuente o comentario de la medición.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["metric", "measured_on"]
        verbose_name = _("medición de seguimiento")
        verbose_name_plural = _("mediciones de seguimiento")
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "measured_on"],
                name="practices_one_measurement_a_day",
                violation_error_message=_("Este indicador ya tiene una medición en esa fecha."),
            )
        ]

    def __str__(self):
        """As the ficha and the admin write it: «30 de noviembre de 2022: 412»."""
        from django.template.defaultfilters import floatformat

        date = formats.date_format(self.measured_on, "DATE_FORMAT")
        return f"{date}: {floatformat(self.value, '-2g')}"


class LinkKind(models.TextChoices):
    VIDEO = "video", _("Video")
    DOCUMENT = "document", _("Documento")
    WEB = "web", _("Página web")


class Link(PracticeItem):
    Kind = LinkKind

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="links", verbose_name=_("buena práctica")
    )
    url = models.URLField(_("dirección"), max_length=500)
    label = models.CharField(_("texto del enlace"), max_length=200, blank=True)
    kind = models.CharField(_("tipo"), max_length=10, choices=LinkKind, default=LinkKind.WEB)

    history = HistoricalRecords()

    class Meta(PracticeItem.Meta):
        verbose_name = _("enlace")
        verbose_name_plural = _("enlaces")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=LinkKind.values),
                name="practices_link_kind_valid",
                violation_error_message=_("Tipo de enlace no válido."),
            ),
        ]

    def __str__(self):
        return self.label or self.url

    @property
    def display_label(self):
        """What a reader sees of the link: its label, or its kind and host ("Video en
        youtube.com") rather than a long raw address."""
        if self.label:
            return self.label
        host = (urlsplit(self.url).hostname or "").removeprefix("www.")
        if not host:
            return self.url
        return _("%(kind)s en %(host)s") % {"kind": self.get_kind_display(), "host": host}


class CriterionEvidence(models.Model):
    """How a practice meets one of the four criteria, in its own words."""

    practice = models.ForeignKey(
        Practice,
        on_delete=models.CASCADE,
        related_name="criterion_evidence",
        verbose_name=_("buena práctica"),
    )
    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.PROTECT,
        related_name="evidence",
        verbose_name=_("criterio"),
    )
    evidence = models.TextField(_("evidencia"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__position"]
        verbose_name = _("evidencia de un criterio")
        verbose_name_plural = _("evidencia de los criterios")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "criterion"],
                name="practices_evidence_one_per_criterion",
                violation_error_message=_("Este criterio ya tiene evidencia en la práctica."),
            ),
        ]

    def __str__(self):
        return str(self.criterion)


class CatalogueVersion(models.Model):
    """One row whose number changes with every change to the catalogue.

    Database triggers bump it on every write to the tables the public pages read (bulk
    writes, deletions and ``update()`` included), give it a new random ``stamp``, and log
    what changed in ``CatalogueChange`` in the same statement: migration 0012 on
    PostgreSQL, practices.sqlite_triggers on SQLite. Cached pages are keyed by it, and the
    list's snapshot (practices.snapshot) follows it, so a change is visible at once on
    every server. (version, stamp) names one state of the catalogue even when a rolled
    back transaction made a number come round twice.
    """

    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)
    stamp = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("versión del catálogo")
        verbose_name_plural = _("versión del catálogo")

    def __str__(self):
        return str(self.version)

    @classmethod
    def current(cls):
        return cls.objects.values_list("version", flat=True).first() or 0

    @classmethod
    def state(cls, using=None):
        """(version, stamp) in one query."""
        rows = cls.objects.using(using) if using else cls.objects
        return rows.values_list("version", "stamp").first() or (0, 0)

    @classmethod
    def forget_changes(cls):
        """Say that anything may have changed (a bulk load): the log is emptied and the
        version moves on, so every snapshot is built again. The new version is logged
        (as a change of no practice), so that a snapshot built at it can follow later
        changes."""
        with transaction.atomic():
            CatalogueChange.objects.all().delete()
            stamp = secrets.randbits(62)
            if not cls.objects.filter(pk=1).update(version=F("version") + 1, stamp=stamp):
                cls.objects.create(pk=1, version=1, stamp=stamp)
            CatalogueChange.objects.create(version=cls.current(), stamp=stamp, practice_id=None)


class CatalogueChange(models.Model):
    """A practice (or, with no practice, the reference data) changed in ``version``.

    Written only by the triggers that bump ``CatalogueVersion``, in the same statement and
    with its stamp, so all of a version's changes are visible once the version is. The
    list's snapshot at (version, stamp) reads the changes after it and reloads only those
    practices, provided the log still holds its own version with its stamp (else it was
    pruned, replaced or rolled back: the snapshot is built again).
    """

    version = models.PositiveBigIntegerField()
    stamp = models.BigIntegerField()
    practice_id = models.BigIntegerField(null=True)  # no foreign key: deletions are logged too
    at = models.DateTimeField(db_default=Now())

    class Meta:
        verbose_name = _("cambio del catálogo")
        verbose_name_plural = _("cambios del catálogo")
        indexes = [
            # The changes since a snapshot's version: WHERE version >= %s AND version <= %s.
            models.Index(fields=["version"], name="catalogue_change_version"),
        ]

    def __str__(self):
        return f"{self.version}: {self.practice_id or '-'}"


class Transition(models.Model):
    """A change of state of a practice: who, when, from and to, and why."""

    practice = models.ForeignKey(
        Practice,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("buena práctica"),
    )
    from_status = models.CharField(_("de"), max_length=10, choices=PracticeStatus)
    to_status = models.CharField(_("a"), max_length=10, choices=PracticeStatus)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("por"),
    )
    at = models.DateTimeField(_("fecha"), default=timezone.now)
    comment = models.TextField(_("comentario"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("cambio de estado")
        verbose_name_plural = _("cambios de estado")
        constraints = [
            models.CheckConstraint(
                condition=Q(from_status__in=PracticeStatus.values)
                & Q(to_status__in=PracticeStatus.values),
                name="practices_transition_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class PrivacyNotice(models.Model):
    """The entity's data-treatment policy and privacy notice (Ley 1581 de 2012).

    Its texts are the entity's to write in the admin; the site never invents them. The
    newest version in force is the one shown and the one a contact's consent refers to.
    """

    version = models.CharField(_("versión"), max_length=20, unique=True)
    effective_from = models.DateField(_("vigente desde"))
    controller = models.CharField(
        _("responsable del tratamiento"),
        max_length=300,
        help_text=_("Nombre de la entidad responsable de los datos personales."),
    )
    controller_contact = models.TextField(
        _("datos de contacto del responsable"),
        help_text=_("Dirección, correo y teléfono donde el titular ejerce sus derechos."),
    )
    notice = models.TextField(
        _("aviso de privacidad"),
        help_text=_("Texto breve que se muestra a quien registra los datos del contacto."),
    )
    purposes = models.TextField(_("finalidades del tratamiento"))
    rights = models.TextField(_("derechos del titular"))
    procedure = models.TextField(_("cómo ejercer los derechos (consultas y reclamos)"))

    class Meta:
        ordering = ["-effective_from", "-pk"]
        verbose_name = _("política de tratamiento de datos")
        verbose_name_plural = _("políticas de tratamiento de datos")

    def __str__(self):
        return _("Versión %(version)s (desde %(date)s)") % {
            "version": self.version,
            "date": formats.date_format(self.effective_from, "DATE_FORMAT"),
        }

    @classmethod
    def current(cls):
        return cls.objects.filter(effective_from__lte=timezone.localdate()).first()
