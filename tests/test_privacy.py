"""Personal data of the contact (Ley 1581 de 2012): the data-treatment policy, its admin, the
contact's consent and how its email reaches public pages."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from practices.models import Practice, PrivacyNotice
from practices.templatetags.practice_tags import obfuscate_email, obfuscate_emails

from .factories import PracticeFactory

pytestmark = pytest.mark.django_db

POLICY = "/politica-de-tratamiento-de-datos/"
FICHA = "/practicas/BP-ANDESCO-SSPD-002-2021/"
FICHA_TXT = "/practicas/BP-ANDESCO-SSPD-002-2021/ficha.txt"
ADMIN = "/admin/practices/privacynotice/"

# An address as a harvester finds it: "user@domain.tld", whatever surrounds it.
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
POLICY_HEADINGS = [
    "Responsable del tratamiento",
    "Finalidades del tratamiento",
    "Derechos del titular",
    "Cómo ejercer sus derechos",
    "Aviso de privacidad",
]


@pytest.fixture(autouse=True)
def no_default_notice():
    """These tests write the versions they read; the default (migration 0020) is tested
    on its own below."""
    PrivacyNotice.objects.all().delete()


def make_notice(version="1.0", effective_from=datetime.date(2024, 6, 1), **fields):
    return PrivacyNotice.objects.create(
        version=version,
        effective_from=effective_from,
        controller=fields.get("controller", "Superintendencia de Servicios Públicos Domiciliarios"),
        controller_contact=fields.get(
            "controller_contact",
            "Carrera 18 # 84-35, Bogotá D.C.\nCorreo: protecciondatos@superservicios.gov.co",
        ),
        notice=fields.get("notice", f"Aviso de la versión {version}."),
        purposes=fields.get("purposes", f"Finalidades de la versión {version}."),
        rights=fields.get("rights", f"Derechos de la versión {version}."),
        procedure=fields.get("procedure", f"Consultas y reclamos de la versión {version}."),
    )


def main_of(response):
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def editor_client(client, django_user_model):
    user = django_user_model.objects.create_user(
        username="editor", password="clave-de-prueba-123", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    return client


# --- The public policy page -------------------------------------------------------------


def test_policy_page_states_the_notice_in_force(client):
    make_notice()

    response = client.get(POLICY)

    assert response.status_code == 200
    body = main_of(response)
    expected_in_order = [
        "Política de tratamiento de datos personales",
        "Versión 1.0",
        '<time datetime="2024-06-01">1 de junio de 2024</time>',
        *POLICY_HEADINGS[:1],
        "Superintendencia de Servicios Públicos Domiciliarios",
        "Carrera 18 # 84-35, Bogotá D.C.",
        "protecciondatos [arroba] superservicios.gov.co",
        POLICY_HEADINGS[1],
        "Finalidades de la versión 1.0.",
        POLICY_HEADINGS[2],
        "Derechos de la versión 1.0.",
        POLICY_HEADINGS[3],
        "Consultas y reclamos de la versión 1.0.",
        POLICY_HEADINGS[4],
        "Aviso de la versión 1.0.",
    ]
    positions = [body.find(fragment) for fragment in expected_in_order]
    assert [f for f, p in zip(expected_in_order, positions, strict=True) if p < 0] == []
    assert positions == sorted(positions)
    # The controller's address is obfuscated like the contacts' (see below).
    page = response.content.decode()
    assert EMAIL.search(page) is None
    assert "mailto:" not in page
    assert re.search(r'<script src="[^"]*/js/contact\.js" defer></script>', page)


def test_policy_page_shows_the_newest_version_in_force_only(client):
    today = timezone.localdate()
    make_notice("1.0", today - datetime.timedelta(days=400))
    make_notice("2.0", today - datetime.timedelta(days=10))
    make_notice("3.0", today + datetime.timedelta(days=30))  # announced, not yet in force

    body = main_of(client.get(POLICY))

    assert "Versión 2.0" in body
    assert "Finalidades de la versión 2.0." in body
    assert "1.0" not in body
    assert "3.0" not in body


@pytest.mark.parametrize("future", [False, True], ids=["no notice", "only a future one"])
def test_without_a_notice_in_force_the_page_says_so_and_invents_nothing(client, future):
    if future:
        make_notice("1.0", timezone.localdate() + datetime.timedelta(days=1))

    response = client.get(POLICY)

    assert response.status_code == 200
    body = main_of(response)
    assert "todavía no ha publicado su política de tratamiento de datos personales" in body
    for heading in [*POLICY_HEADINGS, "Versión", "vigente desde"]:
        assert heading not in body
    # Nothing but the title, that one sentence and the way to send a request.
    text = " ".join(re.sub(r"<[^>]+>", " ", body).split())
    assert text == (
        "Política de tratamiento de datos personales "
        "La entidad todavía no ha publicado su política de tratamiento de datos personales. "
        "Enviar una consulta o un reclamo sobre sus datos personales"
    )
    assert 'href="/politica-de-tratamiento-de-datos/solicitud/"' in body
    assert "contact.js" not in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/practicas/", FICHA, "/no-existe/"])
def test_every_page_links_the_policy_from_its_footer(client, reference_practice, url):
    page = client.get(url).content.decode()

    footer = page[page.index('<footer class="site-footer">') :]
    assert f'<a href="{POLICY}">Política de tratamiento de datos personales</a>' in footer


def test_the_policy_page_marks_its_footer_link_as_current(client):
    page = client.get(POLICY).content.decode()

    assert f'<a href="{POLICY}" aria-current="page">' in page


def test_policy_page_query_count(client, django_assert_num_queries):
    make_notice()
    with django_assert_num_queries(1):
        client.get(POLICY)


# --- The policy's admin ------------------------------------------------------------------


def test_admin_list_shows_versions_with_their_date_and_which_is_in_force(staff_client):
    make_notice("2023-A", datetime.date(2023, 1, 15))
    make_notice("2024-B", datetime.date(2024, 6, 1))

    response = staff_client.get(ADMIN)

    assert response.status_code == 200
    body = response.text
    assert body.index(">2024-B</a>") < body.index(">2023-A</a>")  # newest first
    row = '>{}</a></th><td class="field-effective_from nowrap">{}</td>'
    assert row.format("2024-B", "1 de junio de 2024") in body
    assert row.format("2023-A", "15 de enero de 2023") in body
    assert body.count('alt="True"') == 1  # only 2024-B is in force
    assert body.count('alt="False"') == 1
    assert "Políticas de tratamiento de datos" in body


def test_admin_searches_by_version(staff_client):
    make_notice("2023-A", datetime.date(2023, 1, 15))
    make_notice("2024-B", datetime.date(2024, 6, 1))

    response = staff_client.get(ADMIN, {"q": "2024-b"})

    assert response.status_code == 200
    assert "2024-B" in response.text
    assert "2023-A" not in response.text


def test_admin_add_page_renders_the_fieldsets_in_order(staff_client):
    response = staff_client.get(f"{ADMIN}add/")

    assert response.status_code == 200
    body = response.text
    names = ["version", "effective_from", "controller", "controller_contact"]
    names += ["purposes", "rights", "procedure", "notice"]
    positions = [body.find(f'name="{name}"') for name in names]
    assert all(p > 0 for p in positions)
    assert positions == sorted(positions)
    for title in ["Versión", "Responsable del tratamiento", "Política", "Aviso de privacidad"]:
        assert f">{title}</h2>" in body


def test_admin_adds_a_version(staff_client):
    response = staff_client.post(
        f"{ADMIN}add/",
        {
            "version": "2025-1",
            "effective_from": "1/01/2025",
            "controller": "Superservicios",
            "controller_contact": "Bogotá",
            "notice": "Aviso.",
            "purposes": "Finalidades.",
            "rights": "Derechos.",
            "procedure": "Procedimiento.",
        },
    )

    assert response.status_code == 302, response.text
    assert PrivacyNotice.objects.get().effective_from == datetime.date(2025, 1, 1)


def test_a_version_not_yet_in_force_can_be_changed_and_deleted(staff_client):
    notice = make_notice("9.0", timezone.localdate() + datetime.timedelta(days=30))

    change = staff_client.get(f"{ADMIN}{notice.pk}/change/")
    delete = staff_client.get(f"{ADMIN}{notice.pk}/delete/")

    assert change.status_code == 200
    assert 'name="purposes"' in change.text
    assert delete.status_code == 200


def test_a_version_in_force_is_kept_as_the_holders_accepted_it(staff_client):
    notice = make_notice("1.0")

    view = staff_client.get(f"{ADMIN}{notice.pk}/change/")
    post = staff_client.post(f"{ADMIN}{notice.pk}/change/", {"purposes": "Otras."})
    delete = staff_client.post(f"{ADMIN}{notice.pk}/delete/", {"post": "yes"})
    bulk = staff_client.post(
        ADMIN, {"action": "delete_selected", "_selected_action": [notice.pk], "post": "yes"}
    )

    assert view.status_code == 200
    assert "Finalidades de la versión 1.0." in view.text
    assert 'name="purposes"' not in view.text  # read-only
    assert post.status_code == 403
    assert delete.status_code == 403
    assert bulk.status_code == 403
    assert PrivacyNotice.objects.get().purposes == "Finalidades de la versión 1.0."


def test_an_editor_cannot_manage_the_policy(client, django_user_model):
    notice = make_notice("9.0", timezone.localdate() + datetime.timedelta(days=30))
    client = editor_client(client, django_user_model)

    add = client.get(f"{ADMIN}add/")
    add_post = client.post(f"{ADMIN}add/", {"version": "9.1"})
    change = client.post(f"{ADMIN}{notice.pk}/change/", {"purposes": "Otras."})
    delete = client.post(f"{ADMIN}{notice.pk}/delete/", {"post": "yes"})

    assert add.status_code == 403
    assert add_post.status_code == 403
    assert change.status_code == 403
    assert delete.status_code == 403
    assert list(PrivacyNotice.objects.values_list("version", "purposes")) == [
        ("9.0", "Finalidades de la versión 9.0.")
    ]


def test_an_editor_only_reads_the_policy_in_the_admin(client, django_user_model):
    # Migration 0009 lets every role view the reference data, the policy included.
    notice = make_notice("9.0", timezone.localdate() + datetime.timedelta(days=30))
    client = editor_client(client, django_user_model)

    changelist = client.get(ADMIN)
    view = client.get(f"{ADMIN}{notice.pk}/change/")

    assert changelist.status_code == 200
    assert f'href="{ADMIN}add/"' not in changelist.text
    assert view.status_code == 200
    assert 'name="purposes"' not in view.text
    assert 'name="_save"' not in view.text


def test_staff_without_the_permissions_are_refused(client, django_user_model):
    user = django_user_model.objects.create_user(
        username="sin-rol", password="clave-de-prueba-123", is_staff=True
    )
    client.force_login(user)

    assert client.get(ADMIN).status_code == 403
    assert client.get(f"{ADMIN}add/").status_code == 403


# --- The contact's email on public pages --------------------------------------------------


def test_the_ficha_shows_the_email_for_people_not_for_harvesters(client, reference_practice):
    page = client.get(FICHA).content.decode()

    assert "mailto:" not in page
    assert EMAIL.search(page) is None
    assert "&#64;" not in page and "&commat;" not in page
    assert '<span class="email" data-email>durley.riveros [arroba] edeq.com.co</span>' in page
    assert re.search(r'<script src="[^"]*/js/contact\.js" defer></script>', page)
    # Strict Content-Security-Policy: no inline script, no inline event handler.
    # No inline code; the JSON-LD data block (not executed) is the one script without src.
    assert re.search(r"<script(?![^>]*\ssrc=)(?![^>]*application/ld\+json)", page) is None
    assert re.search(r"\son[a-z]+=", page) is None


def test_the_contact_script_is_a_static_file_that_builds_the_link():
    path = finders.find("js/contact.js")

    assert path
    with open(path, encoding="utf-8") as file:
        script = file.read()
    assert "[data-email]" in script
    assert "mailto:" in script


def test_without_an_email_the_ficha_loads_no_script(client, reference_practice):
    Practice.objects.filter(pk=reference_practice.pk).update(contact_email="")

    assert "contact.js" not in client.get(FICHA).content.decode()


def test_obfuscate_email_filter():
    assert obfuscate_email("durley.riveros@edeq.com.co") == "durley.riveros [arroba] edeq.com.co"
    assert obfuscate_email("") == ""
    assert obfuscate_email(None) == ""
    assert obfuscate_email("sin arroba") == "sin arroba"


def test_obfuscate_emails_filter_escapes_the_text_around():
    html = obfuscate_emails("<b>Correo:</b> datos@entidad.gov.co, o por escrito.")

    assert html == (
        "&lt;b&gt;Correo:&lt;/b&gt; "
        '<span class="email" data-email>datos [arroba] entidad.gov.co</span>, o por escrito.'
    )


# --- Consent: the contact is public only while its holder allows it ----------------------


def test_revoking_consent_removes_the_contact_from_every_public_surface(client, reference_practice):
    practice = reference_practice
    practice.contact_phone = "+57 606 741 1100"
    practice.save()
    personal = ["Durley Riveros", "durley.riveros", "606 741 1100"]
    ficha, text = client.get(FICHA).content.decode(), client.get(FICHA_TXT).content.decode()
    assert all(value in ficha for value in personal)
    # The download (a file anyone may take) carries the role only, never the person.
    assert not any(value in text for value in personal)
    assert "Gestor equipo mercadeo y ofertas" in text

    practice.contact_publish_allowed = False  # the holder withdrew the authorisation
    practice.save()

    ficha, text = client.get(FICHA).content.decode(), client.get(FICHA_TXT).content.decode()
    for value in [*personal, "Gestor equipo mercadeo y ofertas", "edeq.com.co"]:
        assert value not in ficha
        assert value not in text
    assert 'id="contacto"' not in ficha
    assert "contact.js" not in ficha
    # The rest of the ficha is still there.
    assert "Somos la energía que mueve el desarrollo del Quindío" in ficha
    assert "Somos la energía que mueve el desarrollo del Quindío" in text


def test_no_list_or_home_page_shows_the_contact(client, reference_practice):
    PracticeFactory(category=reference_practice.category)
    for url in ["/", "/practicas/", "/practicas/?q=quindio", "/practicas/?q=durley"]:
        page = client.get(url).content.decode()
        assert "Durley" not in page
        assert "durley.riveros" not in page


def test_publishing_the_contact_needs_a_recorded_consent(reference_practice):
    practice = reference_practice
    practice.contact_consent_at = None
    practice.contact_consent_channel = ""

    with pytest.raises(ValidationError) as raised:
        practice.full_clean()

    errors = raised.value.message_dict
    assert errors["contact_consent_at"] == [
        "Para publicar el contacto indique cuándo lo autorizó el titular."
    ]
    assert errors["contact_consent_channel"] == [
        "Para publicar el contacto indique por qué canal lo autorizó el titular."
    ]


def test_without_publishing_the_contact_no_consent_is_needed(reference_practice):
    practice = reference_practice
    practice.contact_publish_allowed = False
    practice.contact_consent_at = None
    practice.contact_consent_channel = ""

    practice.full_clean()


@pytest.mark.parametrize(
    "missing",
    [{"contact_consent_at": None}, {"contact_consent_channel": ""}],
    ids=["date", "channel"],
)
def test_the_database_refuses_a_public_contact_without_consent(reference_practice, missing):
    with (
        pytest.raises(IntegrityError, match="practices_practice_consent_recorded"),
        transaction.atomic(),
    ):
        Practice.objects.filter(pk=reference_practice.pk).update(**missing)
