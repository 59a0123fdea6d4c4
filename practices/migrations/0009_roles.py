"""The three roles of the editorial workflow, with exactly the permissions they need.

- Editor: writes practices (drafts, and those returned to them) and sends them to review.
- Revisor: reviews, returns with a comment, publishes, unpublishes and archives.
- Administrador: users, and the reference data (providers, categories, editions, services,
  departments, municipalities, criteria, the data-treatment policy).

Which practices each may edit depends on their state too; the admin enforces that
(practices.admin) and the workflow functions check it (practices.workflow).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROWS = ["successfactor", "impactmetric", "link", "criterionevidence"]
REFERENCE = [
    "provider",
    "category",
    "service",
    "edition",
    "evaluationcriterion",
    "department",
    "municipality",
    "criterion",
    "privacynotice",
]
HISTORY = ["historicalpractice", "transition"]


def _crud(model, actions=("add", "change", "delete", "view")):
    return [f"practices.{action}_{model}" for action in actions]


ROLES = {
    "Editor": [
        *_crud("practice", ("add", "change", "view")),
        "practices.submit_practice",
        *(p for row in ROWS for p in _crud(row)),
        *(f"practices.view_{model}" for model in REFERENCE + HISTORY),
    ],
    "Revisor": [
        *_crud("practice", ("change", "view")),
        "practices.publish_practice",
        *(p for row in ROWS for p in _crud(row)),
        *(f"practices.view_{model}" for model in REFERENCE + HISTORY),
    ],
    "Administrador": [
        *_crud("user"),
        "auth.view_group",
        *(p for model in REFERENCE for p in _crud(model)),
        "practices.view_practice",
        "practices.delete_practice",
        *(f"practices.view_{model}" for model in HISTORY),
    ],
}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = []
        for permission in permissions:
            app_label, codename = permission.split(".")
            model = codename.split("_", 1)[1]
            wanted.append(
                Permission.objects.get(
                    content_type__app_label="auth" if model in ("user", "group") else app_label,
                    codename=codename,
                )
            )
        group.permissions.set(wanted)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0008_workflow_history_consent"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
