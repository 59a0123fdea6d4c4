"""The optional second factor for staff (DJANGO_ADMIN_2FA, django-otp TOTP)."""

import re
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from .factories import PracticeFactory

pytestmark = pytest.mark.django_db

PASSWORD = "clave-de-prueba-123"


def code(device):
    """The code the user's authenticator app shows now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def two_factor(settings):
    settings.ADMIN_2FA = True


@pytest.fixture
def device(staff_user):
    return TOTPDevice.objects.create(user=staff_user, name="Teléfono", confirmed=True)


@pytest.fixture
def practice(db):
    return PracticeFactory(draft=True)


def admin_pages(practice, user):
    """Every kind of admin page ``user`` may open: index, each app, each model's list and
    add page, a change, history, delete and the catalogue's own views."""
    request = RequestFactory().get("/admin/")
    request.user = user
    pages = [reverse("admin:index"), reverse("admin:password_change")]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        pages.append(reverse("admin:app_list", args=[opts.app_label]))
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if model_admin.has_add_permission(request):
            pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    for name in ("change", "history", "delete", "preview"):
        pages.append(reverse(f"admin:practices_practice_{name}", args=[practice.pk]))
    pages.append(reverse("admin:practices_practice_import"))
    return sorted(set(pages))


def test_with_the_setting_off_the_admin_needs_no_second_factor(client, staff_user, practice):
    client.force_login(staff_user)

    for page in admin_pages(practice, staff_user):
        assert client.get(page).status_code == 200, page


def test_without_the_code_every_admin_page_leads_to_the_otp_step(
    client, two_factor, staff_user, device, practice
):
    client.force_login(staff_user)  # the password is right: the first factor is done

    for page in admin_pages(practice, staff_user):
        response = client.get(page)
        assert response.status_code == 302, page
        target = urlsplit(response["Location"])
        assert target.path == "/admin/login/", page
        assert parse_qs(target.query)["next"] == [page]

    step = client.get("/admin/login/?next=/admin/practices/practice/")
    assert step.status_code == 200
    assert "Verificación en dos pasos" in step.text
    assert 'name="otp_token"' in step.text
    assert 'name="password"' not in step.text


def test_a_valid_code_opens_the_admin(client, two_factor, staff_user, device, practice):
    client.force_login(staff_user)
    target = "/admin/practices/practice/"

    wrong = client.post(
        "/admin/login/", {"otp_device": device.persistent_id, "otp_token": "000000", "next": target}
    )
    assert wrong.status_code == 200
    assert "El código no es válido" in wrong.text
    device.refresh_from_db()
    device.throttle_reset()  # django-otp makes the next try wait after a failure

    right = client.post(
        "/admin/login/",
        {"otp_device": device.persistent_id, "otp_token": code(device), "next": target},
    )

    assert right.status_code == 302
    assert right["Location"] == target
    for page in admin_pages(practice, staff_user):
        assert client.get(page).status_code == 200, page


def test_the_whole_login_password_then_code(client, two_factor, staff_user, device):
    first = client.post(
        "/admin/login/", {"username": "editora", "password": PASSWORD, "next": "/admin/"}
    )
    assert first.status_code == 302
    step = client.get(client.get(first["Location"])["Location"])
    assert 'name="otp_token"' in step.text

    done = client.post(
        "/admin/login/",
        {"otp_device": device.persistent_id, "otp_token": code(device), "next": "/admin/"},
    )

    assert done.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_an_off_site_next_is_not_followed(client, two_factor, staff_user, device):
    client.force_login(staff_user)

    done = client.post(
        "/admin/login/",
        {
            "otp_device": device.persistent_id,
            "otp_token": code(device),
            "next": "https://malo.example/",
        },
    )

    assert done["Location"] == "/admin/"


def test_staff_without_a_device_is_told_to_ask_for_one(client, two_factor, staff_user):
    client.force_login(staff_user)

    page = client.get("/admin/login/")

    assert page.status_code == 403
    assert "no tiene registrado un segundo factor" in page.text
    assert client.get("/admin/").status_code == 302


def test_unverified_staff_get_no_preview_of_unpublished_practices(
    client, two_factor, staff_user, device, practice
):
    client.force_login(staff_user)

    assert client.get(practice.get_absolute_url()).status_code == 404

    client.post("/admin/login/", {"otp_device": device.persistent_id, "otp_token": code(device)})
    assert client.get(practice.get_absolute_url()).status_code == 200


def test_the_command_enrols_a_device_and_prints_its_uri(staff_user):
    out = StringIO()

    call_command("totp_device", "editora", stdout=out)

    device = TOTPDevice.objects.get(user=staff_user)
    assert device.confirmed
    uri = re.search(r"otpauth://totp/\S+", out.getvalue()).group()
    assert uri == device.config_url
    assert "issuer=Banco%20de%20Buenas%20Pr%C3%A1cticas" in uri
    assert device.verify_token(code(device))


def test_the_command_replaces_a_device_only_when_asked(staff_user, device):
    with pytest.raises(CommandError, match="--replace"):
        call_command("totp_device", "editora", stdout=StringIO())

    call_command("totp_device", "editora", "--replace", "--no-qr", stdout=StringIO())

    assert TOTPDevice.objects.filter(user=staff_user).exclude(pk=device.pk).count() == 1
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()


def test_a_superuser_enrols_a_device_in_the_admin(client, staff_user, make_member):
    editor = make_member("Editor", "editor2")
    client.force_login(staff_user)

    response = client.post(
        "/admin/otp_totp/totpdevice/add/",
        {
            "user": editor.pk,
            "name": "Teléfono",
            "confirmed": "on",
            "key": TOTPDevice._meta.get_field("key").default(),
            "step": 30,
            "t0": 0,
            "digits": 6,
            "tolerance": 1,
            "drift": 0,
            "throttling_failure_count": 0,
        },
    )

    assert response.status_code == 302
    device = TOTPDevice.objects.get(user=editor)
    qr = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/")
    assert qr.status_code == 200
    assert qr["Content-Type"] == "image/svg+xml"
