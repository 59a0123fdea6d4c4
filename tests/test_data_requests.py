"""The data subject's rights (Ley 1581 de 2012): the default policy, the request form with
its legal due dates in Colombian working days, the requests in the admin, the withdrawal
of a contact's consent reaching every surface at once, and what staff owe on the admin
home."""

import datetime
import re
from unittest import mock

import pytest
from django.core import signing
from django.utils import timezone

from outbox.models import Message
from outbox.sending import forget_sent, send_due
from practices.models import Practice
from privacy import workdays
from privacy.models import DataRequest

from .factories import PracticeFactory

pytestmark = pytest.mark.django_db

POLICY = "/politica-de-tratamiento-de-datos/"
FORM = "/politica-de-tratamiento-de-datos/solicitud/"
CODE = "BP-ANDESCO-SSPD-002-2021"
FICHA = f"/practicas/{CODE}/"
CONTACT = "durley.riveros@edeq.com.co"


@pytest.fixture(autouse=True)
def mailboxes(settings, counting_cache):
    settings.CONTACT_RELAY_EMAIL = "buzon@entidad.gov.co"
    settings.PRIVACY_REQUESTS_EMAIL = "datos@entidad.gov.co"


def started(seconds_ago=10):
    return signing.dumps(timezone.now().timestamp() - seconds_ago, salt="ops.humans")


def filled(**changes):
    data = {
        "kind": "removal",
        "name": "Durley Riveros",
        "email": "Durley.Riveros@edeq.com.co",
        "practice_reference": CODE,
        "details": "Les pido retirar mi correo y mi teléfono de la ficha.",
        "accepts_policy": "on",
        "website": "",
        "started": started(),
    }
    return {**data, **changes}


def at(year, month, day, hour=10):
    """A moment in Bogotá."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


# --- Working days -----------------------------------------------------------------------


def test_the_colombian_holidays_of_2026():
    assert sorted(workdays.holidays(2026)) == [
        datetime.date(2026, month, day)
        for month, day in [
            (1, 1), (1, 12), (3, 23), (4, 2), (4, 3), (5, 1), (5, 18), (6, 8), (6, 15),
            (6, 29), (7, 20), (8, 7), (8, 17), (10, 12), (11, 2), (11, 16), (12, 8), (12, 25),
        ]
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        # Friday 4 December 2026: the term starts Monday; 8 December is a holiday.
        (datetime.date(2026, 12, 4), 10, datetime.date(2026, 12, 21)),
        (datetime.date(2026, 12, 4), 15, datetime.date(2026, 12, 29)),
        # Received on a Saturday: the first working day is Monday.
        (datetime.date(2026, 3, 21), 1, datetime.date(2026, 3, 24)),
        # Across Holy Week (2 and 3 April 2026).
        (datetime.date(2026, 3, 31), 3, datetime.date(2026, 4, 7)),
    ],
)
def test_terms_count_working_days_from_the_day_after_receipt(received, days, due):
    assert workdays.add_working_days(received, days) == due
    assert workdays.working_days_between(received, due) == days


# --- The policy and the form ------------------------------------------------------------


def test_a_new_site_has_a_default_policy_in_force_that_leads_to_the_form(client):
    page = client.get(POLICY).text

    assert "Versión 1" in page and "Derechos del titular" in page
    assert "diez (10) días hábiles" in page and "quince (15) días hábiles" in page
    assert f'href="{FORM}"' in page
    form = client.get(FORM)
    assert form.status_code == 200
    for kind in DataRequest.Kind:
        assert f'value="{kind.value}"' in form.text
    assert 'name="website"' in form.text and 'name="accepts_policy"' in form.text


@pytest.mark.parametrize(
    ("kind", "received", "due", "due_text"),
    [
        ("access", at(2026, 12, 4), datetime.date(2026, 12, 21), "21 de diciembre de 2026"),
        ("removal", at(2026, 12, 4), datetime.date(2026, 12, 29), "29 de diciembre de 2026"),
        ("correction", at(2027, 3, 19), datetime.date(2027, 4, 14), "14 de abril de 2027"),
    ],
)
def test_a_request_is_received_with_its_number_and_legal_due_date(
    client, smtp, kind, received, due, due_text
):
    with mock.patch("django.utils.timezone.now", return_value=received):
        response = client.post(FORM, filled(kind=kind, started=started()))

    assert response.status_code == 302
    stored = DataRequest.objects.get()
    assert (stored.kind, stored.status, stored.due_on) == (kind, "open", due)
    assert stored.email == "durley.riveros@edeq.com.co"
    number = stored.number
    assert re.fullmatch(rf"SD-{received.year}-\d{{5}}", number)
    page = client.get(response["Location"]).text
    assert number in page and due_text in page

    assert send_due() == (2, 0)
    mail = {rcpt[0]: message for rcpt, message in smtp.received}
    receipt = mail["durley.riveros@edeq.com.co"]
    assert number in receipt["Subject"]
    assert due_text in receipt.get_content() and "retirar mi correo" in receipt.get_content()
    told = mail["datos@entidad.gov.co"]
    assert number in told["Subject"]
    assert f"/admin/privacy/datarequest/{stored.pk}/change/" in told.get_content()
    # The entity's notice carries no personal data, only where to read it.
    assert "Durley" not in told.get_content() and "retirar" not in told.get_content()


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"kind": ""}, "Este campo es obligatorio"),
        ({"kind": "everything"}, "Escoja una opción válida"),
        ({"email": "no-es-un-correo"}, "correo electrónico válida"),
        ({"details": ""}, "Este campo es obligatorio"),
        ({"details": "x" * 3001}, "3000 caracteres"),
        ({"accepts_policy": ""}, "acepte la política"),
        ({"started": "inventado"}, "El formulario caducó"),
    ],
)
def test_a_bad_request_says_what_is_wrong_and_stores_nothing(client, changes, error):
    response = client.post(FORM, filled(**changes))

    assert response.status_code == 200
    assert error in response.text
    assert not DataRequest.objects.exists() and not Message.objects.exists()


@pytest.mark.parametrize(
    "changes", [{"website": "http://spam.example"}, {"started": "now"}]
)  # fmt: skip
def test_robots_are_answered_as_people_but_nothing_is_stored(client, changes):
    if changes.get("started") == "now":  # sent the moment it was shown
        changes["started"] = started(seconds_ago=0)
    response = client.post(FORM, filled(**changes))

    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert not DataRequest.objects.exists() and not Message.objects.exists()


def test_floods_get_429_with_retry_after(client, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "data_request": 100}
    codes = [client.post(FORM, filled()).status_code for _ in range(4)]

    assert codes == [302, 302, 302, 429]  # three requests a day per address
    assert DataRequest.objects.count() == 3

    settings.RATELIMITS = {**settings.RATELIMITS, "data_request": 1}
    client.post(FORM, filled(email="otra@example.org"))
    limited = client.post(FORM, filled(email="otra2@example.org"))
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0


def test_a_forged_receipt_is_not_found(client):
    assert client.get(f"{FORM}recibida/inventado/").status_code == 404


# --- The admin --------------------------------------------------------------------------


@pytest.fixture
def administrator(client, make_member):
    user = make_member("Administrador")
    client.force_login(user)
    return user


def open_request(**fields):
    values = {
        "kind": "access",
        "name": "Durley Riveros",
        "email": CONTACT,
        "details": "¿Qué datos míos tienen?",
    }
    return DataRequest.objects.create(**{**values, **fields})


def test_the_administrator_answers_a_request_and_the_holder_gets_the_answer(
    client, administrator, smtp
):
    data_request = open_request()
    url = f"/admin/privacy/datarequest/{data_request.pk}/change/"

    listing = client.get("/admin/privacy/datarequest/").text
    assert data_request.number in listing
    assert client.get(url).status_code == 200

    unanswered = client.post(url, {"answer": "", "status": "answered"})
    assert unanswered.status_code == 200
    assert "Escriba la respuesta" in unanswered.text
    data_request.refresh_from_db()
    assert data_request.status == "open"

    answered = client.post(
        url, {"answer": "Tenemos su nombre, cargo y correo en la ficha.", "status": "answered"}
    )
    assert answered.status_code == 302
    data_request.refresh_from_db()
    assert (data_request.status, data_request.answered_by) == ("answered", administrator)
    send_due()
    (_rcpt, message), *_ = [m for m in smtp.received if m[0] == [CONTACT]]
    assert data_request.number in message["Subject"]
    assert "nombre, cargo y correo" in message.get_content()
    # Answered, it is kept as sent: nothing to change, nothing to delete.
    page = client.get(url).text
    assert 'name="answer"' not in page
    assert client.post(f"{url.removesuffix('change/')}delete/").status_code == 403


def test_editors_and_reviewers_do_not_see_the_requests(client, make_member):
    open_request()
    for role in ("Editor", "Revisor"):
        client.force_login(make_member(role))
        assert client.get("/admin/privacy/datarequest/").status_code == 403


# --- Withdrawing consent ----------------------------------------------------------------


def surfaces(client):
    """Every public surface that could show the contact, as one text."""
    urls = [
        FICHA,
        f"/en{FICHA}",
        f"{FICHA}ficha.txt",
        "/practicas/feed/",
        "/practicas/exportar.csv",
        "/practicas/exportar.json",
        f"/api/v1/practicas/{CODE}",
    ]
    texts = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        texts.append(b"".join(response) if response.streaming else response.content)
    return b"\n".join(texts).decode()


def test_withdrawing_consent_hides_the_contact_everywhere_at_once_and_records_who_and_why(
    client, reference_practice, administrator
):
    revision = PracticeFactory(revision_of=reference_practice, code=CODE, status="draft")
    Practice.objects.filter(pk=revision.pk).update(
        contact_name="Durley Riveros", contact_email=CONTACT, contact_publish_allowed=True,
        contact_consent_at=datetime.date(2021, 5, 1), contact_consent_channel="formulario",
    )  # fmt: skip
    assert "Durley Riveros" in surfaces(client)  # and the pages are now cached

    changelist = "/admin/practices/practice/"
    chosen = {"action": "withdraw_contact_consent", "_selected_action": [reference_practice.pk]}
    asked = client.post(changelist, chosen)
    assert asked.status_code == 200 and "Motivo" in asked.text
    assert client.post(changelist, {**chosen, "reason": ""}).status_code == 200
    assert Practice.objects.get(pk=reference_practice.pk).contact_publish_allowed

    done = client.post(changelist, {**chosen, "reason": "Solicitud SD-2026-00007"})

    assert done.status_code == 302
    public = surfaces(client)
    assert "Durley" not in public and "riveros" not in public.lower()
    for practice in Practice.objects.filter(code=CODE):  # the practice and its revision
        assert not practice.contact_publish_allowed
        assert practice.contact_consent_withdrawn_at is not None
        last = practice.history.first()
        assert last.history_user == administrator
        assert "Solicitud SD-2026-00007" in last.history_change_reason
    history = client.get(f"/admin/practices/practice/{reference_practice.pk}/history/").text
    assert "Solicitud SD-2026-00007" in history
    # The relay no longer writes to the holder, but to the entity's mailbox.
    client.post(
        f"{FICHA}escribir/",
        {"name": "Ana", "email": "ana@example.org", "organisation": "", "accepts_policy": "on",
         "message": "Hola", "website": "", "started": started()},
    )  # fmt: skip
    assert Message.objects.filter(to="buzon@entidad.gov.co", purpose=f"relay:{CODE}").exists()
    assert not Message.objects.filter(to=CONTACT).exists()


def test_a_removal_request_withdraws_consent_on_every_practice_of_the_holder(
    client, reference_practice, administrator
):
    other = PracticeFactory(
        contact_name="Durley Riveros",
        contact_email="DURLEY.RIVEROS@edeq.com.co",
        contact_publish_allowed=True,
        contact_consent_at=datetime.date(2022, 1, 1),
        contact_consent_channel="correo",
    )
    data_request = open_request(kind="removal")
    page = client.get(f"/admin/privacy/datarequest/{data_request.pk}/change/").text
    assert CODE in page and other.code in page  # the holder's practices, to check

    response = client.post(
        "/admin/privacy/datarequest/",
        {"action": "withdraw_consent", "_selected_action": [data_request.pk]},
    )

    assert response.status_code == 302
    assert not Practice.objects.filter(contact_publish_allowed=True).exists()
    assert data_request.number in reference_practice.history.first().history_change_reason
    assert "Durley" not in client.get(FICHA).text


def test_consent_given_again_clears_the_withdrawal(reference_practice, administrator):
    from privacy.consent import withdraw

    withdraw(Practice.objects.filter(pk=reference_practice.pk), administrator, "pedido")
    practice = Practice.objects.get(pk=reference_practice.pk)
    assert not practice.contact_to_verify  # withdrawn: nothing to verify
    assert practice not in Practice.objects.contacts_to_verify()


# --- What staff owe ---------------------------------------------------------------------


def test_the_admin_home_lists_bounced_messages_requests_due_and_contacts_to_verify(
    client, administrator
):
    bounced = Message.objects.create(
        to="x@example.org", subject="Sobre su buena práctica", body="…", status="failed",
        last_error="550 mailbox unavailable", purpose="relay:BP-X",
    )  # fmt: skip
    overdue = open_request(received_at=at(2026, 1, 5))
    due_later = open_request(received_at=timezone.now())
    open_request(status="answered", answer="Respondida")
    to_verify = PracticeFactory(contact_name="Ana Ruiz", contact_publish_allowed=False)
    PracticeFactory(contact_name="", contact_email="", contact_phone="")

    response = client.get("/admin/")

    owed = {owed.name: owed for owed in response.context["owed"]}
    assert [row.text for row in owed["bounced"].rows] == [bounced.subject]
    assert "550 mailbox unavailable" in owed["bounced"].rows[0].meta
    requests = owed["data-requests"].rows
    assert [row.text.split(" · ")[0] for row in requests] == [overdue.number, due_later.number]
    assert requests[0].alert and "vencida el 20 de enero de 2026" in requests[0].meta
    assert not requests[1].alert and "responder a más tardar el" in requests[1].meta
    assert [row.text.split(" · ")[0] for row in owed["contacts"].rows] == [to_verify.code]
    page = response.text
    assert "Mensajes no entregados" in page and "Solicitudes de titulares por responder" in page
    assert "Contactos por verificar" in page
    assert owed["contacts"].url == "/admin/practices/practice/?contacto=por-verificar"
    listed = client.get(owed["contacts"].url).text
    assert to_verify.code in listed


def test_sent_messages_are_forgotten_after_the_retention_period(settings):
    settings.OUTBOX_KEEP_DAYS = 90
    now = timezone.now()

    def message(status, days_ago):
        moment = now - datetime.timedelta(days=days_ago)
        return Message.objects.create(
            to="a@example.org", subject=status, body="…", status=status, created_at=moment,
            sent_at=moment if status == "sent" else None,
        )  # fmt: skip

    old, recent, failed = message("sent", 91), message("sent", 89), message("failed", 200)

    assert forget_sent(now) == 1

    assert set(Message.objects.values_list("pk", flat=True)) == {recent.pk, failed.pk}
    assert not Message.objects.filter(pk=old.pk).exists()


def test_staff_record_a_request_received_by_letter_with_its_due_date(client, administrator):
    response = client.post(
        "/admin/privacy/datarequest/add/",
        {
            "kind": "correction",
            "name": "Luis Pérez",
            "email": "luis@example.org",
            "practice_reference": CODE,
            "details": "Carta radicada: mi cargo está mal escrito.",
            "received_at_0": "04/12/2026",
            "received_at_1": "16:30:00",
            "answer": "",
            "status": "open",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    recorded = DataRequest.objects.get()
    assert recorded.due_on == datetime.date(2026, 12, 29)  # a reclamo: 15 working days
    assert recorded.number == f"SD-2026-{recorded.pk:05d}"


def test_restoring_a_version_from_before_a_withdrawal_keeps_the_contact_hidden(
    client, reference_practice, administrator, make_member
):
    from privacy.consent import withdraw

    before = reference_practice.history.first()  # consent given then
    withdraw(Practice.objects.filter(pk=reference_practice.pk), administrator, "SD-2026-00009")
    editor = make_member("Editor")
    client.force_login(editor)

    response = client.post(
        f"/admin/practices/practice/{reference_practice.pk}/historial/"
        f"{before.history_id}/restaurar/"
    )

    assert response.status_code == 302
    revision = Practice.objects.get(revision_of=reference_practice)
    assert not revision.contact_publish_allowed
    assert revision.contact_consent_withdrawn_at is not None
    # Published as it is, the revision still shows no contact.
    from practices import workflow

    revision.success_factors.create(title="Confianza", position=1)  # complete, to publish
    Practice.objects.filter(pk=revision.pk).update(status="review")
    revision.refresh_from_db()
    workflow.practice_publish(practice=revision, by=make_member("Revisor"))
    client.logout()
    assert "Durley" not in client.get(FICHA).text
