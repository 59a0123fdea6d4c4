"""The editorial workflow: every change of state of a practice, in one place.

    draft ──submit──▶ review ──publish──▶ published ──archive──▶ archived
      ▲                 │                    │
      └────return───────┘ (with a comment)   └──unpublish──▶ draft

Each transition is a keyword-only function ``practice_<action>(practice=…, by=…)``: it
checks the user's permission and the practice's state, changes it atomically and records
a ``Transition`` (who, when, from, to, comment). The admin's buttons and actions and the
tests call these functions; nothing else changes a practice's state, and never a GET.

A published practice is not edited in place: ``practice_start_revision`` copies it into a
draft *revision* that goes through the same review, and publishing the revision copies
its content back onto the published practice, which stays online all along.

Nobody approves their own work: whoever sent a practice to review, or changed its content
since it was last published, may not publish it (``authors_of_review``), whatever their
roles, superusers included.
"""

import difflib
import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practices import follow_up
from practices.models import (
    CriterionEvidence,
    ImpactMetric,
    Link,
    Practice,
    SuccessFactor,
    Transition,
)
from practices.text import fold_key

ROWS = (SuccessFactor, ImpactMetric, Link, CriterionEvidence)


class TransitionError(Exception):
    """The practice is not in a state (or not complete enough) for this change."""


class SelfApprovalError(PermissionDenied):
    """The user sent the practice to review or changed it: someone else must publish it."""


# --- Completeness ------------------------------------------------------------------------

REQUIRED = [
    ("title", lambda p: bool(p.title.strip())),
    ("code", lambda p: bool(p.code)),
    ("provider", lambda p: p.provider_id is not None),
    ("category", lambda p: p.category_id is not None),
    ("start_date", lambda p: p.start_date is not None),
    ("summary", lambda p: bool(p.summary.strip())),
    ("impact", lambda p: bool(p.impact.strip())),
    ("success_factors", lambda p: _linked(p, "has_success_factors", "success_factors")),
    (
        "coverage",
        lambda p: (
            bool(p.coverage_note.strip())
            or _linked(p, "has_coverage_places", "municipalities", "departments")
        ),
    ),
    ("replicability", lambda p: bool(p.replicability.strip())),
    ("limitations", lambda p: bool(p.limitations.strip())),
]
REQUIRED_NAMES = {
    "title": gettext_lazy("título"),
    "code": gettext_lazy("código"),
    "provider": gettext_lazy("autor de la buena práctica"),
    "category": gettext_lazy("categoría"),
    "start_date": gettext_lazy("fecha de inicio (la de finalización vacía si sigue en curso)"),
    "summary": gettext_lazy("resumen del proyecto"),
    "impact": gettext_lazy("impacto generado"),
    "success_factors": gettext_lazy("al menos un factor de éxito"),
    "coverage": gettext_lazy("cobertura geográfica"),
    "replicability": gettext_lazy("posibilidad de réplica"),
    "limitations": gettext_lazy("limitaciones"),
}


def _linked(practice, annotation, *relations):
    """Whether ``practice`` has rows in any of ``relations``: read from the annotation of
    Practice.objects.with_completeness() when the practice has it, else asked."""
    if hasattr(practice, annotation):
        return getattr(practice, annotation)
    return practice.pk is not None and any(
        getattr(practice, relation).exists() for relation in relations
    )


def completeness(practice):
    """(percent, [missing items in Spanish]) of what a ficha needs to be published."""
    missing = [str(REQUIRED_NAMES[name]) for name, check in REQUIRED if not check(practice)]
    done = len(REQUIRED) - len(missing)
    return round(100 * done / len(REQUIRED)), missing


def _given(*names):
    return lambda record: any(
        str(value).strip() for name in names if (value := getattr(record, name)) is not None
    )


# What it takes to replicate the practice (models.Feasibility): recommended, never
# required. The completeness report lists what is missing of it, but it counts neither in
# the percentage nor in what blocks sending to review, publishing or sending an
# application. Practices and recognition applications alike (both are Feasibility).
RECOMMENDED = [
    (gettext_lazy("costo aproximado"), _given("cost_min", "cost_max")),
    (gettext_lazy("personas involucradas"), _given("people_involved")),
    (gettext_lazy("tiempo para ponerla en marcha"), _given("setup_months")),
    (gettext_lazy("tecnología necesaria"), _given("technology")),
    (gettext_lazy("aliados"), _given("partners")),
    (gettext_lazy("requisitos previos"), _given("prerequisites")),
]


def recommended_missing(record):
    """[recommended items in Spanish] that ``record`` (a practice or an application) lacks."""
    return [str(name) for name, check in RECOMMENDED if not check(record)]


# --- Codes and duplicates ----------------------------------------------------------------

CODE_PREFIX = "BP-ANDESCO-SSPD"


def next_free_code(year):
    """The next BP-ANDESCO-SSPD-NNN-AAAA not used yet for ``year``."""
    codes = Practice.objects.filter(
        code__startswith=f"{CODE_PREFIX}-", code__endswith=f"-{year}"
    ).values_list("code", flat=True)
    numbers = [int(m[1]) for c in codes if (m := re.search(r"-(\d{3})-\d{4}$", c))]
    return f"{CODE_PREFIX}-{max(numbers, default=0) + 1:03d}-{year}"


def possible_duplicates(practice, threshold=0.8):
    """Other practices of the same provider whose title is very similar."""
    if not practice.provider_id or not practice.title:
        return []
    title = fold_key(practice.title)
    others = Practice.objects.filter(provider_id=practice.provider_id, revision_of__isnull=True)
    if practice.pk:
        others = others.exclude(pk=practice.pk).exclude(pk=practice.revision_of_id or 0)
    return [
        other
        for other in others.only("pk", "code", "title")
        if difflib.SequenceMatcher(None, title, fold_key(other.title)).ratio() >= threshold
    ]


# --- Transitions -------------------------------------------------------------------------


def _require(user, permission):
    if not user.has_perm(f"practices.{permission}"):
        raise PermissionDenied(_("No tiene permiso para este cambio de estado."))


def _locked(practice):
    return Practice.objects.select_for_update().get(pk=practice.pk)


def _move(practice, *, by, to, comment=""):
    before = practice.status
    practice.status = to
    practice.save()
    Transition.objects.create(
        practice=practice, from_status=before, to_status=to, by=by, comment=comment
    )
    return practice


def _expect(practice, *states):
    if practice.status not in states:
        raise TransitionError(
            _("La práctica está «%(status)s»; este cambio solo es posible desde: %(states)s.")
            % {
                "status": practice.get_status_display(),
                "states": ", ".join(str(Practice.Status(s).label) for s in states),
            }
        )


def practice_submit(*, practice, by):
    """An editor sends a draft to review."""
    _require(by, "submit_practice")
    with transaction.atomic():
        practice = _locked(practice)
        _expect(practice, Practice.Status.DRAFT)
        return _move(practice, by=by, to=Practice.Status.REVIEW)


def practice_return(*, practice, by, comment):
    """A reviewer sends a practice in review back to its editors, saying why."""
    _require(by, "publish_practice")
    if not (comment or "").strip():
        raise TransitionError(_("Escriba un comentario: el editor necesita saber qué corregir."))
    with transaction.atomic():
        practice = _locked(practice)
        _expect(practice, Practice.Status.REVIEW)
        return _move(practice, by=by, to=Practice.Status.DRAFT, comment=comment.strip())


def authors_of_review(practice):
    """Ids of the users who may not publish ``practice``: nobody approves their own work.

    They are whoever sent it to review the last time, and whoever changed its content
    since it was last published (since it was created, if it never was): creating it,
    proposing it as a revision, editing it or its rows, restoring a version. A change of
    state alone (submit, return, unpublish) changes no content. Changes are read from the
    history, which records the user of every admin request.
    """
    transitions = Transition.objects.filter(practice_id=practice.pk)
    authors = set(
        transitions.filter(to_status=Practice.Status.REVIEW).values_list("by_id", flat=True)[:1]
    )
    since = (
        transitions.filter(to_status=Practice.Status.PUBLISHED).values_list("at", flat=True).first()
    )
    versions = (
        Practice.history.filter(id=practice.pk)
        .order_by("history_date", "history_id")
        .values_list("history_date", "history_type", "status", "history_user_id")
    )
    status = None
    for when, kind, state, user_id in versions:
        # A saved version whose state moved is a transition (its content did not move).
        content_changed = kind != "~" or state == status
        status = state
        if content_changed and (since is None or when > since):
            authors.add(user_id)
    for model in ROWS:
        rows = model.history.filter(practice_id=practice.pk)
        if since is not None:
            rows = rows.filter(history_date__gt=since)
        authors.update(rows.values_list("history_user_id", flat=True).distinct())
    authors.discard(None)
    return authors


def may_publish(user, practice):
    """Whether ``user`` may publish ``practice`` once it is in review."""
    return user.has_perm("practices.publish_practice") and user.pk not in authors_of_review(
        practice
    )


SELF_APPROVAL = gettext_lazy(
    "Nadie aprueba su propio trabajo: usted envió esta práctica a revisión o modificó su "
    "contenido desde la última publicación. Otra persona con el rol Revisor debe publicarla."
)


def unconfirmed_references(practice):
    """The practice's provider and category still proposed by an import (Proposable),
    described: a practice is published only with reference data an administrator
    confirmed, since publishing it would show them."""
    items = []
    if practice.provider_id and practice.provider.proposed:
        items.append(_("el prestador «%(name)s»") % {"name": practice.provider})
    if practice.category_id and practice.category.proposed:
        items.append(_("la categoría «%(name)s»") % {"name": practice.category})
    return items


def proposals_refusal(practice):
    """Why ``practice`` cannot be published while an editor's proposals wait, or None."""
    proposals = unconfirmed_references(practice)
    if not proposals:
        return None
    return _(
        "No se puede publicar todavía: falta confirmar %(items)s, propuesto por un editor "
        "(acción «Confirmar las propuestas seleccionadas» en Prestadores o Categorías)."
    ) % {"items": " y ".join(proposals)}


def practice_publish(*, practice, by):
    """A reviewer publishes a complete practice in review (or a revision of one) that
    they neither sent to review nor changed (``authors_of_review``)."""
    _require(by, "publish_practice")
    with transaction.atomic():
        practice = _locked(practice)
        _expect(practice, Practice.Status.REVIEW)
        if by.pk in authors_of_review(practice):
            raise SelfApprovalError(str(SELF_APPROVAL))
        _percent, missing = completeness(practice)
        if missing:
            raise TransitionError(
                _("No se puede publicar: falta %(missing)s.") % {"missing": ", ".join(missing)}
            )
        refusal = proposals_refusal(practice)
        if refusal:
            raise TransitionError(refusal)
        if practice.revision_of_id:
            return _publish_revision(practice, by=by)
        return _move(practice, by=by, to=Practice.Status.PUBLISHED)


def practice_unpublish(*, practice, by, comment=""):
    """A reviewer withdraws a published practice to draft (it leaves the public site)."""
    _require(by, "publish_practice")
    with transaction.atomic():
        practice = _locked(practice)
        _expect(practice, Practice.Status.PUBLISHED)
        return _move(practice, by=by, to=Practice.Status.DRAFT, comment=comment)


def can_archive(user, practice):
    """Reviewers archive any practice; an editor may archive a draft, to discard it (a
    duplicate, an import by mistake): it was never public, and it is kept, not erased."""
    if user.has_perm("practices.publish_practice"):
        return True
    return user.has_perm("practices.submit_practice") and practice.status == Practice.Status.DRAFT


def practice_archive(*, practice, by, comment=""):
    """A practice leaves the catalogue for good: kept, never shown (see can_archive)."""
    if not can_archive(by, practice):
        raise PermissionDenied(_("No tiene permiso para este cambio de estado."))
    with transaction.atomic():
        practice = _locked(practice)
        if not can_archive(by, practice):  # its state changed meanwhile
            raise PermissionDenied(_("No tiene permiso para este cambio de estado."))
        if practice.revision_of_id:
            raise TransitionError(_("Una revisión no se archiva: descártela o publíquela."))
        _expect(practice, Practice.Status.DRAFT, Practice.Status.REVIEW, Practice.Status.PUBLISHED)
        return _move(practice, by=by, to=Practice.Status.ARCHIVED, comment=comment)


# --- Revisions of published practices -----------------------------------------------------

COPIED_FIELDS = [
    f.name
    for f in Practice._meta.concrete_fields
    if f.name
    not in {
        "id",
        "code",
        "status",
        "published_at",
        "created_at",
        "updated_at",
        "revision_of",
        "search_text",
        "search_names",
        "sort_title",
        # Counted from the published replications of the practice itself (replication
        # moderation), not content: a revision or an old version must not overwrite it.
        "replication_count",
    }
]


# The holder's consent is not a version of the ficha: a version restored keeps the
# consent (or its withdrawal) as it is today (privacy.consent).
CONSENT_FIELDS = {
    "contact_publish_allowed",
    "contact_consent_at",
    "contact_consent_channel",
    "contact_consent_notice_version",
    "contact_consent_recorded_by",
    "contact_consent_withdrawn_at",
}
RESTORED_FIELDS = [name for name in COPIED_FIELDS if name not in CONSENT_FIELDS]


def replace_content(target, *, rows=None, row_history=False, **relations):
    """The one way to replace what a practice says (a revision copied or published, a
    version restored, a ficha imported): ``target``'s fields as already set on it are
    saved; ``services``, ``departments`` and ``municipalities`` given in ``relations``
    replace its own; each model of ``rows`` ({model: [unsaved rows]}) has its rows
    replaced; a relation or model not given is left as it is. The search texts are
    computed once, at the end, and the practice's history has one entry for it all.
    ``row_history``: save rows one by one, so that each has its history entry (a restore is
    an edit of its rows), instead of in bulk. The metrics' follow-up measurements move to
    the new metrics (``follow_up.carry_measurements``)."""
    with target.as_one_history_entry(), Practice.search_deferred():
        target.save()
        for name, items in relations.items():
            getattr(target, name).set(items)
        for model, items in (rows or {}).items():
            old = list(model.objects.filter(practice=target))
            if model is not ImpactMetric:
                model.objects.filter(practice=target).delete()
            for item in items:
                item.pk, item.practice = None, target
            if row_history:
                for item in items:
                    item.save()
            else:
                model.objects.bulk_create(items)
            if model is ImpactMetric:  # the new metrics first: they take the follow-up
                follow_up.carry_measurements(old, items)
                model.objects.filter(pk__in=[row.pk for row in old]).delete()
    target.refresh_search()
    return target


def _copy_content(source, target):
    """Fields, services, coverage and rows of ``source`` onto ``target`` (saved)."""
    for name in COPIED_FIELDS:
        setattr(target, name, getattr(source, name))
    return replace_content(
        target,
        services=source.services.all(),
        departments=source.departments.all(),
        municipalities=source.municipalities.all(),
        rows={m: list(m.objects.filter(practice=source).order_by("pk")) for m in ROWS},
    )


def practice_start_revision(*, practice, by):
    """A draft copy of a published practice, to change it without taking it offline."""
    _require(by, "change_practice")
    return open_revision(practice)


def open_revision(practice):
    """The published ``practice``'s open revision, made if there is none. Without a
    permission check: for ``practice_start_revision`` and for the importer's updates, which
    its callers authorise (the command is run by the operator)."""
    with transaction.atomic():
        practice = _locked(practice)
        _expect(practice, Practice.Status.PUBLISHED)
        existing = practice.revisions.first()
        if existing:
            return existing
        revision = Practice(code=practice.code, revision_of=practice, status=Practice.Status.DRAFT)
        return _copy_content(practice, revision)


def content_of(practice):
    """What a revision would change: the copied fields, services, coverage and rows."""
    rows = tuple(
        tuple(
            model.objects.filter(practice=practice)
            .order_by("pk")
            .values_list(
                *[
                    f.attname
                    for f in model._meta.concrete_fields
                    if f.name not in {"id", "practice"}
                ]
            )
        )
        for model in ROWS
    )
    return (
        tuple(getattr(practice, name) for name in COPIED_FIELDS),
        tuple(sorted(practice.services.values_list("pk", flat=True))),
        tuple(sorted(practice.departments.values_list("pk", flat=True))),
        tuple(sorted(practice.municipalities.values_list("pk", flat=True))),
        rows,
    )


def _publish_revision(revision, *, by):
    original = Practice.objects.select_for_update().get(pk=revision.revision_of_id)
    _copy_content(revision, original)
    Transition.objects.create(
        practice=original,
        from_status=original.status,
        to_status=original.status,
        by=by,
        comment=_("Se publicaron los cambios de una revisión (%(date)s).")
        % {"date": timezone.localtime().strftime("%Y-%m-%d %H:%M")},
    )
    revision.delete()
    return original
