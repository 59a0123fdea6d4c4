"""The site's own pages: the home, the style guide, robots.txt and
/politica-de-tratamiento-de-datos/, the entity's data-treatment policy (Ley 1581 de 2012),
which shows the version in force (``PrivacyNotice.current()``) as the entity wrote it in
the admin; when there is none it says so and invents nothing.
"""

from django.conf import settings
from django.db.models import Count, Sum
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.generic import TemplateView

from ops.site import site_url
from practices import snapshot as snapshots
from practices.filters import page_labels
from practices.listing import cached_page
from practices.models import Criterion, Edition, Practice, PrivacyNotice


class PrivacyPolicyView(TemplateView):
    template_name = "privacy_policy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(notice=PrivacyNotice.current(), **kwargs)


class HomeView(TemplateView):
    """/: what a good practice is, how they are recognised, and ways into the catalogue."""

    template_name = "home.html"

    def get(self, request, *args, **kwargs):
        self.snapshot, version = snapshots.current()

        def build():
            return super(HomeView, self).get(request).render()

        return cached_page("home", "", build, version=version)

    def get_context_data(self, **kwargs):
        public = Practice.objects.published()
        if self.snapshot is not None:
            figures, counted, latest = self.snapshot.home()
            latest_cards = public.cards().in_bulk(latest)
            latest = [latest_cards[pk] for pk in latest if pk in latest_cards]
        else:
            figures = public.aggregate(
                practices=Count("pk"),
                providers=Count("provider", distinct=True),
                users=Sum("users_reached"),
            )
            counted = {
                name: public.facet_counts(f"{path}__slug", f"{path}__name")
                for name, path in (
                    ("services", "services"),
                    ("categories", "category"),
                    ("departments", "departments"),
                )
            }
            latest = public.cards()[:6]
        edition = Edition.objects.public().order_by("-year", "-number").first()
        english = page_labels()
        return super().get_context_data(
            figures=figures,
            services=tiles(counted["services"], english, "servicio"),
            categories=tiles(counted["categories"], english, "categoria"),
            departments=tiles(counted["departments"])[:12],
            latest=latest,
            criteria=Criterion.objects.all(),
            edition=edition,
            evaluation_criteria=edition.evaluation_criteria.all() if edition else [],
            **kwargs,
        )


def tiles(counts, english=None, parameter=""):
    """[(slug, name, count)] from facet counts with names, most practices first; named in
    English where ``english`` (filters.page_labels()) has the list ``parameter``'s value."""
    english = english or {}
    return sorted(
        (
            (slug, english.get((parameter, slug), names[0]), count)
            for slug, (names, count) in counts.items()
        ),
        key=lambda tile: (-tile[2], tile[1]),
    )


class StyleguideView(TemplateView):
    """/styleguide/: every component of the public pages, for designers and tests."""

    template_name = "pages/styleguide.html"

    def get_context_data(self, **kwargs):
        sample = [
            {"value": "acueducto", "label": "Acueducto", "count": 1204, "selected": True},
            {"value": "aseo", "label": "Aseo", "count": 87, "selected": False},
        ]
        return super().get_context_data(
            sample_options=sample,
            sample_chips=[{"label": "Servicio: Acueducto", "url": "?"}],
            **kwargs,
        )


class AccessibilityView(TemplateView):
    """/accesibilidad/: the accessibility statement, dated when it was last reviewed
    (settings.ACCESSIBILITY_REVIEWED), not on the day it is read."""

    template_name = "pages/accessibility.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(reviewed=settings.ACCESSIBILITY_REVIEWED, **kwargs)


def favicon(request):
    """/favicon.ico: the site's icon (an SVG; pages name it in <head>)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /practicas/exportar",
        "Disallow: /practicas/*/ficha.txt",
        f"Sitemap: {site_url()}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
