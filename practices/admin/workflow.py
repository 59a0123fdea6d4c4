"""Admin pages of the editorial workflow: state buttons, history, comparison, restore.

Every button posts to one of these views, which call practices.workflow; a GET never
changes anything (the "devolver" page only shows the comment form).
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from practices import workflow
from practices.models import (
    CriterionEvidence,
    ImpactMetric,
    Link,
    Practice,
    SuccessFactor,
    Transition,
)
from practices.text import metric_summary

ACTIONS = {
    "enviar": (workflow.practice_submit, _("Enviada a revisión.")),
    "publicar": (workflow.practice_publish, _("Publicada.")),
    "despublicar": (workflow.practice_unpublish, _("Retirada del sitio: vuelve a borrador.")),
    "archivar": (workflow.practice_archive, _("Archivada.")),
}


def can_edit(user, practice):
    """Drafts for editors and reviewers; practices in review for reviewers only."""
    if not user.has_perm("practices.change_practice"):
        return False
    if practice.status == Practice.Status.DRAFT:
        return True
    if practice.status == Practice.Status.REVIEW:
        return user.has_perm("practices.publish_practice")
    return False


def may_archive(user, practice):
    """Whether archiving is offered: the workflow allows it and the practice can be."""
    return (
        practice.status != Practice.Status.ARCHIVED
        and not practice.revision_of_id
        and workflow.can_archive(user, practice)
    )


def publication_refusal(user, practice):
    """Why a reviewer may not publish this practice in review (they sent it to review or
    changed it: workflow.authors_of_review; or an import proposed its provider or category
    and no administrator confirmed it yet), or None."""
    if practice.status != Practice.Status.REVIEW or not user.has_perm("practices.publish_practice"):
        return None
    if not workflow.may_publish(user, practice):
        return workflow.SELF_APPROVAL
    return workflow.proposals_refusal(practice)


_UNKNOWN = object()


def available_actions(user, practice, *, refusal=_UNKNOWN):
    """[(action, label, style)] the user may take on the practice now; ``refusal`` is
    publication_refusal(user, practice), when the caller has it already."""
    status, actions = practice.status, []
    if status == Practice.Status.DRAFT and user.has_perm("practices.submit_practice"):
        actions.append(("enviar", _("Enviar a revisión"), "default"))
    if user.has_perm("practices.publish_practice"):
        if status == Practice.Status.REVIEW:
            if refusal is _UNKNOWN:
                refusal = publication_refusal(user, practice)
            if not refusal:
                actions.append(("publicar", _("Publicar"), "default"))
            actions.append(("devolver", _("Devolver al editor…"), ""))
        if status == Practice.Status.PUBLISHED:
            actions.append(("despublicar", _("Retirar del sitio"), ""))
    if may_archive(user, practice):
        actions.append(("archivar", _("Archivar"), ""))
    if (
        status == Practice.Status.PUBLISHED
        and user.has_perm("practices.change_practice")
        and not practice.revision_of_id
    ):
        actions.append(("revision", _("Proponer cambios (crear una revisión)"), ""))
    return actions


def _change_url(practice):
    return redirect("admin:practices_practice_change", practice.pk)


def transition_view(model_admin, request, object_id, action):
    practice = get_object_or_404(Practice, pk=object_id)
    if action == "devolver":
        return return_view(model_admin, request, practice)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        if action == "revision":
            revision = workflow.practice_start_revision(practice=practice, by=request.user)
            messages.success(
                request,
                _(
                    "Edite esta revisión: la versión publicada no cambia hasta que un revisor "
                    "la publique."
                ),
            )
            return _change_url(revision)
        function, done = ACTIONS[action]
        result = function(practice=practice, by=request.user)
    except KeyError as error:
        raise PermissionDenied from error
    except (workflow.TransitionError, workflow.SelfApprovalError) as error:
        messages.error(request, str(error))
        return _change_url(practice)
    messages.success(request, done)
    return _change_url(result)


def archive_instead_view(model_admin, request, object_id):
    """The admin's "delete" for staff without the delete permission (everyone but the
    Administrador): archive the practice through the workflow, after confirmation, so it
    leaves the site and stays recorded. Not offered to whom may not archive it."""
    practice = model_admin.get_object(request, unquote(object_id))
    if practice is None:
        raise Http404
    if not may_archive(request.user, practice):
        raise PermissionDenied
    if request.method == "POST":
        try:
            workflow.practice_archive(
                practice=practice,
                by=request.user,
                comment=_("Eliminada en el administrador: archivada, no borrada."),
            )
        except workflow.TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Archivada: ya no se muestra en el sitio y se conserva con su historial."),
            )
        return _change_url(practice)
    return TemplateResponse(
        request,
        "admin/practices/practice/archive_instead.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": Practice._meta,
            "original": practice,
            "title": _("Eliminar: la práctica se archivará"),
        },
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Comentario para el editor"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Obligatorio: qué debe corregir antes de enviarla de nuevo."),
    )


def return_view(model_admin, request, practice):
    if not request.user.has_perm("practices.publish_practice"):
        raise PermissionDenied
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.practice_return(
                practice=practice, by=request.user, comment=form.cleaned_data["comment"]
            )
        except workflow.TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Devuelta al editor con su comentario."))
        return _change_url(practice)
    return TemplateResponse(
        request,
        "admin/practices/practice/return.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": Practice._meta,
            "original": practice,
            "title": _("Devolver al editor"),
            "form": form,
        },
    )


# --- History ---------------------------------------------------------------------------

ROW_MODELS = [
    (SuccessFactor, _("Factores de éxito"), lambda r: f"{r.title}: {r.description}"),
    (
        ImpactMetric,
        _("Indicadores de impacto"),
        lambda r: metric_summary(r.label, r.channel, r.baseline, r.value, r.unit),
    ),
    (Link, _("Enlaces"), lambda r: f"{r.url} {r.label} [{r.kind}]"),
    (CriterionEvidence, _("Criterios"), lambda r: f"{r.criterion_id}: {r.evidence}"),
]


def moment_of(record):
    """When a version's rows were complete: just before the next version (the admin saves
    a practice, then its rows), or now for the latest one."""
    following = (
        record.instance_type.history.filter(id=record.id, history_date__gt=record.history_date)
        .order_by("history_date")
        .first()
    )
    if following is None:
        return timezone.now()
    return following.history_date - datetime.timedelta(microseconds=1)


def rows_as_of(practice_id, when):
    """{label: [row text, …]} of the practice's rows as they were at ``when``."""
    result = {}
    for model, label, text in ROW_MODELS:
        rows = model.history.as_of(when).filter(practice_id=practice_id)
        result[str(label)] = sorted(text(row) for row in rows)
    return result


def history_view(model_admin, request, object_id):
    practice = get_object_or_404(Practice, pk=object_id)
    if not model_admin.has_view_permission(request, practice):
        raise PermissionDenied
    versions = practice.history.select_related("history_user").order_by(
        "-history_date", "-history_id"
    )
    entries = history_entries(versions)
    return TemplateResponse(
        request,
        "admin/practices/practice/history.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": Practice._meta,
            "original": practice,
            "title": _("Historial de %(code)s") % {"code": practice.code},
            "entries": entries,
            "transitions": practice.transitions.select_related("by"),
            "can_restore": can_edit(request.user, practice)
            or (practice.is_published and request.user.has_perm("practices.change_practice")),
        },
    )


@dataclass
class HistoryEntry:
    record: object  # the ficha as the action left it
    kind: str  # Creada, Modificada, Restaurada, Eliminada
    reason: str


def history_entries(versions):
    """The history page's entries: one per action (Practice.as_one_history_entry), named
    as staff say it."""
    restored = (_("Restaurada la versión del %(date)s") % {"date": ""}).strip()
    entries = []
    for record in versions:
        reason = record.history_change_reason or ""
        if record.history_type == "+":
            kind = _("Creada")
        elif record.history_type == "-":
            kind = _("Eliminada")
        elif reason.startswith(restored):
            kind = _("Restaurada")
        else:
            kind = _("Modificada")
        entries.append(HistoryEntry(record, kind, reason))
    return entries


def _m2m_ids(record, field_name):
    reverse = Practice._meta.get_field(field_name).m2m_reverse_field_name()
    return [getattr(row, f"{reverse}_id") for row in getattr(record, field_name).all()]


def _value(record, field_name):
    field = Practice._meta.get_field(field_name)
    if field.many_to_many:
        objects = field.related_model.objects.filter(pk__in=_m2m_ids(record, field_name))
        return ", ".join(str(obj) for obj in objects) or "—"
    value = getattr(record, field_name)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if value is None or value == "":
        return "—"
    if hasattr(value, "isoformat"):
        return formats.localize(value)
    return str(value)


def compare_view(model_admin, request, object_id):
    practice = get_object_or_404(Practice, pk=object_id)
    if not model_admin.has_view_permission(request, practice):
        raise PermissionDenied
    versions = practice.history
    try:
        older = versions.get(history_id=request.GET.get("a"))
        newer = versions.get(history_id=request.GET.get("b"))
    except (Practice.history.model.DoesNotExist, ValueError) as error:
        raise PermissionDenied(_("Elija dos versiones de esta práctica.")) from error
    if older.history_date > newer.history_date:
        older, newer = newer, older
    delta = newer.diff_against(older)
    changes = [
        {
            "field": Practice._meta.get_field(change.field).verbose_name,
            "old": _value(older, change.field),
            "new": _value(newer, change.field),
        }
        for change in delta.changes
    ]
    rows_before = rows_as_of(practice.pk, moment_of(older))
    rows_after = rows_as_of(practice.pk, moment_of(newer))
    for label, before in rows_before.items():
        after = rows_after[label]
        if before != after:
            changes.append(
                {"field": label, "old": "\n".join(before) or "—", "new": "\n".join(after) or "—"}
            )
    return TemplateResponse(
        request,
        "admin/practices/practice/compare.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": Practice._meta,
            "original": practice,
            "title": _("Cambios entre dos versiones"),
            "older": older,
            "newer": newer,
            "changes": changes,
        },
    )


def restore_view(model_admin, request, object_id, history_id):
    """Bring back an old version as a new one (nothing is erased). A published practice
    is restored into a revision, so the change goes through review."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    practice = get_object_or_404(Practice, pk=object_id)
    record = get_object_or_404(practice.history, history_id=history_id)
    with transaction.atomic():
        if practice.is_published:
            target = workflow.practice_start_revision(practice=practice, by=request.user)
        elif can_edit(request.user, practice):
            target = practice
        else:
            raise PermissionDenied
        restore(record, target)
    messages.success(
        request,
        _("Se restauró la versión del %(date)s como una versión nueva.")
        % {"date": formats.localize(timezone.localtime(record.history_date))},
    )
    return _change_url(target)


RELATIONS = ("services", "departments", "municipalities")


def restore(record, target):
    """Put the fields, services, coverage and rows of ``record`` onto ``target``."""
    old = record.instance
    moment = moment_of(record)
    for name in workflow.RESTORED_FIELDS:
        setattr(target, name, getattr(old, name))
    target._change_reason = _("Restaurada la versión del %(date)s") % {
        "date": formats.localize(timezone.localtime(record.history_date))
    }
    return workflow.replace_content(
        target,
        **{field: _m2m_ids(record, field) for field in RELATIONS},
        rows={
            model: list(model.history.as_of(moment).filter(practice_id=record.id))
            for model, _label, _text in ROW_MODELS
        },
        row_history=True,
    )


# --- The admin home: each role's work ------------------------------------------------

QUEUE_ROWS = 10


@dataclass
class Queue:
    """One list of the admin home: its title, how many, the first rows and where the rest
    are."""

    name: str
    title: str
    count: int
    practices: list
    url: str
    empty: str


def work_queues(user):
    """The admin home's lists for ``user``: "Pendientes de revisión" for whoever
    publishes; "Devueltas para corregir" (with the reviewer's comment), "Mis borradores" and
    "Enviadas a revisión" for whoever sends to review. Two queries per list, whatever their
    length."""
    if not user.is_active or not user.is_staff:
        return []
    last = Transition.objects.filter(practice=OuterRef("pk")).order_by("-at", "-pk")
    sent_by = last.filter(to_status=Practice.Status.REVIEW).values("by")[:1]
    drafts = (
        Practice.objects.filter(status=Practice.Status.DRAFT)
        .select_related("provider")
        .annotate(
            last_from=Subquery(last.values("from_status")[:1]),
            last_comment=Subquery(last.values("comment")[:1]),
            last_at=Subquery(last.values("at")[:1]),
            sent_by=Subquery(sent_by),
        )
    )
    changelist = reverse("admin:practices_practice_changelist")
    queues = []
    if user.has_perm("practices.publish_practice"):
        waiting = (
            Practice.objects.filter(status=Practice.Status.REVIEW)
            .select_related("provider")
            .order_by("updated_at", "pk")
        )
        queues.append(
            _queue(
                "review",
                _("Pendientes de revisión"),
                waiting,
                f"{changelist}?status__exact=review",
                _("Ninguna práctica espera revisión."),
            )
        )
    if user.has_perm("practices.submit_practice"):
        returned = drafts.filter(last_from=Practice.Status.REVIEW, sent_by=user.pk)
        sent = (
            Practice.objects.filter(status=Practice.Status.REVIEW)
            .select_related("provider")
            .annotate(sent_by=Subquery(sent_by))
            .filter(sent_by=user.pk)
        )
        created = Practice.history.filter(history_type="+", history_user=user).values("id")
        mine = drafts.filter(pk__in=created).exclude(pk__in=returned.values("pk"))
        queues += [
            _queue(
                "returned",
                _("Devueltas para corregir"),
                returned.order_by("-last_at", "-pk"),
                f"{changelist}?status__exact=draft",
                _("Ninguna práctica suya ha sido devuelta."),
            ),
            _queue(
                "drafts",
                _("Mis borradores"),
                mine.order_by("-updated_at", "-pk"),
                f"{changelist}?status__exact=draft",
                _("No tiene borradores."),
            ),
            _queue(
                "sent",
                _("Enviadas a revisión"),
                sent.order_by("-updated_at", "-pk"),
                f"{changelist}?status__exact=review",
                _("Ninguna práctica suya espera revisión."),
            ),
        ]
    return queues


def _queue(name, title, practices, url, empty):
    return Queue(name, title, practices.count(), list(practices[:QUEUE_ROWS]), url, empty)
