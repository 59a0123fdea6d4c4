"""Keep derived data in step with the catalogue.

- Every change to a practice or to what lists and facets show of it bumps the
  ``CatalogueVersion``, which expires every cached list page at once (practices.listing).
- The search texts of practices loaded from fixtures (`loaddata demo`):

Fixtures save rows "raw" (no ``save()``); each raw row of a practice refreshes that
practice's search texts, so after the last row they are complete. Normal editing
refreshes them in ``Practice.save()``, the admin's ``save_related`` and the importer.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .models import (
    CatalogueVersion,
    Category,
    Criterion,
    CriterionEvidence,
    Department,
    Edition,
    ImpactMetric,
    Link,
    Municipality,
    Practice,
    Provider,
    Service,
    SuccessFactor,
)

LISTED = [Practice, Provider, Category, Service, Edition, Criterion, CriterionEvidence]
LISTED += [Department, Municipality]


def catalogue_changed(sender, action="post_save", **kwargs):
    if action.startswith("post"):  # m2m_changed also announces what it is about to do
        CatalogueVersion.bump()


for model in LISTED:
    post_save.connect(catalogue_changed, sender=model, dispatch_uid=f"version-save-{model}")
    post_delete.connect(catalogue_changed, sender=model, dispatch_uid=f"version-del-{model}")
for field in ("services", "departments", "municipalities"):
    m2m_changed.connect(
        catalogue_changed,
        sender=getattr(Practice, field).through,
        dispatch_uid=f"version-m2m-{field}",
    )


@receiver(post_save, sender=Practice)
def practice_loaded(sender, instance, raw, **kwargs):
    if raw:
        instance.refresh_search()


@receiver(post_save, sender=SuccessFactor)
@receiver(post_save, sender=ImpactMetric)
@receiver(post_save, sender=Link)
@receiver(post_save, sender=CriterionEvidence)
def row_loaded(sender, instance, raw, **kwargs):
    if raw:
        Practice.objects.get(pk=instance.practice_id).refresh_search()


@receiver(m2m_changed, sender=Practice.services.through)
@receiver(m2m_changed, sender=Practice.departments.through)
@receiver(m2m_changed, sender=Practice.municipalities.through)
def places_or_services_changed(sender, instance, action, reverse, **kwargs):
    if action.startswith("post_") and not reverse and isinstance(instance, Practice):
        instance.refresh_search()
