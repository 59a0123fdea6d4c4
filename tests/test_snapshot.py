"""The list's snapshot (practices.snapshot) gives exactly what the database gives, and
follows every change: counts, totals, "en curso" and the ids of every page, for random
combinations of filters, searches and sorts on generated data; then after publications,
edits, withdrawals, deletions, changes of links and of reference data, a rolled-back
transaction, and across processes through the shared cache."""

import datetime
import random
from urllib.parse import urlencode

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from practices import snapshot
from practices.listing import database_order
from practices.models import (
    CatalogueChange,
    CatalogueVersion,
    Category,
    Criterion,
    CriterionEvidence,
    Department,
    Edition,
    Practice,
    Provider,
    Service,
)

from .factories import CategoryFactory, PracticeFactory, ProviderFactory
from .ops import redis_test_url

WORDS = ["agua", "energía", "factura", "pqr", "rural", "Ágil", "ágil", "digital", "zona"]
TITLES = ["Agua para todos", "agua para todos", "Ágil y digital", "Zona rural", "¿Pagos?"]
SORTS = ["recientes", "titulo", "inicio", "usuarios", "replicaciones", "relevancia"]


@pytest.fixture
def catalogue(db):
    """Sixty practices over every facet, with ties in titles, dates and publication
    moments, and unpublished ones that must never count."""
    rng = random.Random(11)
    categories = [CategoryFactory(name=f"Categoría {n}", slug=f"categoria-{n}") for n in range(3)]
    providers = [
        ProviderFactory(size=size, slug=f"prestador-{n}", name=f"Prestador {n}")
        for n, size in enumerate(["pequeno", "mediano", "grande", ""])
    ]
    services = list(Service.objects.all())
    departments = list(Department.objects.filter(code__in=["05", "63", "11", "76"]))
    criteria = list(Criterion.objects.all())
    edition = Edition.objects.get(number=3)
    moments = [timezone.now() - datetime.timedelta(days=d) for d in (1, 2, 2, 3)]
    # Each practice's search texts once, at the end; no history (no test here reads it).
    with Practice.search_deferred(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        pool = {
            "categories": categories,
            "providers": providers,
            "services": services,
            "departments": departments,
            "criteria": criteria,
            "edition": edition,
            "moments": moments,
        }
        made = [_practice(n, rng, **pool) for n in range(66)]
    for practice in made:
        practice.refresh_search()
    return {
        "categoria": [c.slug for c in categories] + ["no-existe"],
        "servicio": [s.slug for s in services],
        "tamano": ["pequeno", "mediano", "grande", "enorme"],
        "prestador": [p.slug for p in providers],
        "departamento": [d.slug for d in departments],
        "municipio": ["05001", "63001", "63130", "11001", "76001"],
        "edicion": ["3", "99"],
        "criterio": [c.slug for c in criteria],
        "reconocimiento": ["ganadora", "mencion", "finalista", "otro"],
        "replicada": ["si", "no"],
    }


def _practice(n, rng, *, categories, providers, services, departments, criteria, edition, moments):
    """One of the catalogue's practices, its values drawn from the pools by ``rng``."""
    year = rng.choice([2018, 2019, 2020, None])
    start = datetime.date(year, rng.randint(1, 12), 1) if year else None
    practice = PracticeFactory(
        title=rng.choice(TITLES) + rng.choice(["", f" {n}"]),
        summary=" ".join(rng.sample(WORDS, 3)),
        category=rng.choice(categories),
        provider=rng.choice(providers),
        edition=rng.choice([edition, None]),
        start_date=start,
        end_date=rng.choice([None, start + datetime.timedelta(days=400)]) if start else None,
        users_reached=rng.choice([None, 10, 500, 500, 12000]),
        status="published" if n < 60 else rng.choice(["draft", "review", "archived"]),
        published_at=rng.choice(moments),
        services=rng.sample(services, rng.randint(1, 2)),
        recognition_level=rng.choice(["", "", "ganadora", "mencion", "finalista"]),
        # Published replications, as replication.moderation counts them (ties included).
        replication_count=rng.choice([0, 0, 0, 1, 1, 2, 5]),
    )
    practice.departments.set(rng.sample(departments, rng.randint(0, 2)))
    municipalities = [m for d in practice.departments.all() for m in d.municipalities.all()[:2]]
    practice.municipalities.set(municipalities[: rng.randint(0, 3)])
    for criterion in rng.sample(criteria, rng.randint(0, 3)):
        CriterionEvidence.objects.create(practice=practice, criterion=criterion, evidence="Sí.")
    return practice


def answer(client, query, use_snapshot):
    """What the list shows for ``query``: total, correction, "en curso", every option's count
    and the page's ids."""
    with override_settings(CATALOGUE_SNAPSHOT=use_snapshot):
        query = {k: v for k, v in query.items() if v != ""}  # blank ones are redirected away
        response = client.get("/practicas/?" + urlencode(query, doseq=True))
    assert response.status_code in (200, 404), query
    if response.status_code == 404:  # a page past the end, both ways
        return 404
    context = response.context
    return {
        "count": context["paginator"].count,
        "corrected": context["corrected"],
        "ongoing": context["ongoing_count"],
        "facets": {
            f.name: [(o["value"], o["label"], o["count"], o["selected"]) for o in f.options]
            for f in context["facets"]
        },
        "ids": [p.pk for p in context["practices"]],
    }


def queries(values):
    """Random list queries: some filters with some values, a search, a sort, a page."""
    filters = st.fixed_dictionaries(
        {},
        optional={
            name: st.lists(st.sampled_from(options), min_size=1, max_size=3)
            for name, options in values.items()
        }
        | {
            "desde": st.sampled_from(["2018", "2019", "2020"]),
            "hasta": st.sampled_from(["2019", "2020", "2021"]),
            "en_curso": st.just("1"),
            "q": st.sampled_from([*WORDS, "agua rural", "quindoi", "±", "prestador"]),
            "orden": st.sampled_from(SORTS),
            "page": st.sampled_from(["1", "2", "3"]),
        },
    )
    return filters


def test_the_snapshot_gives_what_the_database_gives(client, catalogue):
    @settings(
        max_examples=120,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(query=queries(catalogue))
    def check(query):
        assert answer(client, query, True) == answer(client, query, False), query

    check()


def test_each_filter_alone_and_every_sort(client, catalogue):
    """The deterministic half: every option of every facet, and every sort of the whole
    list and of a search, page by page."""
    checked = 0
    for name, options in catalogue.items():
        for option in options:
            query = {name: option}
            assert answer(client, query, True) == answer(client, query, False), query
            checked += 1
    for sort in SORTS:
        for q in ["", "agua"]:
            for page in ["1", "2", "3"]:
                query = {"orden": sort, "q": q, "page": page}
                assert answer(client, query, True) == answer(client, query, False), query
                checked += 1
    assert checked > 40


# --- Following changes ---------------------------------------------------------------


@pytest.fixture
def builds(monkeypatch):
    """How many times a snapshot was built from scratch (not patched)."""
    calls = []
    original = snapshot.Snapshot.build.__func__

    def counting(cls, *args, **kwargs):
        calls.append(1)
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(snapshot.Snapshot, "build", classmethod(counting))
    return calls


def same_both_ways(client, *queries):
    for query in queries or [{}]:
        assert answer(client, query, True) == answer(client, query, False), query


CHANGES = {
    "publish a draft": lambda p, d: (
        setattr(d, "status", Practice.Status.PUBLISHED),
        setattr(d, "published_at", timezone.now()),
        d.save(),
    ),
    "withdraw": lambda p, d: Practice.objects.filter(pk=p.pk).update(status="archived"),
    "retitle": lambda p, d: (setattr(p, "title", "Zzz al final"), p.save()),
    "delete": lambda p, d: p.delete(),
    "change its services": lambda p, d: p.services.set(Service.objects.filter(slug="gas-natural")),
    "add a municipality": lambda p, d: p.municipalities.add("05001"),
    "add a criterion": lambda p, d: CriterionEvidence.objects.create(
        practice=p, criterion=Criterion.objects.exclude(practices=p).first(), evidence="Sí."
    ),
    "resize its provider": lambda p, d: Provider.objects.filter(pk=p.provider_id).update(
        size="grande" if p.provider.size != "grande" else "pequeno"
    ),
    "rename its category": lambda p, d: Category.objects.filter(pk=p.category_id).update(
        name="Categoría renombrada"
    ),
    "a replication published": lambda p, d: Practice.objects.filter(pk=p.pk).update(
        replication_count=p.replication_count + 3
    ),
    "every replication withdrawn": lambda p, d: (
        Practice.objects.published().filter(replication_count__gt=0).update(replication_count=0)
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_every_change_shows_at_once_through_a_patch(client, catalogue, builds, change):
    practice = Practice.objects.published().order_by("pk")[5]
    draft = Practice.objects.exclude(status="published").first()
    same_both_ways(client)
    assert builds == [1]

    CHANGES[change](practice, draft)

    same_both_ways(
        client,
        {},
        {"orden": "titulo"},
        {"servicio": "gas-natural"},
        {"municipio": "05001"},
        {"tamano": "grande"},
        {"criterio": "eficaz", "q": "agua"},
        {"replicada": "si", "orden": "replicaciones"},
        {"orden": "replicaciones", "page": "3"},
    )
    assert builds == [1]  # patched from the log, not built again


def test_a_rolled_back_version_number_is_not_taken_for_the_same_catalogue(client, catalogue):
    practice = Practice.objects.published().first()
    with pytest.raises(RuntimeError), transaction.atomic():
        practice.title = "Zzz cambio que se deshace"
        practice.save()
        client.get("/practicas/?orden=titulo")  # a snapshot of what is rolled back
        raise RuntimeError
    # Another change brings the version to the same number, with other content.
    other = Practice.objects.published().last()
    other.title = "Zzz el cambio que queda"
    other.save()

    shown = client.get("/practicas/?orden=titulo").context["practices"]
    assert not any(p.title.startswith("Zzz cambio que se deshace") for p in shown)
    same_both_ways(client, {"orden": "titulo"})


def test_a_forgotten_log_builds_the_snapshot_again(client, catalogue, builds):
    client.get("/practicas/")
    Practice.objects.filter(pk=Practice.objects.published().first().pk).update(status="draft")
    CatalogueVersion.forget_changes()  # as seed_demo or a restore does

    same_both_ways(client)
    assert builds == [1, 1]


def test_too_many_changes_build_the_snapshot_again(client, catalogue, builds, monkeypatch):
    monkeypatch.setattr(snapshot, "PATCH_LIMIT", 3)
    client.get("/practicas/")
    Practice.objects.published().filter(
        pk__in=list(Practice.objects.published().values_list("pk", flat=True)[:5])
    ).update(users_reached=1)

    same_both_ways(client, {"orden": "usuarios"})
    assert builds == [1, 1]


def test_the_change_log_records_the_practices_each_version_touched(catalogue):
    practice = Practice.objects.published().first()
    before = CatalogueVersion.current()

    practice.services.add(Service.objects.exclude(practices=practice).first())  # a new one
    Practice.objects.filter(pk=practice.pk).update(users_reached=7)
    Provider.objects.filter(pk=practice.provider_id).update(website="https://example.org")

    log = list(
        CatalogueChange.objects.filter(version__gt=before)
        .order_by("version")
        .values_list("practice_id", flat=True)
    )
    # Adding a service also refreshes the practice's search texts: one more change.
    assert log == [practice.pk, practice.pk, practice.pk, None]
    assert CatalogueVersion.current() == before + 4


class NotStarted:
    """A thread that is only recorded: the test runs its work itself, on its connection."""

    made = []

    def __init__(self, target, **kwargs):
        self.target = target
        NotStarted.made.append(self)

    def start(self):
        pass

    def is_alive(self):
        return False


def test_a_large_catalogue_is_built_in_the_background_meanwhile_the_database_answers(
    client, catalogue, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(snapshot, "INLINE_BELOW", 10)
    monkeypatch.setattr(snapshot.threading, "Thread", NotStarted)
    NotStarted.made.clear()

    first = client.get("/practicas/?servicio=acueducto")  # from the database meanwhile

    assert len(NotStarted.made) == 1  # the build was started, not awaited
    store = snapshot._stores[connection.alias]
    assert store.snapshot is None
    store.build_and_keep()  # what the thread does
    with django_assert_num_queries(2):  # the version and the page's rows
        second = client.get("/practicas/?servicio=acueducto")
    assert second.context["paginator"].count == first.context["paginator"].count
    assert [p.pk for p in second.context["practices"]] == [p.pk for p in first.context["practices"]]


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "ops.cache.ResilientRedisCache",
            "LOCATION": redis_test_url(),
        }
    }
    caches["default"].clear()
    yield caches["default"]
    caches["default"].clear()


def test_a_new_process_starts_from_the_shared_snapshot(client, catalogue, builds, redis_cache):
    redis_cache.set("probe", 1)
    if redis_cache.get("probe") != 1:
        pytest.skip(f"Redis is not running at {redis_test_url()}")
    built = snapshot.Snapshot.build(connection.alias)
    snapshot._share(built)
    builds.clear()
    practice = Practice.objects.published().first()
    practice.title = "Zzz después de compartir"
    practice.save()
    snapshot.forget()  # a new worker

    loaded, _version = snapshot.current()
    assert builds == []  # loaded from the cache, then patched
    by_title = Practice.objects.published().order_by(*database_order("titulo"))
    assert loaded.select({}).page("titulo", 0, 100) == list(by_title.values_list("pk", flat=True))
    assert "Zzz después de compartir" in client.get("/practicas/?orden=titulo&page=3").text


def test_the_ficha_lists_the_related_practices_the_database_would(client, catalogue):
    for practice in Practice.objects.published().order_by("pk")[:60:7]:
        with override_settings(CATALOGUE_SNAPSHOT=True):
            fast = client.get(practice.get_absolute_url()).context
        with override_settings(CATALOGUE_SNAPSHOT=False):
            slow = client.get(practice.get_absolute_url()).context
        for name in ("related", "by_provider"):
            assert [p.pk for p in fast[name]] == [p.pk for p in slow[name]], (practice, name)
        assert fast["related"], practice


def test_statistics_and_home_count_what_the_database_counts(client, catalogue):
    from practices.statistics import counts as statistics

    client.get("/practicas/")
    built, _version = snapshot.current()
    assert statistics.compute_counts(built) == statistics.compute_counts(None)
    with override_settings(CATALOGUE_SNAPSHOT=True):
        fast = client.get("/").context
    with override_settings(CATALOGUE_SNAPSHOT=False):
        slow = client.get("/").context
    for name in ("figures", "services", "categories", "departments"):
        assert fast[name] == slow[name], name
    assert [p.pk for p in fast["latest"]] == [p.pk for p in slow["latest"]]
