"""A utility manager on a 390 px phone: after a search, and after applying a filter, the
results are on the first screen; the ficha's indicators need no sideways scroll."""

import pytest

from .conftest import screenshot_path

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}


def first_result_on_screen(page, seconds=3):
    """Whether the first card is on the first screen, within ``seconds`` (the browser
    scrolls to #resultados once the page has loaded: on a busy machine, a moment later)."""
    for _attempt in range(seconds * 10):
        box = page.locator(".practice-card").first.bounding_box()
        if box is not None and 0 <= box["y"] < PHONE["height"] - 40:
            return True
        page.wait_for_timeout(100)
    return False


@pytest.mark.parametrize("javascript", [True, False])
def test_a_search_then_a_filter_land_on_the_results(
    new_context, live_server, catalogue, javascript
):
    page = new_context(viewport=PHONE, java_script_enabled=javascript).new_page()
    page.goto(f"{live_server.url}/practicas/")

    page.fill("#q", "quindio")
    with page.expect_navigation():
        page.press("#q", "Enter")
    assert first_result_on_screen(page), "after a search the results are below the fold"
    page.screenshot(path=screenshot_path(f"telefono-busqueda-js-{javascript}", 390))

    page.locator(".filters-toggle > summary").click()
    with page.expect_navigation():
        # click, not check(): with JavaScript the change submits the form, and check()
        # would look at the box again on the next page (where it may be another input).
        page.locator('input[type="checkbox"][name="servicio"]').first.click()
        if not javascript:
            page.get_by_role("button", name="Aplicar filtros").click()
    assert "servicio=" in page.url
    assert first_result_on_screen(page), "after a filter the results are below the fold"
    assert "activo" in page.locator(".filters-toggle > summary").inner_text()
    page.screenshot(path=screenshot_path(f"telefono-filtro-js-{javascript}", 390))


def test_the_filters_are_open_on_a_wide_screen(new_context, live_server, catalogue):
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/practicas/")

    assert page.locator('input[name="servicio"]').first.is_visible()


def test_the_indicators_need_no_sideways_scroll_on_a_phone(new_context, live_server, catalogue):
    page = new_context(viewport=PHONE).new_page()
    page.goto(f"{live_server.url}{catalogue.get_absolute_url()}")

    wrap = page.locator(".metrics-wrap")
    assert wrap.count() == 1
    widths = wrap.evaluate("(e) => [e.scrollWidth, e.clientWidth]")
    assert widths[0] <= widths[1], widths
    label = page.locator('.metrics td[data-label="Resultado"]').first.evaluate(
        "(td) => getComputedStyle(td, '::before').content"
    )
    assert label == '"Resultado: "'  # each figure says what it is
    page.screenshot(path=screenshot_path("telefono-ficha", 390), full_page=True)


@pytest.mark.parametrize(
    "path", ["/", "/practicas/?q=quindio", "/practicas/BP-ANDESCO-SSPD-002-2021/"]
)
def test_nothing_touches_the_footer(new_context, live_server, catalogue, path):
    page = new_context(viewport=PHONE).new_page()
    page.goto(f"{live_server.url}{path}")

    gap = page.evaluate(
        """() => {
            const main = document.querySelector("main");
            const last = [...main.children].filter(
                (e) => e.getBoundingClientRect().height > 0
            ).reduce((a, e) => Math.max(a, e.getBoundingClientRect().bottom), 0);
            return document.querySelector(".site-footer").getBoundingClientRect().top - last;
        }"""
    )
    assert gap >= 24, f"{path}: {gap} px between the content and the footer"
