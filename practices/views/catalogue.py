import dataclasses
import functools
from urllib.parse import urlencode

from django.core.paginator import InvalidPage
from django.db.models import Exists, OuterRef, Q
from django.http import (
    Http404,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    QueryDict,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView

from ops.admin_site import second_factor_done
from ops.ratelimit import rate_limited
from practices import snapshot as snapshots
from practices.fichas.writer import render_ficha_text
from practices.filters import like_provider, page_labels, usable
from practices.listing import (
    RELEVANCE,
    SORTS,
    Listing,
    cached_page,
    counted_paginator,
)
from practices.models import Practice, Provider
from practices.opendata import exports as opendata
from practices.search import clean_query

MORE_OPTIONS = 60  # long facets (municipalities, providers) list the 60 largest options
# «Prácticas de prestadores como el mío»: ?como=<provider> (and mismo_departamento=si)
# becomes the list's own filters (filters.like_provider).
LIKE, LIKE_REGION = "como", "mismo_departamento"


@method_decorator(rate_limited("search"), name="dispatch")
class PracticeListView(TemplateView):
    """/practicas/: published practices with filters, search, facet counts and sorting."""

    template_name = "practices/practice_list.html"
    paginate_by = 20
    preset = None  # (parameter, model, lookup) of a clean URL such as /practicas/categoria/x/

    def get(self, request, *args, **kwargs):
        # Empty parameters (a form's blank "desde" and "hasta") go: one clean address per
        # list. The browser keeps the "#resultados" it asked for across the redirect.
        kept = [(k, v) for k in request.GET for v in request.GET.getlist(k) if v.strip()]
        if len(kept) < sum(len(request.GET.getlist(k)) for k in request.GET):
            return HttpResponseRedirect(request.path + (f"?{urlencode(kept)}" if kept else ""))
        self.like_problem, self.status = "", 200
        if LIKE in request.GET and (expanded := self.like(request)) is not None:
            return expanded
        # The page is the same for everyone: kept whole until the catalogue changes (the
        # first request after an edit is computed; see practices.listing).
        self.current = snapshots.current()

        def build():
            return super(PracticeListView, self).get(request, *args, **kwargs).render()

        query = sorted((key, request.GET.getlist(key)) for key in request.GET)
        return cached_page("list", (request.path, query), build, version=self.current[1])

    def like(self, request):
        """A redirect to the list of practices of providers like the one ``como`` names
        (its size, its services, with ``mismo_departamento`` its department), or None, with
        the reason, when it names no provider shown on the site or nothing of it is known:
        the list is then shown whole, with the reason."""
        slug = request.GET.get(LIKE, "").strip()[:200]
        provider = None
        if usable([slug]):
            provider = public_providers().filter(slug=slug).select_related("department").first()
        if provider is None:
            self.status = 404
            self.like_problem = _(
                "No hay ningún prestador «%(slug)s» en el catálogo: se muestran todas las "
                "prácticas, sin filtros."
            ) % {"slug": slug}
            return None
        region = request.GET.get(LIKE_REGION, "").strip().lower() in {"1", "si", "sí"}
        query = like_provider(provider, region=region)
        if not query:
            self.like_problem = _(
                "Del prestador %(name)s no se conocen el tamaño ni los servicios: no hay con "
                "qué compararlo. Se muestran todas las prácticas, sin filtros."
            ) % {"name": provider.name}
            return None
        if request.GET.get("orden"):
            query.append(("orden", request.GET["orden"]))
        return HttpResponseRedirect(f"{reverse('practices:list')}?{urlencode(query)}")

    def get_filter_data(self):
        data = self.request.GET.copy()
        data.pop("page", None)
        data.pop(LIKE, None)
        data.pop(LIKE_REGION, None)
        if self.preset:
            name, model, lookup = self.preset
            # A category or provider only once a published practice uses it (an import
            # may create one for a draft); departments are the official list.
            rows = model.objects.public() if hasattr(model.objects, "public") else model.objects
            self.preset_object = get_object_or_404(rows, **{lookup: self.kwargs["slug"]})
            values = data.getlist(name)
            if self.kwargs["slug"] not in values:
                data.setlist(name, [self.kwargs["slug"], *values])
        return data

    def sort_key(self):
        wanted = self.request.GET.get("orden", "")
        if wanted == RELEVANCE and self.listing.ranked:
            return RELEVANCE
        if wanted in SORTS:
            return wanted
        return RELEVANCE if self.listing.ranked else "recientes"

    def paginate(self):
        """(paginator, page). A page past the end (or not a number) is answered with 404,
        the filters kept and a link to the last page, instead of a bare "not found"."""
        paginator = counted_paginator(self.listing.state.count, self.paginate_by)
        self.past_end = None
        try:
            page = paginator.page(self.request.GET.get("page") or 1)
        except InvalidPage:
            self.past_end = self.request.GET.get("page", "")[:10]
            page = paginator.page(paginator.num_pages)
            page.object_list = []
            return paginator, page
        page.object_list = self.listing.page(
            self.sort_key(), page.start_index() - 1, self.paginate_by
        )
        return paginator, page

    def render_to_response(self, context, **kwargs):
        if self.past_end is not None or self.status == 404:
            kwargs["status"] = 404
        return super().render_to_response(context, **kwargs)

    def like_links(self, facet_list):
        """With one provider chosen (its page, or the filter), the way to the practices of
        providers like it: {name, url, region_url, department} (no query: the name is its
        option's, its department the page's provider's)."""
        chosen = self.filterset.active.get("prestador", [])
        if len(chosen) != 1:
            return None
        slug = chosen[0]
        facet = next(f for f in facet_list if f.name == "prestador")
        name = next((o["label"] for o in facet.options if o["value"] == slug), slug)
        data = QueryDict(mutable=True)
        data[LIKE] = slug
        link = {"name": name, "url": self.url(data)}
        preset = getattr(self, "preset_object", None)
        if isinstance(preset, Provider) and preset.slug == slug and preset.department_id:
            data[LIKE_REGION] = "si"
            link["region_url"] = self.url(data)
            link["department"] = preset.department.name
        return link

    def url(self, data):
        query = data.urlencode()
        return reverse("practices:list") + (f"?{query}" if query else "")

    def changed(self, name, values):
        data = self.data.copy()
        data.pop("page", None)
        if values:
            data.setlist(name, values)
        else:
            data.pop(name, None)
        return self.url(data)

    def chips(self, facet_list):
        names = {f.name: {o["value"]: o["label"] for o in f.options} for f in facet_list}
        labels = {name: f.label for name, f in self.filterset.filters.items()}
        chips = []
        for name, value in self.filterset.active.items():
            if name == "q":
                text = _("Búsqueda: «%(q)s»") % {"q": value}
                chips.append({"label": text, "url": self.changed("q", [])})
            elif isinstance(value, list):
                for item in value:
                    label = names.get(name, {}).get(item, item)
                    rest = [v for v in value if v != item]
                    chips.append(
                        {"label": f"{labels[name]}: {label}", "url": self.changed(name, rest)}
                    )
            elif name in ("desde", "hasta"):
                chips.append({"label": f"{labels[name]} {value}", "url": self.changed(name, [])})
            else:
                chips.append({"label": labels[name], "url": self.changed(name, [])})
        return chips

    def suggestion(self, facet_list):
        """When nothing matches: the filter whose removal brings back the most results."""
        active = self.filterset.active
        best = None
        for facet in facet_list:
            if facet.name not in active or facet.is_range:
                continue
            counts = [o["count"] for o in facet.options]
            results = max(counts, default=0) if facet.many else sum(counts)
            if results and (best is None or results > best[1]):
                best = (facet, results)
        if best is None:
            return None
        facet = best[0]
        return {"label": facet.label, "url": self.changed(facet.name, [])}

    def get_context_data(self, **kwargs):
        self.data = self.get_filter_data()
        self.listing = Listing(self.data, current=self.current)
        self.filterset = self.listing.filterset
        self.q = clean_query(self.filterset.active.get("q", ""))
        paginator, page = self.paginate()
        state = self.listing.state
        facet_list = narrowed_municipalities([dataclasses.replace(f) for f in state.facets])
        if english := page_labels():
            for facet in facet_list:
                facet.options = [
                    {**o, "label": english.get((facet.name, o["value"]), o["label"])}
                    for o in facet.options
                ]
        for facet in facet_list:
            if facet.is_range:  # years are links; the other facets are checkboxes
                for option in facet.options:
                    data = self.data.copy()
                    years = [] if option["selected"] else [option["value"]]
                    for parameter in facet.parameters:
                        data.setlist(parameter, years)
                    option["url"] = self.url(data)
            limit = facet.top or len(facet.options)
            facet.shown = facet.options[:limit]
            selected_beyond = [o for o in facet.options[MORE_OPTIONS:] if o["selected"]]
            facet.more = facet.options[limit:MORE_OPTIONS] + selected_beyond
        sorts = [(RELEVANCE, _("Relevancia"))] if self.listing.ranked else []
        sorts += list(SORTS.items())
        since, until = self.filterset.active.get("desde"), self.filterset.active.get("hasta")
        reversed_range = (str(since), str(until)) if since and until and since > until else None
        swapped = self.data.copy()
        if reversed_range:
            swapped["desde"], swapped["hasta"] = reversed_range[1], reversed_range[0]
        last_page = self.request.GET.copy()
        last_page["page"] = paginator.num_pages
        return super().get_context_data(
            page_numbers=page_numbers(page.number, paginator.num_pages),
            past_end=self.past_end,
            last_page_url=f"{self.request.path}?{last_page.urlencode()}#resultados",
            range_reversed=reversed_range,
            range_swapped_url=self.url(swapped),
            practices=page.object_list,
            page_obj=page,
            paginator=paginator,
            is_paginated=paginator.num_pages > 1,
            filterset=self.filterset,
            facets=facet_list,
            ongoing_count=state.ongoing,
            ongoing_selected=bool(self.filterset.active.get("en_curso")),
            chips=self.chips(facet_list),
            q=self.q,
            corrected=state.corrected,
            partial=state.partial,
            corrected_url=self.changed("q", [state.corrected]) if state.corrected else "",
            sort=self.sort_key(),
            sorts=sorts,
            clear_url=reverse("practices:list"),
            suggestion=None if state.count else self.suggestion(facet_list),
            preset=getattr(self, "preset_object", None),
            preset_name=self.preset[0] if self.preset else None,
            export_query=self.data.urlencode(),
            like=self.like_links(facet_list),
            like_problem=self.like_problem,
            **kwargs,
        )


def public_providers():
    """Providers the site shows: authors of a published practice (Provider.objects.public())
    and providers that tell a public replication (Replication.objects.public())."""
    from replication.models import Replication  # the replication app builds on this one

    replicated = Replication.objects.public().filter(provider=OuterRef("pk"))
    authors = Provider.objects.public().values("pk")
    return Provider.objects.filter(Q(pk__in=authors) | Q(Exists(replicated)))


def narrowed_municipalities(facet_list):
    """With departments chosen, the municipality options are only theirs (a "Granada" of
    another department is no choice), the chosen ones always kept. A municipality's label
    names its department ("Granada (Meta)", filters.reference_rows)."""
    facets = {facet.name: facet for facet in facet_list}
    chosen = [o["label"] for o in facets["departamento"].options if o["selected"]]
    if chosen and "municipio" in facets:
        endings = tuple(f"({name})" for name in chosen)
        facets["municipio"].options = [
            o for o in facets["municipio"].options if o["selected"] or o["label"].endswith(endings)
        ]
    return facet_list


def page_numbers(current, last, around=2):
    """The page links of a list: the first, the last and ``around`` on each side of the
    current one; None where pages are left out ("…")."""
    wanted = {1, last, *range(current - around, current + around + 1)}
    numbers, previous = [], 0
    for number in sorted(n for n in wanted if 1 <= n <= last):
        if number > previous + 1:
            numbers.append(None)
        numbers.append(number)
        previous = number
    return numbers


class PracticeDetailView(DetailView):
    template_name = "practices/practice_detail.html"
    context_object_name = "practice"
    slug_field = "code"
    slug_url_kwarg = "code"
    listed = None  # {"related": [pk…], "by_provider": [pk…]} when the snapshot chose them

    def get(self, request, *args, **kwargs):
        code = kwargs["code"]
        if can_preview(request.user):
            return super().get(request, *args, **kwargs)
        today = timezone.localdate().isoformat()  # the printed date of consultation

        def build():
            return super(PracticeDetailView, self).get(request, *args, **kwargs).render()

        snapshot, version = snapshots.current()
        if snapshot is None:
            return cached_page("ficha", (code, today), build, version=version)
        row = snapshot.find(code)
        if row is None:
            raise Http404(_("No hay ninguna buena práctica publicada con ese código."))
        self.listed = {"related": snapshot.related(row), "by_provider": snapshot.by_provider(row)}
        # The page changes when this practice, one it lists or the reference data does,
        # not with every change to the catalogue.
        shown = [int(snapshot.rows.pks[row]), *self.listed["related"], *self.listed["by_provider"]]
        parts = (code, today, shown, snapshot.stamps(shown), snapshot.reference_version)
        return cached_page("ficha", parts, build, version="practice")

    def get_queryset(self):
        # revision_of IS NULL: the unique index on codes answers (a revision never shows).
        practices = Practice.objects.filter(revision_of__isnull=True)
        if not can_preview(self.request.user):  # staff also open unpublished practices
            practices = practices.published()
        return practices.with_ficha()

    def get_context_data(self, **kwargs):
        practice = self.object
        public = Practice.objects.published().cards()
        if self.listed is not None:
            wanted = [*self.listed["related"], *self.listed["by_provider"]]
            cards = public.in_bulk(wanted)
            related = [cards[pk] for pk in self.listed["related"] if pk in cards]
            by_provider = [cards[pk] for pk in self.listed["by_provider"] if pk in cards]
        else:
            related = public.related_to(practice)[:4]
            by_provider = (
                public.filter(provider_id=practice.provider_id)
                .exclude(pk=practice.pk)
                .order_by("-published_at", "-pk")[:5]
            )
        from replication.models import Replication

        replications = (
            Replication.objects.public()
            .filter(practice=practice)
            .select_related("provider")
            .prefetch_related("municipalities__department", "results")
        )
        return super().get_context_data(
            related=related,
            by_provider=by_provider,
            replications=replications,
            preview=not practice.is_published,
            structured_data=opendata.structured_data(practice),
            **kwargs,
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["preview"]:
            mark_preview(response)
        return response


def canonical_code(view):
    """Codes are cited by hand: "bp-andesco-sspd-002-2021" reaches the same page as the
    code as written, by a permanent redirect (the ficha, its text, its PDF)."""

    @functools.wraps(view)
    def wrapper(request, *args, code, **kwargs):
        if code != code.upper():
            match = request.resolver_match
            url = reverse(match.view_name, args=args, kwargs={**kwargs, "code": code.upper()})
            return HttpResponsePermanentRedirect(url)
        return view(request, *args, code=code, **kwargs)

    return wrapper


def can_preview(user):
    return (
        user.is_active
        and user.is_staff
        and user.has_perm("practices.change_practice")
        and second_factor_done(user)  # unpublished content is the admin's, 2FA included
    )


def mark_preview(response):
    """An unpublished page for staff: never stored by a cache, never indexed."""
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def preview(request, pk):
    """Any practice (a revision too) as the public will see it, for staff (admin URL)."""
    if not can_preview(request.user):
        raise Http404
    practice = get_object_or_404(Practice.objects.with_ficha(), pk=pk)
    context = {"practice": practice, "preview": True, "related": [], "by_provider": []}
    return mark_preview(render(request, "practices/practice_detail.html", context))


def ficha_text(request, code):
    """The published ficha in the text layout of the official fichas (importable again)."""
    practice = get_object_or_404(Practice.objects.published().with_ficha().with_code(code))
    response = HttpResponse(render_ficha_text(practice), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{practice.code}.txt"'
    return response
