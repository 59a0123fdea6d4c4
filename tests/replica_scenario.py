"""A primary and a replica (tests/test_replica.py), in one process whose settings have
``DATABASE_REPLICA_URL``: ``python -m tests.replica_scenario``.

With two SQLite files the replica is a real copy that lags until ``replicate()`` copies
the primary over it (SQLite's backup API), so what each request read shows in its page.
With PostgreSQL both aliases are connections to one database; the queries each alias ran
show the routing. Prints one JSON line of observations.
"""

import json
import sqlite3
import sys

CODE = "BP-ANDESCO-SSPD-002-2021"
NEW_TITLE = "Título cambiado en el primario"


def replicate():
    from django.db import connections

    primary = connections["default"].settings_dict["NAME"]
    replica = connections["replica"].settings_dict["NAME"]
    if primary == replica:
        return
    connections["replica"].close()
    source, target = sqlite3.connect(primary), sqlite3.connect(replica)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def visit(client, url):
    """(status, whether the page shows the new title, queries per database)."""
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    return {
        "status": response.status_code,
        "new_title": NEW_TITLE in body.decode(),
        "primary_queries": len(primary),
        "replica_queries": len(replica),
    }


def main():
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import DatabaseError, connections, transaction
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from practices.models import Practice

    setup_test_environment()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("loaddata", "demo", verbosity=0)
    replicate()
    same_database = (
        connections["default"].settings_dict["NAME"] == connections["replica"].settings_dict["NAME"]
    )

    staff = User.objects.create_superuser("jefa", "jefa@example.org", "clave-de-prueba-123")
    practice = Practice.objects.get(code=CODE)
    practice.title = NEW_TITLE
    practice.save()

    public, signed_in = Client(), Client()
    signed_in.force_login(staff)
    ficha = reverse("practices:detail", kwargs={"code": CODE})
    change = reverse("admin:practices_practice_change", args=[practice.pk])
    seen = {
        "ficha_public": visit(public, ficha),
        "list_public": visit(public, reverse("practices:list")),
        "export_public": visit(public, reverse("practices:export_json")),
        "ficha_staff": visit(signed_in, ficha),
        "export_staff": visit(signed_in, reverse("practices:export_json")),
        "admin_staff": visit(signed_in, change),
    }
    with transaction.atomic():
        seen["in_transaction"] = Practice.objects.filter(code=CODE).db
    seen["outside_transaction"] = Practice.objects.filter(code=CODE).db
    try:
        with transaction.atomic(using="replica"):
            Practice.objects.using("replica").filter(code=CODE).update(title="no")
        seen["replica_refused_a_write"] = False
    except DatabaseError:
        seen["replica_refused_a_write"] = True
    replicate()
    seen["ficha_public_after_replication"] = visit(public, ficha)
    print(json.dumps({"same_database": same_database, "seen": seen}))


if __name__ == "__main__":
    sys.exit(main())
