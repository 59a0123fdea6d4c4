"""Migrations forward, back to zero and forward again (tests/test_migrations.py), in one
process against a database of the test's own: ``python -m tests.migration_scenario``.

Prints one JSON line: the schema (tables with their columns, constraints and indexes;
triggers; on PostgreSQL the functions and text-search configurations) and the reference
data counts after the first migrate, what of the app was left after ``migrate practices
zero``, and the same after migrating forward again.
"""

import json
import sys


def schema():
    from django.db import connection

    introspection = connection.introspection
    tables = {}
    with connection.cursor() as cursor:
        for table in sorted(introspection.table_names(cursor)):
            if table.startswith("sqlite_"):
                continue
            columns = [
                (c.name, c.type_code, c.null_ok)
                for c in introspection.get_table_description(cursor, table)
            ]
            constraints = {
                name: [
                    info["columns"],
                    info["primary_key"],
                    info["unique"],
                    bool(info["foreign_key"]),
                    info["check"],
                    info["index"],
                ]
                for name, info in introspection.get_constraints(cursor, table).items()
                # SQLite names unnamed constraints after their position: not a difference.
                if not name.startswith("__unnamed_constraint_")
            }
            tables[table] = {"columns": sorted(map(repr, columns)), "constraints": constraints}
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY 1")
            triggers = [row[0] for row in cursor.fetchall()]
            functions = configurations = []
        else:
            cursor.execute(
                "SELECT tgrelid::regclass::text || '.' || tgname FROM pg_trigger "
                "WHERE NOT tgisinternal ORDER BY 1"
            )
            triggers = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                "SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                "WHERE nspname = 'public' AND proname LIKE 'practices%' ORDER BY 1"
            )
            functions = [row[0] for row in cursor.fetchall()]
            cursor.execute("SELECT cfgname FROM pg_ts_config ORDER BY 1")
            configurations = [row[0] for row in cursor.fetchall()]
    return {
        "tables": tables,
        "triggers": triggers,
        "functions": functions,
        "configurations": configurations,
    }


def reference_counts():
    from django.contrib.auth.models import Group

    from practices.models import CatalogueVersion, Criterion, Department, Municipality, Service

    return {
        "departments": Department.objects.count(),
        "municipalities": Municipality.objects.count(),
        "services": Service.objects.count(),
        "criteria": Criterion.objects.count(),
        "groups": sorted(Group.objects.values_list("name", flat=True)),
        "group_permissions": sorted(
            (g.name, p)
            for g in Group.objects.all()
            for p in g.permissions.values_list("codename", flat=True)
        ),
        "catalogue_version_rows": CatalogueVersion.objects.count(),
    }


def main():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    first = {"schema": schema(), "reference": reference_counts()}
    call_command("migrate", "practices", "zero", interactive=False, verbosity=0)
    zero = schema()
    left = {
        "tables": [t for t in zero["tables"] if t.startswith("practices_")],
        "triggers": [t for t in zero["triggers"] if "practices_" in t],
        "functions": zero["functions"],
    }
    connection.close()
    call_command("migrate", interactive=False, verbosity=0)
    again = {"schema": schema(), "reference": reference_counts()}
    print(json.dumps({"vendor": connection.vendor, "first": first, "zero": left, "again": again}))


if __name__ == "__main__":
    sys.exit(main())
