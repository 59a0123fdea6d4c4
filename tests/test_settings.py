"""The settings read the environment strictly: a wrong value stops the start-up."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from catalogue_site.settings import env_bool, env_list


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("TRUE", True), ("on", True), ("0", False), ("", False)]
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)

    assert env_bool("SOME_FLAG") is expected


def test_env_bool_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "sí")

    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG")


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("SOME_HOSTS", " bbp.gov.co, www.bbp.gov.co ,")

    assert env_list("SOME_HOSTS") == ["bbp.gov.co", "www.bbp.gov.co"]


def test_production_settings_need_a_secret_key():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "-c", "import catalogue_site.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[1],
    )

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off" in result.stderr


def _settings_in_a_child(**environment):
    """The database settings as a fresh process reads them from ``environment``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    env |= {"DJANGO_SECRET_KEY": "x", **environment}
    code = (
        "import json, catalogue_site.settings as s; d = s.DATABASES['default']; "
        "print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    return result.stdout.strip()


@pytest.mark.parametrize("url", ["", "postgres://catalogue@db.example:5432/catalogue"])
def test_workers_keep_their_database_connection_and_check_it_before_reuse(url):
    assert _settings_in_a_child(DATABASE_URL=url) == "[300, true]"
    assert _settings_in_a_child(DATABASE_URL=url, DJANGO_CONN_MAX_AGE="0") == "[0, true]"
