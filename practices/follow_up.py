"""Follow-up over time: an impact metric measured again after its ficha (ImpactMeasurement).

- The ficha's recorded result never changes: each measurement is a dated row beside it
  (the same indicator measured yearly, say), shown on the ficha as a small chart whose first
  bar is the recorded result.
- Who records them (``may_record``): as the practice's own rows while it is being written
  (a draft for editors and reviewers, a practice in review for reviewers); on a published
  practice, Editor and Revisor directly, without a revision, since a measurement adds data
  and alters nothing the ficha recorded. The history keeps who added, corrected or deleted
  each one. Never on an archived practice, nor on a revision (they live on the published
  practice, whose metrics a revision only replaces: ``carry_measurements``).
- A measurement saved or deleted moves its practice's ``updated_at`` in the same
  transaction (``touch_practice``): the catalogue's triggers log it as a change of that
  practice, so its ficha, the fichas that list it and its PDF are rendered again
  (``practices.signals``, whoever writes it: the admin, a shell, a test).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from practices.models import ImpactMeasurement, Practice

RECORDED = _("Resultado registrado en la ficha")


def may_record(user, practice):
    """Whether ``user``'s role lets them add, correct or delete follow-up measurements of
    ``practice``'s metrics (each action also needs its model permission)."""
    from practices.admin.workflow import can_edit

    if practice.revision_of_id or practice.status == Practice.Status.ARCHIVED:
        return False
    if practice.status == Practice.Status.PUBLISHED:
        return user.has_perm("practices.change_practice")
    return can_edit(user, practice)


def refusal(practice):
    """Why nobody records measurements of ``practice`` here, or ""."""
    if practice.revision_of_id:
        return _(
            "Esta es una revisión: las mediciones de seguimiento se registran en la práctica "
            "publicada, y se conservan al publicar la revisión."
        )
    if practice.status == Practice.Status.ARCHIVED:
        return _("La práctica está archivada: su seguimiento ya no cambia.")
    return ""


# --- The practice moves with its measurements -------------------------------------------


def touch_practice(metric_id):
    """The practice of ``metric_id`` changed (its ficha shows the measurements): a new
    ``updated_at``, which the catalogue's triggers log as a change of that practice, and
    which names its PDF. ``update()``: no history entry of the practice, whose content
    did not change."""
    Practice.objects.filter(impact_metrics=metric_id).update(updated_at=timezone.now())


# --- Revisions and restores keep the follow-up ------------------------------------------


def _same_label(a, b):
    return a.label.strip().casefold() == b.label.strip().casefold()


def carry_measurements(old_metrics, new_metrics):
    """A practice's metrics were replaced by new rows (a revision published, a version
    restored, a ficha imported again): each old metric's measurements move to the new
    metric with the same label or, failing that, to the one in its place with its unit.
    An old metric matched by none was removed, and its measurements go with it."""
    free = list(new_metrics)
    moves = []
    for rule in (_same_label, lambda a, b: a.position == b.position and a.unit == b.unit):
        for old in [m for m in old_metrics if m.pk not in {o.pk for o, _n in moves}]:
            match = next((new for new in free if rule(old, new)), None)
            if match is not None:
                free.remove(match)
                moves.append((old, match))
    for old, new in moves:
        ImpactMeasurement.objects.filter(metric_id=old.pk).update(metric_id=new.pk)


# --- The ficha's chart --------------------------------------------------------------------

CHART_WIDTH, CHART_HEIGHT = 320, 140
BARS_TOP, BARS_BOTTOM = 6, 112  # the bars' area; the labels below


@dataclass
class Point:
    """One bar of a metric's series: the recorded result (no date) or a measurement."""

    value: Decimal
    date: datetime.date | None = None
    note: str = ""
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0
    centre: float = 0
    axis: str = ""

    @property
    def recorded(self):
        return self.date is None


@dataclass
class Series:
    metric: object
    points: list
    drawn: bool  # False when no value is above zero: the table alone says it

    width = CHART_WIDTH
    height = CHART_HEIGHT
    baseline_y = BARS_BOTTOM  # the line the bars stand on
    axis_y = CHART_HEIGHT - 8  # their labels' baseline


def series(metric):
    """The chart of ``metric``'s follow-up (``None`` without measurements): the recorded
    result, then each measurement by date, as bars scaled to the largest value, labelled
    below by their year (by month and year when a year repeats)."""
    measurements = list(metric.measurements.all())
    if not measurements:
        return None
    points = [Point(metric.value)] + [Point(m.value, m.measured_on, m.note) for m in measurements]
    years = [m.measured_on.year for m in measurements]
    short = "n/Y" if len(set(years)) < len(years) else "Y"
    top = max(point.value for point in points)
    slot = CHART_WIDTH / len(points)
    for index, point in enumerate(points):
        point.width = round(slot * 0.6, 1)
        point.x = round(slot * index + slot * 0.2, 1)
        point.centre = round(slot * index + slot / 2, 1)
        share = max(point.value, 0) / top if top > 0 else 0
        point.height = round(float(share) * (BARS_BOTTOM - BARS_TOP), 1)
        point.y = round(BARS_BOTTOM - point.height, 1)
        point.axis = _("Ficha") if point.recorded else formats.date_format(point.date, short)
    return Series(metric=metric, points=points, drawn=top > 0)
