"""The Administrador sees the login lockout's records and clears a lock (deletes an
access attempt), and sees the staff's second-factor devices: the README promises both,
and the admin index names these apps in Spanish (ops/apps.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "axes": [
        "view_accessattempt",
        "delete_accessattempt",
        "view_accessfailurelog",
        "view_accesslog",
    ],
    "otp_totp": ["view_totpdevice"],
}


def grant(apps, schema_editor):
    for label in GRANTS:
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Administrador").first()
    if group is None:
        return
    for label, codenames in GRANTS.items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=label, codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Administrador").first()
    if group is None:
        return
    for label, codenames in GRANTS.items():
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label=label, codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0015_proposals_confirmed_by_reviewers"),
        ("axes", "0010_accessattemptexpiration"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
