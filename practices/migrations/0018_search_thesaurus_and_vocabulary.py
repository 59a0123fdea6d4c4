"""Search: the sector's thesaurus as data staff keep (``ThesaurusEntry``, seeded from
practices/search/thesaurus_seed.txt as it is when this runs; later edits are the admin's),
versioned like the other reference data (an edit moves the catalogue version: the
PostgreSQL triggers here, SQLite's in practices.sqlite_triggers); and the vocabulary of
the typo corrector (``SearchWord``, filled after migrate: practices.search.spelling).
The Administrador edits the thesaurus; editors and reviewers see it."""

from pathlib import Path

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

SEED = Path(__file__).resolve().parent.parent / "search" / "thesaurus_seed.txt"
TABLE = "practices_thesaurusentry"
ROLES = {
    "Administrador": ["add", "change", "delete", "view"],
    "Editor": ["view"],
    "Revisor": ["view"],
}


def seed(apps, schema_editor):
    ThesaurusEntry = apps.get_model("practices", "ThesaurusEntry")
    entries = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        spanish, _bar, english = line.partition("|")
        entries.append(ThesaurusEntry(spanish=spanish.strip(), english=english.strip()))
    ThesaurusEntry.objects.bulk_create(entries)


def grant(apps, schema_editor):
    config = apps.get_app_config("practices")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in ROLES.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            codenames = [f"{action}_thesaurusentry" for action in actions]
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="practices", codename__in=codenames
                )
            )


def version_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for op, transition in (
        ("INSERT", "NEW TABLE AS new_rows"),
        ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ("DELETE", "OLD TABLE AS old_rows"),
    ):
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_log_{op.lower()} AFTER {op} ON {TABLE} "
            f"REFERENCING {transition} "
            "FOR EACH STATEMENT EXECUTE FUNCTION practices_log_change('')"
        )
    schema_editor.execute(
        f"CREATE TRIGGER {TABLE}_log_truncate AFTER TRUNCATE ON {TABLE} "
        "FOR EACH STATEMENT EXECUTE FUNCTION practices_log_change('')"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('practices', '0017_english_names'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchWord',
            fields=[
                ('word', models.CharField(max_length=40, primary_key=True, serialize=False)),
                ('written', models.CharField(max_length=40)),
            ],
            options={
                'verbose_name': 'palabra del catálogo',
                'verbose_name_plural': 'palabras del catálogo',
            },
        ),
        migrations.CreateModel(
            name='ThesaurusEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('spanish', models.TextField(help_text='Separadas por comas: palabras o frases cortas que significan lo mismo para quien busca. Las tildes, las mayúsculas, el plural y el femenino no importan.', verbose_name='formas en español')),
                ('english', models.TextField(blank=True, help_text='Separadas por comas: lo que escribiría quien busca en las páginas en inglés.', verbose_name='formas en inglés')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='actualizado el')),
            ],
            options={
                'verbose_name': 'grupo de sinónimos',
                'verbose_name_plural': 'tesauro del sector',
                'ordering': ['spanish'],
            },
        ),
        # The table goes with its triggers when migrating backwards.
        migrations.RunPython(version_triggers, migrations.RunPython.noop),
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
