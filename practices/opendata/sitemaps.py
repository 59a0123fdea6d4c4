"""/sitemap.xml: every published ficha and the main pages (an index of sections)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from practices.models import Category, Practice


class PracticeSitemap(Sitemap):
    changefreq = "monthly"
    limit = 10_000  # a page of the section; the index lists them all

    def items(self):
        return Practice.objects.published().only("code", "updated_at").order_by("pk")

    def lastmod(self, practice):
        return practice.updated_at


class CategorySitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        used = Practice.objects.published().values("category_id")
        return Category.objects.filter(pk__in=used).order_by("slug")

    def location(self, category):
        return reverse("practices:category", args=[category.slug])


class PageSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["home", "practices:list", "practices:data", "practices:privacy_policy"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"paginas": PageSitemap, "categorias": CategorySitemap, "practicas": PracticeSitemap}
