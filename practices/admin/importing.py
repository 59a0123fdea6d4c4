"""The admin's "Importar fichas" page: upload, preview every parsed field, confirm."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practices.admin import pending_uploads
from practices.fichas.importer import MAX_FILE_BYTES, FichaFile, import_fichas
from practices.fichas.reader import FIELD_NAMES, OFFICIAL_ORDER
from practices.models import format_partial_date
from practices.text import format_number, metric_summary

SESSION_KEY = "practices:ficha-import"
# The token of the preview made with "Actualizar las que ya existen": its confirmation
# imports with the same choice (the update=True of import_fichas, as the command's --update).
UPDATE_SESSION_KEY = "practices:ficha-import-update"
MAX_FILES = 50
# Reading a whole batch, within a request: well under gunicorn's timeout (GUNICORN_TIMEOUT),
# so that a batch of hostile files cannot hold a worker (each file has its 2 s as well).
BATCH_SECONDS = 30


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("Fichas"),
        help_text=gettext_lazy(
            "Uno o varios archivos .txt (formato de la ficha oficial) o .docx (ficha en una "
            "tabla de dos columnas); máximo 50 archivos de 5 MB."
        ),
        widget=MultipleFileInput(attrs={"accept": ".txt,.docx"}),
    )
    update = forms.BooleanField(
        label=gettext_lazy("Actualizar las que ya existen"),
        required=False,
        help_text=gettext_lazy(
            "Sin marcar, una ficha cuyo código ya existe se omite. Marcada, actualiza su "
            "práctica: un borrador se actualiza; una práctica publicada recibe una revisión "
            "que un revisor publica; una en revisión no se toca. Lo que el archivo no trae se "
            "conserva."
        ),
    )

    def __init__(self, *args, can_update=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_update:  # updating needs the permission to change practices
            del self.fields["update"]

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("Suba como máximo %(n)s archivos.") % {"n": MAX_FILES})
        for upload in files:
            if upload.size > MAX_FILE_BYTES:
                raise forms.ValidationError(
                    _("«%(name)s» pesa más de 5 MB.") % {"name": upload.name}
                )
            if not upload.name.lower().endswith((".txt", ".docx")):
                raise forms.ValidationError(
                    _("«%(name)s» no es .txt ni .docx.") % {"name": upload.name}
                )
        return files


def import_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    can_update = model_admin.has_change_permission(request)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Importar fichas"),
        "can_update": can_update,
    }
    action = request.POST.get("action")
    if request.method == "POST" and action == "preview":
        form = UploadForm(request.POST, request.FILES, can_update=can_update)
        if form.is_valid():
            files = [FichaFile(f.name, f.read()) for f in form.cleaned_data["files"]]
            update = form.cleaned_data.get("update", False)
            pending_uploads.discard(request.session.get(SESSION_KEY))  # an earlier preview
            token = pending_uploads.keep(files, request.user.pk)
            request.session[SESSION_KEY] = token
            request.session[UPDATE_SESSION_KEY] = token if update else None
            report = import_fichas(
                files, update=update, dry_run=True, seconds=BATCH_SECONDS, by=request.user
            )
            return _preview(request, context, report, token)
    elif request.method == "POST" and action in ("confirm", "cancel"):
        token = request.session.get(SESSION_KEY)
        stored = None
        if token and token == request.POST.get("token"):
            stored = pending_uploads.take(token, request.user.pk)
        if stored is None:
            messages.error(
                request, _("La vista previa ya no está disponible: suba las fichas de nuevo.")
            )
            return redirect("admin:practices_practice_import")
        if action == "cancel":
            _forget(request, token)
            messages.info(request, _("Importación cancelada: no se escribió nada."))
            return redirect("admin:practices_practice_changelist")
        files = [FichaFile(name, content) for name, content in stored]
        # As previewed: with "Actualizar las que ya existen" only if that preview had it.
        update = can_update and request.session.get(UPDATE_SESSION_KEY) == token
        report = import_fichas(files, update=update, seconds=BATCH_SECONDS, by=request.user)
        if not report.ok:
            return _preview(request, context, report, token)
        _forget(request, token)
        messages.success(request, _finished(report))
        return redirect("admin:practices_practice_changelist")
    else:
        form = UploadForm(can_update=can_update)
    return TemplateResponse(
        request, "admin/practices/practice/import_upload.html", {**context, "form": form}
    )


def _forget(request, token):
    pending_uploads.discard(token)
    request.session.pop(SESSION_KEY, None)
    request.session.pop(UPDATE_SESSION_KEY, None)


def _finished(report):
    counts = {
        "created": report.count("create"),
        "updated": report.count("update"),
        "skipped": report.count("skip"),
    }
    if report.update:
        return (
            _(
                "Importación terminada: %(created)s ficha(s) creada(s) como borrador, "
                "%(updated)s actualizada(s), %(skipped)s sin cambios."
            )
            % counts
        )
    return (
        _(
            "Importación terminada: %(created)s ficha(s) creada(s) como borrador, %(skipped)s "
            "omitida(s) porque su código ya existía."
        )
        % counts
    )


def _preview(request, context, report, token):
    files = []
    for outcome in report.outcomes:
        rows = preview_rows(outcome)
        shown = {row["name"] for row in rows}
        general = [p for p in outcome.problems if p.field not in shown]
        files.append({"outcome": outcome, "rows": rows, "general": general})
    return TemplateResponse(
        request,
        "admin/practices/practice/import_preview.html",
        {
            **context,
            "title": _("Vista previa de la importación"),
            "report": report,
            "files": files,
            "token": token,
        },
    )


def _dates(ficha):
    parts = []
    if ficha.start_date:
        parts.append(
            _("inicio: %(date)s")
            % {"date": format_partial_date(ficha.start_date, ficha.start_precision)}
        )
    if ficha.end_date:
        parts.append(
            _("finalización: %(date)s")
            % {"date": format_partial_date(ficha.end_date, ficha.end_precision)}
        )
    elif ficha.start_date:
        parts.append(_("en curso"))
    if ficha.dates_note:
        parts.append(_("nota: %(note)s") % {"note": ficha.dates_note})
    return parts


def _impact_figures(ficha):
    if ficha.users_reached is not None:
        yield _("usuarios impactados: %(n)s") % {"n": format_number(ficha.users_reached)}
    for metric in ficha.metrics:
        yield metric_summary(**metric)


def preview_rows(outcome):
    """One row per field: the name, what was read, the source lines and their problems."""
    ficha = outcome.ficha
    values = {
        "title": [ficha.title],
        "code": [ficha.code],
        "provider": [
            f"{ficha.provider_name} ({ficha.provider_short_name})"
            if ficha.provider_short_name
            else ficha.provider_name
        ],
        "dates": _dates(ficha),
        "category": [ficha.category_name],
        "target_population": [ficha.target_population],
        "summary": [ficha.summary],
        "impact": [ficha.impact, *_impact_figures(ficha)],
        "success_factors": [f"{t}: {d}" if d else t for t, d in ficha.success_factors],
        "coverage": [
            ficha.coverage_note,
            ", ".join(str(d) for d in outcome.departments),
            ", ".join(m.name for m in outcome.municipalities),
        ],
        "validation": [ficha.validation],
        "replicability": [ficha.replicability],
        "limitations": [ficha.limitations],
        "links": [
            f"[{link['kind']}] {link['label'] + ': ' if link['label'] else ''}{link['url']}"
            for link in ficha.links
        ],
        "contact": [
            ficha.contact_name,
            ficha.contact_role,
            ficha.contact_email,
            ficha.contact_phone,
        ],
        "edition": [
            ficha.edition_name or (str(ficha.edition_number) if ficha.edition_number else "")
        ],
        "services": [", ".join(s.name for s in outcome.services)],
        "provider_size": [ficha.provider_size],
    }
    for slug, evidence in ficha.criteria.items():
        values[f"criterion:{slug}"] = [evidence]
    keys = [*OFFICIAL_ORDER, *(k for k in values if k not in OFFICIAL_ORDER)]
    rows = []
    for key in keys:
        name = FIELD_NAMES[key]
        span = ficha.spans.get(key)
        rows.append(
            {
                "name": name,
                "values": [v for v in values.get(key, []) if v],
                "lines": f"{span[0]}–{span[1]}"
                if span and span[1] > span[0]
                else (span[0] if span else ""),
                "source": span[2] if span else "",
                "problems": [p for p in ficha.problems if p.field == name],
            }
        )
    return rows
