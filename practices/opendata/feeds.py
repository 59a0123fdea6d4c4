"""Atom feeds of newly published practices: all of them, or one category's."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext_lazy as _

from practices.models import Category, Practice

ITEMS = 30


class LatestPracticesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Banco de Buenas Prácticas: publicadas recientemente")
    subtitle = _(
        "Buenas prácticas de servicio a usuarios de los prestadores de servicios públicos "
        "domiciliarios, a medida que se publican."
    )

    def link(self):
        return reverse("practices:list")

    def practices(self):
        return Practice.objects.published().cards().order_by("-published_at", "-pk")

    def items(self):
        return self.practices()[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom's summary is HTML (type="html"); the summary is plain text: escape it.
        return linebreaks(item.summary, autoescape=True)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return item.public_url

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.provider.name

    def item_categories(self, item):
        return [item.category.name]


class CategoryFeed(LatestPracticesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category.objects.public(), slug=slug)

    def title(self, category):
        return _("Banco de Buenas Prácticas: %(category)s") % {"category": category.name}

    def link(self, category):
        return reverse("practices:category", args=[category.slug])

    def items(self, category):
        return self.practices().filter(category=category)[:ITEMS]
