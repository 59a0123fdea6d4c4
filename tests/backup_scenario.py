"""The data of the backup round trip (tests/test_backup.py), run against a database of the
test's own: ``python -m tests.backup_scenario STEP…``, the steps in one process:

- ``migrate``: ``manage.py migrate``;
- ``restore=FILE``: ``manage.py restore FILE --no-input`` (the command itself);
- ``seed``: the reference practice, a dozen demo practices with their rows, users in the
  roles and in a group of their own (one inactive), workflow transitions (unpublish, a
  revision), and an edit through the admin's change form (history with its user).
- ``modify``: what happens after a backup and must be undone by restoring it.
- ``snapshot``: prints JSON: the row count of every table, a checksum of every table's
  rows, of the open-data export of every practice (unpublished ones included), of the
  users with their groups and permissions, and a search count; ``snapshot+probe-write``
  then writes (and rolls back) a practice, a user and a history record: the sequences go on
  after the restored rows.
"""

import hashlib
import json
import sys

CHECKSUM_EXCLUDED = {"practices_catalogueversion"}  # moved on by every restore, on purpose


def _digest(items):
    return hashlib.sha256("\n".join(items).encode()).hexdigest()


def seed():
    from django.contrib.auth.models import Group, Permission, User
    from django.core.management import call_command
    from django.test import Client

    from practices import workflow
    from practices.demo.seed import seed_demo
    from practices.models import Practice
    from tests.test_history import edit

    call_command("loaddata", "demo", verbosity=0)
    seed_demo(count=12, seed=7)
    password = "clave-de-prueba-123"
    admin = User.objects.create_superuser("admin", "admin@example.org", password)
    editor = User.objects.create_user("editora", "editora@example.org", password, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    reviewer = User.objects.create_user("revisor", "revisor@example.org", password, is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Revisor"))
    committee = Group.objects.create(name="Comité editorial")
    committee.permissions.add(
        *Permission.objects.filter(codename__in=["view_practice", "publish_practice"])
    )
    both = User.objects.create_user("ambos", "ambos@example.org", password, is_staff=True)
    both.groups.add(committee, Group.objects.get(name="Editor"))
    User.objects.create_user("inactiva", "inactiva@example.org", password, is_active=False)

    first, second = Practice.objects.published().order_by("code")[:2]
    workflow.practice_unpublish(practice=first, by=reviewer, comment="Falta la cobertura.")
    workflow.practice_start_revision(practice=second, by=editor)

    client = Client()
    client.force_login(admin)
    edit(client, Practice.objects.get(pk=first.pk), title="Título corregido en el admin")


def modify():
    from django.contrib.auth.models import User

    from practices.models import Practice, Provider

    Practice.objects.filter(pk=Practice.objects.published().order_by("code").first().pk).delete()
    User.objects.create_user("intrusa", "intrusa@example.org", "clave-de-prueba-123")
    provider = Provider.objects.order_by("pk").first()
    provider.name += " (renombrado)"
    provider.save()


def snapshot(probe_write=False):
    from django.contrib.auth.models import User
    from django.core.serializers.json import DjangoJSONEncoder
    from django.db import connection

    from practices.models import CatalogueVersion, Practice
    from practices.opendata.exports import records

    tables = sorted(
        name
        for name in connection.introspection.table_names(include_views=False)
        if not name.startswith("sqlite_")
    )
    counts, checksums = {}, {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = sorted(repr(row) for row in cursor.fetchall())
            counts[table] = len(rows)
            if table not in CHECKSUM_EXCLUDED:
                checksums[table] = _digest(rows)
    encoder = DjangoJSONEncoder(sort_keys=True, ensure_ascii=False)
    practices = Practice.objects.order_by("code", "pk")
    users = [
        encoder.encode(
            {
                "username": user.username,
                "email": user.email,
                "password": user.password,
                "flags": [user.is_active, user.is_staff, user.is_superuser],
                "joined": user.date_joined,
                "last_login": user.last_login,
                "groups": sorted(g.name for g in user.groups.all()),
                "permissions": sorted(user.get_all_permissions()),
            }
        )
        for user in User.objects.order_by("username")
    ]
    result = {
        "vendor": connection.vendor,
        "counts": counts,
        "checksums": checksums,
        "practices": practices.count(),
        "opendata": _digest(encoder.encode(record) for record in records(practices)),
        "users": _digest(users),
        "history": Practice.history.count(),
        "search": Practice.objects.published().search("agua").count(),
        "version": CatalogueVersion.current(),
    }
    if probe_write:
        result["probe_write"] = _probe_write()
    print(json.dumps(result))


def _probe_write():
    from django.contrib.auth.models import User
    from django.db import transaction

    from practices.models import Practice

    with transaction.atomic():
        template = Practice.objects.published().order_by("code").first()
        practice = Practice.objects.create(
            title="Sonda de escritura",
            code="BP-SONDA-PRUEBA-001-2024",
            provider=template.provider,
            category=template.category,
        )
        user = User.objects.create_user("sonda")
        written = practice.history.count() == 1 and user.pk is not None
        transaction.set_rollback(True)
    return written


def main(argv):
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's response.context, 'testserver' allowed
    from django.core.management import call_command

    for step in argv:
        if step == "migrate":
            call_command("migrate", interactive=False, verbosity=0)
        elif step.startswith("restore="):
            call_command("restore", step.removeprefix("restore="), interactive=False)
        elif step == "seed":
            seed()
        elif step == "modify":
            modify()
        elif step in ("snapshot", "snapshot+probe-write"):
            snapshot(probe_write=step.endswith("+probe-write"))
        else:
            raise SystemExit(f"unknown step {step!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
