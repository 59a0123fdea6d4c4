"""The jury's numbers: each application's weighted total, the ranking per category with
ties flagged, and each juror's progress. Only sent scorecards count.

An application's total is the mean over the jurors who sent a scorecard of
sum(score * weight) / sum(weight), on the call's scale; two applications of a category tie
when their totals are equal to two decimals.
"""

import itertools
from collections import defaultdict
from dataclasses import dataclass, field

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


def totals(call):
    """{application id: (weighted total, scorecards sent)}; two queries."""
    weights = {c.pk: c.weight for c in call.edition.evaluation_criteria.all()}
    weight_sum = sum(weights.values()) or 1
    per_card = defaultdict(float)
    card_of = {}
    for card, application, criterion, value in Score.objects.filter(
        scorecard__application__call=call, scorecard__submitted_at__isnull=False
    ).values_list("scorecard_id", "scorecard__application_id", "criterion_id", "value"):
        per_card[card] += value * weights.get(criterion, 0)
        card_of[card] = application
    sums, counts = defaultdict(float), defaultdict(int)
    for card, weighted in per_card.items():
        sums[card_of[card]] += weighted / weight_sum
        counts[card_of[card]] += 1
    return {app: (sums[app] / counts[app], counts[app]) for app in sums}


def ranking(call):
    """[CategoryRanking] of the call's eligible applications, best first."""
    computed = totals(call)
    by_category = {}
    applications = (
        call.applications.for_jury()
        .select_related("provider", "category")
        .order_by("category__name", "pk")
    )
    for application in applications:
        total, cards = computed.get(application.pk, (None, 0))
        by_category.setdefault(
            application.category_id, CategoryRanking(application.category)
        ).rows.append(Ranked(application, total, cards))
    for group in by_category.values():
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
    sent = defaultdict(int)
    for juror in Scorecard.objects.filter(
        application__call=call, submitted_at__isnull=False
    ).values_list("juror_id", flat=True):
        sent[juror] += 1
    providers = list(call.applications.for_jury().values_list("provider_id", flat=True))
    rows = []
    for juror in call.jury.select_related("user").prefetch_related("conflicts"):
        conflicts = {provider.pk for provider in juror.conflicts.all()}
        assigned = sum(provider not in conflicts for provider in providers)
        rows.append((juror, assigned, sent[juror.pk]))
    return rows
