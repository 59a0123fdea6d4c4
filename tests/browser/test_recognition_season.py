"""The whole season of the yearly recognition, in a real browser, as the people in it meet
it: the Administrador opens the call; Ana registers as a provider's representative,
verifies her address from the e-mail, is confirmed by staff and sends an application
before the close; Bruno, of another provider, sends one a second before the close and
another a second after it, which is refused; the Administrador closes the call, decides
eligibility with a reason and seats three jurors, one of whom declares a conflict with
Ana's provider and never sees her application; the jury scores; staff follow the progress
and the ranking, recognise the winner and publish the results; the winner is a draft of
the catalogue, public only once an Editor and a Revisor have published it. Every e-mail
goes through the outbox to a real SMTP server, sent as the worker sends it.

The site's clock is the test's (``django.utils.timezone.now``, patched: the live server
is a thread of this process): the wall clock, moved forward or stopped on the second
the story needs."""

import datetime
import io
import re
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from practices.models import Category, Edition, EvaluationCriterion, Practice
from recognition.models import Application, Call, Representative, moment

from ..factories import ProviderFactory
from .conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "una-clave-muy-larga-123"
EDITION = "Duodécimo Reconocimiento"
ANA, BRUNO = "ana.gomez@eap.com.co", "bruno.diaz@aguasdelnorte.com.co"
RECOGNITION_EMAIL = "reconocimiento@entidad.gov.co"
REASON = "Presta el servicio de la categoría y envió la postulación completa a tiempo."
JURORS = [  # (e-mail, first name, last name)
    ("marta.rios@universidad.edu.co", "Marta", "Ríos"),  # ties with Ana's provider
    ("jorge.perez@consultores.com.co", "Jorge", "Pérez"),
    ("lucia.mora@veeduria.org.co", "Lucía", "Mora"),
]

MEDIDORES = {  # Ana's practice, the winner
    "title": "Lectura de medidores con líderes comunitarios",
    "start_date": "2024-03-01",
    "summary": "Líderes de cada barrio leen los medidores y explican la factura.",
    "impact": "Los reclamos por facturación bajaron 40 %.",
    "success_factors": "Confianza de la comunidad\nCapacitación de los líderes",
    "coverage_note": "Armenia, Quindío",
    "replicability": "Cualquier prestador con juntas de acción comunal.",
    "limitations": "Depende del voluntariado.",
}
OFICINA = {  # Bruno's practice, sent a second before the close
    "title": "Oficina móvil para las veredas",
    "start_date": "2023-06-15",
    "summary": "Un vehículo lleva la oficina de atención a las veredas cada semana.",
    "impact": "1.250 atenciones rurales en 2024, antes ninguna.",
    "success_factors": "Rutas acordadas con las juntas",
    "coverage_note": "Norte de Santander",
    "replicability": "Con un vehículo y un horario fijo por vereda.",
    "limitations": "Las vías en temporada de lluvias.",
}
BRAILLE = {  # Bruno's second practice, sent a second after the close
    **OFICINA,
    "title": "Factura en braille",
    "summary": "La factura impresa en braille para los usuarios ciegos que la piden.",
}


class Clock:
    """``timezone.now`` for the site and the test alike: the wall clock moved by an
    offset, or stopped on one moment."""

    def __init__(self):
        self.wall = timezone.now
        self.offset = datetime.timedelta(0)
        self.stopped = None

    def now(self):
        return self.stopped or self.wall() + self.offset

    def advance(self, **delta):
        self.offset += datetime.timedelta(**delta)

    def stop_at(self, moment):
        self.stopped = moment

    def run_from(self, moment):
        self.stopped = None
        self.offset = moment - self.wall()


@pytest.fixture
def clock():
    clock = Clock()
    with mock.patch("django.utils.timezone.now", new=clock.now):
        yield clock


# --- steps a person takes -----------------------------------------------------------------


def sign_in(page, base, email):
    """The recognition's own sign-in form (representatives and jurors)."""
    page.goto(f"{base}/reconocimiento/entrar/")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Entrar").click()
    page.wait_for_url(re.compile(r"/reconocimiento/(postulaciones|jurado)/$"))


def click(page, role, name, within="main"):
    with page.expect_navigation():
        page.locator(within).get_by_role(role, name=name, exact=True).first.click()


def notice(page):
    """The messages the page shows (the site's, or the admin's)."""
    return page.locator(".messages, .messagelist").inner_text()


def admin_action(page, action, *rows):
    """Tick the rows of an admin list that show ``rows`` and run ``action``."""
    for row in rows:
        page.locator("#result_list tbody tr", has_text=row).locator("input.action-select").check()
    page.select_option("select[name=action]", action)
    with page.expect_navigation():
        page.locator("button[name=index]").click()


def advance_stage(page, base):
    page.goto(f"{base}/admin/recognition/call/")
    admin_action(page, "advance_stage", EDITION)
    return notice(page)


def fill_application(page, practice, category):
    page.get_by_label("Categoría a la que se postula").select_option(label=category)
    for field, value in practice.items():
        page.fill(f"#id_{field}", value)
    page.get_by_label("La información es veraz.").check()


def table(locator):
    """The cells of a table's body, row by row."""
    return [
        [cell.strip() for cell in row.locator("td").all_inner_texts()]
        for row in locator.locator("tbody tr").all()
    ]


def score(page, application, values):
    """A juror scores ``application`` from their list: {criterion: (score, comment)}."""
    click(page, "link", application.number)
    for criterion, (value, comment) in values.items():
        page.get_by_label(criterion, exact=True).select_option(str(value))
        page.get_by_label(f"Comentario sobre «{criterion}»").fill(comment)
    click(page, "button", "Enviar calificación")
    assert "Calificación enviada." in notice(page)


class Outbox:
    """The worker's round (``manage.py send_outbox``) and what the SMTP server received."""

    def __init__(self, smtp):
        self.smtp = smtp

    def send(self):
        report = io.StringIO()
        call_command("send_outbox", stdout=report)
        assert ", 0 por reintentar o fallidos" in report.getvalue(), report.getvalue()

    def to(self, address):
        """[(subject, body)] of what ``address`` received, in order."""
        return [
            (message["subject"], message.get_content())
            for recipients, message in self.smtp.received
            if address in recipients
        ]

    def all_text(self):
        return "\n".join(
            f"{message['subject']}\n{message.get_content()}" for _to, message in self.smtp.received
        )


# --- the season -----------------------------------------------------------------------------


def test_the_whole_season(
    new_context, live_server, catalogue, clock, smtp, settings, make_member, django_user_model
):
    settings.RECOGNITION_EMAIL = RECOGNITION_EMAIL
    base, outbox = live_server.url, Outbox(smtp)

    # Made with the ORM: the edition and its criteria, the call in draft (its admin form
    # has a test of its own), the providers, the staff, the jurors' site accounts and
    # Bruno, registered and confirmed in an earlier season (Ana registers in the browser).
    now = timezone.now().replace(microsecond=0)
    year = timezone.localtime(now).year
    edition = Edition.objects.create(number=12, year=year, name=EDITION)
    EvaluationCriterion.objects.create(edition=edition, name="Innovación", weight=3)
    EvaluationCriterion.objects.create(edition=edition, name="Alianzas", weight=1)
    call = Call.objects.create(
        edition=edition,
        terms="Pueden postularse los prestadores de servicios públicos domiciliarios.",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(minutes=30),
        declarations="La información es veraz.",
    )
    categories = list(Category.objects.order_by("name")[:2])
    call.categories.set(categories)
    category = categories[0].name
    eap = ProviderFactory(name="Empresa de Acueducto de Prueba", short_name="EAP")
    norte = ProviderFactory(name="Aguas del Norte", short_name="ADN")
    Representative.objects.create(
        user=django_user_model.objects.create_user(
            BRUNO, BRUNO, PASSWORD, first_name="Bruno", last_name="Díaz"
        ),
        provider=norte,
        position="Director comercial",
        email_verified_at=now,
        confirmed_at=now,
    )
    jury_role = Group.objects.get(name="Jurado")
    for email, first_name, last_name in JURORS:
        user = django_user_model.objects.create_user(
            email, email, PASSWORD, first_name=first_name, last_name=last_name
        )
        user.groups.add(jury_role)
    staff = {}
    for role in ("Administrador", "Editor", "Revisor"):
        staff[role] = make_member(role)
        staff[role].raw_password = "clave-de-prueba-123"

    def staff_page(role):
        page = new_context(viewport={"width": 1366, "height": 900}).new_page()
        log_in(page, base, staff[role])
        return page

    def visitor(path):
        """Someone who opens ``path`` now: a browser of their own, as public pages are
        kept a minute by the browsers that saw them (ops/headers.py)."""
        page = new_context().new_page()
        return page, page.goto(f"{base}{path}")

    # The Administrador opens the call: it becomes public.
    call_page = f"/reconocimiento/{year}/"
    assert visitor(call_page)[1].status == 404
    admin = staff_page("Administrador")
    assert f"{EDITION} ({year}): Abierta." in advance_stage(admin, base)
    public, _response = visitor(call_page)
    assert public.get_by_role("heading", level=1).inner_text() == f"{EDITION} ({year})"
    meta = public.locator("main .meta").inner_text()
    assert "Etapa: Abierta" in meta and f"hasta el {moment(call.closes_at)}" in meta

    # Ana registers from the call's page, and verifies her address from the e-mail.
    ana, _response = visitor(call_page)
    click(ana, "link", "¿Primera vez? Regístrese como representante de su prestador")
    ana.get_by_label("Nombres").fill("Ana")
    ana.get_by_label("Apellidos").fill("Gómez")
    ana.get_by_label("Correo electrónico institucional").fill(ANA)
    ana.get_by_label("Prestador que representa").select_option(label=str(eap))
    ana.get_by_label("Su cargo").fill("Jefe de servicio al cliente")
    ana.get_by_label("Contraseña").fill(PASSWORD)
    ana.get_by_label("Acepto la política de tratamiento de datos personales").check()
    clock.advance(minutes=2)  # a person takes a while (a form sent within 3 s is a robot's)
    click(ana, "button", "Registrarme")
    assert ana.get_by_role("heading", level=1).inner_text() == "Revise su correo"
    outbox.send()
    [(subject, body)] = outbox.to(ANA)
    assert subject == "Verifique su correo para el Reconocimiento de Buenas Prácticas"
    link = re.search(r"https?://\S+/reconocimiento/verificar/\S+/", body).group(0)
    ana.goto(link)
    assert "Su correo quedó verificado: ya puede entrar." in notice(ana)
    sign_in(ana, base, ANA)
    waiting = f"La entidad aún no confirma que usted representa a {eap}."
    assert waiting in ana.locator("main").inner_text()

    # Staff are told; the Administrador follows the link and confirms her.
    outbox.send()
    [(subject, body)] = outbox.to(RECOGNITION_EMAIL)
    assert subject == f"Representante por confirmar: {eap}"
    admin.goto(body.strip())
    assert ANA in admin.locator("#content").inner_text()
    admin.goto(f"{base}/admin/recognition/representative/")
    admin_action(admin, "confirm", "Ana Gómez")
    assert "1 representante confirmado." in notice(admin)

    # Ana applies and sends in time: a receipt number on screen and by e-mail.
    ana.reload()
    assert waiting not in ana.locator("main").inner_text()
    click(ana, "button", "Empezar una postulación")
    fill_application(ana, MEDIDORES, category)
    click(ana, "button", "Enviar postulación")
    assert ana.get_by_role("heading", level=1).inner_text() == "Postulación enviada"
    medidores = Application.objects.get(title=MEDIDORES["title"])
    assert medidores.number == f"PR-{year}-{medidores.pk:05d}"
    assert f"Su número de radicado es {medidores.number}." in ana.locator("main").inner_text()
    outbox.send()
    subject, body = outbox.to(ANA)[-1]
    assert subject == f"Recibimos su postulación {medidores.number}"
    assert f"«{MEDIDORES['title']}» de {eap}" in body

    # Bruno sends one practice a second before the close, and another a second after it.
    bruno = new_context().new_page()
    sign_in(bruno, base, BRUNO)
    click(bruno, "button", "Empezar una postulación")
    fill_application(bruno, OFICINA, category)
    clock.stop_at(call.closes_at - datetime.timedelta(seconds=1))
    click(bruno, "button", "Enviar postulación")
    assert bruno.get_by_role("heading", level=1).inner_text() == "Postulación enviada"
    oficina = Application.objects.get(title=OFICINA["title"])
    click(bruno, "link", "Volver a mis postulaciones")
    click(bruno, "button", "Empezar una postulación")
    fill_application(bruno, BRAILLE, category)
    clock.stop_at(call.closes_at + datetime.timedelta(seconds=1))
    click(bruno, "button", "Enviar postulación")
    late = Application.objects.get(representative__user__email=BRUNO, status="borrador")
    assert notice(bruno) == (
        f"La convocatoria cerró el {moment(call.closes_at)}: la postulación ya no puede cambiar."
    )
    assert bruno.get_by_role("button", name="Enviar postulación").count() == 0
    assert "Borrador" in bruno.locator("main .meta").inner_text()
    clock.run_from(call.closes_at + datetime.timedelta(seconds=1))
    click(bruno, "link", "Mis postulaciones")
    assert "No hay convocatorias abiertas en este momento." in bruno.locator("main").inner_text()
    assert table(bruno.locator("main table")) == [  # nothing he typed after the close kept
        [late.number, "(sin título)", str(year), "Borrador"],
        [oficina.number, OFICINA["title"], str(year), "Enviada"],
    ]

    # Past the closing second the public page says closed, before staff move it on.
    public, _response = visitor(call_page)
    assert "Etapa: Cerrada" in public.locator("main .meta").inner_text()
    assert public.get_by_role("link", name="Postular una práctica").count() == 0
    assert f"{EDITION} ({year}): Cerrada." in advance_stage(admin, base)

    # Eligibility, with the reason the applicants will read; a draft has none.
    admin.goto(f"{base}/admin/recognition/application/")
    admin_action(admin, "mark_eligible", medidores.number, oficina.number, late.number)
    assert "Solo las postulaciones enviadas tienen elegibilidad." in notice(admin)
    admin_action(admin, "mark_eligible", medidores.number, oficina.number)
    assert (
        "Quien se postuló recibirá el motivo por correo:" in admin.locator("#content").inner_text()
    )
    admin.get_by_label("Motivo").fill(REASON)
    click(admin, "button", "Guardar y avisar", within="#content")
    assert "2 postulaciones decididas." in notice(admin)

    # Three jurors take their seats (the call's jury, in its admin form); evaluation opens.
    admin.goto(f"{base}/admin/recognition/call/{call.pk}/change/")
    for n, (email, _first, _last) in enumerate(JURORS):
        admin.locator("#jury-group .add-row a").click()
        admin.select_option(f"#id_jury-{n}-user", label=email)
    with admin.expect_navigation():
        admin.locator("input[name=_save]").click()
    assert admin.locator(".errornote").count() == 0, admin.locator("#content").inner_text()
    assert Call.objects.get(pk=call.pk).closes_at == call.closes_at  # the form kept the second
    assert f"{EDITION} ({year}): En evaluación." in advance_stage(admin, base)

    # Marta has ties with Ana's provider: she declares them and never sees Ana's practice.
    marta = new_context().new_page()
    sign_in(marta, base, JURORS[0][0])
    assert "declare primero sus conflictos de interés" in marta.locator("main").inner_text()
    click(marta, "link", EDITION)
    assert marta.get_by_role("heading", level=1).inner_text() == "Conflictos de interés"
    marta.get_by_label(str(eap)).check()
    marta.get_by_label("Declaro que la información es completa y veraz").check()
    click(marta, "button", "Declarar")
    assert [row[0] for row in table(marta.locator("main table"))] == [oficina.number]
    seat = marta.url
    score(marta, oficina, {"Innovación": (3, "Idea conocida."), "Alianzas": (3, "Pocas.")})
    assert marta.goto(f"{seat}{medidores.pk}/").status == 404

    # Jorge has none: he scores both.
    jorge = new_context().new_page()
    sign_in(jorge, base, JURORS[1][0])
    click(jorge, "link", EDITION)
    jorge.get_by_label("Declaro que la información es completa y veraz").check()
    click(jorge, "button", "Declarar")
    listed = [row[0] for row in table(jorge.locator("main table"))]
    assert sorted(listed) == sorted([medidores.number, oficina.number])
    seat = jorge.url
    score(jorge, medidores, {"Innovación": (5, "Nuevo en el sector."), "Alianzas": (4, "Juntas.")})
    jorge.goto(seat)
    score(jorge, oficina, {"Innovación": (4, "Útil."), "Alianzas": (2, "Sin aliados.")})

    # Staff follow the jury's progress.
    admin.goto(f"{base}/admin/recognition/call/")
    click(admin, "link", "Avance y puntajes", within="#result_list")
    assert table(admin.locator("#content-main table").first) == [
        ["Lucía Mora", "sin declarar", "0 / 2"],
        ["Jorge Pérez", "ninguno", "2 / 2"],
        ["Marta Ríos", eap.name, "1 / 1"],
    ]
    jury_page = admin.url

    # Lucía sees the others' scores only once she has sent her own.
    lucia = new_context().new_page()
    sign_in(lucia, base, JURORS[2][0])
    click(lucia, "link", EDITION)
    lucia.get_by_label("Declaro que la información es completa y veraz").check()
    click(lucia, "button", "Declarar")
    seat = lucia.url
    click(lucia, "link", medidores.number)
    assert "Jorge Pérez" not in lucia.locator("main").inner_text()
    lucia.goto(seat)
    score(lucia, medidores, {"Innovación": (5, "Replicable."), "Alianzas": (2, "Solo juntas.")})
    others = lucia.locator("main").inner_text()
    assert "Calificaciones de los demás jurados" in others and "Jorge Pérez" in others
    lucia.goto(seat)
    score(lucia, oficina, {"Innovación": (3, "Conocida."), "Alianzas": (5, "Con la alcaldía.")})

    # Progress complete, and the ranking: weighted (Innovación 3, Alianzas 1), mean of jurors.
    admin.goto(jury_page)
    tables = admin.locator("#content-main table")
    assert [row[2] for row in table(tables.nth(0))] == ["2 / 2", "2 / 2", "1 / 1"]
    assert admin.locator("#content-main h2").nth(1).inner_text() == category
    assert table(tables.nth(1)) == [  # (5·3+4)/4 and (5·3+2)/4; (3·3+3)/4, (4·3+2)/4, (3·3+5)/4
        ["1", medidores.number, MEDIDORES["title"], str(eap), "4,50", "2"],
        ["2", oficina.number, OFICINA["title"], str(norte), "3,33", "3"],
    ]

    # The Administrador recognises the winner and publishes the results.
    admin.goto(f"{base}/admin/recognition/application/")
    admin_action(admin, "recognise_winner", medidores.number)
    assert "1 postulación actualizada." in notice(admin)
    assert "1 borrador nuevo en el catálogo." in advance_stage(admin, base)
    public, _response = visitor(call_page)
    results = public.locator("main").inner_text()
    assert "Etapa: Resultados publicados" in results
    # Announced at once, with its level; its title links nowhere until its ficha is public.
    assert f"Ganadora {MEDIDORES['title']} · EAP" in results
    assert public.locator("main ul.results a").count() == 0

    # The winner is a draft of the catalogue: in the admin's list, nowhere public.
    draft = Practice.objects.get(title=MEDIDORES["title"])
    admin.goto(f"{base}/admin/practices/practice/?q={draft.code}")
    row = admin.locator("#result_list tbody tr", has_text=draft.code).inner_text()
    assert MEDIDORES["title"] in row and "Borrador" in row
    public, _response = visitor("/practicas/")
    assert public.get_by_role("link", name=MEDIDORES["title"]).count() == 0
    assert visitor(f"/practicas/{draft.code}/")[1].status == 404

    # The usual review: an Editor sends it, a Revisor publishes it.
    for role, button in (("Editor", "Enviar a revisión"), ("Revisor", "Publicar")):
        page = staff_page(role)
        page.goto(f"{base}/admin/practices/practice/{draft.pk}/change/")
        with page.expect_navigation():
            page.get_by_role("button", name=button, exact=True).first.click()
    public, _response = visitor(call_page)
    recognised = public.locator("main ul.results")
    assert recognised.inner_text().strip().startswith(f"Ganadora {MEDIDORES['title']} · EAP")
    click(public, "link", MEDIDORES["title"], within="main ul.results")
    assert public.get_by_role("heading", level=1).inner_text() == MEDIDORES["title"]
    assert public.locator("main .badge-recognition").first.inner_text() == "Ganadora"
    public, _response = visitor("/practicas/")
    assert public.get_by_role("link", name=MEDIDORES["title"]).count() == 1

    # The e-mails, as the SMTP server received them.
    outbox.send()
    sent_to_ana = outbox.to(ANA)
    assert [subject for subject, _body in sent_to_ana] == [
        "Verifique su correo para el Reconocimiento de Buenas Prácticas",
        f"Recibimos su postulación {medidores.number}",
        f"Su postulación {medidores.number} es elegible",
        f"Resultados de {EDITION}",
    ]
    assert f"Motivo: {REASON}" in sent_to_ana[2][1]
    assert (
        f"¡Felicitaciones! La práctica «{MEDIDORES['title']}» ({medidores.number}) fue "
        f"reconocida en {EDITION} como ganadora." in " ".join(sent_to_ana[3][1].split())
    )
    sent_to_bruno = outbox.to(BRUNO)
    assert [subject for subject, _body in sent_to_bruno] == [
        f"Recibimos su postulación {oficina.number}",
        f"Su postulación {oficina.number} es elegible",
        f"Resultados de {EDITION}",
    ]
    second_before = moment(call.closes_at - datetime.timedelta(seconds=1))
    assert f"Enviada el {second_before} (hora de Colombia)." in sent_to_bruno[0][1]
    assert "Esta vez no fue reconocida" in sent_to_bruno[2][1]
    assert late.number not in outbox.all_text()  # the late draft: no receipt, no result
