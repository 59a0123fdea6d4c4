"""The jury's numbers: each application's weighted total, the ranking per category with
ties flagged, and each juror's progress. Only sent scorecards count.

An application's total is the mean over the jurors who sent a scorecard of
sum(score * weight) / sum(weight), on the call's scale; two applications of a category tie
when their totals are equal to two decimals.
"""

import itertools
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, Sum, Value, When

from recognition.models import Score, Scorecard


@dataclass
class Ranked:
    application: object
    total: float | None
    scorecards: int
    tied: bool = False
    position: int = 0


@dataclass
class CategoryRanking:
    category: object
    rows: list = field(default_factory=list)
    count: int = 0  # the category's applications (``ranking``), whatever ``cut`` leaves out

    def cut(self, size):
        """Only the first ``size`` rows, and those tied with the last of them."""
        if len(self.rows) > size:
            last = self.rows[size - 1]
            self.rows = self.rows[:size] + [
                row
                for row in self.rows[size:]
                if last.tied and row.tied and round(row.total, 2) == round(last.total, 2)
            ]
        return self


def totals(call):
    """{application id: (weighted total, scorecards sent)}; two queries, the sums made by
    the database (a season's tens of thousands of scores never reach Python), each score
    weighed by its criterion's weight as a constant (no join of the criteria)."""
    weights = dict(call.edition.evaluation_criteria.values_list("pk", "weight"))
    weight_sum = sum(weights.values()) or 1
    weighted = Case(
        *(When(criterion_id=pk, then=F("value") * weight) for pk, weight in weights.items()),
        default=Value(0),
    )
    rows = (
        Score.objects.filter(
            scorecard__application__call=call, scorecard__submitted_at__isnull=False
        )
        .order_by()
        .values("scorecard__application_id")
        .annotate(weighted=Sum(weighted), cards=Count("scorecard_id", distinct=True))
    )
    return {
        row["scorecard__application_id"]: (
            row["weighted"] / weight_sum / row["cards"],
            row["cards"],
        )
        for row in rows
    }


def ranking(call):
    """[CategoryRanking] of the call's eligible applications, best first."""
    computed = totals(call)
    by_category = {}
    applications = (
        call.applications.for_jury()
        .select_related("provider", "category")
        # What the ranking shows: not the application's texts.
        .only("call", "title", "provider__name", "provider__short_name", "category__name")
        .order_by("category__name", "pk")
    )
    for application in applications:
        total, cards = computed.get(application.pk, (None, 0))
        by_category.setdefault(
            application.category_id, CategoryRanking(application.category)
        ).rows.append(Ranked(application, total, cards))
    for group in by_category.values():
        group.count = len(group.rows)
        group.rows.sort(key=lambda r: (r.total is None, -(r.total or 0), r.application.pk))
        for position, row in enumerate(group.rows, 1):
            row.position = position
        scored = [r for r in group.rows if r.total is not None]
        for a, b in itertools.pairwise(scored):
            if round(a.total, 2) == round(b.total, 2):
                a.tied = b.tied = True
    return list(by_category.values())


def progress(call):
    """[(juror, applications they may score, scorecards they sent)]: three queries, however
    many jurors (what each may score is JuryMember.applications(), counted here from the
    providers of the jury's applications and each juror's prefetched conflicts)."""
    sent = dict(
        Scorecard.objects.filter(application__call=call, submitted_at__isnull=False)
        .order_by()
        .values("juror_id")
        .annotate(n=Count("pk"))
        .values_list("juror_id", "n")
    )
    providers = list(call.applications.for_jury().values_list("provider_id", flat=True))
    rows = []
    for juror in call.jury.select_related("user").prefetch_related("conflicts"):
        conflicts = {provider.pk for provider in juror.conflicts.all()}
        assigned = sum(provider not in conflicts for provider in providers)
        rows.append((juror, assigned, sent.get(juror.pk, 0)))
    return rows
