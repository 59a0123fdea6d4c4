"""Hostile fichas (tests/hostile_fichas.py makes them): any file an editor can upload is
read within the reader's bounds — at most 2 s of processor time and 100 MB of memory —
or refused within them, with one message naming the file; nothing is written. Through
the parser (in a process of its own, so that a regression fails instead of hanging), the
``import_fichas`` command and the admin's import page."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from practices.fichas import reader as fichas
from practices.models import Category, Practice, Provider
from tests.hostile_fichas import REFERENCE, corpus, refused

ROOT = Path(__file__).resolve().parent.parent
SECONDS = 2.0
PEAK_BYTES = 100 * 1024 * 1024
URL = "/admin/practices/practice/importar/"


@pytest.fixture(scope="module")
def files():
    return corpus()


def test_every_hostile_file_is_read_or_refused_within_two_seconds_and_100_mb(files):
    run = subprocess.run(
        [sys.executable, "-m", "tests.hostile_fichas"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SECRET_KEY": "tests-only-not-a-secret"},
        capture_output=True,
        text=True,
        timeout=600,  # far above the sum of the budgets: a hang fails here
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    results = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["name"] for r in results] == [name for name, _content in files]
    slow = {r["name"]: r["seconds"] for r in results if r["seconds"] > SECONDS}
    heavy = {r["name"]: r["peak"] // 2**20 for r in results if r["peak"] > PEAK_BYTES}
    assert not slow and not heavy, (slow, heavy)
    for result in results:
        if refused(result["name"]):
            # One clear message that starts with the file's name; nothing else to read.
            assert len(result["errors"]) == 1, result
            assert result["errors"][0].startswith(result["name"]), result
            assert "Traceback" not in result["errors"][0]


def test_a_file_that_takes_too_long_is_refused_not_waited_for(monkeypatch):
    monkeypatch.setattr(fichas, "READ_SECONDS", 0)

    ficha = fichas.parse_ficha("lenta.txt", REFERENCE.encode())

    assert [str(p) for p in ficha.errors] == [
        "lenta.txt: leerlo tomó más de 0 segundos: no se importa."
    ]


@pytest.mark.django_db
def test_the_command_refuses_every_hostile_file_by_name_and_writes_nothing(files, tmp_path, capsys):
    for name, content in files:
        (tmp_path / name).write_bytes(content)
    before = (Practice.objects.count(), Provider.objects.count(), Category.objects.count())

    with pytest.raises(CommandError, match="no se importó nada"):
        call_command("import_fichas", str(tmp_path))

    out = capsys.readouterr().out
    for name, _content in files:
        if refused(name):
            assert f"✗ {tmp_path / name}" in out, name
    assert "Traceback" not in out
    after = (Practice.objects.count(), Provider.objects.count(), Category.objects.count())
    assert after == before


@pytest.mark.django_db
def test_the_admin_shows_every_hostile_file_with_its_error_and_writes_nothing(files, staff_client):
    batch = 50  # the page's limit of files per upload
    for start in range(0, len(files), batch):
        uploads = [
            SimpleUploadedFile(name, content) for name, content in files[start : start + batch]
        ]
        response = staff_client.post(URL, {"action": "preview", "files": uploads})

        assert response.status_code == 200
        for name, _content in files[start : start + batch]:
            if refused(name):
                assert f"{name} — con errores: no se importará" in response.text, name
        assert "Confirmar e importar" not in response.text
    assert not Practice.objects.exists()
    assert not Provider.objects.exists()


@pytest.mark.django_db
def test_a_batch_that_takes_too_long_in_the_admin_is_refused(staff_client, monkeypatch):
    from practices.admin import importing as admin_import

    monkeypatch.setattr(admin_import, "BATCH_SECONDS", 0)
    upload = SimpleUploadedFile("referencia.txt", REFERENCE.encode())

    response = staff_client.post(URL, {"action": "preview", "files": [upload]})

    assert "el lote tomó demasiado tiempo" in response.text
    assert "Confirmar e importar" not in response.text
