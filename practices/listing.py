"""The public list's results, facet counts and pages, cached until the catalogue changes.

Computing the facet counts of 100.000 practices takes a dozen grouped queries. Their
results (and each page's ids) are cached under a key made of the filters and the
``CatalogueVersion``, which every change to the catalogue bumps (practices.signals): an
edit or a publication is visible at once, on every server, whatever the cache backend.
A cached page costs two queries: the version and the page's rows.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.utils.translation import get_language

from .filters import PracticeFilter, facets, reference_options
from .models import CatalogueVersion, Practice
from .search import near_misses

CACHE_SECONDS = 60 * 60
RELEVANCE_ORDER = ["-rank", "-published_at", "-pk"]


@dataclass
class ListState:
    count: int
    fuzzy: bool  # nothing matched the words: near misses are shown instead
    facets: list
    ongoing: int
    options: dict  # the names of the closed lists' options


def _key(prefix, version, data, *extra):
    items = sorted(
        (k, v) for k, values in data.lists() for v in values if k not in ("page", "orden")
    )
    digest = hashlib.sha256(repr((connection.vendor, items, extra)).encode()).hexdigest()[:32]
    return f"practices:{prefix}:{version}:{digest}"


class Listing:
    """The list for one set of filters (``data``: a QueryDict without page or sort)."""

    def __init__(self, data):
        self.data = data
        self.version = CatalogueVersion.current()
        key = _key("list", self.version, data)
        self.state = cache.get(key)
        if self.state is None:
            self.state = self._compute()
            cache.set(key, self.state, CACHE_SECONDS)
        self.filterset = self._filterset(self.state.options, fuzzy=self.state.fuzzy)

    def _filterset(self, options, fuzzy=False):
        filterset = PracticeFilter(
            self.data, queryset=Practice.objects.published(), options=options
        )
        filterset.fuzzy = fuzzy
        return filterset

    def _compute(self):
        options = reference_options(self.data)
        filterset = self._filterset(options)
        q = filterset.active.get("q")
        fuzzy = False
        if q and connection.vendor == "postgresql":
            # Full-text matching reads every matching row: do it once, not once per facet.
            public = Practice.objects.published()
            matched = list(public.search(q).values_list("pk", flat=True))
            if not matched:  # no word matched: near misses ("quindoi") instead
                fuzzy = True
                matched = list(near_misses(public, q).values_list("pk", flat=True))
            filterset.matched_ids = matched
        count = filterset.qs.count()
        facet_list, ongoing = facets(filterset, options)
        return ListState(count, fuzzy, facet_list, ongoing, options)

    @property
    def ranked(self):
        return bool(self.filterset.active.get("q")) and connection.vendor == "postgresql"

    def page(self, order, offset, limit):
        """The practices of one page, with provider and category, in ``order``."""
        if not self.state.count:
            return []
        key = _key("page", self.version, self.data, order, offset, limit)
        ids = cache.get(key)
        if ids is None:
            queryset = self.filterset.qs.order_by(*order)
            ids = list(queryset.values_list("pk", flat=True)[offset : offset + limit])
            cache.set(key, ids, CACHE_SECONDS)
        if not ids:
            return []
        rows = Practice.objects.published().cards().in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]


def filtered_practices(data):
    """Published practices matching the list's filters and ``q`` in ``data``, newest first
    (exports and the API: no facets, no page)."""
    filterset = PracticeFilter(
        data, queryset=Practice.objects.published(), options=reference_options(data)
    )
    return filterset.qs.order_by("-published_at", "-pk")


def cached_page(name, parts, build):
    """A public page's response, built once per catalogue version (and language).

    ``build()`` returns a rendered response; only a 200 is kept. Staff previews and any
    page that depends on the user must not come through here.
    """
    version = CatalogueVersion.current()
    digest = hashlib.sha256(repr((parts, get_language())).encode()).hexdigest()[:32]
    key = f"practices:{name}:{version}:{digest}"
    cached = cache.get(key)
    if cached is not None:
        content, content_type = cached
        return HttpResponse(content, content_type=content_type)
    response = build()
    if response.status_code == 200:
        cache.set(key, (response.content, response["Content-Type"]), CACHE_SECONDS)
    return response
