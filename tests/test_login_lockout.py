"""Login lockout (django-axes, ops.login_lockout): per username and address, per
address alone with a higher limit, a cool-off, a 429 page in Spanish, logged without the
password or the username."""

import datetime
import json
import logging

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "clave-de-prueba-123"
OFFICE = "190.24.10.7"  # one public address for a whole office (NAT)
HOME = "181.50.3.3"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.LOGIN_IP_FAILURE_LIMIT = 12
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)


@pytest.fixture
def colleagues(make_member):
    return make_member("Editor", "editora"), make_member("Revisor", "revisora")


def login(client, username, password="equivocada", ip=OFFICE):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=ip
    )


def fail(client, username, times, ip=OFFICE):
    return [login(client, username, ip=ip).status_code for _ in range(times)]


def test_five_failures_lock_that_username_from_that_address(client, colleagues):
    assert fail(client, "editora", 5) == [200, 200, 200, 200, 429]

    locked = login(client, "editora", PASSWORD)  # even the right password, while locked

    assert locked.status_code == 429
    assert 890 <= int(locked["Retry-After"]) <= 900
    assert "Acceso bloqueado temporalmente" in locked.text
    assert "15 minutos" in locked.text
    assert "_auth_user_id" not in client.session


def test_a_colleague_behind_the_same_address_still_signs_in(client, colleagues):
    fail(client, "editora", 5)

    response = login(client, "revisora", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_the_same_username_from_another_address_still_signs_in(client, colleagues):
    fail(client, "editora", 5)

    assert login(client, "editora", PASSWORD, ip=HOME).status_code == 302


def test_many_usernames_from_one_address_lock_the_address(client, colleagues):
    statuses = [login(client, f"usuario{n}").status_code for n in range(12)]

    assert statuses == [200] * 11 + [429]
    assert login(client, "revisora", PASSWORD).status_code == 429  # the whole address
    assert login(client, "revisora", PASSWORD, ip=HOME).status_code == 302


def test_the_lock_ends_after_the_cool_off(client, colleagues):
    fail(client, "editora", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=10))

    still = login(client, "editora", PASSWORD)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    after = login(client, "editora", PASSWORD)

    assert still.status_code == 429
    assert 290 <= int(still["Retry-After"]) <= 300  # counts down, not restarted
    assert after.status_code == 302


def test_a_successful_login_forgets_only_its_own_failures(client, colleagues):
    fail(client, "editora", 4)
    fail(client, "otra-persona", 3)

    assert login(client, "editora", PASSWORD).status_code == 302

    remaining = AccessAttempt.objects.values_list("username", "failures_since_start")
    assert list(remaining) == [("otra-persona", 3)]


def test_the_lockout_is_logged_without_password_or_username(client, colleagues, caplog):
    caplog.set_level(logging.INFO)

    fail(client, "editora", 5)

    locked = [
        r for r in caplog.records if getattr(r, "event", {}).get("event") == "login_locked_out"
    ]
    assert len(locked) == 1
    assert locked[0].name == "practices.security" and locked[0].levelname == "WARNING"
    assert locked[0].event["failures"] == 5
    everything = " ".join(
        f"{r.getMessage()} {json.dumps(getattr(r, 'event', {}), default=str)}"
        for r in caplog.records
    )
    assert "equivocada" not in everything
    assert "editora" not in everything
    assert OFFICE not in everything
    stored = AccessAttempt.objects.get()
    assert "equivocada" not in stored.post_data  # axes masks it in its own record too


def test_a_locked_out_page_is_never_cached(client, colleagues):
    fail(client, "editora", 5)

    response = login(client, "editora")

    assert response.status_code == 429
    assert "no-store" in response["Cache-Control"]
