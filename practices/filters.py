"""The filters of the public list (django-filter) and their disjunctive facet counts.

Every filter lives in the URL (``?servicio=aseo&servicio=acueducto&tamano=mediano``):
values of one filter are alternatives (OR), different filters all apply (AND). An
unknown value is dropped, never an error. Each option of a facet is counted with every
*other* active filter applied, so its count is what selecting it would add.

The number of queries is fixed: one for the names of the options, one per facet, then
the page's count and rows, whatever filters are active.
"""

import dataclasses
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Concat
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from practices.models import (
    Category,
    Criterion,
    CriterionEvidence,
    Department,
    Edition,
    Municipality,
    Practice,
    Provider,
    ProviderSize,
    RecognitionLevel,
    Service,
)

YEAR_RANGE = (1990, 2100)


class LenientMultipleChoiceField(forms.MultipleChoiceField):
    """Keeps the known values (once each, in order) and drops the rest."""

    def clean(self, value):
        values = value if isinstance(value, list | tuple) else [value] if value else []
        known = []
        for item in values:
            if self.valid_value(item) and item not in known:
                known.append(item)
        return known


class LenientYearField(forms.CharField):
    """A year, or nothing when the value is not a plausible year."""

    def clean(self, value):
        value = super().clean(value)
        # isdecimal, not isdigit: "²⁰²¹" is digits that int() refuses.
        if value and value.strip().isdecimal() and len(value.strip()) == 4:
            year = int(value)
            if YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
                return year
        return None


class LenientFlagField(forms.CharField):
    def clean(self, value):
        return str(value or "").strip().lower() in {"1", "si", "sí", "true", "on"}


class ChoiceFilter(django_filters.Filter):
    """Any of the chosen values; filters spanning several rows pass a ``method`` (EXISTS)."""

    field_class = LenientMultipleChoiceField

    def filter(self, qs, value):
        return qs.filter(**{f"{self.field_name}__in": value}) if value else qs


class YearFilter(django_filters.Filter):
    field_class = LenientYearField


class FlagFilter(django_filters.Filter):
    field_class = LenientFlagField


def _through_exists(through, value_path, values, practice_field="practice_id"):
    """Practices with a row in ``through`` whose ``value_path`` is one of ``values``."""
    rows = through.objects.filter(**{practice_field: OuterRef("pk"), f"{value_path}__in": values})
    return Exists(rows)


def _services(qs, name, values):
    return qs.filter(_through_exists(Practice.services.through, "service__slug", values))


def _departments(qs, name, values):
    return qs.filter(_through_exists(Practice.departments.through, "department__slug", values))


def _municipalities(qs, name, values):
    through = Practice.municipalities.through
    return qs.filter(_through_exists(through, "municipality_id", values))


def _criteria(qs, name, values):
    return qs.filter(_through_exists(CriterionEvidence, "criterion__slug", values))


# «Replicada por otros prestadores»: at least one published replication (the count the
# replication app keeps on the practice's row, Practice.replication_count).
REPLICATED = "si"
REPLICATED_CHOICES = [(REPLICATED, _("Replicada por otros prestadores"))]
IS_REPLICATED = Q(replication_count__gt=0)


def _replicated(qs, name, values):
    return qs.filter(IS_REPLICATED) if REPLICATED in values else qs


ONGOING = Q(start_date__isnull=False, end_date__isnull=True)


class PracticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Buscar"))
    categoria = ChoiceFilter(field_name="category__slug", label=_("Categoría"))
    servicio = ChoiceFilter(method=_services, label=_("Servicio"))
    tamano = ChoiceFilter(
        field_name="provider__size", label=_("Tamaño del prestador"), choices=ProviderSize.choices
    )
    prestador = ChoiceFilter(field_name="provider__slug", label=_("Prestador"))
    departamento = ChoiceFilter(method=_departments, label=_("Departamento"))
    municipio = ChoiceFilter(method=_municipalities, label=_("Municipio"))
    edicion = ChoiceFilter(field_name="edition__number", label=_("Edición del reconocimiento"))
    reconocimiento = ChoiceFilter(
        field_name="recognition_level", label=_("Reconocimiento"), choices=RecognitionLevel.choices
    )
    replicada = ChoiceFilter(method=_replicated, label=_("Réplicas"), choices=REPLICATED_CHOICES)
    criterio = ChoiceFilter(method=_criteria, label=_("Criterio de buena práctica"))
    desde = YearFilter(field_name="start_date__year", lookup_expr="gte", label=_("Desde el año"))
    hasta = YearFilter(field_name="start_date__year", lookup_expr="lte", label=_("Hasta el año"))
    en_curso = FlagFilter(method="filter_ongoing", label=_("En curso"))

    class Meta:
        model = Practice
        fields = []

    def __init__(
        self, data=None, *args, options=None, matched_ids=None, ranks=None, corrected="", **kwargs
    ):
        """``options``: the choices of the closed lists; ``matched_ids``: the practices
        matching ``q``, found once for many facet queries (with ``ranks``: a partial match,
        search.resolve); ``corrected``: nothing matched the words as typed, so this
        correction of them is searched instead."""
        super().__init__(data, *args, **kwargs)
        self.options = options or {}
        for name, choices in self.options.items():
            self.filters[name].extra["choices"] = choices
        self.matched_ids, self.ranks, self.corrected = matched_ids, ranks, corrected

    def filter_q(self, queryset, name, value):
        if self.ranks is not None:  # a partial match: a thousand at most, with their ranks
            ranked = [
                When(pk=pk, then=Value(r))
                for pk, r in zip(self.matched_ids, self.ranks, strict=True)
            ]
            rank = Case(*ranked, default=Value(0.0), output_field=FloatField())
            return queryset.filter(pk__in=self.matched_ids).annotate(rank=rank)
        if self.matched_ids is not None:
            # One array parameter, however many practices matched.
            column = f'"{queryset.model._meta.db_table}"."{queryset.model._meta.pk.column}"'
            return queryset.filter(
                RawSQL(f"{column} = ANY(%s)", [self.matched_ids], BooleanField())
            )
        return queryset.search(self.corrected or value)

    def filter_ongoing(self, queryset, name, value):
        return queryset.filter(ONGOING) if value else queryset

    def filter_queryset(self, queryset, exclude=()):
        """Apply every active filter except those named in ``exclude``."""
        for name, value in self.form.cleaned_data.items():
            if name in exclude or value in (None, "", [], False):
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def without(self, *names):
        return self.filter_queryset(self.queryset, exclude=names)

    @property
    def active(self):
        """{name: value} of the filters in use (``q`` included)."""
        if not self.is_bound or not self.form.is_valid():
            return {}
        return {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "", [], False)}


# --- Facets ---------------------------------------------------------------------------


@dataclass
class Facet:
    name: str  # the URL parameter (a range's options are chosen through others)
    label: str
    path: str  # what facet_counts groups by
    many: bool = False  # a practice can have several values (M2M): counts overlap
    top: int | None = None  # show this many options, the rest behind "ver más"
    label_paths: tuple = ()  # the option's name, read with its count (long lists)
    options: list = field(default_factory=list)
    # A range (the start year): chosen through ``parameters`` (from, to), its options are
    # links to one value each, newest first, rather than checkboxes.
    parameters: tuple = ()
    # A yes/no facet (replicated): (its one option's value, the condition it selects).
    condition: tuple | None = None

    def __post_init__(self):
        self.parameters = self.parameters or (self.name,)

    @property
    def is_range(self):
        return self.parameters != (self.name,)


FACETS = [
    Facet("categoria", _("Categoría"), "category__slug"),
    Facet("servicio", _("Servicio"), "services__slug", many=True),
    Facet("tamano", _("Tamaño del prestador"), "provider__size"),
    Facet("departamento", _("Departamento"), "departments__slug", many=True, top=12),
    Facet(
        "municipio",
        _("Municipio"),
        "municipalities__code",
        many=True,
        top=12,
        label_paths=("municipalities__name", "municipalities__department__name"),
    ),
    Facet("prestador", _("Prestador"), "provider__slug", top=12, label_paths=("provider__name",)),
    Facet("edicion", _("Edición del reconocimiento"), "edition__number"),
    Facet("reconocimiento", _("Reconocimiento"), "recognition_level"),
    Facet("replicada", _("Réplicas"), "replication_count", condition=(REPLICATED, IS_REPLICATED)),
    Facet(
        "criterio",
        _("Criterio de buena práctica"),
        "criterion_evidence__criterion__slug",
        many=True,
    ),
    Facet("anio", _("Año de inicio"), "start_date__year", parameters=("desde", "hasta")),
]


def reference_rows(providers=None, municipalities=None, using=None, public=False):
    """[(parameter, value, label, key, size), …] of the reference data, in one query, each
    list in its display order. ``key`` is the number the list's snapshot stores (the row's
    id, or its DIVIPOLA code as a number) and ``size`` a provider's size. Providers and
    municipalities are many: only the ``providers``/``municipalities`` values given (all
    when None). ``public``: categories, providers and editions only as far as a published
    practice uses them (UsedReferenceQuerySet.public())."""
    text, number = CharField(), IntegerField()
    blank = Value("", text)

    def part(model, name, value, label, key="pk", *, position=None, order=None, size=blank):
        rows = model.objects.using(using) if using else model.objects.all()
        if public and hasattr(rows, "public"):
            rows = rows.public()
        return rows.values_list(
            Value(name, text),
            Cast(value, text),
            label,
            Cast(key, number),
            size,
            Cast(position or Value(0), number),
            Cast(order or label, text),
        ).order_by()  # compound statements allow no ORDER BY: sorted below

    parts = [
        part(Category, "categoria", "slug", "name"),
        part(Service, "servicio", "slug", "name", position=F("position")),
        part(Edition, "edicion", "number", "name", position=-F("number")),
        part(Criterion, "criterio", "slug", "name", position=F("position")),
        part(Department, "departamento", "slug", "name", "code", order=F("slug")),
    ]
    municipality_label = Concat(
        "name", Value(" ("), "department__name", Value(")"), output_field=text
    )
    provider_parts = [
        (Provider, "prestador", "slug", "name", "pk", providers, "slug", F("size")),
        (
            Municipality,
            "municipio",
            "code",
            municipality_label,
            Cast("code", number),
            municipalities,
            "code",
            blank,
        ),
    ]
    for model, name, value, label, key, wanted, lookup, size in provider_parts:
        queryset = part(model, name, value, label, key, size=size)
        if wanted is not None:
            queryset = queryset.filter(**{f"{lookup}__in": wanted})
        parts.append(queryset)
    rows = parts[0].union(*parts[1:], all=True)
    return [row[:5] for row in sorted(rows, key=lambda row: (row[0], row[5], row[6], row[1]))]


def requested(data, name, limit=20):
    """The values of a long list named in ``data`` (a NUL names nothing, and PostgreSQL
    refuses it in any query: such a value is dropped)."""
    return usable(data.getlist(name)[:limit]) if data else []


def usable(values):
    """The values that can name something: a NUL names nothing, and PostgreSQL refuses it
    in any query (such a value is ignored, as any other unknown one)."""
    return [v for v in values if "\x00" not in v]


def reference_options(data):
    """{parameter: [(value, label), …]} in one query: the closed lists, plus the providers
    and municipalities named in ``data`` (there are too many to list them all)."""
    rows = reference_rows(requested(data, "prestador"), requested(data, "municipio"), public=True)
    return options_from(rows)


def options_from(rows):
    options = {
        "tamano": list(ProviderSize.choices),
        "reconocimiento": list(RecognitionLevel.choices),
        "replicada": list(REPLICATED_CHOICES),
    }
    for name in ("categoria", "departamento", "prestador", "municipio"):
        options[name] = []
    for name, value, label, _key, _size in rows:
        options.setdefault(name, []).append((value, label))
    return options


def facets(active, labels, count):
    """The facets of a list, each option with its disjunctive count: ``count(facet)`` gives
    ({value: n}, {value: label}) of one facet with every *other* active filter applied
    (names beyond ``labels``, the options of the closed lists, for the long lists)."""
    result = []
    for facet in FACETS:
        counts, more_names = count(facet)
        counts.pop("", None)  # a size not known, no recognition: no option of the list
        names = dict(labels.get(facet.name, [])) | more_names
        selected = {str(v) for v in active.get(facet.name, [])}
        if facet.is_range:  # one option is selected when the range is that one value
            bounds = {str(active[p]) for p in facet.parameters if active.get(p)}
            selected = bounds if len(bounds) == 1 else set()
        options = [
            {
                "value": str(value),
                "label": names.get(str(value), str(value)),
                "count": n,
                "selected": str(value) in selected,
            }
            for value, n in counts.items()
        ]
        for value in selected - {o["value"] for o in options}:
            options.append(
                {"value": value, "label": names.get(value, value), "count": 0, "selected": True}
            )
        if facet.is_range:
            options.sort(key=lambda o: o["value"], reverse=True)
        elif facet.top:
            options.sort(key=lambda o: (-o["count"], o["label"]))
        else:
            order = [v for v, _ in labels.get(facet.name, [])]
            options.sort(key=lambda o: order.index(o["value"]) if o["value"] in order else 99)
        result.append(dataclasses.replace(facet, options=options))
    return result


def database_counts(filterset):
    """``count`` for ``facets``, by one grouped query per facet (the list's fallback while
    its snapshot is being built, and the reference the snapshot is tested against)."""

    def count(facet):
        queryset = filterset.without(*facet.parameters)
        if facet.condition is not None:  # what choosing its one option would give
            value, condition = facet.condition
            n = queryset.filter(condition).count()
            return ({value: n} if n else {}), {}
        if not facet.label_paths:
            return queryset.facet_counts(facet.path), {}
        counts, names = {}, {}
        for value, (parts, n) in queryset.facet_counts(facet.path, *facet.label_paths).items():
            names[str(value)] = parts[0] if len(parts) == 1 else f"{parts[0]} ({parts[1]})"
            counts[value] = n
        return counts, names

    return count


def like_provider(provider, region=False):
    """[(parameter, value), …]: the list's filters for the practices of providers like
    ``provider`` («prestadores como el mío»): its size and the services it provides (those
    of its published practices when none is recorded; any of them, as values of one filter
    are alternatives), and with ``region`` the department of its seat (practices covering
    it). Empty when nothing of it is known."""
    services = list(provider.services.order_by("position", "name").values_list("slug", flat=True))
    if not services:
        published = Practice.objects.published().filter(provider=provider)
        services = list(
            Service.objects.filter(practices__in=published)
            .distinct()
            .order_by("position", "name")
            .values_list("slug", flat=True)
        )
    query = [("tamano", provider.size)] if provider.size else []
    query += [("servicio", slug) for slug in services]
    if query and region and provider.department_id:
        query.append(("departamento", provider.department.slug))
    return query


def database_ongoing(filterset):
    return filterset.without("en_curso").filter(ONGOING).count()


# The vocabularies with English names (models.EnglishNamed), by list parameter.
ENGLISH_NAMED = {"categoria": Category, "servicio": Service, "criterio": Criterion}


def page_labels():
    """{(parameter, value): English name} of the options that have one, on the English
    pages (a query per vocabulary); nothing on the Spanish ones. Facets, chips, the home's
    tiles and the statistics show them instead of the Spanish names the snapshot holds."""
    if get_language().startswith("es"):
        return {}
    return {
        (name, slug): label
        for name, model in ENGLISH_NAMED.items()
        for slug, label in model.objects.exclude(name_en="").values_list("slug", "name_en")
    }
