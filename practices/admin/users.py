"""Staff accounts in the admin: the Administrador manages them within the three roles.

Only a superuser grants superuser status, gives a user permissions of their own, puts a
user in a group other than Editor, Revisor and Administrador, edits groups and their
permissions, or touches an account that holds any privilege beyond the three roles (a
superuser's above all: not even its password). Everyone else with the "change user"
permission (the Administrador) creates and edits staff accounts, with their groups chosen
among the three roles, and sees the other accounts read-only.

This is enforced on the server, not only in what the form shows: the reserved fields are
not in the Administrador's form (a crafted POST with ``is_superuser=on`` or
``user_permissions`` is ignored), the group field accepts the three roles only (any other
choice is a form error), the change, password and delete views refuse the accounts beyond
the roles with 403, and saving puts back what the form cannot change.
"""

from django.contrib import admin
from django.contrib.auth import admin as auth_admin  # registers User and Group first
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The groups of migration 0009, and the jury's (recognition's migration 0001: no admin
# permission, a seat in a call's jury says what a juror sees).
JURY_ROLE = "Jurado"
ROLES = ("Editor", "Revisor", "Administrador", JURY_ROLE)
RESERVED = ("is_superuser", "user_permissions")  # fields only a superuser sees and sets

User = get_user_model()


def beyond_roles():
    """The accounts holding a privilege the three roles do not give (a Q on users)."""
    return (
        Q(is_superuser=True)
        | Q(user_permissions__isnull=False)
        | Q(groups__in=Group.objects.exclude(name__in=ROLES))
    )


def within_roles(user):
    """Whether every privilege of ``user`` comes from the roles Editor, Revisor and
    Administrador (so that an Administrador may manage the account)."""
    return not User.objects.filter(beyond_roles(), pk=user.pk).exists()


def restricted(request):
    """Whether the signed-in staff member is held to the roles (anyone but a superuser)."""
    return not request.user.is_superuser


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class StaffUserAdmin(auth_admin.UserAdmin):
    """Django's user admin, with the limits of the module for non-superusers."""

    READ_ONLY_NOTICE = _(
        "Esta cuenta tiene privilegios fuera de los roles Editor, Revisor y Administrador: "
        "solo un superusuario puede modificarla."
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not restricted(request):
            return fieldsets
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f not in RESERVED]})
            for name, options in fieldsets
        ]
        if not within_roles(obj):
            name, options = fieldsets[0]
            fieldsets[0] = (name, {**options, "description": self.READ_ONLY_NOTICE})
        return fieldsets

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "groups" and restricted(request):
            kwargs["queryset"] = Group.objects.filter(name__in=ROLES).order_by("name")
            kwargs["help_text"] = _(
                "Los roles de la cuenta: Editor, Revisor, Administrador, Jurado (una cuenta "
                "solo de jurado no entra a la administración: califica en el sitio). Solo un "
                "superusuario asigna otros grupos o permisos propios."
            )
        return super().formfield_for_manytomany(db_field, request=request, **kwargs)

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if restricted(request):
            return [f for f in filters if f not in RESERVED]
        return filters

    def lookup_allowed(self, lookup, value, request):
        if restricted(request) and lookup.split("__")[0] in RESERVED:
            return False
        return super().lookup_allowed(lookup, value, request)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and restricted(request):
            return within_roles(obj)
        return allowed

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if allowed and obj is not None and restricted(request):
            return within_roles(obj)
        return allowed

    def get_deleted_objects(self, objs, request):
        """The bulk "delete selected" too: an account beyond the roles among them makes
        Django ask for a permission the Administrador has not, and refuse the POST."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        ids = [user.pk for user in objs]
        if restricted(request) and User.objects.filter(beyond_roles(), pk__in=ids).exists():
            perms_needed = {
                *perms_needed,
                gettext("cuentas con privilegios fuera de los roles (solo un superusuario)"),
            }
        return deleted, counts, perms_needed, protected

    def save_model(self, request, obj, form, change):
        if restricted(request):
            # Not in the form; whatever else may have set it, the account stays without.
            obj.is_superuser = False
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        if restricted(request):
            user.user_permissions.clear()
            user.groups.remove(*Group.objects.exclude(name__in=ROLES))
        names = set(user.groups.values_list("name", flat=True))
        if names == {JURY_ROLE} and user.is_staff and not user.is_superuser:
            # A juror scores on the site (recognition.jury), never in the admin.
            user.is_staff = False
            user.save(update_fields=["is_staff"])


@admin.register(Group)
class RoleGroupAdmin(auth_admin.GroupAdmin):
    """Groups and their permissions are the superuser's: others may only read them."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
