"""Staff access: the admin's configurable address, password validators, session expiry."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone

from catalogue_site.settings import admin_url

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("value", ["admin/", "gestion-bbp/", "interno/gestion_2/", "a.b~c/"])
def test_admin_url_accepts_relative_paths_ending_in_a_slash(value):
    assert admin_url(value) == value


@pytest.mark.parametrize(
    "value", ["", "/admin/", "admin", "/", "admin//", "../", "gestion/../", "a b/", "<x>/"]
)
def test_admin_url_refuses_anything_else(value):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_ADMIN_URL"):
        admin_url(value)


def run_django(code, **env):
    environment = {**os.environ, "DJANGO_SECRET_KEY": "x", **env}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-c", f"import django, os; {code}"],
        env={**environment, "DJANGO_SETTINGS_MODULE": "catalogue_site.settings"},
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_the_admin_moves_to_django_admin_url():
    result = run_django(
        "django.setup(); from django.urls import reverse; "
        "print(reverse('admin:index'), reverse('admin:login'))",
        DJANGO_ADMIN_URL="gestion-bbp/",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["/gestion-bbp/", "/gestion-bbp/login/"]


def test_a_wrong_django_admin_url_stops_the_start_up():
    result = run_django("django.setup()", DJANGO_ADMIN_URL="/admin")

    assert result.returncode != 0
    assert "DJANGO_ADMIN_URL must look like 'admin/'" in result.stderr


@pytest.mark.parametrize("password", ["12345678", "password", "corta", "editora2024"])
def test_weak_passwords_are_refused(django_user_model, password):
    user = django_user_model(username="editora2024", email="editora@example.org")

    with pytest.raises(ValidationError):
        validate_password(password, user)


@pytest.mark.django_db
def test_the_admin_refuses_a_weak_password_for_a_new_user(staff_client, django_user_model):
    response = staff_client.post(
        "/admin/auth/user/add/",
        {
            "username": "nueva",
            "password1": "12345678",
            "password2": "12345678",
            "usable_password": "true",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not django_user_model.objects.filter(username="nueva").exists()


@pytest.mark.django_db
def test_a_staff_session_lasts_the_browser_and_at_most_eight_hours(client, staff_user):
    response = client.post(
        "/admin/login/",
        {"username": "editora", "password": "clave-de-prueba-123", "next": "/admin/"},
    )

    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert not cookie["expires"] and not cookie["max-age"]  # gone when the browser closes
    session = Session.objects.get()
    left = session.expire_date - timezone.now()
    assert datetime.timedelta(hours=7, minutes=59) < left <= datetime.timedelta(hours=8)
    assert client.get("/admin/").status_code == 200

    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))

    expired = client.get("/admin/")
    assert expired.status_code == 302
    assert expired["Location"].startswith("/admin/login/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/admin/", "javascript:alert(1)", ""],
)
def test_after_the_login_an_off_site_or_missing_next_lands_on_the_admin(
    client, staff_user, next_url
):
    form = client.get(f"/admin/login/?next={next_url}")
    assert '<input type="hidden" name="next" value="/admin/">' in form.text  # not carried on

    answer = client.post(
        f"/admin/login/?next={next_url}",
        {"username": "editora", "password": "clave-de-prueba-123", "next": next_url},
    )

    assert answer.status_code == 302
    assert answer["Location"] == "/admin/"  # not /accounts/profile/, which does not exist
    assert client.get(answer["Location"]).status_code == 200


@pytest.mark.django_db
def test_after_the_login_a_next_inside_the_site_is_followed(client, staff_user):
    answer = client.post(
        "/admin/login/?next=/admin/practices/practice/",
        {
            "username": "editora",
            "password": "clave-de-prueba-123",
            "next": "/admin/practices/practice/",
        },
    )

    assert answer["Location"] == "/admin/practices/practice/"
