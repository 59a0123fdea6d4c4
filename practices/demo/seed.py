"""Demo practices: many realistic, reproducible Spanish fichas, for trying and benchmarking.

``seed_demo(count=…, seed=…)`` writes ``count`` practices with everything a ficha has
(provider, category, edition, services, dates, coverage, success factors, impact metrics,
links, criterion evidence, contact; for 45 % of them, what it takes to replicate them, from
a random stream of its own); 95 % of them are published. The command
``manage.py seed_demo``, the benchmark and the tests call it.

- Recognisable: practice codes are ``BP-DEMO-<ENTIDAD>-NNN-AAAA``; the providers and
  categories the demo creates have slugs starting with ``demo-``; the editions it creates
  are named "Reconocimiento de demostración <año> (datos ficticios)" (numbers 9xx). Running
  it again deletes all of that first and writes the new set, in one transaction. Real
  practices are never touched, nor a demo provider, category or edition a real practice uses.
- Reproducible: every draw comes from one ``random.Random(seed)`` over the word lists of
  ``demo_words`` and the reference data (DIVIPOLA, services, criteria, editions) read in
  their model order; dates are relative to a fixed day (``REFERENCE_DAY``), never to today.
  The same seed and count on the same reference data give the same practices (primary keys
  aside).
- Fast: rows are written with ``bulk_create`` in batches. That skips ``Practice.save()``,
  so ``search_text`` and ``search_names`` are computed here from the same sources as
  ``Practice.search_sources()``; on PostgreSQL the search trigger fills ``search_vector``
  on insert.
"""

import datetime
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.utils.text import slugify

from practices.demo import words
from practices.models import (
    CatalogueVersion,
    Category,
    Criterion,
    CriterionEvidence,
    DatePrecision,
    Department,
    Edition,
    ImpactMeasurement,
    ImpactMetric,
    Link,
    Municipality,
    Practice,
    Provider,
    ProviderSize,
    Service,
    SuccessFactor,
    search_sources_of,
)
from practices.search import search_fields, spelling
from practices.text import fold, sort_key
from replication.demo import delete_demo_replications, seed_replications

CODE_PREFIX = "BP-DEMO-"
SLUG_PREFIX = "demo-"
EDITION_PREFIX = "Reconocimiento de demostración"
EDITION_NUMBER_BASE = 900  # the demo edition of year Y is number 900 + (Y - 2000)
DEMO_YEARS = range(2016, 2025)  # edition years; practices are published the year after
REFERENCE_DAY = datetime.date(2025, 6, 30)  # the demo's "today": nothing happens later
BATCH_SIZE = 2000  # practices generated, then inserted together with their rows
# Rows per INSERT. Fixed, so that the statements repeat: sqlite3 caches 128 prepared
# statements, and one per distinct batch of thousands of rows grows to hundreds of MB.
INSERT_ROWS = 500
PROGRESS_EVERY = 10_000
PUBLISHED_SHARE = 0.95
SHORT_NAME_MAX = 15  # BP-DEMO-<ENTIDAD>-NNN-AAAA stays within the code's 40 characters
SIZES = [ProviderSize.SMALL, ProviderSize.MEDIUM, ProviderSize.LARGE]
# How many practices a provider writes, relative to a small one.
SIZE_WEIGHT = {ProviderSize.SMALL: 1, ProviderSize.MEDIUM: 3, ProviderSize.LARGE: 7}
# Share of demo practices whose ficha says what it takes to replicate them, and the years
# their costs are in (models.Feasibility).
FEASIBILITY_SHARE = 0.45
FOLLOW_UP_SHARE = 0.3  # published practices whose metrics were measured again
COST_YEARS = (2019, 2025)
MAX_COST = 400_000_000
USERS_BY_SIZE = {
    ProviderSize.SMALL: (120, 25_000),
    ProviderSize.MEDIUM: (5_000, 250_000),
    ProviderSize.LARGE: (50_000, 2_500_000),
}
SMALL_WORDS = {"de", "del", "la", "las", "los", "el", "y", "d.c."}


@dataclass(frozen=True)
class DemoSummary:
    practices: int
    published: int
    providers: int
    categories: int
    editions_created: int
    replaced: int
    seconds: float
    replications: int = 0

    def __str__(self):
        return (
            f"{thousands(self.practices)} prácticas de demostración "
            f"({thousands(self.published)} publicadas), {self.providers} prestadores, "
            f"{self.categories} categorías, {self.editions_created} ediciones de demostración, "
            f"{thousands(self.replications)} réplicas contadas; "
            f"{thousands(self.replaced)} prácticas de demostración anteriores reemplazadas; "
            f"{thousands(self.seconds, 1)} s."
        )


def seed_demo(*, count, seed=1, batch_size=BATCH_SIZE, progress=None, analyze=True):
    """Replace the demo data with ``count`` practices drawn from ``seed``; return a summary.

    ``progress(done, count)`` is called every 10.000 practices and at the end. ``analyze``
    refreshes the planner statistics afterwards (``refresh_statistics``). A count of zero
    only removes the previous demo.
    """
    if count < 0:
        raise ValueError("count must be zero or more")
    started = time.perf_counter()
    rng = random.Random(seed)
    with transaction.atomic():
        replaced = delete_demo()
        if count == 0:  # `--count 0` removes the demo
            return DemoSummary(0, 0, 0, 0, 0, replaced, time.perf_counter() - started)
        reference = Reference.load()
        editions, editions_created = create_editions()
        categories = create_categories()
        providers = create_providers(rng, reference, provider_count(count))
        writer = PracticeWriter(
            rng,
            reference,
            providers,
            categories,
            editions,
            # A stream of its own: the estimates leave every other draw as it was.
            estimates=random.Random(f"{seed}:viabilidad"),
            follow_ups=random.Random(f"{seed}:seguimiento"),  # likewise
        )
        plan = writer.status_plan(count)
        batch = []
        for done, status in enumerate(plan, 1):
            batch.append(writer.write(status))
            if len(batch) >= batch_size or done == count:
                insert(batch)
                batch = []
            if progress and (done % PROGRESS_EVERY == 0 or done == count):
                progress(done, count)
        replications = seed_replications(
            random.Random(f"{seed}:replicas"),  # a stream of its own, as the estimates
            demo_practices(),
            Provider.objects.filter(slug__startswith=SLUG_PREFIX),
        )
        # Everything changed: the log of which practices did is no use (snapshots rebuild).
        CatalogueVersion.forget_changes()
    if analyze:
        refresh_statistics()
    return DemoSummary(
        practices=count,
        published=plan.count(Practice.Status.PUBLISHED),
        providers=len(providers),
        categories=len(categories),
        editions_created=editions_created,
        replaced=replaced,
        seconds=time.perf_counter() - started,
        replications=replications,
    )


def refresh_statistics():
    """What autovacuum would soon do after a bulk load: planner statistics and, on
    PostgreSQL, the visibility map that index-only scans and counts rely on. (VACUUM cannot
    run inside a transaction; there, as in tests, ANALYZE alone.)"""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Maintenance after a bulk load may outlast a page's DJANGO_DB_STATEMENT_TIMEOUT.
            cursor.execute("SET statement_timeout = 0")
            try:
                cursor.execute("VACUUM (ANALYZE)")
            finally:
                cursor.execute("RESET statement_timeout")
        else:
            cursor.execute("ANALYZE")


def demo_practices():
    return Practice.objects.filter(code__startswith=CODE_PREFIX)


def delete_demo():
    """Delete the demo practices and the demo providers, categories and editions left unused.

    Returns the number of practices deleted. Each kind of row goes in one DELETE that sends
    no signal: deleting through the ORM would load every row and write a "deleted" history
    record for each (django-simple-history), over a million for 100.000 practices. Whatever
    refers to a demo practice goes with it (its rows, relations, workflow transitions and
    history, should an editor have touched one); revisions carry their practice's code.
    """
    practices = demo_practices()
    ids = practices.values("pk")
    # Replications of demo practices or by demo providers, and the demo representatives.
    delete_demo_replications(ids, Provider.objects.filter(slug__startswith=SLUG_PREFIX))
    Practice.history.model.objects.filter(code__startswith=CODE_PREFIX).delete()
    # The metrics' follow-up goes before the metrics (it refers to them, not to a practice).
    metrics = ImpactMetric._base_manager.filter(practice__in=ids).values("pk")
    ImpactMeasurement.history.model.objects.filter(metric_id__in=metrics).delete()
    _delete(ImpactMeasurement._base_manager.filter(metric__in=metrics))
    for relation in Practice._meta.get_fields(include_hidden=True):
        if (
            relation.one_to_many
            and relation.auto_created
            and relation.related_model is not Practice
        ):
            referring = relation.related_model._base_manager
            _delete(referring.filter(**{f"{relation.field.attname}__in": ids}))
    deleted = _delete(practices)
    providers = Provider.objects.filter(slug__startswith=SLUG_PREFIX, practices__isnull=True)
    Provider.services.through.objects.filter(provider__in=providers).delete()
    providers.delete()
    Category.objects.filter(slug__startswith=SLUG_PREFIX, practices__isnull=True).delete()
    Edition.objects.filter(name__startswith=EDITION_PREFIX, practices__isnull=True).delete()
    return deleted


def _delete(queryset):
    """DELETE the rows in one statement, without loading them and without signals."""
    return queryset._raw_delete(queryset.db)


def provider_count(count):
    """A few hundred providers for 100.000 practices, a handful for a test."""
    return max(5, min(350, count // 300 + 5))


# --- Reference data -----------------------------------------------------------------------


@dataclass
class Reference:
    """The reference rows, each kind in its model order (the order search_sources reads)."""

    services: dict  # slug → Service
    departments: dict  # code → Department
    municipalities_by_department: dict  # department code → [Municipality, …]
    criteria: list
    rank: dict  # (model, pk) → position in the model's ordering

    @classmethod
    def load(cls):
        services = list(Service.objects.all())
        departments = list(Department.objects.all())
        municipalities = list(Municipality.objects.all())
        by_department = {}
        for municipality in municipalities:
            by_department.setdefault(municipality.department_id, []).append(municipality)
        rank = {}
        for rows in [services, departments, municipalities]:
            rank |= {(type(row), row.pk): i for i, row in enumerate(rows)}
        return cls(
            services={s.slug: s for s in services},
            departments={d.code: d for d in departments},
            municipalities_by_department=by_department,
            criteria=list(Criterion.objects.all()),
            rank=rank,
        )

    def in_order(self, rows):
        return sorted(rows, key=lambda row: self.rank[type(row), row.pk])


# --- Editions, categories, providers ------------------------------------------------------


def create_editions():
    """({year: Edition}, how many were created): a real edition of the year, else a demo one."""
    by_year = {}
    for edition in Edition.objects.exclude(name__startswith=EDITION_PREFIX).order_by("number"):
        by_year.setdefault(edition.year, edition)
    new = [
        Edition(
            number=EDITION_NUMBER_BASE + year - 2000,
            year=year,
            name=f"{EDITION_PREFIX} {year} (datos ficticios)",
        )
        for year in DEMO_YEARS
        if year not in by_year
    ]
    Edition.objects.bulk_create(new)
    return {**by_year, **{e.year: e for e in new}}, len(new)


def create_categories():
    """The categories of ``demo_words``: a real one of the same name is reused."""
    names = [definition["name"] for definition in words.CATEGORIES]
    existing = {c.name: c for c in Category.objects.filter(name__in=names)}
    new = [
        Category(
            name=definition["name"],
            slug=f"{SLUG_PREFIX}{slugify(definition['name'])}",
            description=definition["description"],
        )
        for definition in words.CATEGORIES
        if definition["name"] not in existing
    ]
    Category.objects.bulk_create(new)
    by_name = existing | {c.name: c for c in new}
    return [by_name[name] for name in names]


@dataclass
class DemoProvider:
    provider: Provider
    service_slugs: list
    municipality: Municipality | None  # where a municipal provider is based
    department: Department
    weight: int  # how many practices it writes, relatively


def create_providers(rng, reference, how_many):
    taken_names = set(Provider.objects.values_list("name", flat=True))
    taken_slugs = set(Provider.objects.values_list("slug", flat=True))
    municipalities = [m for ms in reference.municipalities_by_department.values() for m in ms]
    departments = list(reference.departments.values())
    kind_weights = [kind["weight"] for kind in words.PROVIDER_KINDS]
    made = []
    for _ in range(how_many * 50):
        if len(made) == how_many:
            break
        kind = rng.choices(words.PROVIDER_KINDS, kind_weights)[0]
        if kind["scope"] == "municipal":
            municipality = rng.choice(municipalities)
            department = reference.departments[municipality.department_id]
            place = _place(municipality.name)
            at_capital = municipality.code.endswith("001")
        else:
            municipality = None
            department = rng.choice(departments)
            place = _place(department.name)
            at_capital = True
        name = kind["name"].format(
            place=place, of=_of(department.name), vereda=rng.choice(words.VEREDAS)
        )
        if name in taken_names:
            continue
        short = base = kind["short"].format(abbr=_abbreviation(place))[:SHORT_NAME_MAX]
        number = 1
        while f"{SLUG_PREFIX}{slugify(short)}" in taken_slugs:
            number += 1
            short = f"{base[: SHORT_NAME_MAX - len(str(number))]}{number}"
        sizes = kind["sizes"]["capital" if at_capital else "elsewhere"]
        size = rng.choices(SIZES, sizes)[0]
        provider = Provider(
            name=name,
            slug=f"{SLUG_PREFIX}{slugify(short)}",
            short_name=short,
            size=size,
            department=department,
            website=f"https://{short.lower()}.example.org",
        )
        taken_names.add(provider.name)
        taken_slugs.add(provider.slug)
        services = [*kind["services"], *(s for s in kind["optional"] if rng.random() < 0.3)]
        services = [s for s in services if s in reference.services]
        made.append(DemoProvider(provider, services, municipality, department, SIZE_WEIGHT[size]))
    Provider.objects.bulk_create([p.provider for p in made])
    Provider.services.through.objects.bulk_create(
        Provider.services.through(provider_id=p.provider.pk, service_id=reference.services[s].pk)
        for p in made
        for s in p.service_slugs
    )
    return made


# --- The practices ------------------------------------------------------------------------


@dataclass
class DemoPractice:
    """A practice and its rows, waiting for the practice's primary key."""

    practice: Practice
    services: list
    departments: list
    municipalities: list
    factors: list
    metrics: list
    links: list
    evidence: list
    measurements: list = field(default_factory=list)  # the metrics' follow-up

    def search_sources(self):
        """What ``Practice.search_sources()`` gives once this practice is saved (the rows
        are listed in model order)."""
        return search_sources_of(
            self.practice,
            services=self.services,
            departments=self.departments,
            municipalities=self.municipalities,
            factors=self.factors,
            metrics=self.metrics,
            evidence=self.evidence,
        )


class PracticeWriter:
    """Draws practices one after another from one random generator."""

    def __init__(
        self, rng, reference, providers, categories, editions, estimates=None, follow_ups=None
    ):
        self.rng = rng
        self.estimates = estimates or random.Random(0)
        self.follow_ups = follow_ups or random.Random(0)
        self.reference = reference
        self.providers = providers
        self.provider_weights = [p.weight for p in providers]
        self.categories = list(zip(categories, words.CATEGORIES, strict=True))
        self.editions = editions
        self.years = sorted(editions)
        self.year_weights = [1 + i for i in range(len(self.years))]  # more in recent years
        self.numbers = {}  # (entity, year) → last NNN given

    def status_plan(self, count):
        """Exactly round(95 %) published; the rest split among draft, review and archived."""
        published = round(count * PUBLISHED_SHARE)
        others = count - published
        review = archived = others // 3
        plan = (
            [Practice.Status.PUBLISHED] * published
            + [Practice.Status.DRAFT] * (others - review - archived)
            + [Practice.Status.REVIEW] * review
            + [Practice.Status.ARCHIVED] * archived
        )
        self.rng.shuffle(plan)
        return plan

    def code(self, entity, year):
        """BP-DEMO-<entity>-NNN-<year>, numbered per entity and year (a later year if full)."""
        for code_year in range(year, year + 100):
            number = self.numbers.get((entity, code_year), 0) + 1
            if number <= 999:
                self.numbers[entity, code_year] = number
                return f"{CODE_PREFIX}{entity}-{number:03d}-{code_year}"
        raise ValueError(f"No quedan códigos libres para {entity}.")

    def write(self, status):
        """The next practice, in the ficha's order, with its rows (one field after another,
        as the ficha reads: longer than usual, but one recipe read top to bottom)."""
        rng = self.rng
        owner = rng.choices(self.providers, self.provider_weights)[0]
        provider = owner.provider
        category, theme = self.category_for(owner)

        year = rng.choices(self.years, self.year_weights)[0]
        edition = self.editions[year] if rng.random() < 0.9 else None
        publication_year = min(year + 1, REFERENCE_DAY.year)
        code = self.code(_ascii_upper(provider.short_name), publication_year)
        dates = self.dates(year)
        departments, municipalities, coverage_note, where = self.coverage(owner)
        place = _place((owner.municipality or owner.department).name)
        services = self.services(owner, theme)
        core = rng.choice(theme["titles"])
        population = rng.choice(words.POPULATIONS)
        metrics = self.metrics(theme["metrics"])
        users_reached = None
        if rng.random() < 0.9:
            low, high = USERS_BY_SIZE[provider.size]
            users_reached = int(low * (high / low) ** rng.random())

        actions = rng.sample(theme["actions"], min(len(theme["actions"]), rng.randint(2, 3)))
        summary = (
            f"{provider.short_name} puso en marcha la iniciativa «{core}» con el fin de "
            f"{rng.choice(theme['objectives'])}. La práctica combinó {_join(actions)}. "
            f"Se desarrolló en {where} y priorizó a {population}. El área de "
            f"{rng.choice(words.AREAS)} lideró el proyecto con el apoyo de la gerencia."
        )
        target_population = f"{_bare(population).capitalize()} de {place}"
        if services:
            noun = "servicio" if len(services) == 1 else "servicios"
            target_population += f" ({noun} de {_join(s.name.lower() for s in services)})"
        if rng.random() < 0.4:
            target_population += f"; {_bare(rng.choice(words.POPULATIONS))}"
        impact = " ".join(
            [
                *([f"Se impactaron {thousands(users_reached)} usuarios."] if users_reached else []),
                *(_metric_sentence(metric) for metric in metrics),
                rng.choice(words.IMPACT_CLOSINGS),
            ]
        )
        published_at = None
        if status in (Practice.Status.PUBLISHED, Practice.Status.ARCHIVED):
            published_at = _moment(rng, publication_year)
        created_at = (published_at or _moment(rng, REFERENCE_DAY.year)) - datetime.timedelta(
            days=rng.randint(1, 120)
        )
        first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
        host = f"{provider.short_name.lower()}.example.org"

        practice = Practice(
            title=self.title(core, place, population),
            code=code,
            provider=provider,
            category=category,
            edition=edition,
            **dates,
            target_population=target_population,
            summary=summary,
            impact=impact,
            users_reached=users_reached,
            coverage_note=coverage_note,
            validation=rng.choice(words.VALIDATIONS).format(
                year=publication_year - 1,
                n=thousands(rng.randint(200, 5000)),
                pct=rng.randint(78, 97),
            ),
            replicability=rng.choice(words.REPLICABILITIES),
            limitations=" ".join(rng.sample(words.LIMITATIONS, rng.randint(1, 2))),
            contact_name=f"{first} {last}",
            contact_role=rng.choice(words.ROLES),
            contact_email=f"{_ascii_upper(first).lower()}.{_ascii_upper(last).lower()}@{host}",
            contact_phone=f"+57 60{rng.randint(1, 8)} {rng.randint(200, 899)} "
            f"{rng.randint(1000, 9999)}",
            status=status,
            published_at=published_at,
            created_at=created_at,
            updated_at=published_at or created_at,
        )
        if rng.random() < 0.6:  # consent recorded as the postulation form does
            practice.contact_publish_allowed = True
            practice.contact_consent_at = created_at.date()
            practice.contact_consent_channel = "Formulario de postulación (demostración)"
        self.feasibility(practice, provider.size, place)
        demo = DemoPractice(
            practice=practice,
            services=services,
            departments=departments,
            municipalities=municipalities,
            factors=[
                SuccessFactor(position=position, title=title, description=description)
                for position, (title, description) in enumerate(
                    rng.sample(words.SUCCESS_FACTORS, rng.randint(2, 4)), 1
                )
            ],
            metrics=metrics,
            links=self.links(code, provider.short_name),
            evidence=self.evidence(metrics[0]),
        )
        demo.measurements = self.follow_up(metrics, published_at)
        practice.search_text, practice.search_names = search_fields(*demo.search_sources())
        practice.sort_title = sort_key(practice.title)
        return demo

    def feasibility(self, practice, size, place):
        """What it takes to replicate it, for a share of the practices (their own random
        stream): a cost in pesos of a year (a range, or one figure), people, months,
        technology, partners and prerequisites, each given or not."""
        rng = self.estimates
        if rng.random() >= FEASIBILITY_SHARE:
            return
        if rng.random() < 0.85:
            low, high = words.COST_BY_SIZE.get(size, words.COST_BY_SIZE["mediano"])
            cost = low * (high / low) ** rng.random()
            practice.cost_min = _round_pesos(cost)
            if rng.random() < 0.6:
                practice.cost_max = min(_round_pesos(cost * rng.uniform(1.2, 2.0)), MAX_COST)
            first = practice.start_date.year if practice.start_date else COST_YEARS[0]
            practice.cost_year = rng.randint(min(max(first, COST_YEARS[0]), COST_YEARS[1]), 2025)
        if rng.random() < 0.8:
            practice.people_involved = rng.randint(*words.PEOPLE_BY_SIZE.get(size, (3, 30)))
        if rng.random() < 0.8:
            practice.setup_months = rng.choice([2, 3, 4, 6, 6, 8, 9, 12, 12, 18])
        if rng.random() < 0.7:
            practice.technology = rng.choice(words.TECHNOLOGIES)
        if rng.random() < 0.6:
            partners = rng.sample(words.PARTNERS, rng.randint(1, 3))
            practice.partners = "; ".join(p.format(place=place) for p in partners)
        if rng.random() < 0.6:
            practice.prerequisites = " ".join(rng.sample(words.PREREQUISITES, rng.randint(1, 2)))

    def follow_up(self, metrics, published_at):
        """Yearly measurements of one or two metrics of a published practice, after its
        publication and before the reference day, for a share of them (their own random
        stream): 1–3 per metric, drifting from the recorded result."""
        rng = self.follow_ups
        if published_at is None or rng.random() >= FOLLOW_UP_SHARE:
            return []
        measurements = []
        for metric in metrics[: rng.randint(1, 2)]:
            years = range(published_at.year + 1, REFERENCE_DAY.year + 1)
            value = float(metric.value)
            for year in list(years)[: rng.randint(1, 3)]:
                day = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
                if day > REFERENCE_DAY:
                    break
                value *= rng.uniform(0.9, 1.3)
                if metric.unit == "%":
                    value = min(value, 100.0)
                decimals = -metric.value.as_tuple().exponent
                measurements.append(
                    ImpactMeasurement(
                        metric=metric,
                        measured_on=day,
                        value=_decimal(value, decimals),
                        note=rng.choice(words.MEASUREMENT_NOTES).format(year=year),
                    )
                )
        return measurements

    def category_for(self, owner):
        """A category whose service (if it needs one) the provider offers."""
        while True:
            category, theme = self.rng.choice(self.categories)
            if not theme["services"] or set(theme["services"]) & set(owner.service_slugs):
                return category, theme

    def title(self, core, place, population):
        rng = self.rng
        roll = rng.random()
        if roll < 0.12:
            return rng.choice(words.SLOGANS).format(place=place)
        title = core
        if roll < 0.4:
            title = f"«{rng.choice(words.PROGRAM_NAMES)}»: {core[0].lower()}{core[1:]}"
        roll = rng.random()
        if roll < 0.3:
            title += f" en {place}"
        elif roll < 0.5:
            title += f" para {_bare(population)}"
        elif roll < 0.6 and "rural" not in title:
            title += f" en la zona rural de {place}"
        return title

    def dates(self, year):
        """Start a few years before the edition, end empty (still running) three times in ten."""
        rng = self.rng
        if rng.random() < 0.02:
            return {"dates_note": "No reportada"}
        start_precision = rng.choices(list(DatePrecision), [7, 2, 1])[0]
        start = datetime.date(rng.randint(year - 3, year), rng.randint(1, 12), rng.randint(1, 28))
        start = _truncate(start, start_precision)
        dates = {"start_date": start, "start_precision": start_precision}
        if rng.random() < 0.7:
            end = min(start + datetime.timedelta(days=rng.randint(60, 1100)), REFERENCE_DAY)
            end_precision = rng.choices([DatePrecision.DAY, DatePrecision.MONTH], [8, 2])[0]
            if end.year > start.year and rng.random() < 0.1:
                end_precision = DatePrecision.YEAR
            dates |= {"end_date": max(_truncate(end, end_precision), start)}
            dates |= {"end_precision": end_precision}
        return dates

    def coverage(self, owner):
        """(departments, municipalities, note, phrase); the municipalities lie in the
        departments, both in model order."""
        rng = self.rng
        home = owner.department
        local = self.reference.municipalities_by_department[home.code]
        departments, municipalities = [home], []
        if owner.municipality is not None:
            municipalities = [owner.municipality]
            if rng.random() < 0.25 and len(local) > 1:
                others = [m for m in local if m.pk != owner.municipality.pk]
                municipalities += rng.sample(others, min(len(others), rng.randint(1, 5)))
        else:
            roll = rng.random()
            if 0.35 <= roll < 0.8:
                municipalities = rng.sample(local, min(len(local), rng.randint(2, 15)))
            elif roll >= 0.8:
                others = [d for d in self.reference.departments.values() if d.pk != home.pk]
                departments += rng.sample(others, rng.randint(1, 3))
        departments = self.reference.in_order(departments)
        municipalities = self.reference.in_order(municipalities)

        if len(departments) > 1:
            note = f"Departamentos de {_join(_place(d.name) for d in departments)}"
            where = f"los d{note[1:]}"
        elif home.code == "11":
            note = where = "Bogotá, D.C."
        elif not municipalities:
            note, where = f"Todo el {_department(home)}", f"todo el {_department(home)}"
        elif len(municipalities) == 1:
            note = f"Municipio de {municipalities[0].name} ({_place(home.name)})"
            where = f"el m{note[1:]}"
        elif len(municipalities) == len(local):
            note = f"Los {len(local)} municipios del {_department(home)}"
            where = f"l{note[1:]}"
        else:
            note = where = f"{len(municipalities)} municipios del {_department(home)}"
        return departments, municipalities, note, where

    def services(self, owner, theme):
        """The category's service when it needs one, plus some others of the provider."""
        rng = self.rng
        offered = owner.service_slugs
        chosen = [s for s in offered if s in theme["services"]][:1]
        others = [s for s in offered if s not in chosen]
        chosen += rng.sample(others, min(len(others), rng.choices([0, 1, 2, 3], [2, 5, 2, 1])[0]))
        if not chosen and offered:
            chosen = [rng.choice(offered)]
        return self.reference.in_order(self.reference.services[s] for s in chosen)

    def metrics(self, keys):
        """1–4 impact metrics, most with a baseline when one makes sense."""
        rng = self.rng
        pool = list(dict.fromkeys([*keys, *words.GENERAL_METRICS]))
        metrics = []
        for position, key in enumerate(rng.sample(pool, rng.randint(1, min(4, len(pool)))), 1):
            spec = words.METRICS[key]
            low, high = spec["range"]
            if high / low > 10:
                value = low * (high / low) ** rng.random()
            else:
                value = rng.uniform(low, high)
            baseline = None
            if spec["baseline"] and rng.random() < 0.6:
                ratio = rng.uniform(0.35, 0.9)
                baseline = value * ratio if spec["baseline"] == "lower" else value / ratio
                if spec["unit"] == "%":
                    baseline = min(baseline, 99.0)
            metrics.append(
                ImpactMetric(
                    position=position,
                    label=spec["label"],
                    value=_decimal(value, spec["decimals"]),
                    unit=spec["unit"],
                    baseline=None if baseline is None else _decimal(baseline, spec["decimals"]),
                    channel=rng.choice(spec["channels"]),
                )
            )
        return metrics

    def links(self, code, short_name):
        chosen = self.rng.sample(words.LINKS, self.rng.choices([0, 1, 2, 3], [2, 4, 3, 1])[0])
        return [
            Link(
                position=position,
                url=url.format(short=short_name.lower(), code=code.lower()),
                label=label,
                kind=kind,
            )
            for position, (label, kind, url) in enumerate(chosen, 1)
        ]

    def evidence(self, metric):
        """Evidence for 1–4 of the criteria, in the criteria's order."""
        rng = self.rng
        criteria = self.reference.criteria
        chosen = sorted(rng.sample(range(len(criteria)), rng.randint(1, len(criteria))))
        rows = []
        for index in chosen:
            criterion = criteria[index]
            template = rng.choice(words.EVIDENCE.get(criterion.slug, ["Cumple el criterio."]))
            text = template.format(
                metric=_metric_sentence(metric).rstrip(".").lower(),
                months=rng.randint(3, 18),
                money=rng.randint(5, 900),
                pct=rng.randint(15, 70),
                n=rng.randint(2, 25),
            )
            rows.append(CriterionEvidence(criterion=criterion, evidence=text))
        return rows


def insert(batch):
    """Insert a batch of practices, then their relations and rows under the new keys."""
    Practice.objects.bulk_create([demo.practice for demo in batch], batch_size=INSERT_ROWS)
    for relation, attribute, column in [
        (Practice.services, "services", "service_id"),
        (Practice.departments, "departments", "department_id"),
        (Practice.municipalities, "municipalities", "municipality_id"),
    ]:
        through = relation.through
        rows = [
            through(practice_id=demo.practice.pk, **{column: row.pk})
            for demo in batch
            for row in getattr(demo, attribute)
        ]
        through.objects.bulk_create(rows, batch_size=INSERT_ROWS)
    for model, attribute in [
        (SuccessFactor, "factors"),
        (ImpactMetric, "metrics"),
        (Link, "links"),
        (CriterionEvidence, "evidence"),
    ]:
        rows = []
        for demo in batch:
            for row in getattr(demo, attribute):
                row.practice_id = demo.practice.pk
                rows.append(row)
        model.objects.bulk_create(rows, batch_size=INSERT_ROWS)
    # The metrics' follow-up, once the metrics have their keys.
    ImpactMeasurement.objects.bulk_create(
        [row for demo in batch for row in demo.measurements], batch_size=INSERT_ROWS
    )
    # The words, for the typo corrector (as Practice.save() would have taught it).
    spelling.remember(text for demo in batch for part in demo.search_sources() for text in part)


# --- Small helpers ------------------------------------------------------------------------


def _ascii_upper(text):
    """ "Bogotá D.C." → "BOGOTADC": what a code's entity part may hold."""
    return "".join(c for c in fold(text).upper() if c.isascii() and c.isalnum())


def _abbreviation(place):
    """ "Villavicencio" → "VILLAV", "Santa Rosa de Cabal" → "SRC"."""
    significant = [w for w in place.replace(",", " ").split() if w.lower() not in SMALL_WORDS]
    if len(significant) == 1:
        return _ascii_upper(significant[0])[:6]
    return "".join(_ascii_upper(w)[:1] for w in significant)


def _place(name):
    """A place as part of a name: "Bogotá, D.C." → "Bogotá"."""
    return name.removesuffix(", D.C.")


def _bare(phrase):
    """Without its article: "los adultos mayores" → "adultos mayores"."""
    return phrase.split(" ", 1)[1]


def _of(department_name):
    return "del" if department_name in words.WITH_ARTICLE else "de"


def _department(department):
    """ "departamento del Quindío", "departamento de Antioquia"."""
    return f"departamento {_of(department.name)} {_place(department.name)}"


def _truncate(value, precision):
    """The date as stored for its precision: the 1st of the month, or the 1st of January."""
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    return value


def _moment(rng, year):
    """An afternoon moment of ``year`` (UTC), never after the reference day."""
    first = datetime.date(year, 1, 10)
    last = min(datetime.date(year, 12, 15), REFERENCE_DAY)
    day = first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))
    return datetime.datetime(
        day.year, day.month, day.day, rng.randint(13, 22), rng.randint(0, 59), tzinfo=datetime.UTC
    )


def _join(items):
    """ "a, b y c"."""
    items = list(items)
    return f"{', '.join(items[:-1])} y {items[-1]}" if len(items) > 1 else "".join(items)


def _round_pesos(value):
    """A cost as a ficha gives it: to the half million (below 100 million) or the million."""
    step = 500_000 if value < 100_000_000 else 1_000_000
    return max(step, round(value / step) * step)


def _decimal(value, decimals):
    return Decimal(f"{value:.{decimals}f}")


def thousands(value, decimals=0):
    """Colombian style: 145.061 and 85,5."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _metric_sentence(metric):
    """ "PQR atendidas por mes (Portal web): pasó de 56 PQR a 381 PQR."."""
    decimals = 0 if metric.value == metric.value.to_integral_value() else 1
    unit = metric.unit if metric.unit == "%" else f" {metric.unit}"
    channel = f" ({metric.channel})" if metric.channel else ""
    value = f"{thousands(float(metric.value), decimals)}{unit}"
    if metric.baseline is None:
        return f"{metric.label}{channel}: {value}."
    before = f"{thousands(float(metric.baseline), decimals)}{unit}"
    return f"{metric.label}{channel}: pasó de {before} a {value}."
