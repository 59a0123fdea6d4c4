"""`manage.py import_fichas` and the import service: all or nothing, dry run, update."""

import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from practices import workflow
from practices.fichas.importer import FichaFile, import_fichas
from practices.fichas.writer import render_ficha_text
from practices.models import Practice, Provider

from .snapshots import snapshot

pytestmark = pytest.mark.django_db

FICHAS = Path(__file__).parent / "fichas"
REFERENCE = FICHAS / "reference.txt"
CODE = "BP-ANDESCO-SSPD-002-2021"


def reference_with(**replacements):
    text = REFERENCE.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new)
    return text


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_reference_ficha_imports_to_the_values_entered_by_hand(reference_practice):
    expected = snapshot(reference_practice)
    Practice.objects.all().delete()
    Provider.objects.all().delete()

    report = import_fichas([FichaFile("reference.txt", REFERENCE.read_bytes())])

    assert report.ok and report.written
    imported = Practice.objects.get(code=CODE)
    actual = snapshot(imported)
    # The figures of the impact text become metrics by an editor's reading (the demo has
    # six); a ficha has no metric rows, so the import suggests them in a warning instead.
    assert actual.pop("metrics") == []
    assert len(expected.pop("metrics")) == 6
    # The same contact, but not authorised: only a person records the holder's consent.
    *contact, allowed = expected.pop("contact")
    assert allowed
    assert actual.pop("contact") == (*contact, False)
    assert actual == expected
    assert imported.status == Practice.Status.DRAFT
    warnings = " ".join(str(p) for p in report.problems)
    assert "145.061, 4.193, 8.189, 132.221" in warnings


def test_command_imports_a_folder_as_drafts(tmp_path, capsys):
    write(tmp_path, "a.txt", REFERENCE.read_text(encoding="utf-8"))
    write(tmp_path, "notas.md", "no es una ficha y no se lee")

    call_command("import_fichas", str(tmp_path))

    practice = Practice.objects.get(code=CODE)
    assert practice.status == Practice.Status.DRAFT
    out = capsys.readouterr().out
    assert f"{CODE} «Somos la energía que mueve el desarrollo del Quindío» creada" in out
    assert "1 archivo(s): 1 nueva(s)" in out


def test_command_can_publish_what_it_imports(tmp_path):
    call_command("import_fichas", str(REFERENCE), "--status", "published")

    practice = Practice.objects.get(code=CODE)
    assert practice.status == Practice.Status.PUBLISHED
    assert practice.published_at is not None


def test_dry_run_writes_nothing_and_reports_what_it_would_do(capsys):
    call_command("import_fichas", str(REFERENCE), "--dry-run")

    assert not Practice.objects.exists()
    assert not Provider.objects.exists()
    out = capsys.readouterr().out
    assert "se crea" in out
    assert "Se crea el prestador «Empresa de Energía del Quindío SA ESP (EDEQ)»" in out
    assert "no se escribió nada" in out


def test_reimport_without_update_creates_no_duplicate(capsys):
    call_command("import_fichas", str(REFERENCE))
    Practice.objects.filter(code=CODE).update(title="Título corregido a mano")

    call_command("import_fichas", str(REFERENCE))

    assert Practice.objects.count() == 1
    assert Provider.objects.count() == 1
    assert Practice.objects.get().title == "Título corregido a mano"
    assert "omitida" in capsys.readouterr().out


def test_reimport_with_update_replaces_values_and_rows_of_a_draft(tmp_path):
    call_command("import_fichas", str(REFERENCE))
    changed = write(
        tmp_path,
        "corregida.txt",
        reference_with(**{"Habilitación trabajo en casa:": "Trabajo remoto:"}),
    )

    call_command("import_fichas", str(changed), "--update")

    practice = Practice.objects.get()
    assert list(practice.success_factors.values_list("title", flat=True)) == [
        "Trabajo remoto",
        "Gestión social en sedes en reapertura",
        "Habilitación de canales para pago",
    ]
    assert practice.links.count() == 4
    assert practice.status == Practice.Status.DRAFT  # an update keeps the status


def test_an_update_of_a_published_practice_is_a_revision_for_a_reviewer(
    tmp_path, capsys, editor, reviewer
):
    call_command("import_fichas", str(REFERENCE), "--status", "published")
    changed = write(
        tmp_path,
        "corregida.txt",
        reference_with(**{"Habilitación trabajo en casa:": "Trabajo remoto:"}),
    )

    call_command("import_fichas", str(changed), "--update")

    published = Practice.objects.published().get()
    assert published.success_factors.first().title == "Habilitación trabajo en casa"
    revision = published.revisions.get()
    assert revision.status == Practice.Status.DRAFT
    assert revision.success_factors.first().title == "Trabajo remoto"
    assert "revisión (borrador)" in capsys.readouterr().out

    # While that revision is open, no file overwrites or discards it.
    with pytest.raises(CommandError):
        call_command("import_fichas", str(REFERENCE), "--update")
    assert "ya tiene una revisión abierta" in capsys.readouterr().out
    assert published.revisions.get() == revision
    assert revision.success_factors.first().title == "Trabajo remoto"

    workflow.practice_submit(practice=revision, by=editor)
    workflow.practice_publish(practice=revision, by=reviewer)
    published.refresh_from_db()
    assert published.success_factors.first().title == "Trabajo remoto"
    assert not Practice.objects.filter(revision_of__isnull=False).exists()


def test_a_practice_in_review_is_not_updated_under_its_reviewer(tmp_path, capsys, editor):
    call_command("import_fichas", str(REFERENCE))
    practice = Practice.objects.get()
    workflow.practice_submit(practice=practice, by=editor)

    with pytest.raises(CommandError):
        call_command("import_fichas", str(REFERENCE), "--update")

    assert "está en revisión" in capsys.readouterr().out
    assert Practice.objects.get().status == Practice.Status.REVIEW


def test_the_round_trip_of_a_published_ficha_gives_the_same_practice_back(
    reference_practice, tmp_path, capsys
):
    """Its public ficha.txt leaves out a contact that is not public: re-importing it must not
    erase that contact, and changes nothing at all."""
    Practice.objects.filter(pk=reference_practice.pk).update(
        contact_publish_allowed=False, contact_consent_at=None
    )
    reference_practice.refresh_from_db()
    assert reference_practice.contact_email and not reference_practice.contact_is_public
    before = workflow.content_of(reference_practice)
    exported = write(tmp_path, "ficha.txt", render_ficha_text(reference_practice))

    call_command("import_fichas", str(exported), "--update")

    assert "sin cambios" in capsys.readouterr().out
    reference_practice.refresh_from_db()
    assert workflow.content_of(reference_practice) == before
    assert not reference_practice.revisions.exists()

    # A real change: the revision has it, and keeps the contact the file did not carry.
    edited = render_ficha_text(reference_practice).replace(
        reference_practice.title, "Un título nuevo para la práctica"
    )
    call_command("import_fichas", str(write(tmp_path, "ficha.txt", edited)), "--update")
    revision = reference_practice.revisions.get()
    assert revision.title == "Un título nuevo para la práctica"
    assert revision.contact_email == reference_practice.contact_email
    assert revision.contact_name == reference_practice.contact_name
    assert not revision.contact_publish_allowed
    assert workflow.content_of(Practice.objects.get(pk=reference_practice.pk)) == before


def test_a_batch_with_one_bad_file_writes_nothing_and_lists_every_problem(tmp_path, capsys):
    good = write(tmp_path, "1-buena.txt", REFERENCE.read_text(encoding="utf-8"))
    bad_code = write(
        tmp_path,
        "2-codigo.txt",
        reference_with(**{CODE: "BP-ANDESCO-2021"}),
    )
    bad_dates = write(
        tmp_path,
        "3-fechas.txt",
        reference_with(
            **{CODE: "BP-ANDESCO-SSPD-003-2021", "15 de marzo de 2020": "31 de febrero de 2020"}
        ),
    )

    with pytest.raises(CommandError, match="no se importó nada"):
        call_command("import_fichas", str(good), str(bad_code), str(bad_dates))

    assert not Practice.objects.exists()
    assert not Provider.objects.exists()
    out = capsys.readouterr().out
    assert f"{bad_code}, línea 29, campo «Código»: «BP-ANDESCO-2021» no es un código válido" in out
    assert (
        f"{bad_dates}, línea 31, campo «Fecha de implementación»: "
        "«31 de febrero de 2020» no es una fecha posible." in out
    )
    assert "3 archivo(s): 1 nueva(s), 0 actualizada(s), 0 omitida(s), 2 error(es)." in out


def test_the_same_code_twice_in_one_batch_is_an_error(tmp_path):
    first = write(tmp_path, "a.txt", REFERENCE.read_text(encoding="utf-8"))
    second = write(tmp_path, "b.txt", REFERENCE.read_text(encoding="utf-8"))

    with pytest.raises(CommandError):
        call_command("import_fichas", str(first), str(second))

    assert not Practice.objects.exists()


def test_a_path_that_does_not_exist_is_reported_without_traceback(tmp_path, capsys):
    with pytest.raises(CommandError, match="No se importó nada"):
        call_command("import_fichas", str(tmp_path / "no-existe.txt"))

    assert "no existe el archivo o la carpeta" in capsys.readouterr().err


def test_importing_as_published_is_on_record_and_meets_the_publication_gate(tmp_path, capsys):
    call_command("import_fichas", str(REFERENCE), "--status", "published")

    practice = Practice.objects.published().get()
    transition = practice.transitions.get()
    assert (transition.from_status, transition.to_status) == ("draft", "published")
    assert "Publicada al importar «reference.txt»" in transition.comment

    Practice.objects.all().delete()
    text = REFERENCE.read_text(encoding="utf-8")
    incomplete = "\n".join(
        "Posibilidad de réplica\t" if line.startswith("Posibilidad de réplica\t") else line
        for line in text.split("\n")
    )
    with pytest.raises(CommandError):
        call_command(
            "import_fichas", str(write(tmp_path, "x.txt", incomplete)), "--status", "published"
        )
    assert (
        "no se puede importar como publicada: falta posibilidad de réplica"
        in capsys.readouterr().out
    )
    assert not Practice.objects.exists()


def test_a_revision_in_review_is_neither_overwritten_nor_discarded(
    reference_practice, tmp_path, capsys, editor
):
    revision = workflow.practice_start_revision(practice=reference_practice, by=editor)
    revision.title = "Título corregido en la revisión"
    revision.save()
    workflow.practice_submit(practice=revision, by=editor)
    exported = write(tmp_path, "ficha.txt", render_ficha_text(reference_practice))

    with pytest.raises(CommandError):
        call_command("import_fichas", str(exported), "--update")

    revision.refresh_from_db()
    assert revision.title == "Título corregido en la revisión"
    assert revision.status == Practice.Status.REVIEW
    assert "ya tiene una revisión abierta" in capsys.readouterr().out


def test_one_ficha_computes_its_search_texts_once(monkeypatch):
    import practices.models

    calls = []
    original = practices.models.search_fields

    def counted(*sources):
        calls.append(sources)
        return original(*sources)

    monkeypatch.setattr(practices.models, "search_fields", counted)

    call_command("import_fichas", str(REFERENCE))

    assert len(calls) == 1
    practice = Practice.objects.get()
    assert "teletrabajo" in practice.search_text  # computed with its rows, not before them


# --- Contacts: the import never records consent ---------------------------------------

CONSENT_PENDING = (
    "Contacto por verificar: la publicación no está autorizada hasta que una persona registre "
    "la autorización (quién, cuándo, canal, versión del aviso)."
)
CONTACT_LINE = "Durley Riveros Gestor equipo mercadeo y ofertas durley.riveros@edeq.com.co"


def test_an_imported_contact_is_not_public_until_a_person_records_consent(client, tmp_path, capsys):
    """Whatever the ficha says: here it even has an "Autoriza publicar el contacto: Sí" row."""
    ficha = write(
        tmp_path,
        "ficha.txt",
        reference_with(
            **{
                CONTACT_LINE: "Durley Riveros, Gestora de mercadeo, durley.riveros@edeq.com.co, "
                "Tel. 606 741 2500\nAutoriza publicar el contacto\tSí"
            }
        ),
    )

    call_command("import_fichas", str(ficha), "--status", "published")

    practice = Practice.objects.published().get()
    assert (practice.contact_name, practice.contact_email, practice.contact_phone) == (
        "Durley Riveros",
        "durley.riveros@edeq.com.co",
        "606 741 2500",
    )
    assert not practice.contact_publish_allowed
    assert practice.contact_consent_at is None
    assert practice.contact_consent_channel == ""
    assert practice.contact_consent_notice_version == ""
    assert practice.contact_consent_recorded_by is None
    assert CONSENT_PENDING in capsys.readouterr().out

    page = client.get(practice.get_absolute_url())
    assert page.status_code == 200
    for personal in ("Durley", "durley.riveros", "741 2500"):
        assert personal not in page.text, personal

    # Once a person records the consent, the same page shows the contact.
    Practice.objects.filter(pk=practice.pk).update(
        contact_publish_allowed=True,
        contact_consent_at=datetime.date(2024, 5, 2),
        contact_consent_channel="Formulario de postulación",
    )
    assert "Durley Riveros" in client.get(practice.get_absolute_url()).text


def test_the_report_says_the_contact_waits_for_consent_only_for_files_that_carry_one(
    tmp_path, capsys
):
    with_contact = write(tmp_path, "con-contacto.txt", REFERENCE.read_text(encoding="utf-8"))
    without = write(
        tmp_path,
        "sin-contacto.txt",
        reference_with(**{CODE: "BP-ANDESCO-SSPD-003-2021", CONTACT_LINE: ""}),
    )

    call_command("import_fichas", str(with_contact), str(without), "--dry-run")

    out = capsys.readouterr().out
    assert out.count(CONSENT_PENDING) == 1
    assert out.index(CONSENT_PENDING) < out.index("sin-contacto.txt")


def record_consent(practice, by):
    Practice.objects.filter(pk=practice.pk).update(
        contact_publish_allowed=True,
        contact_consent_at=datetime.date(2024, 5, 2),
        contact_consent_channel="Formulario de postulación",
        contact_consent_notice_version="2.1",
        contact_consent_recorded_by=by,
    )


def test_an_update_keeps_the_consent_recorded_for_the_same_contact(tmp_path, capsys, editor):
    call_command("import_fichas", str(REFERENCE))
    record_consent(Practice.objects.get(), editor)
    changed = write(
        tmp_path,
        "corregida.txt",
        reference_with(
            **{
                "Somos la energía que mueve": "Somos la energía que impulsa",
                # The same person, written in capitals and with another role.
                CONTACT_LINE: "DURLEY RIVEROS, Jefa de mercadeo, Durley.Riveros@edeq.com.co",
            }
        ),
    )
    capsys.readouterr()

    call_command("import_fichas", str(changed), "--update")

    practice = Practice.objects.get()
    assert practice.title.startswith("Somos la energía que impulsa")
    assert practice.contact_role == "Jefa de mercadeo"
    assert practice.contact_publish_allowed
    assert practice.contact_consent_at == datetime.date(2024, 5, 2)
    assert practice.contact_consent_channel == "Formulario de postulación"
    assert practice.contact_consent_notice_version == "2.1"
    assert practice.contact_consent_recorded_by == editor
    out = capsys.readouterr().out
    assert CONSENT_PENDING not in out
    assert (
        "El contacto es el mismo: se conserva la autorización de publicarlo registrada el 2 de "
        "mayo de 2024 (Formulario de postulación)." in out
    )


def test_an_update_naming_another_contact_withdraws_the_consent(tmp_path, capsys, editor):
    call_command("import_fichas", str(REFERENCE))
    record_consent(Practice.objects.get(), editor)
    changed = write(
        tmp_path,
        "otro-contacto.txt",
        reference_with(**{CONTACT_LINE: "Ana Pérez, Gestora social, ana.perez@edeq.com.co"}),
    )
    capsys.readouterr()

    call_command("import_fichas", str(changed), "--update")

    practice = Practice.objects.get()
    assert (practice.contact_name, practice.contact_email) == ("Ana Pérez", "ana.perez@edeq.com.co")
    assert not practice.contact_publish_allowed
    assert practice.contact_consent_at is None
    assert practice.contact_consent_channel == ""
    assert practice.contact_consent_notice_version == ""
    assert practice.contact_consent_recorded_by is None
    out = capsys.readouterr().out
    assert "El contacto cambió: se retiró la autorización" in out
    assert CONSENT_PENDING in out


def test_a_published_ficha_re_imported_keeps_its_consent_unless_the_contact_changes(
    reference_practice, tmp_path, capsys
):
    """Its ficha.txt carries the contact's role only (no personal data in a download): the
    stored person and their consent stay; a file that names another person withdraws it."""
    assert reference_practice.contact_is_public
    exported = render_ficha_text(reference_practice)
    role = reference_practice.contact_role
    assert f"| {role} | |" in exported
    before = workflow.content_of(reference_practice)

    call_command("import_fichas", str(write(tmp_path, "ficha.txt", exported)), "--update")

    assert "sin cambios" in capsys.readouterr().out
    assert workflow.content_of(reference_practice) == before

    other = exported.replace(
        f"| {role} | |", f"Otra Persona | {role} | otra.persona@edeq.com.co | "
    )
    call_command("import_fichas", str(write(tmp_path, "ficha.txt", other)), "--update")

    revision = reference_practice.revisions.get()
    assert revision.contact_email == "otra.persona@edeq.com.co"
    assert not revision.contact_publish_allowed and revision.contact_consent_at is None
    assert CONSENT_PENDING in capsys.readouterr().out
    reference_practice.refresh_from_db()
    assert reference_practice.contact_is_public  # the published one keeps its own consent
    assert workflow.content_of(reference_practice) == before
