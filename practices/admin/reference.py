"""Reference data in the admin: providers and categories (with the proposals an editor's
import makes), services, criteria, editions with their evaluation criteria, departments
and municipalities."""

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from practices.admin.wording import FeminineMessagesMixin
from practices.models import (
    Category,
    Criterion,
    Department,
    Edition,
    EvaluationCriterion,
    Municipality,
    Provider,
    Service,
)


class ProposalAdmin(admin.ModelAdmin):
    """Reference data an editor proposed (Proposable), by an import or from the practice
    form: marked in the list, kept out of the public site until a reviewer or an
    administrator confirms it."""

    actions = ["confirm_proposals"]
    readonly_fields = ["proposed"]  # set when created; cleared by the action

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if obj else [f for f in fields if f != "proposed"]  # decided on save

    def has_confirm_permission(self, request):
        return not self.model.proposed_by(request.user)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.proposed = type(obj).proposed_by(request.user)
            if obj.proposed:
                self.message_user(
                    request,
                    gettext(
                        "«%(name)s» queda como propuesta: un revisor o un administrador la "
                        "confirma antes de que se publique una práctica que la use."
                    )
                    % {"name": obj},
                    messages.WARNING,
                )
        super().save_model(request, obj, form, change)

    @admin.action(
        description=_("Confirmar las propuestas seleccionadas"),
        permissions=["confirm"],
    )
    def confirm_proposals(self, request, queryset):
        confirmed = 0
        for item in queryset.filter(proposed=True):
            item.proposed = False
            item.save(update_fields=["proposed"])
            confirmed += 1
        self.message_user(
            request,
            gettext("%(n)s propuesta(s) confirmada(s): ya se pueden publicar sus prácticas.")
            % {"n": confirmed},
            messages.SUCCESS,
        )


@admin.register(Provider)
class ProviderAdmin(ProposalAdmin):
    list_display = ["name", "short_name", "size", "department", "proposed"]
    list_filter = ["proposed", "size", "services", "department"]
    list_select_related = ["department"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["department"]
    filter_horizontal = ["services"]


@admin.register(Category)
class CategoryAdmin(FeminineMessagesMixin, ProposalAdmin):
    list_display = ["name", "slug", "proposed"]
    list_filter = ["proposed"]
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
    fields = ["position", "name", "description", "weight"]


@admin.register(Edition)
class EditionAdmin(FeminineMessagesMixin, admin.ModelAdmin):
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
