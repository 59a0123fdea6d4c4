"""The editors' product: the ficha, section by section, with its ordered rows inline."""

from django.contrib import admin
from django.db import models
from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import admin_privacy  # noqa: F401  (registers PrivacyNotice)
from .admin_import import import_view
from .models import (
    Category,
    Criterion,
    CriterionEvidence,
    Department,
    Edition,
    EvaluationCriterion,
    ImpactMetric,
    Link,
    Municipality,
    Practice,
    Provider,
    Service,
    SuccessFactor,
)

admin.site.site_header = _("Banco de Buenas Prácticas · Administración")
admin.site.site_title = _("Banco de Buenas Prácticas")
admin.site.index_title = _("Gestión del catálogo")


class ColombianNumbersMixin:
    """Figures are typed as Colombians write them: "145.061" and "5,46"."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DecimalField | models.IntegerField) and not (
            db_field.primary_key or db_field.name == "position"
        ):
            kwargs["localize"] = True
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class SuccessFactorInline(admin.StackedInline):
    model = SuccessFactor
    extra = 0
    fields = ["position", "title", "description"]


class ImpactMetricInline(ColombianNumbersMixin, admin.TabularInline):
    model = ImpactMetric
    extra = 0
    fields = ["position", "label", "baseline", "value", "unit", "channel"]


class LinkInline(admin.TabularInline):
    model = Link
    extra = 0
    fields = ["position", "url", "label", "kind"]


class CriterionEvidenceInline(admin.StackedInline):
    model = CriterionEvidence
    extra = 0
    max_num = 4
    fields = ["criterion", "evidence"]


@admin.register(Practice)
class PracticeAdmin(ColombianNumbersMixin, admin.ModelAdmin):
    list_display = ["code", "title", "provider", "category", "status", "updated_at"]
    list_display_links = ["code", "title"]
    list_filter = ["status", "category", "services", "edition"]
    list_select_related = ["provider", "category"]
    search_fields = ["code", "title", "provider__name", "provider__short_name"]
    date_hierarchy = "updated_at"
    autocomplete_fields = ["provider", "category", "departments", "municipalities"]
    filter_horizontal = ["services"]
    readonly_fields = ["published_at", "created_at", "updated_at"]
    inlines = [ImpactMetricInline, SuccessFactorInline, LinkInline, CriterionEvidenceInline]
    save_on_top = True
    fieldsets = [
        (
            _("Identificación"),
            {"fields": ["title", "code", "provider", "category", "edition", "services"]},
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
        (_("Población objeto o partes interesadas"), {"fields": ["target_population"]}),
        (_("Resumen del proyecto"), {"fields": ["summary"]}),
        (
            _("Impacto generado"),
            {
                "fields": ["impact", "users_reached"],
                "description": _(
                    "Las cifras comparables van como indicadores de impacto, más abajo."
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
            _("Contacto"),
            {
                "fields": [
                    ("contact_name", "contact_role"),
                    ("contact_email", "contact_phone"),
                    "contact_publish_allowed",
                ]
            },
        ),
        (_("Publicación"), {"fields": ["status", "published_at", "created_at", "updated_at"]}),
    ]

    def get_urls(self):
        urls = [
            path(
                "importar/",
                self.admin_site.admin_view(lambda request: import_view(self, request)),
                name="practices_practice_import",
            )
        ]
        return urls + super().get_urls()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_search()  # the inline rows are searchable too

    def view_on_site(self, obj):
        if obj.status == Practice.Status.PUBLISHED:
            return obj.get_absolute_url()
        return None


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "size", "department"]
    list_filter = ["size", "services", "department"]
    list_select_related = ["department"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["department"]
    filter_horizontal = ["services"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    prepopulated_fields = {"slug": ["name"]}


class EvaluationCriterionInline(admin.TabularInline):
    model = EvaluationCriterion
    extra = 0
    fields = ["position", "name", "description"]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["number", "year", "name"]
    inlines = [EvaluationCriterionInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "department"]
    list_filter = ["department"]
    list_select_related = ["department"]
    search_fields = ["code", "name", "department__name"]
    autocomplete_fields = ["department"]

    def get_queryset(self, request):
        # __str__ names the department: the autocomplete lists many at once.
        return super().get_queryset(request).select_related("department")
