"""The yearly recognition online, the applicant's side: the call's public page, a
representative's registration with a verified address and staff confirmation, drafts,
sending with a receipt number, and nothing changing from the closing second on."""

import datetime
import re
import time
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.utils import timezone

from outbox.models import Message
from practices.models import Category, Department, Edition, EvaluationCriterion, Provider
from recognition.models import Application, ApplicationClosed, AuditEvent, Call, Representative

from .factories import ProviderFactory

pytestmark = pytest.mark.django_db

BOGOTA = datetime.timezone(datetime.timedelta(hours=-5))
OPENS = datetime.datetime(2026, 11, 1, 8, 0, tzinfo=BOGOTA)
CLOSES = datetime.datetime(2026, 12, 18, 23, 59, 59, tzinfo=BOGOTA)
DURING = datetime.datetime(2026, 12, 4, 10, 0, tzinfo=BOGOTA)


@pytest.fixture(autouse=True)
def mailboxes(settings, counting_cache):
    settings.RECOGNITION_EMAIL = "reconocimiento@entidad.gov.co"


@pytest.fixture(autouse=True)
def season_clock():
    """The season happens on fixed dates: every test runs at DURING unless it steps
    elsewhere with `at(...)`, so neither the call's window nor an 8-hour session
    depends on the day or hour the suite runs."""
    with at(DURING):
        yield


@pytest.fixture
def call(db):
    edition = Edition.objects.create(number=9, year=2026, name="Noveno Reconocimiento")
    EvaluationCriterion.objects.create(edition=edition, name="Innovación", weight=3)
    EvaluationCriterion.objects.create(edition=edition, name="Alianzas", weight=1)
    call = Call.objects.create(
        edition=edition,
        stage="abierta",
        terms="Pueden postularse los prestadores de servicios públicos domiciliarios.",
        opens_at=OPENS,
        closes_at=CLOSES,
        declarations="La información es veraz.\nAutorizo publicar la ficha si es reconocida.",
    )
    call.categories.set(Category.objects.all()[:2])
    return call


@pytest.fixture
def provider(db):
    return ProviderFactory(name="Empresa de Acueducto de Prueba", short_name="EAP")


def representative_of(provider, email="ana@eap.com.co", confirmed=True):
    user = get_user_model().objects.create_user(
        username=email, email=email, password="una-clave-muy-larga-123", first_name="Ana"
    )
    return Representative.objects.create(
        user=user,
        provider=provider,
        position="Jefe de servicio al cliente",
        email_verified_at=timezone.now(),
        confirmed_at=timezone.now() if confirmed else None,
    )


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def complete(call, **changes):
    category = call.categories.first()
    data = {
        "category": category.pk,
        "title": "Lectura de medidores con líderes comunitarios",
        "start_date": "2024-03-01",
        "end_date": "",
        "summary": "Líderes de cada barrio leen los medidores y explican la factura.",
        "impact": "Los reclamos por facturación bajaron 40 %.",
        "users_reached": "12000",
        "success_factors": "Confianza de la comunidad\nCapacitación",
        "coverage_note": "Armenia, Quindío",
        "validation": "Auditoría externa 2024.",
        "replicability": "Cualquier prestador con juntas de acción comunal.",
        "limitations": "Depende del voluntariado.",
        "target_population": "Usuarios residenciales de estratos 1 y 2.",
        "declarations": ["0", "1"],
    }
    return {**data, **changes}


# --- The public call --------------------------------------------------------------------


def test_the_call_page_shows_the_terms_while_open(client, call):
    with at(DURING):
        page = client.get("/reconocimiento/2026/").text

    assert "Noveno Reconocimiento" in page and "Abierta" in page
    assert "18 de diciembre de 2026, 23:59:59" in page
    assert "Pueden postularse los prestadores" in page
    assert re.search(r"Innovación.*?<td>3</td>", page, re.S)
    for category in call.categories.all():
        assert category.name in page
    assert 'href="/reconocimiento/postulaciones/"' in page
    assert "Noveno Reconocimiento" in client.get("/reconocimiento/").text


def test_the_year_is_written_without_a_thousands_separator(client, call, provider):
    # The site groups thousands ("145.061"): a year is a name, never "2.026".
    start(client, call, representative_of(provider))
    pages = [client.get(url).text for url in ("/reconocimiento/", "/reconocimiento/2026/")]
    pages.append(client.get("/reconocimiento/postulaciones/").text)

    assert "Noveno Reconocimiento (2026)</a>" in pages[0]
    assert "<h1>Noveno Reconocimiento (2026)</h1>" in pages[1]
    assert "<td>2026</td>" in pages[2]
    assert not any("2.026" in page for page in pages)


def test_after_the_closing_second_the_page_says_closed(client, call):
    with at(CLOSES):
        page = client.get("/reconocimiento/2026/").text

    assert "Cerrada" in page and "Postular una práctica" not in page


def test_a_draft_call_is_not_public(client, call):
    Call.objects.filter(pk=call.pk).update(stage="borrador")

    assert client.get("/reconocimiento/2026/").status_code == 404
    assert "Noveno" not in client.get("/reconocimiento/").text


# --- Registration -----------------------------------------------------------------------


def registration(provider, **changes):
    return {
        "first_name": "Ana",
        "last_name": "Gómez",
        "email": "Ana.Gomez@EAP.com.co",
        "provider": provider.pk,
        "position": "Jefe de servicio al cliente",
        "phone": "",
        "password": "una-clave-muy-larga-123",
        "accepts_policy": "on",
        "website": "",
        "started": signing.dumps(timezone.now().timestamp() - 10, salt="ops.humans"),
        **changes,
    }


def test_a_representative_registers_verifies_the_address_and_waits_for_confirmation(
    client, provider
):
    response = client.post("/reconocimiento/registro/", registration(provider))

    assert response.status_code == 302
    user = get_user_model().objects.get(email="ana.gomez@eap.com.co")
    assert not user.is_active and not user.is_staff
    refused = client.post(
        "/reconocimiento/entrar/",
        {"username": "ana.gomez@eap.com.co", "password": "una-clave-muy-larga-123"},
    )
    assert refused.status_code == 200 and "aún no está verificada" in refused.text
    mail = Message.objects.get(to="ana.gomez@eap.com.co")
    link = re.search(r"https?://\S+/reconocimiento/verificar/\S+/", mail.body).group(0)

    verified = client.get(link[link.index("/reconocimiento/") :])

    assert verified.status_code == 302
    user.refresh_from_db()
    assert user.is_active and user.representative.email_verified_at is not None
    assert user.representative.confirmed_at is None  # staff confirm the first time
    told = Message.objects.get(to="reconocimiento@entidad.gov.co")
    assert f"/admin/recognition/representative/{user.representative.pk}/change/" in told.body
    entered = client.post(
        "/reconocimiento/entrar/",
        {"username": "ana.gomez@eap.com.co", "password": "una-clave-muy-larga-123"},
    )
    assert entered.status_code == 302
    mine = client.get(entered["Location"], follow=True)
    assert mine.redirect_chain[-1][0] == "/reconocimiento/postulaciones/"
    assert "Empresa de Acueducto de Prueba" in mine.text


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"password": "corta"}, "La contraseña es demasiado corta"),
        ({"email": "no-es-correo"}, "correo electrónico válida"),
        ({"accepts_policy": ""}, "acepte la política"),
    ],
)
def test_a_bad_registration_says_why_and_creates_nobody(client, provider, changes, error):
    response = client.post("/reconocimiento/registro/", registration(provider, **changes))

    assert response.status_code == 200 and error in response.text
    assert not get_user_model().objects.exists()


def test_an_address_registers_once(client, provider):
    representative_of(provider, email="ana.gomez@eap.com.co")

    response = client.post("/reconocimiento/registro/", registration(provider))

    assert "Ya hay una cuenta con este correo" in response.text
    assert Representative.objects.count() == 1


def test_a_forged_or_expired_link_verifies_nothing(client, provider):
    representative = representative_of(provider)
    Representative.objects.filter(pk=representative.pk).update(email_verified_at=None)
    assert client.get("/reconocimiento/verificar/inventado/").status_code == 404
    old = signing.dumps(representative.user.pk, salt="recognition.verify")
    four_days_later = time.time() + 4 * 24 * 60 * 60
    with mock.patch("time.time", return_value=four_days_later):
        assert client.get(f"/reconocimiento/verificar/{old}/").status_code == 400
    representative.refresh_from_db()
    assert representative.email_verified_at is None


# --- Applications -----------------------------------------------------------------------


def start(client, call, representative):
    with at(DURING):  # sessions last 8 hours: log in at the moment of the request
        client.force_login(representative.user)
        response = client.post(f"/reconocimiento/{call.edition.year}/postularse/")
    assert response.status_code == 302
    return Application.objects.get(representative=representative)


def test_a_draft_is_saved_incomplete_and_sent_complete_with_a_receipt(client, call, provider):
    representative = representative_of(provider)
    application = start(client, call, representative)
    url = f"/reconocimiento/postulaciones/{application.pk}/"

    with at(DURING):
        saved = client.post(url, {**complete(call, summary="", impact=""), "save": "1"})
        refused = client.post(url, {**complete(call, summary=""), "send": "1"})

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert "Falta: resumen del proyecto" in refused.text
    application.refresh_from_db()
    assert application.status == "borrador" and application.impact  # the draft was saved

    with at(DURING):
        sent = client.post(url, {**complete(call), "send": "1"})

    assert sent.status_code == 302 and sent["Location"].endswith("/radicado/")
    application.refresh_from_db()
    assert application.status == "enviada" and application.submitted_at == DURING
    assert application.declarations_accepted == ["0", "1"]
    receipt = client.get(sent["Location"]).text
    assert application.number in receipt and application.number == f"PR-2026-{application.pk:05d}"
    mail = Message.objects.get(to="ana@eap.com.co", purpose__startswith="recognition:PR-")
    assert application.number in mail.subject and "4 de diciembre de 2026, 10:00:00" in mail.body
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [
        "postulacion_creada",
        "postulacion_enviada",
    ]


def test_every_declaration_is_required_to_send(client, call, provider):
    application = start(client, call, representative_of(provider))

    with at(DURING):
        response = client.post(
            f"/reconocimiento/postulaciones/{application.pk}/",
            {**complete(call, declarations=["0"]), "send": "1"},
        )

    assert "Acepte todas las declaraciones" in response.text
    application.refresh_from_db()
    assert application.status == "borrador"


def test_an_unconfirmed_representative_prepares_but_cannot_send(client, call, provider):
    application = start(client, call, representative_of(provider, confirmed=False))

    with at(DURING):
        response = client.post(
            f"/reconocimiento/postulaciones/{application.pk}/", {**complete(call), "send": "1"}
        )

    assert "aún no confirma que usted representa" in response.text
    application.refresh_from_db()
    assert application.status == "borrador" and application.title


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [(CLOSES - datetime.timedelta(seconds=1), True), (CLOSES, False)],
    ids=["un segundo antes", "al cierre"],
)
def test_nothing_changes_from_the_closing_second(client, call, provider, moment, accepted):
    representative = representative_of(provider)
    application = start(client, call, representative)
    url = f"/reconocimiento/postulaciones/{application.pk}/"

    with at(moment):
        client.force_login(representative.user)
        response = client.post(url, {**complete(call), "send": "1"})
        page = client.get(url).text

    application.refresh_from_db()
    assert (application.status == "enviada") is accepted
    if not accepted:
        assert response.status_code == 302
        assert "ya no puede cambiar" in page and 'name="send"' not in page
        assert application.title == ""
        # The model refuses it too, whatever the view.
        application.title = "Cambiada después del cierre"
        with at(moment), pytest.raises(ApplicationClosed):
            application.save()
        # Staff still decide eligibility after the close.
        application.eligible = False
        application.eligibility_reason = "Fuera de término."
        with at(moment):
            application.save(update_fields=["eligible", "eligibility_reason"])


def test_another_providers_representative_cannot_read_an_application(client, call, provider):
    application = start(client, call, representative_of(provider))
    stranger = representative_of(ProviderFactory(name="Otra Empresa"), email="otro@otra.com.co")
    client.force_login(stranger.user)

    assert client.get(f"/reconocimiento/postulaciones/{application.pk}/").status_code == 404
    client.logout()
    anonymous = client.get(f"/reconocimiento/postulaciones/{application.pk}/")
    assert anonymous.status_code == 302 and "/reconocimiento/entrar/" in anonymous["Location"]


def test_a_provider_the_call_does_not_admit_cannot_start(client, call, provider):
    Call.objects.filter(pk=call.pk).update(provider_sizes=["grande"])
    Provider.objects.filter(pk=provider.pk).update(size="pequeno")
    client.force_login(representative_of(provider).user)

    with at(DURING):
        response = client.post("/reconocimiento/2026/postularse/", follow=True)

    assert "prestadores de tamaño grande" in response.text
    assert not Application.objects.exists()


def test_staff_move_the_call_through_its_stages_and_the_log_says_who(client, call, make_member):
    administrator = make_member("Administrador")
    client.force_login(administrator)

    response = client.post(
        "/admin/recognition/call/",
        {"action": "advance_stage", "_selected_action": [call.pk]},
    )

    assert response.status_code == 302
    call.refresh_from_db()
    assert call.stage == "cerrada"
    event = AuditEvent.objects.get(action="etapa")
    assert event.by == administrator and event.detail == "Abierta → Cerrada"


def test_the_coverage_counts_places_too(client, call, provider):
    application = start(client, call, representative_of(provider))
    quindio = Department.objects.get(slug="quindio")

    with at(DURING):
        client.post(
            f"/reconocimiento/postulaciones/{application.pk}/",
            {**complete(call, coverage_note="", departments=[quindio.pk]), "send": "1"},
        )

    application.refresh_from_db()
    assert application.status == "enviada"


def test_staff_decide_eligibility_after_the_close_and_the_applicant_is_told_why(
    client, call, provider, make_member
):
    application = start(client, call, representative_of(provider))
    with at(DURING):
        client.post(
            f"/reconocimiento/postulaciones/{application.pk}/", {**complete(call), "send": "1"}
        )
    administrator = make_member("Administrador")
    chosen = {"action": "mark_ineligible", "_selected_action": [application.pk]}
    after = CLOSES + datetime.timedelta(days=1)

    with at(DURING):
        client.force_login(administrator)
        early = client.post("/admin/recognition/application/", chosen, follow=True)
    assert "cuando la convocatoria ha cerrado" in early.text

    with at(after):
        client.force_login(administrator)
        asked = client.post("/admin/recognition/application/", chosen)
        done = client.post(
            "/admin/recognition/application/",
            {**chosen, "reason": "El prestador no presta el servicio de la categoría."},
        )

    assert asked.status_code == 200 and "Motivo" in asked.text
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.eligible is False and application.eligibility_decided_by == administrator
    mail = Message.objects.get(subject__contains="no es elegible")
    assert mail.to == "ana@eap.com.co" and "no presta el servicio" in mail.body
    event = AuditEvent.objects.get(action="elegibilidad")
    assert event.by == administrator and "no presta el servicio" in event.detail


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


def test_evidence_is_checked_by_content_stored_and_removable_until_the_close(
    client, call, provider, media
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from recognition.models import Attachment

    from .test_attachments import make_docx, make_pdf

    application = start(client, call, representative_of(provider))
    url = f"/reconocimiento/postulaciones/{application.pk}/anexos/"

    with at(DURING):
        client.force_login(application.representative.user)
        bad = client.post(url, {"file": SimpleUploadedFile("acta.pdf", make_docx())}, follow=True)
        good = client.post(
            url, {"file": SimpleUploadedFile("Acta firmada.pdf", make_pdf())}, follow=True
        )

    assert "no es un PDF ni una imagen JPEG o PNG" in bad.text
    stored = Attachment.objects.get()
    assert stored.content_type == "application/pdf" and stored.original_name == "Acta_firmada.pdf"
    assert "Acta_firmada.pdf" in good.text
    files = [p for p in media.rglob("*") if p.is_file()]
    assert len(files) == 1 and "Acta" not in files[0].name  # a random name, one file
    download = client.get(f"/reconocimiento/anexos/{stored.pk}/")
    assert download.status_code == 200 and b"".join(download).startswith(b"%PDF")

    with at(CLOSES):
        client.force_login(application.representative.user)
        late = client.post(url, {"remove": stored.pk}, follow=True)
    assert "ya no puede cambiar" in late.text and Attachment.objects.count() == 1

    with at(DURING):
        client.force_login(application.representative.user)
        client.post(url, {"remove": stored.pk})
    assert not Attachment.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_the_calls_terms_must_be_a_clean_pdf(client, call, media, make_member):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .test_attachments import make_pdf

    client.force_login(make_member("Administrador"))
    url = f"/admin/recognition/call/{call.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and key not in ("terms_pdf", "categories", "services")
    }
    data.update(
        {
            "opens_at_0": "01/11/2026", "opens_at_1": "08:00:00",
            "closes_at_0": "18/12/2026", "closes_at_1": "23:59:59",
            "categories": [c.pk for c in call.categories.all()],
            "provider_sizes": "[]",
            "jury-TOTAL_FORMS": "0", "jury-INITIAL_FORMS": "0",
        }
    )  # fmt: skip
    scripted = make_pdf(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>")

    refused = client.post(url, {**data, "terms_pdf": SimpleUploadedFile("t.pdf", scripted)})
    accepted = client.post(url, {**data, "terms_pdf": SimpleUploadedFile("t.pdf", make_pdf())})

    assert "JavaScript o acciones automáticas" in refused.text
    assert accepted.status_code == 302, accepted.context["adminform"].form.errors
    call.refresh_from_db()
    assert call.terms_pdf.read().startswith(b"%PDF")
    assert client.get("/reconocimiento/2026/terminos.pdf").status_code == 200


def test_a_sent_application_says_so_when_changed_while_the_call_is_open(client, call, provider):
    application = start(client, call, representative_of(provider))
    url = f"/reconocimiento/postulaciones/{application.pk}/"
    with at(DURING):
        client.post(url, {**complete(call), "send": "1"})
        again = client.post(url, {**complete(call, title="Otro título"), "save": "1"}, follow=True)

    assert "ya fue enviada" in again.text and "cerró" not in again.text
    application.refresh_from_db()
    assert application.title == "Lectura de medidores con líderes comunitarios"
