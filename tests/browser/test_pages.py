"""Every public page, and the admin's practice form, in a real browser: axe-core finds no
violation, the Nu HTML checker no error, nothing scrolls sideways at 320 px, the skip link
is the first stop of the keyboard, and screenshots at 1280 and 375 px wide are kept under
artifacts/screenshots/."""

import re

import pytest

from .conftest import format_violations, log_in, run_axe, screenshot_path

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PUBLIC_PAGES = {
    "inicio": "/",
    "lista-con-filtros": "/practicas/?q=quindio&servicio=energia-electrica&servicio=acueducto",
    "ficha": "/practicas/BP-ANDESCO-SSPD-002-2021/",
    "estadisticas": "/estadisticas/",
    "styleguide": "/styleguide/",
    "accesibilidad": "/accesibilidad/",
    "lista-vacia": "/practicas/?q=zzzzqqqq",
    "lista-corregida": "/practicas/?q=quindoi",  # «¿Quiso decir quindío?»
    "datos": "/datos/",
    "escribir": "/practicas/BP-ANDESCO-SSPD-002-2021/escribir/",
    "mensaje-recibido": "/practicas/BP-ANDESCO-SSPD-002-2021/escribir/enviado/",
    "politica": "/politica-de-tratamiento-de-datos/",
    "solicitud-datos": "/politica-de-tratamiento-de-datos/solicitud/",
    "solicitud-recibida": None,  # a request's receipt: its address is signed (open_page)
    "reconocimiento": None,  # an open call's page (open_page makes the call)
    "reconocimiento-registro": "/reconocimiento/registro/",
    "reconocimiento-resultados": None,  # a call's results (open_page makes them)
    # The ficha with a published replication and the authors' answer, and the link the
    # authors receive to answer (open_page makes them).
    "ficha-replicada": None,
    "responder-replica": None,
    "pagina-inexistente": "/practicas/?servicio=acueducto&page=40",
    # A provider's page, with its links to practices of providers like it; the list of
    # replicated practices, most replicated first; an unknown provider to compare with.
    "prestador": "/practicas/prestador/edeq/",
    "lista-replicadas": "/practicas/?replicada=si&orden=replicaciones",
    "como-desconocido": "/practicas/?como=no-existe",
    # The same pages in English.
    "en-inicio": "/en/",
    "en-lista-con-filtros": "/en/practicas/?q=quindio&servicio=energia-electrica",
    "en-ficha": "/en/practicas/BP-ANDESCO-SSPD-002-2021/",
    "en-lista-vacia": "/en/practicas/?q=zzzzqqqq",
    "en-lista-corregida": "/en/practicas/?q=quindoi",
    "en-datos": "/en/datos/",
    "en-pagina-inexistente": "/en/practicas/?page=40",
}
# Pages answered with another status than 200, on purpose.
STATUS = {"pagina-inexistente": 404, "en-pagina-inexistente": 404, "como-desconocido": 404}
ADMIN = "admin-ficha"
ADMIN_HOME = "admin-inicio"  # with what staff owe: a bounced message, a request due
ADMIN_FOLLOW_UP = "admin-seguimiento"  # a metric's follow-up, measured twice (conftest)
# The recognition's signed-in pages: an applicant's form, a juror's scoring page; a
# representative's form «Replicamos esta práctica» and their provider's replications.
APPLICANT, JUROR = "postulacion", "jurado-calificar"
REPLICATE, REPLICATIONS = "replicamos", "replicas-de-su-prestador"
PAGES = [
    *PUBLIC_PAGES,
    ADMIN,
    ADMIN_HOME,
    ADMIN_FOLLOW_UP,
    APPLICANT,
    JUROR,
    REPLICATE,
    REPLICATIONS,
]


def open_page(page, request, name):
    """Open the page called `name` (logging in first for the admin); its response.

    Every test asks for `catalogue` itself: that also starts the live server."""
    base_url = request.getfixturevalue("live_server").url
    practice = request.getfixturevalue("catalogue")
    if name in (ADMIN, ADMIN_HOME, ADMIN_FOLLOW_UP):
        page.goto(f"{base_url}/admin/")
        if page.locator("#id_username").count():
            log_in(page, base_url, request.getfixturevalue("superuser"))
        if name == ADMIN:
            path = f"/admin/practices/practice/{practice.pk}/change/"
        elif name == ADMIN_FOLLOW_UP:
            metric = practice.impact_metrics.get(label="PQR atendidas por mes")
            path = f"/admin/practices/impactmetric/{metric.pk}/change/"
        else:
            owed_work()
            path = "/admin/"
    elif name == "solicitud-recibida":
        path = receipt_path()
    elif name == "reconocimiento":
        path = f"/reconocimiento/{recognition_season()['call'].edition.year}/"
    elif name == "reconocimiento-resultados":
        path = recognition_results(practice)
    elif name == "ficha-replicada":
        path = f"/practicas/{replication_told(practice).practice.code}/"
    elif name == "responder-replica":
        from replication.moderation import answer_token

        path = f"/replicas/responder/{answer_token(replication_told(practice, answer=''))}/"
    elif name in (APPLICANT, JUROR, REPLICATE, REPLICATIONS):
        season = recognition_season()
        user = season["juror" if name == JUROR else "applicant"]
        page.goto(f"{base_url}/reconocimiento/entrar/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", "una-clave-muy-larga-123")
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/reconocimiento/(postulaciones|jurado)/$"))
        if name == REPLICATE:
            path = f"/practicas/{practice.code}/replicamos/"
        elif name == REPLICATIONS:
            replication_told(practice, provider=season["applicant"].representative.provider)
            path = "/reconocimiento/replicas/"
        else:
            path = season[name]
    else:
        path = PUBLIC_PAGES[name]
    response = page.goto(f"{base_url}{path}")
    if response.status == 404 and name == "estadisticas":
        pytest.skip("/estadisticas/ responde 404: la página de estadísticas no existe todavía")
    assert response.status == STATUS.get(name, 200), f"{path} answered {response.status}"
    return response


def replication_told(
    practice, answer="Gracias por contarlo: escríbannos si lo necesitan.", provider=None
):
    """A published replication of `practice` with a result (and the authors' `answer`),
    told by `provider` (a new one by default), made once per test."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from practices.models import Municipality
    from recognition.models import Representative
    from replication.models import Replication, ReplicationResult

    from ..factories import ProviderFactory

    existing = Replication.objects.filter(practice=practice).first()
    if existing:  # a test that opens it twice
        return existing
    provider = provider or ProviderFactory(name="Acueducto del Norte", short_name="ACN")
    representative = Representative.objects.filter(provider=provider).first() or (
        Representative.objects.create(
            user=get_user_model().objects.create_user("lucia@adn.com.co"),
            provider=provider,
            position="Jefe comercial",
            confirmed_at=timezone.now(),
        )
    )
    replication = Replication.objects.create(
        practice=practice, provider=provider, representative=representative,
        started_on=datetime.date(2025, 2, 1), changes="Mensajes de WhatsApp en vez de llamadas.",
        story="Las PQR por facturación bajaron a la mitad en seis meses.",
        progress="abandonada", progress_reason="Se acabó el contrato del operador.",
        moderation="publicada", moderated_at=timezone.now(), answer=answer,
        answered_at=timezone.now() if answer else None,
    )  # fmt: skip
    replication.municipalities.set(Municipality.objects.filter(pk__in=["63001", "63130"]))
    ReplicationResult.objects.create(
        replication=replication, label="PQR por facturación al mes", baseline=120, value=58,
        unit="PQR", measured_on=datetime.date(2025, 8, 31),
    )  # fmt: skip
    type(practice).objects.filter(pk=practice.pk).update(replication_count=1)
    return replication


def recognition_results(practice):
    """A call whose results are published: a winner whose ficha is `practice`, and a
    mention whose ficha is still a draft. Its page's path."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from practices.models import Edition
    from recognition.models import Application, Call, Representative

    from ..factories import ProviderFactory

    if Call.objects.filter(edition__year=2030).exists():  # a test that opens it twice
        return "/reconocimiento/2030/"
    now = timezone.now()
    edition = Edition.objects.create(number=30, year=2030, name="Reconocimiento 2030")
    call = Call.objects.create(
        edition=edition, stage="resultados", terms="Términos de la convocatoria.",
        opens_at=now - datetime.timedelta(days=90), closes_at=now - datetime.timedelta(days=60),
    )  # fmt: skip
    provider = ProviderFactory(name="Aguas del Norte", short_name="ADN")
    representative = Representative.objects.create(
        user=get_user_model().objects.create_user("norte@adn.com.co"),
        provider=provider,
        position="Gerente",
        confirmed_at=now,
    )
    Application.objects.bulk_create(  # the call closed: save() would refuse
        Application(
            call=call,
            provider=provider,
            representative=representative,
            title=title,
            category=practice.category,
            status="enviada",
            submitted_at=now - datetime.timedelta(days=61),
            eligible=True,
            level=level,
            practice=ficha,
        )
        for title, level, ficha in (
            (practice.title, "ganadora", practice),
            ("Oficina móvil rural", "mencion", None),
        )
    )
    return "/reconocimiento/2030/"


def recognition_season():
    """An open call with an applicant's draft, and a juror of a second call in evaluation
    with a sent application to score: {what: object or path}."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from practices.models import Category, Edition, EvaluationCriterion
    from recognition.models import Application, Call, JuryMember, Representative

    from ..factories import ProviderFactory

    now = timezone.now()
    users = get_user_model().objects
    if users.filter(username="ana@eap.com.co").exists():  # a test that opens it twice
        seat = JuryMember.objects.get()
        return {
            "call": Call.objects.get(edition__year=2031),
            "applicant": users.get(username="ana@eap.com.co"),
            "juror": seat.user,
            APPLICANT: f"/reconocimiento/postulaciones/"
            f"{Application.objects.get(call__edition__year=2031).pk}/",
            JUROR: f"/reconocimiento/jurado/{seat.pk}/"
            f"{Application.objects.get(call__edition__year=2032).pk}/",
        }
    provider = ProviderFactory(name="Empresa de Acueducto de Prueba")
    applicant = users.create_user("ana@eap.com.co", "ana@eap.com.co", "una-clave-muy-larga-123")
    representative = Representative.objects.create(
        user=applicant, provider=provider, position="Jefe de servicio al cliente",
        email_verified_at=now, confirmed_at=now,
    )  # fmt: skip
    calls = []
    for number, year in ((9, 2031), (10, 2032)):
        edition = Edition.objects.create(number=number, year=year, name=f"Reconocimiento {year}")
        EvaluationCriterion.objects.create(edition=edition, name="Innovación", weight=3)
        EvaluationCriterion.objects.create(edition=edition, name="Alianzas", weight=1)
        call = Call.objects.create(
            edition=edition, stage="abierta", terms="Términos de la convocatoria.",
            opens_at=now - datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=30),
            declarations="La información es veraz.",
        )  # fmt: skip
        call.categories.set(Category.objects.all()[:2])
        calls.append(call)
    draft = Application.objects.create(
        call=calls[0], provider=provider, representative=representative, title="Borrador"
    )
    sent = Application.objects.create(
        call=calls[1], provider=provider, representative=representative,
        category=calls[1].categories.first(), title="Lectura de medidores",
        summary="Líderes comunitarios leen los medidores.", status="enviada", submitted_at=now,
    )  # fmt: skip
    Application.objects.filter(pk=sent.pk).update(eligible=True)
    Call.objects.filter(pk=calls[1].pk).update(stage="evaluacion")
    juror = users.create_user("jurado@example.org", "jurado@example.org", "una-clave-muy-larga-123")
    seat = JuryMember.objects.create(call=calls[1], user=juror, conflicts_declared_at=now)
    return {
        "call": calls[0],
        "applicant": applicant,
        "juror": juror,
        APPLICANT: f"/reconocimiento/postulaciones/{draft.pk}/",
        JUROR: f"/reconocimiento/jurado/{seat.pk}/{sent.pk}/",
    }


def owed_work():
    from outbox.models import Message
    from privacy.models import DataRequest

    Message.objects.create(
        to="x@example.org", subject="Sobre su buena práctica", body="…", status="failed",
        last_error="550 mailbox unavailable", purpose="relay:BP-X",
    )  # fmt: skip
    DataRequest.objects.create(kind="access", name="Ana Ruiz", email="a@example.org", details="…")


def receipt_path():
    from django.core import signing
    from django.urls import reverse

    from privacy.models import DataRequest

    received = DataRequest.objects.create(
        kind="removal", name="Ana Ruiz", email="a@example.org", details="…"
    )
    receipt = signing.dumps(received.pk, salt="privacy.receipt")
    return reverse("privacy:received", args=[receipt])


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violations(page, request, catalogue, axe_source, name):
    open_page(page, request, name)
    violations = run_axe(page, axe_source)
    assert not violations, f"axe-core on {name}:\n{format_violations(violations)}"


@pytest.mark.parametrize("name", PAGES)
def test_screenshots_at_1280_and_375_px(new_context, request, catalogue, name):
    for width in (1280, 375):
        page = new_context(viewport={"width": width, "height": 800}).new_page()
        open_page(page, request, name)
        path = screenshot_path(name, width)
        page.screenshot(path=path, full_page=True)
        assert path.stat().st_size > 0


@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_nothing_scrolls_sideways_at_320_px(new_context, request, catalogue, name):
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    open_page(page, request, name)
    widths = page.evaluate(
        """() => {
            const viewport = document.documentElement.clientWidth;
            const wider = [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > viewport + 1
                             && getComputedStyle(e).visibility !== 'hidden')
                .filter(e => !e.closest('.visually-hidden, .skip-link'))
                .slice(0, 8)
                .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                          + (e.className && typeof e.className === 'string'
                             ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
                          + ' ' + Math.round(e.getBoundingClientRect().right) + 'px');
            return {scroll: document.documentElement.scrollWidth, viewport, wider};
        }"""
    )
    assert widths["scroll"] <= widths["viewport"], (
        f"{name} scrolls sideways at 320 px: {widths['scroll']} > {widths['viewport']}; "
        f"wider elements: {widths['wider']}"
    )


@pytest.mark.parametrize("name", PAGES)
def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(
    page, request, catalogue, name
):
    open_page(page, request, name)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => ({tag: document.activeElement.tagName,
                   href: document.activeElement.getAttribute('href'),
                   text: document.activeElement.textContent.trim()})"""
    )
    assert focused["tag"] == "A" and focused["href"].startswith("#"), (
        f"the first Tab stop of {name} is {focused}, not a skip link"
    )
    skip_link = page.locator(":focus")
    assert skip_link.is_visible(), "the focused skip link is not visible"
    if name not in (ADMIN, ADMIN_HOME, ADMIN_FOLLOW_UP):
        assert focused == {
            "tag": "A",
            "href": "#contenido",
            "text": "Skip to main content"
            if name.startswith("en-")
            else "Saltar al contenido principal",
        }
    page.keyboard.press("Enter")
    in_main = page.evaluate(
        "() => document.activeElement.closest('main') !== null "
        "&& document.activeElement !== document.body"
    )
    assert in_main, f"the skip link of {name} does not move the focus into <main>"
    # The next Tab goes on from the content, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => !document.activeElement.closest('header, .govco-bar, #header')"), (
        f"after the skip link of {name}, Tab goes back to the header"
    )


def test_the_nu_html_checker_finds_no_errors(new_context, request, catalogue, vnu, tmp_path):
    """One run of the checker (it is slow to start) on the HTML the server sent each page."""
    page = new_context().new_page()
    files = []
    skipped = []
    for name in PAGES:
        try:
            response = open_page(page, request, name)
        except pytest.skip.Exception as skip:
            skipped.append(f"{name}: {skip}")
            continue
        path = tmp_path / f"{name}.html"
        path.write_text(response.text(), encoding="utf-8")
        files.append(path)
    errors = vnu(files)
    report = "\n".join(
        f"{name}: {len(found)} errors" + "".join(f"\n    {error}" for error in found)
        for name, found in errors.items()
    )
    print(report)
    assert not any(errors.values()), f"Nu HTML checker:\n{report}"
    if skipped:
        print("not checked:", *skipped, sep="\n  ")
