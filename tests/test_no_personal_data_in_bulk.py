"""No personal data in bulk (Ley 1581 de 2012): of a practice's contact, every surface that
hands out many practices, or a file anyone may download, carries the role only; the
person's name, e-mail and phone appear on the practice's own page, with consent. Of the
representative who tells a replication, nothing at all."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from practices.models import Practice
from recognition.models import Representative
from replication.models import Replication

from .factories import ProviderFactory

pytestmark = pytest.mark.django_db

CODE = "BP-ANDESCO-SSPD-002-2021"
# Every public surface that gives practices in bulk, or as a file.
BULK = [
    "/practicas/exportar.csv",
    "/practicas/exportar.csv?formato=excel-co",
    "/practicas/exportar.json",
    "/en/practicas/exportar.csv",
    "/api/v1/practicas",
    f"/api/v1/practicas/{CODE}",
    "/api/v1/practicas?lang=en",
    "/practicas/feed/",
    "/practicas/categoria/atencion-a-usuarios-en-tiempos-de-covid/feed/",
    f"/practicas/{CODE}/ficha.txt",
    "/sitemap-practicas.xml",
    "/datos/catalogo.jsonld",
    "/estadisticas/",
    "/api/v1/replicaciones",
    f"/api/v1/replicaciones?practica={CODE}",
    "/datos/replicas.csv",
    "/datos/replicas.csv?formato=excel-co",
    "/datos/replicas.json",
    "/en/datos/replicas.csv",
    "/estadisticas/replicas-departamento.csv",
    "/estadisticas/replicas-servicio.csv",
]
# The representative who told the reference ficha's replication.
REPRESENTATIVE = ("Marta", "Quintero", "marta.quintero@aguasdelnorte.com.co", "300 555 0199")


@pytest.fixture
def consented(reference_practice):
    Practice.objects.filter(pk=reference_practice.pk).update(contact_phone="606 741 2500")
    first, last, email, phone = REPRESENTATIVE
    user = get_user_model().objects.create_user(email, email, first_name=first, last_name=last)
    provider = ProviderFactory(name="Aguas del Norte", slug="aguas-del-norte")
    replication = Replication.objects.create(
        practice=reference_practice,
        provider=provider,
        representative=Representative.objects.create(
            user=user, provider=provider, position="Jefe comercial", phone=phone
        ),
        started_on=datetime.date(2025, 2, 1),
        changes="Mensajes en vez de llamadas.",
        story="Las PQR bajaron.",
        moderation=Replication.Moderation.PUBLISHED,
        moderated_at=timezone.now(),
        answer="Gracias por contarlo.",
        answered_at=timezone.now(),
    )
    replication.municipalities.set(["63001"])
    Practice.objects.filter(pk=reference_practice.pk).update(replication_count=1)
    reference_practice.refresh_from_db()
    assert reference_practice.contact_is_public
    return reference_practice


def body(response):
    content = response.getvalue() if response.streaming else response.content
    return content.decode("utf-8-sig")


@pytest.mark.parametrize("url", BULK)
def test_no_name_e_mail_or_phone_of_a_person_in_bulk(client, consented, url):
    response = client.get(url)
    assert response.status_code == 200, url
    text = body(response)

    assert "durley" not in text.lower(), url
    assert "edeq.com.co" not in text.replace("https://www.edeq.com.co", ""), url
    assert "741 2500" not in text, url
    first, last, email, phone = REPRESENTATIVE
    assert first not in text and last not in text, url
    assert email.split("@")[1] not in text and phone not in text, url


def test_the_replication_surfaces_do_hold_the_replication(client, consented):
    """(So that the test above looks where the representative could appear.)"""
    assert client.get("/api/v1/replicaciones").json()["count"] == 1
    assert "Aguas del Norte" in body(client.get("/datos/replicas.csv"))


def test_the_practice_s_own_page_shows_the_consented_contact(client, consented):
    page = client.get(f"/practicas/{CODE}/").text

    assert "Durley Riveros" in page and "741 2500" in page
    assert consented.contact_role in client.get("/practicas/exportar.csv").getvalue().decode()


def test_the_urls_listed_are_the_site_s_bulk_surfaces(client, consented):
    """A new download must join BULK: the open-data page links only to listed ones."""
    page = client.get("/datos/").text
    links = ["/practicas/exportar.csv", "/practicas/exportar.json", "/datos/catalogo.jsonld"]
    links += ["/datos/replicas.csv", "/datos/replicas.json", "/api/v1/replicaciones"]
    for link in links:
        assert link in page
        assert any(url.startswith(link) for url in BULK)
