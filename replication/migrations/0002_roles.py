"""Who may do what with the replications and the impact's follow-up measurements:

- Editor and Revisor write a practice's follow-up measurements as they write its metrics;
- Revisor moderates the replications providers tell (publishes or rejects them, with a
  reason) and may correct their text and results; Editor and Administrador see them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Editor": [
        "practices.add_impactmeasurement",
        "practices.change_impactmeasurement",
        "practices.delete_impactmeasurement",
        "practices.view_impactmeasurement",
        "replication.view_replication",
        "replication.view_replicationresult",
    ],
    "Revisor": [
        "practices.add_impactmeasurement",
        "practices.change_impactmeasurement",
        "practices.delete_impactmeasurement",
        "practices.view_impactmeasurement",
        "replication.view_replication",
        "replication.change_replication",
        "replication.moderate_replication",
        "replication.view_replicationresult",
        "replication.add_replicationresult",
        "replication.change_replicationresult",
        "replication.delete_replicationresult",
    ],
    "Administrador": [
        "replication.view_replication",
        "replication.view_replicationresult",
    ],
}


def _permissions(apps, names):
    Permission = apps.get_model("auth", "Permission")
    for name in names:
        label, codename = name.split(".")
        yield Permission.objects.get(content_type__app_label=label, codename=codename)


def grant(apps, schema_editor):
    for label in ("practices", "replication"):
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, permissions in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*_permissions(apps, permissions))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, permissions in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.remove(*_permissions(apps, permissions))


class Migration(migrations.Migration):
    dependencies = [
        ("replication", "0001_initial"),
        ("practices", "0023_feasibility_follow_up_replication_count"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
