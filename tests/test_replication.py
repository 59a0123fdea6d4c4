"""«Replicamos esta práctica»: a provider's representative tells it, staff moderate it, the
ficha shows it (and nothing before), the representative and the practice's authors are
told through a real SMTP server, and the authors answer publicly once."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from outbox.models import Message
from outbox.sending import send_due
from practices.models import Practice
from recognition.models import Representative
from replication.models import Replication

from .factories import ProviderFactory

pytestmark = pytest.mark.django_db

CODE = "BP-ANDESCO-SSPD-002-2021"
TELL = f"/practicas/{CODE}/replicamos/"
FICHA = f"/practicas/{CODE}/"
CONTACT = "durley.riveros@edeq.com.co"


@pytest.fixture(autouse=True)
def mailboxes(settings):
    settings.REPLICATIONS_EMAIL = "replicas@entidad.gov.co"
    settings.CONTACT_RELAY_EMAIL = "buzon@entidad.gov.co"


@pytest.fixture
def representative(db):
    provider = ProviderFactory(name="Aguas del Norte", short_name="ADN")
    user = get_user_model().objects.create_user(
        "lucia@adn.com.co", "lucia@adn.com.co", "una-clave-muy-larga-123", first_name="Lucía"
    )
    now = timezone.now()
    return Representative.objects.create(
        user=user,
        provider=provider,
        position="Jefe comercial",
        phone="3001234567",
        email_verified_at=now,
        confirmed_at=now,
    )


def told(**changes):
    data = {
        "started_on": "2025-02-01",
        "municipalities": ["63001"],
        "changes": "Usamos mensajes de WhatsApp en vez de llamadas.",
        "story": "Las PQR por facturación bajaron a la mitad en seis meses.",
        "progress": "en_curso",
        "progress_reason": "",
        "results-TOTAL_FORMS": "2",
        "results-INITIAL_FORMS": "0",
        "results-MIN_NUM_FORMS": "0",
        "results-MAX_NUM_FORMS": "6",
        "results-0-label": "PQR por facturación al mes",
        "results-0-baseline": "120",
        "results-0-value": "58",
        "results-0-unit": "PQR",
        "results-0-measured_on": "2025-08-31",
    }
    return {**data, **changes}


def revisor(make_member):
    return make_member("Revisor")


def moderate(client, user, replication, action, reason=None):
    client.force_login(user)
    data = {"action": action, "_selected_action": [replication.pk]}
    if reason:
        data["reason"] = reason
    return client.post("/admin/replication/replication/", data, follow=True)


def test_a_replication_goes_from_the_form_to_moderation_to_the_ficha(
    client, smtp, reference_practice, representative, make_member
):
    client.force_login(representative.user)
    form = client.get(TELL)
    assert form.status_code == 200 and "Replicamos esta práctica" in form.text

    sent = client.post(TELL, told(), follow=True)

    assert "La entidad lo revisa antes de publicarlo" in sent.text
    replication = Replication.objects.get()
    assert replication.moderation == "pendiente" and replication.provider == representative.provider
    assert [m.pk for m in replication.municipalities.all()] == ["63001"]
    assert replication.results.get().summary.startswith("PQR por facturación al mes")
    client.logout()
    assert "Usamos mensajes de WhatsApp" not in client.get(FICHA).text  # not moderated yet
    staff_notice = Message.objects.get(to="replicas@entidad.gov.co")
    assert CODE in staff_notice.subject and "/admin/replication/replication/" in staff_notice.body

    moderated = moderate(client, revisor(make_member), replication, "publish")

    assert "1 réplica publicada." in moderated.text
    reference_practice.refresh_from_db()
    assert reference_practice.replication_count == 1
    client.logout()
    ficha = client.get(FICHA).text
    section = ficha[ficha.index('id="replicas"') :]
    assert "Prestadores que la replicaron (1)" in section
    assert "ADN" in section and "En curso" in section and "febrero de 2025" in section
    assert "Armenia (Quindío)" in section
    assert "Usamos mensajes de WhatsApp" in section and "bajaron a la mitad" in section
    assert "PQR por facturación al mes" in section and "31 de agosto de 2025" in section
    # The representative's name, e-mail and phone are never on the page.
    assert "Lucía" not in ficha and "lucia@adn.com.co" not in ficha and "3001234567" not in ficha
    # The open data: the practice counts it, the replications' dataset has it (no person).
    practices = json.loads(b"".join(client.get("/practicas/exportar.json").streaming_content))
    assert [p["replicas"] for p in practices["practicas"] if p["codigo"] == CODE] == [1]
    dataset = b"".join(client.get("/datos/replicas.csv").streaming_content).decode("utf-8-sig")
    api = client.get(f"/api/v1/replicaciones?practica={CODE}").json()
    for text in (dataset, json.dumps(api, ensure_ascii=False)):
        assert "Usamos mensajes de WhatsApp" in text and "Aguas del Norte" in text
        assert "Lucía" not in text and "lucia@adn.com.co" not in text and "3001234567" not in text
    assert api["count"] == 1

    send_due()
    received = {rcpt[0]: message for rcpt, message in smtp.received}
    assert "está publicada" in received["lucia@adn.com.co"]["Subject"]
    to_authors = received[CONTACT]
    assert "replicó su práctica" in to_authors["Subject"]
    link = re.search(r"https?://\S+/replicas/responder/\S+/", to_authors.get_content())[0]
    answer_path = link[link.index("/replicas/") :]

    answer_page = client.get(answer_path)
    assert answer_page.status_code == 200 and "Solo puede responder una vez" in answer_page.text
    answered = client.post(answer_path, {"answer": "¡Felicitaciones! Escríbannos si necesitan."})
    again = client.post(answer_path, {"answer": "Una segunda respuesta."})

    assert answered.status_code == 302 and answered["Location"].endswith(f"{FICHA}#replicas")
    assert "ya tiene su respuesta" in again.text
    ficha = client.get(FICHA).text
    assert "¡Felicitaciones! Escríbannos si necesitan." in ficha and "Una segunda" not in ficha
    assert client.get("/replicas/responder/forjado/").status_code == 404


def test_bad_input_is_explained_and_saves_nothing(client, reference_practice, representative):
    client.force_login(representative.user)

    future = client.post(TELL, told(started_on="2099-01-01"))
    abandoned = client.post(TELL, told(progress="abandonada"))
    bad_result = client.post(TELL, told(**{"results-0-value": "mucho"}))

    assert "La fecha de inicio no puede ser futura." in future.text
    assert "Cuente por qué la abandonaron" in abandoned.text
    assert "Ingrese un número." in bad_result.text
    assert not Replication.objects.exists() and not Message.objects.exists()


def test_who_may_tell_a_replication(client, reference_practice, representative, make_member):
    assert client.get(TELL)["Location"].startswith("/reconocimiento/entrar/?next=")
    # An account that speaks for no provider (staff, a juror) is told how to get one.
    client.force_login(make_member("Editor"))
    page = client.post(TELL, told())
    assert "no es la de un representante" in page.text
    assert 'href="/reconocimiento/registro/"' in page.text and 'name="changes"' not in page.text
    # A representative of the practice's own provider: it is not a replication.
    own = Representative.objects.create(
        user=get_user_model().objects.create_user("edeq@edeq.com.co"),
        provider=reference_practice.provider,
        position="Gerente",
        email_verified_at=timezone.now(),
        confirmed_at=timezone.now(),
    )
    client.force_login(own.user)
    assert "Esta práctica es de su prestador" in client.post(TELL, told()).text
    # Not yet confirmed by staff.
    Representative.objects.filter(pk=representative.pk).update(confirmed_at=None)
    client.force_login(representative.user)
    assert "La entidad aún no confirma" in client.post(TELL, told()).text
    assert not Replication.objects.exists()
    # A practice that is not published has no replications.
    Practice.objects.filter(pk=reference_practice.pk).update(status="draft")
    assert client.get(TELL).status_code == 404


def test_a_rejected_or_changed_replication_leaves_the_ficha(
    client, smtp, reference_practice, representative, make_member
):
    client.force_login(representative.user)
    client.post(TELL, told())
    replication = Replication.objects.get()
    staff = revisor(make_member)

    asked = moderate(client, staff, replication, "reject")
    rejected = moderate(client, staff, replication, "reject", reason="Falta la fuente del dato.")

    assert "Motivo" in asked.text  # the reason is asked first
    assert "1 réplica no publicada" in rejected.text
    replication.refresh_from_db()
    assert replication.moderation == "rechazada"
    mail = Message.objects.get(to="lucia@adn.com.co", purpose__endswith=":rejected")
    assert "Falta la fuente del dato." in mail.body and TELL in mail.body

    # Corrected and sent again, published, then changed: off the ficha until seen again.
    client.force_login(representative.user)
    mine = client.get("/reconocimiento/replicas/").text
    assert "Rechazada: Falta la fuente del dato." in mine
    client.post(TELL, told(story="Las PQR bajaron 52 % según el sistema comercial."))
    moderate(client, staff, replication, "publish")
    client.logout()
    assert "bajaron 52 %" in client.get(FICHA).text
    client.force_login(representative.user)
    client.post(TELL, told(story="Actualizado: bajaron 60 %."))
    client.logout()
    ficha = client.get(FICHA).text
    assert "bajaron 52 %" not in ficha and "Actualizado" not in ficha
    reference_practice.refresh_from_db()
    assert reference_practice.replication_count == 0
    assert Replication.objects.count() == 1  # one account per provider, updated


def test_a_cached_ficha_shows_a_replication_once_published(
    client, settings, reference_practice, representative, make_member
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    client.force_login(representative.user)
    client.post(TELL, told())
    client.logout()
    before = client.get(FICHA).text  # cached now
    assert "Ningún prestador ha contado todavía" in before

    moderate(client, revisor(make_member), Replication.objects.get(), "publish")
    client.logout()

    assert "Usamos mensajes de WhatsApp" in client.get(FICHA).text


def test_only_revisors_moderate_and_the_list_costs_fixed_queries(
    client, reference_practice, representative, make_member, django_assert_max_num_queries
):
    client.force_login(representative.user)
    client.post(TELL, told())
    replication = Replication.objects.get()

    editor = make_member("Editor")
    client.force_login(editor)
    listing = client.get("/admin/replication/replication/")
    assert listing.status_code == 200 and 'value="publish"' not in listing.text
    moderate(client, editor, replication, "publish")
    replication.refresh_from_db()
    assert replication.moderation == "pendiente"

    for number in range(5):
        other = ProviderFactory(name=f"Prestador {number}")
        Replication.objects.create(
            practice=reference_practice,
            provider=other,
            representative=Representative.objects.create(
                user=get_user_model().objects.create_user(f"r{number}@example.org"),
                provider=other,
                position="Gerente",
            ),
            started_on="2025-01-01",
            changes="x",
            story="y",
        )
    staff = revisor(make_member)
    client.force_login(staff)
    client.get("/admin/replication/replication/")
    with django_assert_max_num_queries(12):
        page = client.get("/admin/replication/replication/")
    assert page.status_code == 200 and page.text.count("Aguas del Norte") >= 1
    assert (
        Group.objects.get(name="Revisor")
        .permissions.filter(codename="moderate_replication")
        .exists()
    )
    home = client.get("/admin/").text
    assert "Réplicas por moderar" in home and CODE in home


def test_the_demo_tells_replications_and_counts_them_on_each_practice():
    from django.db.models import Count, Q

    from practices.demo.seed import seed_demo

    seed_demo(count=600, seed=3, analyze=False)
    first = list(Replication.objects.values_list("practice__code", "provider__slug"))
    seed_demo(count=600, seed=3, analyze=False)  # replaces the demo, replications included

    assert first and sorted(first) == sorted(
        Replication.objects.values_list("practice__code", "provider__slug")
    )
    counted = Practice.objects.annotate(
        public=Count("replications", filter=Q(replications__moderation="publicada"))
    )
    assert all(p.replication_count == p.public for p in counted)
    assert Replication.objects.public().count() == sum(p.replication_count for p in counted) > 0
    assert all(r.provider_id != r.practice.provider_id for r in Replication.objects.all())
    assert not any(r.user.has_usable_password() for r in Representative.objects.all())
    seed_demo(count=0, analyze=False)
    assert not Replication.objects.exists() and not Representative.objects.exists()
