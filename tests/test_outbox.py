"""The outbox: a message is stored first, then sent by the worker through a real SMTP
server (started here on a free port); while the server is down nothing is lost, it goes
once the server is back, and a message that keeps failing is shown to administrators."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from outbox.models import MAX_ATTEMPTS, Message
from outbox.sending import enqueue, send_due

pytestmark = pytest.mark.django_db


def test_a_message_is_stored_then_sent_by_the_worker(smtp, capsys):
    enqueue("lider@prestador.com.co", "Sobre su práctica", "Hola,\nquisiera saber más.")
    assert smtp.received == []  # nothing goes until the worker runs

    call_command("send_outbox")

    ((recipients, message),) = smtp.received
    assert recipients == ["lider@prestador.com.co"]
    assert message["Subject"] == "Sobre su práctica"
    assert message["From"] == "catalogo@entidad.gov.co"
    assert "quisiera saber más" in message.get_content()
    stored = Message.objects.get()
    assert stored.status == Message.Status.SENT and stored.sent_at is not None
    assert "1 enviados" in capsys.readouterr().out


def test_nothing_is_lost_while_the_server_is_down(smtp):
    for n in range(3):
        enqueue(f"persona{n}@prestador.com.co", f"Mensaje {n}", "Texto")
    smtp.stop()

    assert send_due() == (0, 3)
    waiting = Message.objects.filter(status=Message.Status.WAITING)
    assert waiting.count() == 3
    assert all(m.attempts == 1 and m.last_error for m in waiting)
    assert send_due() == (0, 0)  # not due again before its back-off

    smtp.start()  # the server comes back, on the same port
    later = timezone.now() + timedelta(minutes=2)
    assert send_due(now=later) == (3, 0)

    assert sorted(rcpt[0] for rcpt, _m in smtp.received) == [
        f"persona{n}@prestador.com.co" for n in range(3)
    ]
    assert Message.objects.filter(status=Message.Status.SENT).count() == 3


def test_a_message_that_keeps_failing_is_shown_to_administrators(smtp, client, make_member):
    message = enqueue("nadie@prestador.com.co", "Rebota", "Texto")
    smtp.stop()
    now = timezone.now()
    for _attempt in range(MAX_ATTEMPTS):
        now += timedelta(hours=7)
        send_due(now=now)

    message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    assert message.attempts == MAX_ATTEMPTS

    client.force_login(make_member("Administrador"))
    page = client.get("/admin/outbox/message/?status__exact=failed")
    assert page.status_code == 200 and "Rebota" in page.text
    client.force_login(make_member("Editor"))
    assert client.get("/admin/outbox/message/").status_code == 403


def test_the_waits_grow_and_are_bounded():
    message = enqueue("a@b.co", "x", "y")
    start = timezone.now()
    waits = []
    for _attempt in range(MAX_ATTEMPTS - 1):
        message.failed_attempt("caído", start)
        waits.append(message.next_attempt_at - start)
    assert waits == sorted(waits) and waits[0] == timedelta(minutes=1)
    assert max(waits) <= timedelta(hours=6)
