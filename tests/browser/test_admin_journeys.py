"""The admin as staff meet it, in a real browser: an Editor enters a practice by hand, hits
a code in use and fixes it, orders its rows and sends it to review; the Revisor finds it on
the home page and returns it with a comment; the Editor reads the comment, fixes it and
sends it again; the Revisor publishes it. Then axe-core and the Nu HTML checker on the
admin's own pages (home, list, form with errors, import preview, history)."""

import re
from pathlib import Path

import pytest

from practices.models import Practice, Provider

from .conftest import format_violations, log_in, run_axe

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FICHAS = Path(__file__).resolve().parents[1] / "fichas"
TITLE = "Oficina móvil en las veredas del Quindío"
CODE = "BP-ANDESCO-SSPD-050-2020"
FACTORS = ["Rutas acordadas con las juntas", "Personal de la zona", "Horario fijo por vereda"]


@pytest.fixture
def member(make_member):
    def make(role):
        user = make_member(role)
        user.raw_password = "clave-de-prueba-123"
        return user

    return make


def staff_page(new_context, base_url, user, **options):
    page = new_context(viewport={"width": 1366, "height": 900}, **options).new_page()
    log_in(page, base_url, user)
    return page


def choose(page, field, value, label):
    """Pick ``value`` in an autocomplete field (select2) as its search would."""
    page.evaluate(
        """([id, value, label]) => {
            const select = document.getElementById(id);
            select.append(new Option(label, value, true, true));
            select.dispatchEvent(new Event("change", {bubbles: true}));
        }""",
        [f"id_{field}", str(value), label],
    )


def save_and_continue(page):
    with page.expect_navigation() as navigation:
        page.locator("input[name=_continue]").first.click()
    return navigation.value


def factor_titles(page):
    return [
        page.input_value(f"#id_success_factors-{n}-title")
        for n in range(page.locator("#success_factors-group .inline-related.has_original").count())
    ]


def click_workflow(page, label):
    with page.expect_navigation():
        page.get_by_role("button", name=label).first.click()


def test_a_practice_from_the_editor_to_publication(new_context, live_server, catalogue, member):
    base = live_server.url
    editor, reviewer = member("Editor"), member("Revisor")

    # The Editor, in another time zone: no English note under the dates.
    page = staff_page(new_context, base, editor, timezone_id="Europe/Madrid")
    page.goto(f"{base}/admin/practices/practice/add/")
    assert page.locator(".timezonewarning").count() == 0
    page.fill("#id_title", TITLE)
    page.fill("#id_code", catalogue.code)  # in use: the reference practice's
    choose(page, "provider", Provider.objects.get(slug="edeq").pk, "EDEQ")
    choose(page, "category", catalogue.category_id, str(catalogue.category))
    page.fill("#id_start_date", "01/03/2020")
    page.fill("#id_summary", "Un vehículo lleva la oficina a las veredas cada semana.")
    page.fill("#id_impact", "Más atenciones en la zona rural.")
    page.fill("#id_coverage_note", "Veredas de Salento y Filandia.")
    page.fill("#id_replicability", "Con un vehículo y un horario acordado.")
    page.fill("#id_limitations", "Las vías en temporada de lluvias.")
    add_factor = page.locator("#success_factors-group .add-row a")
    for n, title in enumerate(FACTORS):
        add_factor.click()
        page.fill(f"#id_success_factors-{n}-title", title)
    page.locator("#links-group .add-row a").click()
    page.fill("#id_links-0-url", "https://www.youtube.com/watch?v=J17XR04OT6Y")

    save_and_continue(page)

    error = page.locator(".field-code .errorlist")
    assert error.inner_text().strip() == "Ya existe una buena práctica con este código."
    assert page.input_value("#id_title") == TITLE  # nothing typed is lost
    assert page.input_value("#id_success_factors-2-title") == FACTORS[2]
    page.fill("#id_code", CODE)
    save_and_continue(page)
    practice = Practice.objects.get(code=CODE)
    assert page.url.endswith(f"/{practice.pk}/change/")
    assert "La buena práctica «" in page.locator(".messagelist").inner_text()
    assert factor_titles(page) == FACTORS
    assert practice.links.get().kind == "video"

    # The third factor goes up one place, with a button.
    with page.expect_navigation():
        page.locator("#success_factors-2 button[name=_move]").click()
    assert factor_titles(page) == [FACTORS[0], FACTORS[2], FACTORS[1]]
    click_workflow(page, "Enviar a revisión")
    assert Practice.objects.get(pk=practice.pk).status == "review"

    # The Revisor finds it on the home page and returns it with a comment.
    review = staff_page(new_context, base, reviewer)
    waiting = review.locator("#work-review")
    assert TITLE[:40] in waiting.inner_text()
    with review.expect_navigation():
        waiting.get_by_role("link", name=re.compile(CODE)).click()
    with review.expect_navigation():
        review.get_by_role("link", name="Devolver al editor…").click()
    review.fill("#id_comment", "Falta la cifra de atenciones de 2021.")
    with review.expect_navigation():
        review.locator("input[type=submit]").click()
    assert Practice.objects.get(pk=practice.pk).status == "draft"

    # The Editor reads the comment on the home page, fixes the ficha and sends it again.
    page.goto(f"{base}/admin/")
    returned = page.locator("#work-returned")
    assert "Falta la cifra de atenciones de 2021." in returned.inner_text()
    with page.expect_navigation():
        returned.get_by_role("link", name=re.compile(CODE)).click()
    page.fill("#id_impact", "1.250 atenciones en 2021, antes ninguna en la zona rural.")
    save_and_continue(page)
    click_workflow(page, "Enviar a revisión")

    # The Revisor publishes it.
    review.goto(f"{base}/admin/")
    with review.expect_navigation():
        review.locator("#work-review").get_by_role("link", name=re.compile(CODE)).click()
    click_workflow(review, "Publicar")
    practice.refresh_from_db()
    assert practice.status == "published"
    assert list(practice.success_factors.values_list("title", flat=True)) == [
        FACTORS[0],
        FACTORS[2],
        FACTORS[1],
    ]
    review.goto(f"{base}/admin/practices/practice/{practice.pk}/history/")
    kinds = review.locator("tbody tr td:nth-child(5)").all_inner_texts()
    assert kinds[-1] == "Creada" and "Modificada" in kinds


def test_the_practice_list_fits_1366_px(new_context, live_server, catalogue, superuser):
    page = staff_page(new_context, live_server.url, superuser)
    page.goto(f"{live_server.url}/admin/practices/practice/")

    overflow = page.evaluate(
        """() => {
            const table = document.getElementById("result_list");
            return {page: document.documentElement.scrollWidth - window.innerWidth,
                    table: table.getBoundingClientRect().right - window.innerWidth};
        }"""
    )
    assert overflow["page"] <= 0 and overflow["table"] <= 0, overflow
    for column in ["code", "status_label", "completeness_meter", "last_change"]:
        header = page.locator(f"#result_list th.column-{column}")
        box = header.bounding_box()
        assert header.is_visible() and box["x"] + box["width"] <= 1366, column


def admin_pages(page, base, practice):
    """(name, HTML the server sent) of the admin's own pages, each left open in ``page``
    for axe-core in turn."""
    yield "inicio", page.goto(f"{base}/admin/").text()
    yield "lista", page.goto(f"{base}/admin/practices/practice/").text()
    page.goto(f"{base}/admin/practices/practice/add/")
    page.fill("#id_title", TITLE)
    page.fill("#id_code", practice.code)
    yield "formulario-con-errores", save_and_continue(page).text()
    page.goto(f"{base}/admin/practices/practice/importar/")
    page.set_input_files("input[type=file]", str(FICHAS / "reference.txt"))
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Ver vista previa").click()
    assert "Vista previa" in page.content()
    yield "vista-previa-de-importacion", navigation.value.text()
    yield "historial", page.goto(f"{base}/admin/practices/practice/{practice.pk}/history/").text()


def test_the_admin_pages_pass_axe_and_the_nu_checker(
    new_context, live_server, catalogue, superuser, axe_source, vnu, tmp_path
):
    page = staff_page(new_context, live_server.url, superuser)
    found, files = {}, []
    for name, html in admin_pages(page, live_server.url, catalogue):
        found[name] = run_axe(page, axe_source)
        files.append(tmp_path / f"{name}.html")
        files[-1].write_text(html, encoding="utf-8")

    assert not any(found.values()), "\n".join(
        f"{name}:\n{format_violations(v)}" for name, v in found.items() if v
    )
    errors = vnu(files)
    assert not any(errors.values()), errors
