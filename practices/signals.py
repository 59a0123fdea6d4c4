"""Keep the search texts of practices loaded from fixtures (`loaddata demo`); a follow-up
measurement moves its practice's version.

Fixtures save rows "raw" (no ``save()``); each raw row of a practice refreshes that
practice's search texts, so after the last row they are complete. Normal editing
refreshes them in ``Practice.save()``, the admin's ``save_related`` and the importer.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from practices.follow_up import touch_practice
from practices.models import (
    CriterionEvidence,
    ImpactMeasurement,
    ImpactMetric,
    Link,
    Practice,
    SuccessFactor,
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
    if (
        action.startswith("post_")
        and not reverse
        and isinstance(instance, Practice)
        and not Practice.search_is_deferred()
    ):
        instance.refresh_search()


@receiver(post_save, sender=ImpactMeasurement)
@receiver(post_delete, sender=ImpactMeasurement)
def measurement_written(sender, instance, raw=False, **kwargs):
    """A follow-up measurement changes its practice's ficha (practices.follow_up)."""
    if not raw:  # a fixture loads its practice as it was
        touch_practice(instance.metric_id)
