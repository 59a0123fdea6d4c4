"""The published catalogue as a few arrays: facet counts and pages without scanning.

Counting the list's facets in the database re-reads every published practice once per
facet (a second and a half at 100.000 practices, on every new combination of filters and
after every edit). Instead, each process keeps a ``Snapshot``: per published practice, in
primary-key order, small numbers (category, provider, edition, start year, whether it is
still running, the sort keys) and, for the many-to-many links (services, departments,
municipalities, criteria), (row, value) pairs. A request turns each active filter into a
boolean mask; a facet's disjunctive count is a ``numpy.bincount`` over the rows that pass
every *other* mask, and a page is a slice of a precomputed order restricted to the mask.
The database then serves only the page's 20 rows, by primary key, and the words of a
search (practices.search.match). At 100.000 practices the arrays take about 20 MB and a
whole list is counted in a few milliseconds.

Why arrays and not bitmaps: measured on this data, ``bincount`` over a boolean mask costs
0,4 ms for a one-value facet and 0,9 ms for municipalities (242.000 links); roaring
bitmaps (pyroaring) would need one bitmap per option (1.122 municipalities, hundreds of
providers) and one intersection per option per request, for no gain at this size, and
one more dependency. numpy was needed anyway.

Staying exact, across processes and servers. The snapshot is named by the catalogue's
(version, stamp) (``CatalogueVersion``). Each request reads them (one query); when they
moved on, the database's change log (``CatalogueChange``, written by the same triggers)
says which practices changed since the snapshot's own version, and only those are read
again and merged in (``patched``). If the log cannot vouch for the snapshot's version
(pruned, replaced by a restore, or a rolled-back transaction reused the number), or too
much changed, the snapshot is built again from the database: inline for a small
catalogue, otherwise in a background thread while requests use the database path
(practices.listing), as before this existed. A built snapshot is also left in a shared
cache (Redis), so that a new worker starts from it instead of from the database.
"""

import contextlib
import ctypes
import ctypes.util
import datetime
import logging
import threading
import time
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import DatabaseError, connections, router
from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from practices.filters import REPLICATED, options_from, reference_rows, requested
from practices.models import (
    RELATED_CANDIDATES,
    CatalogueChange,
    CatalogueVersion,
    CriterionEvidence,
    Practice,
    ProviderSize,
    RecognitionLevel,
)
from practices.search import spelling

logger = logging.getLogger("practices.snapshot")

# A catalogue this small is built inline (a few queries, faster than the database path).
INLINE_BELOW = 10_000
# More changed practices than this since the snapshot: building again is cheaper.
PATCH_LIMIT = 2_000
# Changes older than this leave the log when a snapshot is built (older snapshots rebuild).
LOG_RETENTION = datetime.timedelta(days=1)
SHARED_KEY = "practices:snapshot"
SHARED_SECONDS = 24 * 60 * 60

SIZES = ["", *ProviderSize.values]  # a practice's size is its index here
LEVELS = ["", *RecognitionLevel.values]  # its recognition level, likewise
NO_DATE = -(2**31) + 1  # start days of a practice without a start date (sorts last)

# The many-to-many links: (facet parameter, through model, its value column as a number).
LINKS = {
    "servicio": (Practice.services.through, "service_id"),
    "departamento": (Practice.departments.through, "department_id"),
    "municipio": (Practice.municipalities.through, "municipality_id"),
    "criterio": (CriterionEvidence, "criterion_id"),
}
# The one-value facets: parameter → the row column holding its key. The start year's
# column holds the value itself (0: unknown), as it has no reference list.
ONE_VALUE = {
    "categoria": "category",
    "prestador": "provider",
    "edicion": "edition",
    "anio": "year",
    "reconocimiento": "level",
}


@dataclass
class Reference:
    """The reference data: display options, and the key ↔ value of every option."""

    rows: list  # reference_rows(): (parameter, value, label, key, size)
    options: dict = field(init=False)
    values: dict = field(init=False)  # parameter → {key: value}
    keys: dict = field(init=False)  # parameter → {value: key}
    provider_sizes: np.ndarray = field(init=False)  # provider id → index in SIZES

    def __post_init__(self):
        self.options = options_from(self.rows)
        self.values, self.keys = {}, {}
        sizes = {}
        for name, value, _label, key, size in self.rows:
            self.values.setdefault(name, {})[key] = value
            self.keys.setdefault(name, {})[value] = key
            if name == "prestador":
                sizes[key] = SIZES.index(size) if size in SIZES else 0
        self.provider_sizes = np.zeros(max(sizes, default=0) + 1, dtype=np.int8)
        for key, size in sizes.items():
            self.provider_sizes[key] = size
        self.keys["tamano"] = {size: index for index, size in enumerate(SIZES)}
        self.values["tamano"] = dict(enumerate(SIZES))
        self.keys["reconocimiento"] = {level: index for index, level in enumerate(LEVELS)}
        self.values["reconocimiento"] = {i: level for i, level in enumerate(LEVELS) if level}
        # Replicated or not: 1 or 0 (Selection.tally), only "si" an option of the list.
        self.keys["replicada"] = {REPLICATED: 1}
        self.values["replicada"] = {1: REPLICATED}

    @classmethod
    def load(cls, using):
        return cls(reference_rows(using=using))

    def options_for(self, data):
        """reference_options(data) without a query: the closed lists and the providers and
        municipalities ``data`` names."""
        options = dict(self.options)
        for name in ("prestador", "municipio"):
            wanted = set(requested(data, name))
            options[name] = [(v, label) for v, label in self.options[name] if v in wanted]
        return options

    def labels(self, name):
        return dict(self.options.get(name, []))


@dataclass
class Rows:
    """Published practices as columns (in primary-key order) and link pairs."""

    pks: np.ndarray  # int64, ascending
    category: np.ndarray  # int32 ids
    provider: np.ndarray  # int32 ids
    edition: np.ndarray  # int32 ids, 0 when none
    year: np.ndarray  # int16 start year, 0 when unknown
    ongoing: np.ndarray  # bool: started, not finished
    published: np.ndarray  # int64 microseconds since 1970
    start: np.ndarray  # int32 days since 1970, NO_DATE when unknown
    users: np.ndarray  # int64, -1 when unknown
    level: np.ndarray  # int8: index in LEVELS (0: none)
    replications: np.ndarray  # int32: published replications (Practice.replication_count)
    title: np.ndarray  # bytes: text.sort_key(title), as sort_title holds it
    code: np.ndarray  # bytes: the code (ASCII by its validation)
    touched: np.ndarray  # int64: the catalogue version of its last change known here
    links: dict  # parameter → (rows int32, values int32)

    @classmethod
    def load(cls, using, version, ids=None):
        """From the database: every published practice, or those of ``ids`` that are,
        as they are at ``version`` (or later). The database turns dates into numbers and
        rows arrive in chunks, so that no hundred thousand Python objects are ever held."""
        (columns, links), params = _queries(using, None if ids is None else sorted(ids))
        numbers, (titles, codes) = _stream(using, columns, params[0], 11, many=ids is None)
        pks = numbers[:, 0]
        n = len(pks)
        rows = cls(
            pks=pks,
            category=numbers[:, 1].astype(np.int32),
            provider=numbers[:, 2].astype(np.int32),
            edition=numbers[:, 3].astype(np.int32),
            year=numbers[:, 4].astype(np.int16),
            ongoing=numbers[:, 5].astype(bool),
            published=numbers[:, 6].copy(),
            start=numbers[:, 7].astype(np.int32),
            users=numbers[:, 8].copy(),
            level=numbers[:, 9].astype(np.int8),
            replications=numbers[:, 10].astype(np.int32),
            title=titles,
            code=codes,
            touched=np.full(n, version, dtype=np.int64),
            links={},
        )
        pairs, _ = _stream(using, links, params[1], 3, many=ids is None)
        at = np.searchsorted(pks, pairs[:, 1])
        known = at < n  # a practice published after its row was read waits for the next patch
        known[known] = pks[at[known]] == pairs[known, 1]
        for index, name in enumerate(LINKS):
            chosen = known & (pairs[:, 0] == index)
            rows.links[name] = (at[chosen].astype(np.int32), pairs[chosen, 2].astype(np.int32))
        return rows

    def __len__(self):
        return len(self.pks)

    COLUMNS = (
        "pks",
        "category",
        "provider",
        "edition",
        "year",
        "ongoing",
        "published",
        "start",
        "users",
        "level",
        "replications",
        "title",
        "code",
        "touched",
    )

    def merged(self, removed, fresh):
        """These rows without the practices ``removed`` (sorted primary keys), plus
        ``fresh`` (which may hold some of them again). Arrays are never changed in place
        (a snapshot in use stays whole): an edit that keeps the same published practices
        copies only the columns whose values changed; otherwise linear copies, no sort."""
        at = np.searchsorted(self.pks, removed)
        present = at < len(self.pks)
        present[present] = self.pks[at[present]] == removed[present]
        if np.array_equal(removed[present], fresh.pks):
            return self._replaced(at[present], fresh)
        keep = np.ones(len(self.pks), dtype=bool)
        keep[at[present]] = False
        kept_pks = self.pks[keep]
        # Where each fresh row goes among the kept ones, and where each kept row ends up.
        slots = np.searchsorted(kept_pks, fresh.pks)
        fresh_to_new = slots + np.arange(len(fresh.pks))
        old_to_new = np.full(len(self.pks), -1, dtype=np.int64)
        old_to_new[keep] = np.arange(len(kept_pks)) + np.searchsorted(fresh.pks, kept_pks)
        columns = {}
        for name in self.COLUMNS:
            mine, theirs = _same_width(getattr(self, name), getattr(fresh, name))
            columns[name] = np.insert(mine[keep], slots, theirs)
        links = {}
        for name, (rows, values) in self.links.items():
            fresh_rows, fresh_values = fresh.links[name]
            stay = keep[rows]
            links[name] = (
                np.concatenate([old_to_new[rows[stay]], fresh_to_new[fresh_rows]]).astype(np.int32),
                np.concatenate([values[stay], fresh_values]),
            )
        return Rows(links=links, **columns)

    def _replaced(self, positions, fresh):
        """The same practices, those at ``positions`` with ``fresh``'s values."""
        columns = {}
        for name in self.COLUMNS:
            mine, theirs = _same_width(getattr(self, name), getattr(fresh, name))
            if mine is getattr(self, name) and np.array_equal(mine[positions], theirs):
                columns[name] = mine  # unchanged: shared with this snapshot
            else:
                columns[name] = mine.copy()
                columns[name][positions] = theirs
        links = {}
        for name, (rows, values) in self.links.items():
            fresh_rows, fresh_values = fresh.links[name]
            changed = np.isin(rows, positions)
            old = sorted(zip(rows[changed].tolist(), values[changed].tolist(), strict=True))
            new = sorted(zip(positions[fresh_rows].tolist(), fresh_values.tolist(), strict=True))
            if old == new:
                links[name] = (rows, values)
            else:
                links[name] = (
                    np.concatenate([rows[~changed], positions[fresh_rows]]).astype(np.int32),
                    np.concatenate([values[~changed], fresh_values]),
                )
        return Rows(links=links, **columns)

    @property
    def nbytes(self):
        total = sum(getattr(self, name).nbytes for name in self.COLUMNS)
        return total + sum(r.nbytes + v.nbytes for r, v in self.links.values())


def _same_width(mine, theirs):
    """Fixed-width bytes columns brought to the wider width of the two (others as they are)."""
    if mine.dtype.kind != "S":
        return mine, theirs
    width = max(mine.dtype.itemsize, theirs.dtype.itemsize)
    return mine.astype(f"S{width}", copy=False), theirs.astype(f"S{width}")


def _bytes(texts):
    """Texts as a fixed-width bytes array (ASCII: sort keys and codes)."""
    encoded = [text.encode("ascii", "ignore") for text in texts]
    return np.array(encoded, dtype=bytes) if encoded else np.array([], dtype="S1")


def _numeric_columns(vendor):
    """{name: SQL} of the practice's columns as the snapshot stores them, computed by the
    database (in this order): edition (0: none), start year (0: unknown), ongoing (0/1),
    publication in microseconds since 1970, start in days since 1970 (NO_DATE: unknown),
    users reached (-1: unknown), recognition level (its index in LEVELS), published
    replications."""
    table = Practice._meta.db_table
    start, end = f'"{table}"."start_date"', f'"{table}"."end_date"'
    published = f'"{table}"."published_at"'
    if vendor == "postgresql":
        year = f"COALESCE(EXTRACT(YEAR FROM {start})::int, 0)"
        days = f"COALESCE({start} - DATE '1970-01-01', {NO_DATE})"
        micros = f"(EXTRACT(EPOCH FROM {published}) * 1000000)::bigint"
        ongoing = f"({start} IS NOT NULL AND {end} IS NULL)::int"
    else:  # SQLite keeps dates as text: 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC
        year = f"COALESCE(CAST(substr({start}, 1, 4) AS INTEGER), 0)"
        days = f"COALESCE(CAST(julianday({start}) - 2440587.5 AS INTEGER), {NO_DATE})"
        micros = (
            f"CAST(strftime('%%s', {published}) AS INTEGER) * 1000000"
            f" + COALESCE(CAST(substr({published}, 21, 6) AS INTEGER), 0)"
        )
        ongoing = f"({start} IS NOT NULL AND {end} IS NULL)"
    return {
        "snapshot_edition": f'COALESCE("{table}"."edition_id", 0)',
        "snapshot_year": year,
        "snapshot_ongoing": ongoing,
        "snapshot_published": micros,
        "snapshot_start": days,
        "snapshot_users": f'COALESCE("{table}"."users_reached", -1)',
        "snapshot_level": "CASE "
        + " ".join(
            f'WHEN "{table}"."recognition_level" = \'{value}\' THEN {index}'
            for index, value in enumerate(LEVELS[1:], start=1)
        )
        + " ELSE 0 END",
        "snapshot_replications": f'"{table}"."replication_count"',
    }


CHUNK = 5_000  # rows fetched at a time


def _stream(using, sql, params, numeric, many=True):
    """The rows of ``sql`` as the driver gives them, a chunk at a time: (an int64 array
    of the first ``numeric`` columns, [a bytes array of each further column]). ``many``:
    a server-side cursor where the database has them (PostgreSQL), so that the rows come
    as they are read, not all at once into the driver's memory."""
    numbers = [np.empty((0, numeric), dtype=np.int64)]
    connection = connections[using]
    with connection.chunked_cursor() if many else connection.cursor() as cursor:
        cursor.execute(sql, params)
        width = len(cursor.description)
        texts = [[_bytes(())] for _ in range(numeric, width)]
        while chunk := cursor.fetchmany(CHUNK):
            numbers.append(np.array([row[:numeric] for row in chunk], dtype=np.int64))
            for column, i in zip(texts, range(numeric, width), strict=True):
                column.append(_bytes(row[i] for row in chunk))
    columns = []
    for parts in texts:
        size = max(part.dtype.itemsize for part in parts)
        columns.append(np.concatenate([part.astype(f"S{size}") for part in parts]))
    return np.concatenate(numbers), columns


def _queries(using, ids):
    """((SQL of the rows, SQL of the links), (their params)) of the published practices
    (all, or those of ``ids``). Compiled by the ORM once per database and number of ids
    (an edit patches one practice: the same SQL every time), with stand-in ids that the
    real ones replace in the params."""
    key = (using, None if ids is None else len(ids))
    if key not in _COMPILED:
        stand_ins = None if ids is None else [-1 - i for i in range(len(ids))]
        compiled = []
        for queryset in _querysets(using, stand_ins):
            compiled.append(queryset.query.get_compiler(using=using).as_sql())
        if len(_COMPILED) > 64:
            _COMPILED.clear()
        _COMPILED[key] = compiled
    (rows_sql, rows_params), (links_sql, links_params) = _COMPILED[key]
    if ids is not None:
        real = {-1 - i: pk for i, pk in enumerate(ids)}
        rows_params = [real.get(p, p) if isinstance(p, int) else p for p in rows_params]
        links_params = [real.get(p, p) if isinstance(p, int) else p for p in links_params]
    return (rows_sql, links_sql), (rows_params, links_params)


_COMPILED = {}


def _querysets(using, ids):
    """The published practices' numbers and texts, and their links, as querysets (one
    definition of "published": ``Practice.objects.published()``)."""
    published = Practice.objects.using(using).published()
    if ids is not None:
        published = published.filter(pk__in=ids)
    expressions = _numeric_columns(connections[using].vendor)
    rows = (
        published.order_by("pk")
        .annotate(**{name: RawSQL(sql, []) for name, sql in expressions.items()})
        .values_list("pk", "category_id", "provider_id", *expressions, "sort_title", "code")
    )
    parts = [
        model.objects.using(using)
        .filter(practice__in=published)
        .values_list(Value(index, IntegerField()), "practice_id", Cast(column, IntegerField()))
        .order_by()
        for index, (model, column) in enumerate(LINKS.values())
    ]
    return rows, parts[0].union(*parts[1:], all=True)


# --- The snapshot ----------------------------------------------------------------------


# The column each order of the list sorts by (then by primary key); a tuple sorts by its
# last column, then the one before (np.lexsort), then by primary key.
ORDER_KEYS = {
    "recientes": lambda rows: rows.published,
    "titulo": lambda rows: rows.title,
    "inicio": lambda rows: rows.start,
    "usuarios": lambda rows: rows.users,
    "replicaciones": lambda rows: (rows.published, rows.replications),  # ties: newest first
    "codigo": lambda rows: rows.code,
}


def _same_keys(a, b):
    """Whether two snapshots' sort keys are the very same arrays (an order still holds)."""
    if isinstance(a, tuple):
        return all(x is y for x, y in zip(a, b, strict=True))
    return a is b


class Snapshot:
    """The published catalogue at one (version, stamp) of CatalogueVersion."""

    def __init__(self, using, version, stamp, rows, reference, reference_version=None):
        self.using, self.version, self.stamp = using, version, stamp
        self.rows, self.reference = rows, reference
        # The version at which the reference data was read (fichas show its names).
        self.reference_version = version if reference_version is None else reference_version
        known = reference.provider_sizes
        sizes = np.zeros(max(len(known), int(rows.provider.max(initial=0)) + 1), dtype=np.int8)
        sizes[: len(known)] = known
        self.sizes = sizes[rows.provider]
        self._orders = {}
        self._used = None

    # Reference data an import may create (categories, providers, editions) is public only
    # once a published practice uses it: UsedReferenceQuerySet.public(), read off the rows.
    USED_BY = {"categoria": "category", "prestador": "provider", "edicion": "edition"}

    def options_for(self, data):
        """The options of the list's filters for ``data``: Reference.options_for, without
        the categories, providers and editions no published practice uses."""
        if self._used is None:
            self._used = {
                name: set(np.unique(getattr(self.rows, column)).tolist())
                for name, column in self.USED_BY.items()
            }
        options = self.reference.options_for(data)
        for name, used in self._used.items():
            keys = self.reference.keys.get(name, {})
            options[name] = [(v, label) for v, label in options[name] if keys.get(v) in used]
        return options

    @classmethod
    def build(cls, using, state=None):
        """From the database, whole (a few seconds at 100.000 practices). ``state``: the
        (version, stamp) read just before, if any (the rows are at least that new)."""
        version, stamp = state or CatalogueVersion.state(using)
        return cls(using, version, stamp, Rows.load(using, version), Reference.load(using))

    def patched(self, version, stamp, changed, reference_changed):
        """The snapshot at (version, stamp), given the practices ``changed`` since."""
        rows = self.rows
        if changed:
            removed = np.array(sorted(changed), dtype=np.int64)
            rows = rows.merged(removed, Rows.load(self.using, version, changed))
        if reference_changed:
            patched = Snapshot(self.using, version, stamp, rows, Reference.load(self.using))
        else:
            patched = Snapshot(
                self.using, version, stamp, rows, self.reference, self.reference_version
            )
        for name, positions in self._orders.items():  # still right if their keys are
            key = ORDER_KEYS[name]
            if rows.pks is self.rows.pks and _same_keys(key(rows), key(self.rows)):
                patched._orders[name] = positions
        return patched

    def __len__(self):
        return len(self.rows)

    @property
    def nbytes(self):
        return self.rows.nbytes + sum(o.nbytes for o in self._orders.values())

    # The list's orders (practices.listing.SORTS), each computed once per snapshot.

    def order(self, name):
        """Row positions in a sort of the list; ties by primary key, as the database
        orders them. Rows are in primary-key order, so a stable ascending sort reversed
        is "descending, newest key first" (and NO_DATE, -1 users sort last)."""
        if name not in self._orders:
            r = self.rows
            if name in ("titulo", "codigo"):  # then the primary key, both ascending
                positions = np.argsort(ORDER_KEYS[name](r), kind="stable")
            elif isinstance(keys := ORDER_KEYS[name](r), tuple):  # lexsort is stable too
                positions = np.lexsort(keys)[::-1]
            else:
                positions = np.argsort(ORDER_KEYS[name](r), kind="stable")[::-1]
            self._orders[name] = np.ascontiguousarray(positions, dtype=np.int32)
        return self._orders[name]

    def select(self, active, match=None):
        return Selection(self, active, match)

    # The ficha.

    def find(self, code):
        """The row of the published practice with ``code``, or None."""
        codes = self.rows.code
        by_code = self.order("codigo")
        key = code.encode("ascii", "ignore")
        if not key or len(key) > codes.dtype.itemsize:
            return None
        at = int(np.searchsorted(codes, key, sorter=by_code))
        if at < len(by_code) and codes[by_code[at]] == key:
            return int(by_code[at])
        return None

    def related(self, row, limit=4, candidates=RELATED_CANDIDATES):
        """Primary keys of practices like the one at ``row``, as
        ``PracticeQuerySet.related_to`` orders them: of the same category (its newest
        ``candidates``), those sharing a service (4), a department (2) and the provider
        size (1) first, then the newest."""
        r = self.rows
        newest = self.order("recientes")
        same = r.category == r.category[row]
        same[row] = False
        chosen = newest[same[newest]][:candidates]
        score = (self.sizes == self.sizes[row]).astype(np.int64)
        for name, weight in (("servicio", 4), ("departamento", 2)):
            pair_rows, values = r.links[name]
            own = values[pair_rows == row]
            if len(own):
                wanted = np.zeros(int(values.max()) + 1, dtype=bool)
                wanted[own] = True
                shares = np.zeros(len(r), dtype=bool)
                shares[pair_rows[wanted[values]]] = True
                score += weight * shares
        ranked = np.lexsort((-r.pks[chosen], -r.published[chosen], -score[chosen]))
        return [int(pk) for pk in r.pks[chosen[ranked[:limit]]]]

    def by_provider(self, row, limit=5):
        """Primary keys of the newest other practices of the same provider."""
        newest = self.order("recientes")
        same = self.rows.provider == self.rows.provider[row]
        same[row] = False
        return [int(pk) for pk in self.rows.pks[newest[same[newest]][:limit]]]

    def home(self, latest=6):
        """(figures, {tiles: {slug: ((name,), n)}}, newest pks) as the home page shows
        them: practices, providers and users reached; services, categories, departments."""
        r = self.rows
        everything = self.select({})
        figures = {
            "practices": len(r),
            "providers": len(np.unique(r.provider)),
            "users": int(r.users[r.users >= 0].sum()) if (r.users >= 0).any() else None,
        }
        counted = {}
        for tiles, name in (
            ("services", "servicio"),
            ("categories", "categoria"),
            ("departments", "departamento"),
        ):
            labels = self.reference.labels(name)
            counted[tiles] = {
                value: ((labels.get(value, value),), n)
                for value, n in everything.tally(name).items()
            }
        newest = [int(pk) for pk in r.pks[self.order("recientes")[:latest]]]
        return figures, counted, newest

    def stamps(self, pks):
        """The versions at which these practices last changed, as far as this snapshot
        knows (a page listing them is stale when one of these moves)."""
        at = np.searchsorted(self.rows.pks, np.asarray(pks, dtype=np.int64))
        return [int(v) for v in self.rows.touched[at]]


class Selection:
    """One request's filters over a snapshot: a mask per active filter."""

    def __init__(self, snapshot, active, match=None):
        self.snapshot = snapshot
        rows, keys = snapshot.rows, snapshot.reference.keys
        n = len(rows)
        self.masks = {}
        self.ranks = None
        for name, value in active.items():
            if name == "q":
                self.masks[name], self.ranks = self._matched(match)
            elif name in LINKS:
                self.masks[name] = self._linked(name, [keys[name].get(v) for v in value])
            elif name in ONE_VALUE:
                column = getattr(rows, ONE_VALUE[name])
                self.masks[name] = _among(column, [keys[name].get(v) for v in value])
            elif name == "tamano":
                self.masks[name] = _among(snapshot.sizes, [keys[name].get(v) for v in value])
            elif name == "desde":
                self.masks[name] = rows.year >= value
            elif name == "hasta":
                self.masks[name] = (rows.year <= value) & (rows.year > 0)
            elif name == "en_curso":
                self.masks[name] = rows.ongoing
            elif name == "replicada":
                self.masks[name] = rows.replications > 0
        self.everything = np.ones(n, dtype=bool)

    def _matched(self, match):
        rows = self.snapshot.rows
        ranks = np.zeros(len(rows), dtype=np.float64)
        if match is None:  # nothing searchable in q: no condition (as search() does)
            return np.ones(len(rows), dtype=bool), ranks
        mask = np.zeros(len(rows), dtype=bool)
        if len(match.ids) == 0:
            return mask, ranks
        ids = np.asarray(match.ids, dtype=np.int64)
        at = np.searchsorted(rows.pks, ids)
        found = at < len(rows.pks)
        found[found] = rows.pks[at[found]] == ids[found]
        mask[at[found]] = True
        if match.ranks is not None:
            ranks[at[found]] = np.asarray(match.ranks, dtype=np.float64)[found]
        return mask, ranks

    def _linked(self, name, keys):
        rows, values = self.snapshot.rows.links[name]
        keys = [k for k in keys if k is not None]
        mask = np.zeros(len(self.snapshot), dtype=bool)
        if keys and len(values):
            wanted = np.zeros(max(int(values.max()), max(keys)) + 1, dtype=bool)
            wanted[keys] = True
            mask[rows[wanted[values]]] = True
        return mask

    def mask(self, *exclude):
        result = self.everything
        for name, mask in self.masks.items():
            if name not in exclude:
                result = result & mask
        return result

    @property
    def count(self):
        return int(self.mask().sum())

    def ongoing(self):
        return int((self.mask("en_curso") & self.snapshot.rows.ongoing).sum())

    def counts(self, facet):
        """({value: n}, {value: name}) of one facet with every other filter applied, as
        ``filters.facets`` asks (names only for the long lists)."""
        result = self.tally(facet.name, self.mask(*facet.parameters))
        names = {}
        if facet.label_paths:
            labels = self.snapshot.reference.labels(facet.name)
            names = {value: labels.get(value, value) for value in result}
        return result, names

    def tally(self, name, mask=None):
        """{value: n} of one list parameter ("categoria", "anio"…) over the rows of
        ``mask`` (all that pass the filters when None)."""
        snapshot, rows = self.snapshot, self.snapshot.rows
        mask = self.mask() if mask is None else mask
        if name in LINKS:
            pair_rows, values = rows.links[name]
            keys = values[mask[pair_rows]]
        elif name == "tamano":
            keys = snapshot.sizes[mask]
        elif name == "replicada":
            keys = rows.replications[mask] > 0
        else:
            keys = getattr(rows, ONE_VALUE[name])[mask]
        counted = np.bincount(keys.astype(np.int64)) if len(keys) else np.array([], np.int64)
        # A list without reference values (the year) counts the values themselves.
        values = snapshot.reference.values.get(name)
        result = {}
        for key in np.flatnonzero(counted):
            value = (int(key) or None) if values is None else values.get(int(key))
            if value is not None:
                result[value] = int(counted[key])
        return result

    def without(self, name):
        """How many rows that pass the filters have no value of a many-valued parameter."""
        pair_rows, _values = self.snapshot.rows.links[name]
        has = np.zeros(len(self.snapshot), dtype=bool)
        has[pair_rows] = True
        return int((self.mask() & ~has).sum())

    def page(self, order, offset, limit):
        """Primary keys of one page in ``order`` (a name of listing.ORDERS)."""
        mask = self.mask()
        rows = self.snapshot.rows
        if order == "relevancia":
            chosen = np.flatnonzero(mask)
            ranked = np.lexsort((-rows.pks[chosen], -rows.published[chosen], -self.ranks[chosen]))
            positions = chosen[ranked[offset : offset + limit]]
        else:
            ordered = self.snapshot.order(order)
            positions = ordered[mask[ordered]][offset : offset + limit]
        return [int(pk) for pk in rows.pks[positions]]


def _among(column, keys):
    keys = [k for k in keys if k is not None]
    if not keys:
        return np.zeros(len(column), dtype=bool)
    return np.isin(column, keys)


# --- Keeping it current --------------------------------------------------------------


class Store:
    """This process's snapshot of one database, kept at its catalogue version (see the
    module's doc)."""

    def __init__(self, using):
        self.using = using
        self.snapshot = None
        self.lock = threading.RLock()
        self.building = None  # the background thread, while one runs

    def current(self):
        """(snapshot, version): the snapshot at the catalogue's current version, or None
        while one is being built (the caller then uses the database)."""
        state = CatalogueVersion.state(self.using)
        snapshot = self.snapshot
        if snapshot is None or (snapshot.version, snapshot.stamp) != state:
            with self.lock:
                snapshot = self._bring_to(state)
        return snapshot, state[0]

    def _bring_to(self, state):
        snapshot = self.snapshot
        if snapshot is not None and (snapshot.version, snapshot.stamp) == state:
            return snapshot  # another thread did it meanwhile
        patched = _patch(snapshot, state) if snapshot is not None else None
        if patched is None:
            shared = _shared(self.using)
            if shared is not None and (snapshot is None or shared.version > snapshot.version):
                patched = _patch(shared, state)
                if patched is not None:
                    logger.info(
                        "Catalogue snapshot loaded from the shared cache: version %d, %d practices",
                        shared.version,
                        len(shared),
                    )
        if patched is not None:
            self.snapshot = patched
            return patched
        if Practice.objects.using(self.using).published()[:INLINE_BELOW].count() < INLINE_BELOW:
            return self.build_and_keep(state)
        if self.building is None or not self.building.is_alive():
            self.building = threading.Thread(
                target=self._build_in_thread, name="catalogue-snapshot", daemon=True
            )
            self.building.start()
        return None

    def _build_in_thread(self):
        try:
            self.build_and_keep()
            prune_log()
            # While at it, the typo corrector's vocabulary (its stems take a moment), so that
            # a large catalogue's first corrected search does not wait for them.
            spelling.vocabulary(self.using)
        except Exception:
            logger.exception("The catalogue snapshot could not be built")
        finally:
            connections.close_all()  # this thread's own connections

    def build_and_keep(self, state=None):
        """Build from the database, keep it unless a newer one is here, and leave it in the
        shared cache for other processes."""
        started = time.perf_counter()
        snapshot = Snapshot.build(self.using, state)
        _release_freed_memory()
        _share(snapshot)
        with self.lock:
            if self.snapshot is None or self.snapshot.version <= snapshot.version:
                self.snapshot = snapshot
        logger.info(
            "Catalogue snapshot built from the database: %d practices, version %d, %.2f s, %.1f MB",
            len(snapshot),
            snapshot.version,
            time.perf_counter() - started,
            snapshot.nbytes / 1e6,
        )
        return snapshot


def _patch(snapshot, state):
    """``snapshot`` brought to ``state`` (version, stamp) from the change log, or None if
    the log cannot vouch for the snapshot's version or too much changed."""
    version, stamp = state
    if version < snapshot.version:
        return None
    if version == snapshot.version:
        return snapshot if stamp == snapshot.stamp else None
    # One query: a row of the snapshot's own version (its stamp vouches for it), then the
    # practices changed after it.
    # (The rows of the snapshot's own version collapse into one: its practices are known.)
    rows = list(
        CatalogueChange.objects.using(snapshot.using)
        .filter(version__gte=snapshot.version, version__lte=version)
        .annotate(changed=Case(When(version=snapshot.version, then=None), default=F("practice_id")))
        .order_by()
        .values_list("version", "stamp", "changed")
        .distinct()[: PATCH_LIMIT + 2]
    )
    anchor = next((row[1] for row in rows if row[0] == snapshot.version), None)
    if anchor != snapshot.stamp:
        return None
    changes = {row[2] for row in rows if row[0] != snapshot.version}
    if len(rows) > PATCH_LIMIT + 1:
        return None
    changed = {pk for pk in changes if pk is not None}
    return snapshot.patched(version, stamp, changed, reference_changed=None in changes)


def prune_log():
    """Forget changes older than LOG_RETENTION (snapshots older than that rebuild), on the
    primary database (the snapshot may have been read from a replica). Run after a build
    in the background; seed_demo, restores and (on SQLite) migrate empty the log."""
    cutoff = datetime.datetime.now(datetime.UTC) - LOG_RETENTION
    try:
        CatalogueChange.objects.using(router.db_for_write(CatalogueChange)).filter(
            at__lt=cutoff
        ).delete()
    except DatabaseError as error:  # a housekeeping write: never the reason a page fails
        logger.warning("The catalogue's change log could not be pruned: %s", error)


def _share(snapshot):
    """Leave ``snapshot`` where a new worker finds it (only a cache shared by processes)."""
    if _is_shared():
        value = (snapshot.version, snapshot.stamp, snapshot.rows, snapshot.reference.rows)
        cache.set(f"{SHARED_KEY}:{snapshot.using}", value, SHARED_SECONDS)


def _shared(using):
    """The snapshot a worker left in the shared cache, if any."""
    if not _is_shared():
        return None
    value = cache.get(f"{SHARED_KEY}:{using}")
    if not isinstance(value, tuple) or len(value) != 4:
        return None
    version, stamp, rows, reference_rows = value
    if not all(hasattr(rows, name) for name in (*Rows.COLUMNS, "links")):
        return None  # left by a release with other columns: built again
    return Snapshot(using, version, stamp, rows, Reference(reference_rows))


def _release_freed_memory():
    """Give back to the system what reading a whole catalogue left free in the heap
    (glibc keeps it otherwise: about as much again as the arrays). Elsewhere, nothing."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)


def _is_shared():
    return isinstance(caches["default"], RedisCache)


_stores = {}
_stores_lock = threading.Lock()


def current():
    """(snapshot or None, catalogue version) for the database public reads go to."""
    using = router.db_for_read(Practice)
    if not settings.CATALOGUE_SNAPSHOT:
        return None, CatalogueVersion.state(using)[0]
    store = _stores.get(using)
    if store is None:
        with _stores_lock:
            store = _stores.setdefault(using, Store(using))
    return store.current()


def forget():
    """Drop this process's snapshots (tests: each starts from its own database)."""
    _stores.clear()
