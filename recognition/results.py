"""Publishing a call's results: staff have set each recognised application's level
(ganadora, mención, finalista); publishing moves the call to "resultados publicados",
tells every applicant their result (the outbox), and turns each recognised application
into a draft practice of the catalogue, which then follows the usual review.

The draft gets a suggested code, the provider, edition and category, the ficha's fields
(what it takes to replicate it too), the success factors one per line, the level as its
badge, the representative as a contact to verify (nothing is published without the
holder's consent), and, for each evaluation criterion that is also one of the catalogue's
good-practice criteria, the jury's comments as evidence when the jury agrees (every juror
who sent a scorecard gave it at least the middle of the scale).
"""

from django.db import transaction
from django.utils.translation import gettext

from outbox.sending import enqueue
from practices import workflow
from practices.models import Criterion, Feasibility, Practice, SuccessFactor
from practices.text import fold
from recognition.models import ApplicationStatus, Level, Score, Stage, record


class ResultsError(Exception):
    pass


@transaction.atomic
def publish(call, by):
    """Publish ``call``'s results; the draft practices made."""
    if call.stage != Stage.EVALUATION:
        raise ResultsError(gettext("Los resultados se publican al terminar la evaluación."))
    applications = (
        call.applications.filter(status=ApplicationStatus.SUBMITTED)
        .select_related("provider", "category", "representative__user", "call__edition")
        .prefetch_related("services", "departments", "municipalities")
        .order_by("pk")
    )
    made = []
    for application in applications:
        if application.level and application.practice_id is None:
            application.practice = _draft(application, by)
            application.save(update_fields=["practice"])
            made.append(application.practice)
        _notify(application)
    call.stage = Stage.RESULTS
    call.save(update_fields=["stage"])
    record(
        "resultados_publicados",
        call=call,
        by=by,
        detail=", ".join(practice.code for practice in made) or "—",
    )
    return made


def _draft(application, by):
    representative = application.representative
    practice = Practice(
        code=workflow.next_free_code(application.call.edition.year),
        title=application.title,
        provider=application.provider,
        edition=application.call.edition,
        category=application.category,
        start_date=application.start_date,
        end_date=application.end_date,
        target_population=application.target_population,
        summary=application.summary,
        impact=application.impact,
        users_reached=application.users_reached,
        coverage_note=application.coverage_note,
        validation=application.validation,
        replicability=application.replicability,
        limitations=application.limitations,
        # What it takes to replicate it, as the applicant estimated it.
        **{name: getattr(application, name) for name in Feasibility.FIELDS},
        recognition_level=application.level,
        # A contact to verify: published only once someone records the holder's consent.
        contact_name=representative.user.get_full_name(),
        contact_role=representative.position,
        contact_email=representative.user.email,
        contact_phone=representative.phone,
    )
    practice._history_user = by
    with practice.as_one_history_entry():
        practice.save()
        practice.services.set(application.services.all())
        practice.departments.set(application.departments.all())
        practice.municipalities.set(application.municipalities.all())
    lines = [line.strip() for line in application.success_factors.splitlines() if line.strip()]
    SuccessFactor.objects.bulk_create(
        SuccessFactor(practice=practice, position=n, title=line[:300])
        for n, line in enumerate(lines)
    )
    for criterion, evidence in _agreed_evidence(application).items():
        practice.criterion_evidence.create(criterion=criterion, evidence=evidence)
    practice.refresh_search()
    return practice


def _agreed_evidence(application):
    """{catalogue criterion: the jurors' comments} where every sent score of the
    evaluation criterion of the same name is at least the middle of the scale."""
    call = application.call
    middle = (call.score_min + call.score_max) / 2
    catalogue = {fold(c.name): c for c in Criterion.objects.all()}
    scores = {}
    for score in Score.objects.filter(
        scorecard__application=application, scorecard__submitted_at__isnull=False
    ).select_related("criterion"):
        scores.setdefault(score.criterion, []).append(score)
    agreed = {}
    for criterion, given in scores.items():
        match = catalogue.get(fold(criterion.name))
        if match and all(score.value >= middle for score in given):
            comments = [score.comment.strip() for score in given if score.comment.strip()]
            if comments:
                agreed[match] = "\n\n".join(comments)
    return agreed


def _notify(application):
    facts = {
        "number": application.number,
        "title": application.title,
        "call": application.call.edition.name,
    }
    if application.level:
        facts["level"] = application.get_level_display().lower()
        body = gettext(
            "¡Felicitaciones! La práctica «%(title)s» (%(number)s) fue reconocida en "
            "%(call)s como %(level)s. La entidad preparará su ficha para el catálogo y le "
            "escribirá para verificar los datos de contacto."
        )
    else:
        body = gettext(
            "Gracias por postular «%(title)s» (%(number)s) a %(call)s. Esta vez no fue "
            "reconocida; los resultados están publicados en el sitio."
        )
    enqueue(
        application.representative.user.email,
        gettext("Resultados de %(call)s") % facts,
        body % facts,
        purpose=f"recognition:{application.number}",
    )


def announced(call):
    """The call's recognised applications as its results page announces them: level
    (ganadora first), category, title; each with ``ficha``, its practice once published
    (the one rule of what is public, Practice.objects.published()), else None."""
    order = {level: rank for rank, level in enumerate(Level.values)}
    recognised = sorted(
        call.applications.exclude(level="").select_related("provider", "category"),
        key=lambda a: (order.get(a.level, len(order)), a.category.name, a.title),
    )
    published = Practice.objects.published().filter(
        pk__in=[a.practice_id for a in recognised if a.practice_id]
    )
    fichas = {practice.pk: practice for practice in published.only("code")}
    for application in recognised:
        application.ficha = fichas.get(application.practice_id)
    return recognised
