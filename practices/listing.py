"""The public list's results, facet counts and pages.

Two ways to the same answer:

- from the snapshot of the published catalogue (practices.snapshot): the facet counts,
  the total, the "en curso" count and the ids of any page come from arrays in memory;
  the database serves the catalogue's version, the words of a search (one query) and
  the page's rows by primary key. This is the usual way, and needs no cache.
- from the database, while no snapshot is ready (a large catalogue's first seconds in a
  new process): one grouped query per facet, the page's ids, its rows. Its results are
  cached under a key made of the filters and the ``CatalogueVersion``, which every
  change to the catalogue bumps, so an edit is visible at once on every server.

Both give the same results (tests/test_snapshot.py compares them on generated data).
The rendered page is then kept whole in the cache under the version (``cached_page``,
practices.views.catalogue.PracticeListView): a page asked for again before the next edit costs the
version's query.
"""

import hashlib
from dataclasses import dataclass

import numpy as np
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F
from django.db.models.functions import Collate
from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ops.site import site_url
from practices import snapshot as snapshots
from practices.filters import (
    PracticeFilter,
    database_counts,
    database_ongoing,
    facets,
    reference_options,
)
from practices.models import CatalogueVersion, Practice
from practices.search import Resolved, clean_query, resolve

CACHE_SECONDS = 60 * 60
RELEVANCE = "relevancia"
SORTS = {
    "recientes": _("Más recientes"),
    "titulo": _("Título (A–Z)"),
    "inicio": _("Fecha de inicio"),
    "usuarios": _("Usuarios impactados"),
    "replicaciones": _("Más replicadas"),
}


def database_order(name):
    """The SQL order of a sort (``SORTS`` or RELEVANCE); the snapshot sorts the same way
    (``Snapshot.order``)."""
    if name == RELEVANCE:
        return ["-rank", "-published_at", "-pk"]
    if name == "titulo":  # the sort key, byte by byte, whatever the database's locale
        key = F("sort_title")
        if connection.vendor == "postgresql":
            key = Collate("sort_title", "C")
        return [key.asc(), "pk"]
    return {
        "recientes": ["-published_at", "-pk"],
        "inicio": [F("start_date").desc(nulls_last=True), "-pk"],
        "usuarios": [F("users_reached").desc(nulls_last=True), "-pk"],
        "replicaciones": ["-replication_count", "-published_at", "-pk"],
    }[name]


@dataclass
class ListState:
    count: int
    corrected: str  # nothing matched the words as typed: this correction of them did
    partial: bool  # nor a correction: the practices with most of the words are shown
    facets: list
    ongoing: int
    options: dict  # the names of the closed lists' options
    near: object = None  # the partial match (search.Match), which the words cannot redo


def cache_key(name, version, *parts):
    """The one shape of the catalogue's cache keys: ``practices:<name>:<version>:<digest
    of parts>``. ``version`` is what the entry depends on (the catalogue version, usually),
    so an edit makes every entry of the old version unreachable; the digest keeps any
    parts (queries, languages) within what every cache backend accepts."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"practices:{name}:{version}:{digest}"


def _key(prefix, version, data, *extra):
    items = sorted(
        (k, v) for k, values in data.lists() for v in values if k not in ("page", "orden")
    )
    return cache_key(prefix, version, connection.vendor, items, extra)


class Counted:
    """A sequence of ``count`` items for Django's paginator, which only counts it: the
    page's rows are read separately (Listing.page)."""

    def __init__(self, count):
        self.count = lambda: count

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        return []


def counted_paginator(count, per_page):
    """Django's paginator over a list of ``count`` results (the list page and the API both
    page this way); its pages hold no rows."""
    return Paginator(Counted(count), per_page)


class Listing:
    """The list for one set of filters (``data``: a QueryDict without page or sort)."""

    def __init__(self, data, current=None):
        self.data = data
        self.snapshot, self.version = current or snapshots.current()
        if self.snapshot is not None:
            self._from_snapshot()
        else:
            self._from_database()

    @property
    def ranked(self):
        return bool(self.filterset.active.get("q"))

    def page(self, sort, offset, limit):
        """The practices of one page in ``sort`` (a key of SORTS, or RELEVANCE), with
        provider and category."""
        if not self.state.count:
            return []
        if self.selection is not None:
            ids = self.selection.page(sort, offset, limit)
        else:
            key = _key("page", self.version, self.data, sort, offset, limit)
            ids = cache.get(key)
            if ids is None:
                queryset = self.filterset.qs.order_by(*database_order(sort))
                ids = list(queryset.values_list("pk", flat=True)[offset : offset + limit])
                cache.set(key, ids, CACHE_SECONDS)
        if not ids:
            return []
        rows = Practice.objects.published().cards().in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]

    # --- From the snapshot ----------------------------------------------------------

    def _from_snapshot(self):
        self.filterset, self.selection, resolved = _selected(self.snapshot, self.data, self.version)
        self.state = ListState(
            count=self.selection.count,
            corrected=resolved.corrected,
            partial=resolved.partial,
            facets=facets(self.filterset.active, self.filterset.options, self.selection.counts),
            ongoing=self.selection.ongoing(),
            options=self.filterset.options,
        )

    # --- From the database ----------------------------------------------------------

    def _from_database(self):
        self.selection = None
        key = _key("list", self.version, self.data)
        self.state = cache.get(key)
        if self.state is None:
            self.state = self._compute()
            cache.set(key, self.state, CACHE_SECONDS)
        state = self.state
        resolved = Resolved(state.near, state.corrected, state.partial)
        self.filterset = _filterset(self.data, state.options, resolved, for_page=True)

    def _compute(self):
        options = reference_options(self.data)
        q = clean_query(self.data.get("q", ""))  # as the filterset will read it
        resolved = Resolved()
        if q:  # the words are matched once, not once per facet
            resolved = resolve(q, published_among, version=self.version)
        filterset = _filterset(self.data, options, resolved)
        active = filterset.active
        return ListState(
            count=filterset.qs.count(),
            corrected=resolved.corrected,
            partial=resolved.partial,
            near=resolved.match if resolved.partial else None,
            facets=facets(active, options, database_counts(filterset)),
            ongoing=database_ongoing(filterset),
            options=options,
        )


def published_among(ids):
    """Whether any of ``ids`` is a published practice (the database decides)."""
    return Practice.objects.published().filter(pk__in=[int(pk) for pk in ids[:10_000]]).exists()


def _selected(snapshot, data, version=None):
    """(filterset, selection, ``Resolved``) of ``data`` over the snapshot. The filterset
    is built once, as the form (its cleaned values, its choices): this path reads no
    queryset from it."""
    filterset = _filterset(data, snapshot.options_for(data))
    active = filterset.active
    resolved = Resolved()
    if "q" in active:

        def published(ids):  # the snapshot holds the published catalogue
            return bool(np.isin(ids, snapshot.rows.pks).any())

        resolved = resolve(active["q"], published, snapshot.using, version)
    return filterset, snapshot.select(active, resolved.match), resolved


def _filterset(data, options, resolved=None, for_page=False):
    """The list's filterset; ``resolved``: how its ``q`` was resolved, when known. A
    partial match filters by its ids (at most search.PARTIAL_LIMIT) with their ranks;
    otherwise PostgreSQL filters by the matched ids (one array parameter) when counting,
    and the words are searched again, ranked, for a page (``for_page``)."""
    resolved = resolved or Resolved()
    matched = ranks = None
    if resolved.partial and resolved.match is not None:
        matched = [int(pk) for pk in resolved.match.ids]
        ranks = [float(rank) for rank in resolved.match.ranks]
    elif resolved.match is not None and connection.vendor == "postgresql" and not for_page:
        matched = [int(pk) for pk in resolved.match.ids]
    return PracticeFilter(
        data,
        queryset=Practice.objects.published(),
        options=options,
        corrected=resolved.corrected,
        matched_ids=matched,
        ranks=ranks,
    )


# An export of at most this many practices is read by the ids the snapshot chose, and
# kept whole in the cache until the catalogue changes; larger ones stream from the database.
EXPORT_KEPT_ROWS = 1_000


def exported(data, current=None):
    """(practices, count, ``Resolved``): the list's results for ``data`` as the exports
    write them, newest first, and how ``q`` was resolved (as typed, corrected, partial).
    With the snapshot the count is known (None otherwise), and a result of at most
    EXPORT_KEPT_ROWS is read by its ids instead of filtering the catalogue."""
    snapshot, version = current or snapshots.current()
    if snapshot is None:
        resolved = query_resolution(data)
        return filtered_practices(data, resolved), None, resolved
    _filterset, selection, resolved = _selected(snapshot, data, version)
    count = selection.count
    if count > EXPORT_KEPT_ROWS:
        return filtered_practices(data, resolved), count, resolved
    ids = selection.page("recientes", 0, count)
    practices = Practice.objects.published().filter(pk__in=ids).order_by("-published_at", "-pk")
    return practices, count, resolved


def filtered_practices(data, resolved=None):
    """Published practices matching the list's filters and ``q`` in ``data``, newest first
    (exports and the API: no facets, no page). ``q`` is resolved as the list resolves it
    (``resolved``: ``query_resolution(data)``, if the caller has it)."""
    resolved = resolved if resolved is not None else query_resolution(data)
    filterset = _filterset(data, reference_options(data), resolved)
    return filterset.qs.order_by("-published_at", "-pk")


def query_resolution(data):
    """How the list resolves ``q`` in ``data`` (search.Resolved)."""
    q = clean_query(data.get("q", ""))
    return resolve(q, published_among) if q else Resolved()


def cached_page(name, parts, build, version=None):
    """A public page's response, built once per catalogue version (and language).

    ``build()`` returns a rendered response; only a 200 is kept. Staff previews and any
    page that depends on the user must not come through here. ``version``: the catalogue
    version if already read, or what else names the page's state (with ``parts``).
    """
    key = _page_key(name, parts, version)
    cached = cache.get(key)
    if cached is not None:
        content, content_type = cached
        return HttpResponse(content, content_type=content_type)
    response = build()
    if response.status_code == 200:
        cache.set(key, (response.content, response["Content-Type"]), CACHE_SECONDS)
    return response


def cached_content(name, parts, build, version=None):
    """Bytes built by ``build()`` once per catalogue version and language (``cached_page``
    for what is not a page: a small export)."""
    key = _page_key(name, parts, version)
    content = cache.get(key)
    if content is None:
        content = build()
        cache.set(key, content, CACHE_SECONDS)
    return content


def _page_key(name, parts, version):
    if version is None:
        version = CatalogueVersion.current()
    # The site's address too: pages hold absolute links (ops/site.py).
    return cache_key(name, version, parts, get_language(), site_url())
