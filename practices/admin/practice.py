"""The editors' product: the ficha, section by section, with its ordered rows inline."""

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ops.admin_actions import ask_reason
from practices import workflow
from practices.admin import workflow as admin_workflow
from practices.admin.follow_up import follow_up_link
from practices.admin.importing import import_view
from practices.admin.wording import FeminineMessagesMixin
from practices.fichas.reader import guess_link_kind
from practices.models import (
    CriterionEvidence,
    ImpactMetric,
    Link,
    Practice,
    PrivacyNotice,
    SuccessFactor,
)
from practices.models import (
    Edition as EditionModel,
)
from practices.views.catalogue import preview
from privacy import consent

admin.site.site_header = _("Banco de Buenas Prácticas · Administración")

# The ficha's section of what it takes to replicate the practice (models.Feasibility).
FEASIBILITY = _("¿Qué se necesita para replicarla?")
COST_FIELDS = ("cost_min", "cost_max", "cost_year")
admin.site.site_title = _("Banco de Buenas Prácticas")
admin.site.index_title = _("Gestión del catálogo")


class ContactFilter(admin.SimpleListFilter):
    """The contacts' consent: to verify (the admin home links here), published, withdrawn."""

    title = _("contacto")
    parameter_name = "contacto"

    def lookups(self, request, model_admin):
        return [
            ("por-verificar", _("por verificar")),
            ("publicado", _("publicado con autorización")),
            ("retirado", _("autorización retirada")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "por-verificar":
                return queryset.contacts_to_verify()
            case "publicado":
                return queryset.filter(contact_publish_allowed=True)
            case "retirado":
                return queryset.filter(contact_consent_withdrawn_at__isnull=False)
        return queryset


class ColombianNumbersMixin:
    """Figures are typed as Colombians write them: "145.061" and "5,46" (a year is no
    figure: 2024, never "2.024")."""

    NOT_FIGURES = {"position", "cost_year"}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DecimalField | models.IntegerField) and not (
            db_field.primary_key or db_field.name in self.NOT_FIGURES
        ):
            kwargs["localize"] = True
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class RequiredAutocompleteSelect(AutocompleteSelect):
    """Django draws a required autocomplete box ("Prestador", "Categoría") with no
    <option> at all while it is empty, which HTML forbids (a required <select> needs an
    empty first option); this one has it, as the optional boxes do."""

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        if self.is_required and not self.allow_multiple_selected:
            groups[0][1].insert(0, self.create_option(name, "", "---------", False, 0))
        return groups


class PracticeRowsMixin:
    """A practice's rows are editable exactly when the practice is (admin_workflow.can_edit)."""

    def _editable(self, request, obj):
        return obj is None or admin_workflow.can_edit(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._editable(request, obj)


# Stacked, not tabular: Django's tabular inline has empty column headers (axe-core's
# empty-table-header) and its wide rows scroll sideways on a narrow screen. The rows keep
# the order they are shown in (PracticeAdmin.save_formset numbers them); "Subir"/"Bajar"
# move a saved row without typing numbers, and without JavaScript.
class OrderedRowsInline(PracticeRowsMixin, admin.StackedInline):
    template = "admin/practices/edit_inline/ordered.html"
    extra = 0


class SuccessFactorInline(OrderedRowsInline):
    model = SuccessFactor
    fields = ["title", "description"]


class ImpactMetricInline(ColombianNumbersMixin, OrderedRowsInline):
    model = ImpactMetric
    # Two lines: what is measured and where, then the figures; then the way to its
    # follow-up (admin/follow_up.py), even on a published practice's read-only form.
    fields = [("label", "channel"), ("baseline", "value", "unit"), "follow_up"]
    readonly_fields = ["follow_up"]

    def get_queryset(self, request):
        # The link's count and the practice's state, whatever the number of rows.
        metrics = super().get_queryset(request).select_related("practice")
        return metrics.annotate(measurement_count=Count("measurements"))

    @admin.display(description=_("seguimiento"))
    def follow_up(self, obj):
        return follow_up_link(obj)


class LinkForm(forms.ModelForm):
    """The kind is guessed from the address unless staff choose one."""

    kind = forms.ChoiceField(
        label=_("tipo"),
        required=False,
        choices=[("", _("Según la dirección")), *Link.Kind.choices],
        help_text=_(
            "YouTube o Vimeo: video; PDF o archivo de Drive: documento; si no, página web."
        ),
    )

    class Meta:
        model = Link
        fields = ["url", "label", "kind"]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("kind") and cleaned.get("url"):
            cleaned["kind"] = guess_link_kind(cleaned["url"])
            self.instance.kind = cleaned["kind"]
        return cleaned


class LinkInline(OrderedRowsInline):
    model = Link
    form = LinkForm
    fields = [("url", "kind"), "label"]


class CriterionEvidenceInline(PracticeRowsMixin, admin.StackedInline):
    model = CriterionEvidence
    extra = 0
    max_num = 4
    fields = ["criterion", "evidence"]


def _apply_move(rows, prefix, move):
    """Swap the row named by ``move`` ("<prefix>-<pk>-up" or "-down") with its neighbour."""
    parts = move.rsplit("-", 2)
    if len(parts) != 3 or parts[0] != prefix or parts[2] not in ("up", "down"):
        return
    at = next((i for i, row in enumerate(rows) if str(row.pk) == parts[1]), None)
    if at is None:
        return
    other = at - 1 if parts[2] == "up" else at + 1
    if 0 <= other < len(rows):
        rows[at], rows[other] = rows[other], rows[at]


@admin.register(Practice)
class PracticeAdmin(FeminineMessagesMixin, ColombianNumbersMixin, admin.ModelAdmin):
    # Narrow enough for 1366 px beside the filters: the title shortened (whole in its
    # tooltip), the provider by its acronym, the category left to the filters.
    list_display = [
        "code",
        "short_title",
        "provider_name",
        "status_label",
        "completeness_meter",
        "last_change",
    ]
    list_display_links = ["code", "short_title"]
    actions = [
        "submit_selected",
        "publish_selected",
        "archive_selected",
        "withdraw_contact_consent",
    ]
    change_form_template = "admin/practices/practice/change_form.html"
    list_filter = ["status", "category", "services", "edition", ContactFilter]
    list_select_related = ["provider", "category"]
    search_fields = ["code", "title", "provider__name", "provider__short_name"]

    date_hierarchy = "updated_at"
    ordering = ["-updated_at", "-pk"]  # the latest changed first
    autocomplete_fields = ["provider", "category", "departments", "municipalities"]
    filter_horizontal = ["services"]
    readonly_fields = [
        "status",
        "published_at",
        "created_at",
        "updated_at",
        "completeness_report",
        "possible_duplicates",
        "contact_consent_recorded_by",
        "contact_consent_withdrawn_at",
        "cost",
    ]
    inlines = [ImpactMetricInline, SuccessFactorInline, LinkInline, CriterionEvidenceInline]
    save_on_top = True
    fieldsets = [
        (
            _("Identificación"),
            {"fields": ["title", "code", "provider", "edition", "recognition_level"]},
        ),
        (
            _("Fecha de implementación"),
            {
                "fields": [
                    ("start_date", "start_precision"),
                    ("end_date", "end_precision"),
                    "dates_note",
                ]
            },
        ),
        (_("Categoría y servicios"), {"fields": ["category", "services"]}),
        (_("Población objeto o partes interesadas"), {"fields": ["target_population"]}),
        (_("Resumen del proyecto"), {"fields": ["summary"]}),
        (
            _("Impacto generado"),
            {
                "fields": ["impact", "users_reached"],
                "description": _(
                    "Las cifras comparables van como indicadores de impacto, justo debajo."
                ),
            },
        ),
        (
            _("Cobertura geográfica"),
            {"fields": ["coverage_note", "departments", "municipalities"]},
        ),
        (_("Validación"), {"fields": ["validation"]}),
        (_("Posibilidad de réplica"), {"fields": ["replicability"]}),
        (_("Limitaciones"), {"fields": ["limitations"]}),
        (
            FEASIBILITY,
            {
                "fields": [
                    COST_FIELDS,
                    ("people_involved", "setup_months"),
                    "technology",
                    "partners",
                    "prerequisites",
                ],
                "description": _(
                    "Opcional y recomendado: lo que otro prestador necesitaría para "
                    "replicarla, según lo estiman sus autores. Se muestra en «¿Cómo "
                    "replicarla?» de la ficha."
                ),
            },
        ),
        (
            _("Contacto"),
            {
                "fields": [
                    ("contact_name", "contact_role"),
                    ("contact_email", "contact_phone"),
                    "contact_publish_allowed",
                    ("contact_consent_at", "contact_consent_channel"),
                    ("contact_consent_notice_version", "contact_consent_recorded_by"),
                    "contact_consent_withdrawn_at",
                ]
            },
        ),
        (
            _("Publicación"),
            {
                "description": _("Fechas y horas en hora de Colombia (Bogotá)."),
                "fields": [
                    "status",
                    "completeness_report",
                    "possible_duplicates",
                    "published_at",
                    ("created_at", "updated_at"),
                ],
            },
        ),
    ]

    # The rows' sections in the paper ficha's order: after the named fieldset.
    inlines_after = {
        _("Impacto generado"): ["impact_metrics", "success_factors"],
        _("Limitaciones"): ["criterion_evidence", "links"],
    }

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in self.filter_horizontal:  # two lists: no Control key to hold
            field.help_text = ""
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = RequiredAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(
                lambda request, *args, **kwargs: function(self, request, *args, **kwargs)
            )

        urls = [
            path("importar/", view(import_view), name="practices_practice_import"),
            path(
                "<int:object_id>/estado/<slug:action>/",
                view(admin_workflow.transition_view),
                name="practices_practice_transition",
            ),
            path(
                "<int:pk>/vista-previa/",
                self.admin_site.admin_view(preview),
                name="practices_practice_preview",
            ),
            path(
                "<int:object_id>/historial/comparar/",
                view(admin_workflow.compare_view),
                name="practices_practice_compare",
            ),
            path(
                "<int:object_id>/historial/<int:history_id>/restaurar/",
                view(admin_workflow.restore_view),
                name="practices_practice_restore",
            ),
        ]
        return urls + super().get_urls()

    def history_view(self, request, object_id, extra_context=None):
        return admin_workflow.history_view(self, request, object_id)

    def delete_view(self, request, object_id, extra_context=None):
        # Only the Administrador deletes (Django's confirmation; the history keeps a
        # record of the deletion). For the others "delete" archives, when they may.
        if self.has_delete_permission(request):
            return super().delete_view(request, object_id, extra_context)
        return admin_workflow.archive_instead_view(self, request, object_id)

    # Who may change what: the state decides (drafts: editors; in review: reviewers;
    # published and archived: nobody, a revision carries the changes).

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or admin_workflow.can_edit(request.user, obj))

    def get_fieldsets(self, request, obj=None):
        fieldsets = [list(fieldset) for fieldset in super().get_fieldsets(request, obj)]
        if obj is None:  # nothing is created, updated or published yet
            unborn = {"published_at", ("created_at", "updated_at"), "possible_duplicates"}
            for fieldset in fieldsets:
                fields = [f for f in fieldset[1]["fields"] if f not in unborn]
                fieldset[1] = {**fieldset[1], "fields": fields}
        notice = PrivacyNotice.current()
        read_only = obj is not None and not self.has_change_permission(request, obj)
        for fieldset in fieldsets:
            if fieldset[0] == _("Contacto"):
                fieldset[1] = {**fieldset[1], "description": self._notice_text(notice)}
            if fieldset[0] == FEASIBILITY and read_only:
                # Read, the cost is one sentence: "entre $ 20.000.000 y … (pesos de 2024)".
                fields = ["cost" if f == COST_FIELDS else f for f in fieldset[1]["fields"]]
                fieldset[1] = {**fieldset[1], "fields": fields}
        return fieldsets

    @staticmethod
    def _notice_text(notice):
        if notice is None:
            return gettext(
                "La entidad no ha registrado aún su política de tratamiento de datos: "
                "regístrela en «Políticas de tratamiento de datos» antes de publicar "
                "contactos. Nombre, correo y teléfono solo se muestran con la autorización "
                "del titular registrada (fecha y canal)."
            )
        return format_html(
            "<strong>{}</strong> {}<br>{}",
            gettext("Aviso de privacidad, versión %(version)s:") % {"version": notice.version},
            notice.notice,
            gettext(
                "Nombre, correo y teléfono solo se muestran con la autorización del titular "
                "registrada (fecha y canal)."
            ),
        )

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        edition = EditionModel.objects.order_by("-year", "-number").first()
        year = edition.year if edition else timezone.localdate().year
        initial.setdefault("edition", edition.pk if edition else None)
        initial.setdefault("code", workflow.next_free_code(year))
        return initial

    class Media:
        js = ["js/admin_code_suggestion.js"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None and "code" in form.base_fields:
            # The code suggested for each edition's year: admin_code_suggestion.js puts it
            # in "Código" when the edition changes, unless staff typed a code of their own.
            suggestions = {
                str(pk): workflow.next_free_code(year)
                for pk, year in EditionModel.objects.values_list("pk", "year")
            }
            form.base_fields["code"].widget.attrs["data-suggested-codes"] = json.dumps(suggestions)
        return form

    def save_model(self, request, obj, form, change):
        if obj.contact_publish_allowed and (
            "contact_publish_allowed" in form.changed_data or not obj.contact_consent_recorded_by
        ):
            obj.contact_consent_recorded_by = request.user
            if not obj.contact_consent_notice_version:
                notice = PrivacyNotice.current()
                obj.contact_consent_notice_version = notice.version if notice else ""
        if obj.contact_publish_allowed:  # consent given again, after a withdrawal
            obj.contact_consent_withdrawn_at = None
        else:
            obj.contact_consent_recorded_by = None
        # The practice, its services and its coverage are one entry of its history, written
        # once save_related has set the relations (Django calls save_model, then it, in one
        # transaction).
        obj._one_entry = obj.as_one_history_entry()
        obj._one_entry.__enter__()
        super().save_model(request, obj, form, change)
        year = obj.code.rsplit("-", 1)[-1]
        chosen_now = not change or {"code", "edition"} & set(form.changed_data)
        if chosen_now and obj.edition_id and year != str(obj.edition.year):
            messages.warning(
                request,
                gettext(
                    "El código %(code)s termina en %(year)s y la edición elegida es de "
                    "%(edition)s: revise que el código sea el que corresponde."
                )
                % {"code": obj.code, "year": year, "edition": obj.edition.year},
            )
        for other in workflow.possible_duplicates(obj):
            messages.warning(
                request,
                format_html(
                    '{} <a href="{}">{} · {}</a>',
                    gettext("¿Duplicada? El mismo prestador tiene una práctica muy parecida:"),
                    reverse("admin:practices_practice_change", args=[other.pk]),
                    other.code,
                    other.title,
                ),
            )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["sections"], context["other_inlines"] = self._sections(context)
        if obj is not None:
            refusal = admin_workflow.publication_refusal(request.user, obj)
            context["publication_refusal"] = refusal
            context["workflow_actions"] = admin_workflow.available_actions(
                request.user, obj, refusal=refusal
            )
            context["completeness"] = workflow.completeness(obj)
            context["recommended"] = workflow.recommended_missing(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _sections(self, context):
        """[(fieldset, [inline formsets shown after it]), …] and the inlines placed
        nowhere (shown at the end, as Django would)."""
        inlines = {f.formset.prefix: f for f in context.get("inline_admin_formsets", [])}
        after = {str(name): prefixes for name, prefixes in self.inlines_after.items()}
        sections = []
        for fieldset in context["adminform"]:
            wanted = after.get(str(fieldset.name), [])
            sections.append((fieldset, [inlines.pop(p) for p in wanted if p in inlines]))
        return sections, list(inlines.values())

    def save_formset(self, request, form, formset, change):
        """Ordered rows are numbered 1, 2, 3… in the order shown, so that they keep the order
        they were entered in; "Subir"/"Bajar" (``_move=<prefix>-<pk>-up|down``) swap a row
        with its neighbour first. Only rows whose number or content changed are saved."""
        if "position" not in {f.name for f in formset.model._meta.fields}:
            return super().save_formset(request, form, formset, change)
        changed = {id(obj) for obj in formset.save(commit=False)}
        for obj in formset.deleted_objects:
            obj.delete()
        rows = [
            f.instance
            for f in formset.forms
            if (f.instance.pk or id(f.instance) in changed)
            and not (formset.can_delete and formset._should_delete_form(f))
        ]
        _apply_move(rows, formset.prefix, request.POST.get("_move", ""))
        for position, obj in enumerate(rows, start=1):
            if obj.position != position or id(obj) in changed:
                obj.position = position
                obj.save()

    def response_change(self, request, obj):
        if "_move" in request.POST:  # a row moved: back to the form, at its section
            prefix = request.POST["_move"].split("-")[0]
            url = reverse("admin:practices_practice_change", args=[obj.pk])
            self.message_user(
                request,
                gettext("Orden actualizado; los demás cambios del formulario quedaron guardados."),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(f"{url}#{prefix}-group")
        return super().response_change(request, obj)

    @admin.display(description=_("título"), ordering="sort_title")
    def short_title(self, obj):
        return format_html('<span title="{}">{}</span>', obj.title, Truncator(obj.title).chars(70))

    @admin.display(description=_("prestador"), ordering="provider__short_name")
    def provider_name(self, obj):
        if obj.provider is None:
            return "—"
        short = obj.provider.short_name or obj.provider.name
        return format_html('<span title="{}">{}</span>', obj.provider.name, short)

    @admin.display(description=_("último cambio"), ordering="updated_at")
    def last_change(self, obj):
        return formats.date_format(timezone.localtime(obj.updated_at), "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("estado"), ordering="status")
    def status_label(self, obj):
        if obj.revision_of_id:
            return format_html(
                "{} · <em>{}</em>", obj.get_status_display(), gettext("revisión de la publicada")
            )
        return obj.get_status_display()

    def get_queryset(self, request):
        # The completeness meter of every row, without two queries per row.
        return super().get_queryset(request).with_completeness()

    @admin.display(description=_("completitud"))
    def completeness_meter(self, obj):
        percent, missing = workflow.completeness(obj)
        return format_html(
            '<meter min="0" max="100" value="{}" title="{}"></meter> {} %',
            percent,
            ", ".join(missing) or gettext("completa"),
            percent,
        )

    @admin.display(description=_("completitud"))
    def completeness_report(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        percent, missing = workflow.completeness(obj)
        if not missing:
            report = format_html(
                '<meter min="0" max="100" value="100"></meter> 100 % · {}',
                gettext("lista para publicar"),
            )
        else:
            report = format_html(
                '<meter min="0" max="100" value="{}"></meter> {} % · {} <ul>{}</ul>',
                percent,
                percent,
                gettext("Falta para publicar:"),
                format_html_join("", "<li>{}</li>", ((item,) for item in missing)),
            )
        recommended = workflow.recommended_missing(obj)
        if not recommended:
            return report
        return format_html(
            "{}{} <ul>{}</ul>",
            report,
            gettext("Recomendado, no obligatorio (falta):"),
            format_html_join("", "<li>{}</li>", ((item,) for item in recommended)),
        )

    @admin.display(description=_("costo aproximado"))
    def cost(self, obj):
        return capfirst(obj.cost_display) or "—"

    @admin.display(description=_("posibles duplicados"))
    def possible_duplicates(self, obj):
        duplicates = workflow.possible_duplicates(obj) if obj and obj.pk else []
        if not duplicates:
            return "—"
        return format_html_join(
            ", ",
            '<a href="{}">{} · {}</a>',
            (
                (reverse("admin:practices_practice_change", args=[d.pk]), d.code, d.title)
                for d in duplicates
            ),
        )

    def _run(self, request, queryset, function, done):
        changed = 0
        for practice in queryset:
            try:
                function(practice=practice, by=request.user)
                changed += 1
            except (workflow.TransitionError, PermissionDenied) as error:
                messages.error(request, f"{practice.code}: {error}")
        if changed:
            messages.success(request, done % {"n": changed})

    @admin.action(description=_("Enviar a revisión"), permissions=["submit"])
    def submit_selected(self, request, queryset):
        self._run(
            request, queryset, workflow.practice_submit, gettext("%(n)s enviadas a revisión.")
        )

    @admin.action(description=_("Publicar"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._run(request, queryset, workflow.practice_publish, gettext("%(n)s publicadas."))

    @admin.action(description=_("Archivar"), permissions=["archive"])
    def archive_selected(self, request, queryset):
        self._run(request, queryset, workflow.practice_archive, gettext("%(n)s archivadas."))

    @admin.action(
        description=_("Retirar la autorización del contacto"), permissions=["withdraw_consent"]
    )
    def withdraw_contact_consent(self, request, queryset):
        """The holder withdrew their consent: asks why, then hides the contact everywhere
        (privacy.consent.withdraw), recording who and why in each practice's history."""
        reason, page = ask_reason(
            self,
            request,
            queryset.order_by("code"),
            action="withdraw_contact_consent",
            title=gettext("Retirar la autorización del contacto"),
            intro=gettext(
                "El contacto de estas prácticas dejará de mostrarse en todo el sitio de "
                "inmediato, y los mensajes del catálogo irán al buzón de la entidad:"
            ),
            button=gettext("Retirar la autorización"),
            help_text=gettext(
                "Por ejemplo, el número de la solicitud del titular o el medio por el que la "
                "pidió (hasta 80 caracteres). Queda en el historial de cada práctica."
            ),
            max_length=consent.REASON_LENGTH - 20,
        )
        if page is not None:
            return page
        changed = consent.withdraw(queryset, request.user, reason)
        self.message_user(
            request,
            ngettext(
                "Autorización retirada en %(n)s práctica: su contacto ya no se muestra.",
                "Autorización retirada en %(n)s prácticas: su contacto ya no se muestra.",
                changed,
            )
            % {"n": changed},
            messages.SUCCESS,
        )
        return None

    def has_withdraw_consent_permission(self, request):
        # Whoever edits practices, and whoever answers the holders' requests.
        return request.user.has_perm("practices.change_practice") or request.user.has_perm(
            "privacy.change_datarequest"
        )

    def has_submit_permission(self, request):
        return request.user.has_perm("practices.submit_practice")

    def has_publish_permission(self, request):
        return request.user.has_perm("practices.publish_practice")

    def has_archive_permission(self, request):
        # Reviewers archive; editors their drafts (workflow.can_archive decides each one).
        return self.has_publish_permission(request) or self.has_submit_permission(request)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_search()  # the inline rows are searchable too
        changed = (
            form.has_changed()
            or any(formset.has_changed() for formset in formsets)
            or "_move" in request.POST
        )
        # A save that changes nothing writes no entry of the history.
        form.instance._history_unchanged = change and not changed
        form.instance._one_entry.__exit__(None, None, None)

    def view_on_site(self, obj):
        if obj.is_published:
            return obj.get_absolute_url()
        return None
