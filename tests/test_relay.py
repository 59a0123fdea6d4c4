"""«Escribir a quien lideró esta práctica»: a message reaches the practice's people (or the
entity) through the outbox and a real SMTP server, the sender gets a copy, and no page or
header the sender sees holds the recipient's address; robots and floods are turned away."""

import time

import pytest
from django.core import signing

from outbox.models import Message
from outbox.sending import send_due
from practices.models import Practice

from .factories import PracticeFactory

pytestmark = pytest.mark.django_db

CODE = "BP-ANDESCO-SSPD-002-2021"
FORM = f"/practicas/{CODE}/escribir/"
CONTACT = "durley.riveros@edeq.com.co"


@pytest.fixture(autouse=True)
def entity_mailbox(settings, counting_cache):
    settings.CONTACT_RELAY_EMAIL = "buzon@entidad.gov.co"


def started(seconds_ago=10):
    return signing.dumps(time.time() - seconds_ago, salt="ops.humans")


def filled(**changes):
    data = {
        "name": "Ana Gómez",
        "email": "ana.gomez@aguasdelvalle.com.co",
        "organisation": "Aguas del Valle",
        "message": "Queremos replicar su práctica de teletrabajo. ¿Podemos hablar?",
        "accepts_policy": "on",
        "website": "",
        "started": started(),
    }
    return {**data, **changes}


def test_every_published_ficha_offers_to_write(client, reference_practice):
    page = client.get(f"/practicas/{CODE}/").text
    assert f'href="{FORM}"' in page
    Practice.objects.filter(pk=reference_practice.pk).update(contact_publish_allowed=False)
    assert f'href="{FORM}"' in client.get(f"/practicas/{CODE}/?otra=1").text

    form = client.get(FORM)
    assert form.status_code == 200
    assert CONTACT not in form.text and "durley" not in form.text.lower()
    assert 'name="accepts_policy"' in form.text and 'name="website"' in form.text


def test_a_message_is_relayed_and_the_sender_gets_a_copy(client, smtp, reference_practice):
    response = client.post(FORM, filled())

    assert response.status_code == 302
    sent = client.get(response["Location"])
    assert "Mensaje recibido" in sent.text and CONTACT not in sent.text
    assert send_due() == (2, 0)
    by_recipient = {rcpt[0]: message for rcpt, message in smtp.received}
    relayed = by_recipient[CONTACT]
    assert relayed["Reply-To"] == "ana.gomez@aguasdelvalle.com.co"
    assert "Queremos replicar su práctica" in relayed.get_content()
    assert "Aguas del Valle" in relayed.get_content()
    copy = by_recipient["ana.gomez@aguasdelvalle.com.co"]
    assert "Queremos replicar su práctica" in copy.get_content()
    # Nothing the sender receives names the recipient.
    assert CONTACT not in copy.as_string() and "durley" not in copy.as_string().lower()


def test_without_a_contact_e_mail_the_entity_receives_it(client, smtp):
    practice = PracticeFactory(contact_email="", contact_name="", contact_phone="")

    response = client.post(f"/practicas/{practice.code}/escribir/", filled())

    assert response.status_code == 302
    send_due()
    assert "buzon@entidad.gov.co" in [rcpt[0] for rcpt, _m in smtp.received]


def test_received_even_while_the_mail_server_is_down(client, smtp, reference_practice):
    smtp.stop()

    response = client.post(FORM, filled())

    assert response.status_code == 302  # the sender was told "recibido"
    assert send_due() == (0, 2)
    assert Message.objects.filter(status=Message.Status.WAITING).count() == 2


@pytest.mark.parametrize("robot", ["fills the hidden field", "is too fast"])
def test_robots_are_answered_as_if_sent_and_nothing_is_stored(
    client, smtp, reference_practice, robot
):
    if robot == "fills the hidden field":
        data = filled(website="http://spam.example")
    else:
        data = filled(started=started(seconds_ago=0))

    response = client.post(FORM, data)

    assert response.status_code == 302
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"accepts_policy": ""}, "Para enviar el mensaje acepte la política."),
        (
            {"message": "Vea http://a.co http://b.co http://c.co"},
            "El mensaje tiene demasiados enlaces",
        ),
        ({"message": "x" * 3001}, "3000"),
        ({"started": "inventado"}, "El formulario caducó"),
        ({"email": "no-es-un-correo"}, "correo"),
    ],
)
def test_a_bad_message_is_explained_and_nothing_is_stored(
    client, reference_practice, changes, error
):
    response = client.post(FORM, filled(**changes))

    assert response.status_code == 200
    assert error in response.text
    assert not Message.objects.exists()


def test_too_many_messages_from_one_client_are_refused_with_retry_after(
    client, reference_practice, settings
):
    settings.RATELIMITS = {**settings.RATELIMITS, "contact": 3}
    for n in range(3):
        assert client.post(FORM, filled(email=f"p{n}@x.co")).status_code == 302

    response = client.post(FORM, filled(email="p4@x.co"))

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert Message.objects.filter(purpose__startswith="relay:").count() == 3


def test_too_many_messages_from_one_address_in_a_day_are_refused(
    client, reference_practice, settings
):
    settings.RATELIMITS = {**settings.RATELIMITS, "contact": 0}
    for _n in range(5):
        assert client.post(FORM, filled()).status_code == 302

    response = client.post(FORM, filled(email="ANA.GOMEZ@aguasdelvalle.com.co"))

    assert response.status_code == 429 and response["Retry-After"] == str(24 * 60 * 60)
    assert Message.objects.filter(purpose__startswith="relay:").count() == 5


def test_unpublished_practices_cannot_be_written_about(client):
    draft = PracticeFactory(status="draft", published_at=None)
    assert client.get(f"/practicas/{draft.code}/escribir/").status_code == 404
