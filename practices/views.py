from django.db import connection
from django.db.models import F
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from .fichas import render_ficha_text
from .filters import PracticeFilter, facets, reference_options
from .models import Criterion, Practice
from .search import clean_query


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            criteria=Criterion.objects.all(),
            latest=Practice.objects.published().select_related("provider", "category")[:3],
            **kwargs,
        )


SORTS = {
    "recientes": (_("Más recientes"), ["-published_at", "-pk"]),
    "titulo": (_("Título (A–Z)"), ["title", "pk"]),
    "inicio": (_("Fecha de inicio"), [F("start_date").desc(nulls_last=True), "-pk"]),
    "usuarios": (_("Usuarios impactados"), [F("users_reached").desc(nulls_last=True), "-pk"]),
}
RELEVANCE = "relevancia"
MORE_OPTIONS = 60  # long facets (municipalities, providers) list the 60 largest options


class PracticeListView(ListView):
    """/practicas/: published practices with filters, search, facet counts and sorting."""

    template_name = "practices/practice_list.html"
    context_object_name = "practices"
    paginate_by = 20
    preset = None  # (parameter, model, lookup) of a clean URL such as /practicas/categoria/x/

    def get_filter_data(self):
        data = self.request.GET.copy()
        data.pop("page", None)
        if self.preset:
            name, model, lookup = self.preset
            self.preset_object = get_object_or_404(model, **{lookup: self.kwargs["slug"]})
            values = data.getlist(name)
            if self.kwargs["slug"] not in values:
                data.setlist(name, [self.kwargs["slug"], *values])
        return data

    def get_queryset(self):
        self.data = self.get_filter_data()
        self.options = reference_options(self.data)
        self.filterset = PracticeFilter(
            self.data, queryset=Practice.objects.published(), options=self.options
        )
        self.q = clean_query(self.filterset.active.get("q", ""))
        return self.filterset.qs

    def sort_key(self):
        ranked = bool(self.q) and connection.vendor == "postgresql"
        wanted = self.request.GET.get("orden", "")
        if wanted == RELEVANCE and ranked:
            return RELEVANCE
        if wanted in SORTS:
            return wanted
        return RELEVANCE if ranked else "recientes"

    def paginate_queryset(self, queryset, page_size):
        order = ["-rank", "-published_at", "-pk"] if self.sort_key() == RELEVANCE else None
        ordered = queryset.select_related("provider", "category").order_by(
            *(order or SORTS[self.sort_key()][1])
        )
        result = super().paginate_queryset(ordered, page_size)
        if result[0].count == 0 and self.q and connection.vendor == "postgresql":
            # Nothing matched: look for near misses ("quindoi") with the same filters.
            self.filterset.fuzzy = True
            self.fuzzy = True
            fuzzy = self.filterset.filter_queryset(self.filterset.queryset)
            ordered = fuzzy.select_related("provider", "category").order_by(
                *(order or SORTS[self.sort_key()][1])
            )
            result = super().paginate_queryset(ordered, page_size)
        return result

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
            if facet.name not in active or facet.name == "anio":
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
        context = super().get_context_data(**kwargs)
        facet_list, ongoing = facets(self.filterset, self.options)
        for facet in facet_list:
            if facet.name == "anio":  # years are links; the other facets are checkboxes
                for option in facet.options:
                    data = self.data.copy()
                    years = [] if option["selected"] else [option["value"]]
                    data.setlist("desde", years)
                    data.setlist("hasta", years)
                    option["url"] = self.url(data)
            limit = facet.top or len(facet.options)
            facet.shown = facet.options[:limit]
            selected_beyond = [o for o in facet.options[MORE_OPTIONS:] if o["selected"]]
            facet.more = facet.options[limit:MORE_OPTIONS] + selected_beyond
        sort_key = self.sort_key()
        sorts = (
            [(RELEVANCE, _("Relevancia"))] if self.q and connection.vendor == "postgresql" else []
        )
        sorts += [(key, label) for key, (label, _order) in SORTS.items()]
        context.update(
            filterset=self.filterset,
            facets=facet_list,
            ongoing_count=ongoing,
            ongoing_selected=bool(self.filterset.active.get("en_curso")),
            chips=self.chips(facet_list),
            q=self.q,
            fuzzy=getattr(self, "fuzzy", False),
            sort=sort_key,
            sorts=sorts,
            clear_url=reverse("practices:list"),
            suggestion=None if context["paginator"].count else self.suggestion(facet_list),
            preset=getattr(self, "preset_object", None),
            preset_name=self.preset[0] if self.preset else None,
            export_query=self.data.urlencode(),
        )
        return context


class PracticeDetailView(DetailView):
    template_name = "practices/practice_detail.html"
    context_object_name = "practice"
    slug_field = "code"
    slug_url_kwarg = "code"

    def get(self, request, *args, **kwargs):
        code = kwargs["code"]
        if code != code.upper():
            # Codes are cited by hand: "bp-andesco-sspd-002-2021" reaches the ficha too.
            url = reverse("practices:detail", kwargs={"code": code.upper()})
            return HttpResponsePermanentRedirect(url)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Practice.objects.published().with_ficha()

    def get_context_data(self, **kwargs):
        practice = self.object
        public = Practice.objects.published().select_related("provider", "category")
        return super().get_context_data(
            related=public.related_to(practice)[:4],
            by_provider=public.filter(provider_id=practice.provider_id)
            .exclude(pk=practice.pk)
            .order_by("-published_at", "-pk")[:5],
            **kwargs,
        )


def ficha_text(request, code):
    """The published ficha in the text layout of the official fichas (importable again)."""
    practice = get_object_or_404(Practice.objects.published().with_ficha(), code=code)
    response = HttpResponse(render_ficha_text(practice), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{practice.code}.txt"'
    return response


def healthz(request):
    """Liveness for load balancers and the benchmark: no database, no template."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
