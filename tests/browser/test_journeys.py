"""A visitor's journey in a real browser, with and without JavaScript, and the language switch."""

import re

import pytest

from .conftest import screenshot_path

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REFERENCE_TITLE = "Somos la energía que mueve el desarrollo del Quindío"
OTHER_QUINDIO_TITLE = "Acueducto comunitario para las veredas del Quindío"


def search_filter_open_and_print(page, base_url, *, javascript):
    # Home: the search box.
    page.goto(f"{base_url}/")
    page.get_by_label("Buscar una buena práctica").fill("quindio")
    with page.expect_navigation():
        page.get_by_role("search").get_by_role("button", name="Buscar").click()
    assert re.search(r"/practicas/\?q=quindio$", page.url)
    assert page.get_by_role("status").inner_text().startswith("2 buenas prácticas publicadas")
    results = page.locator(".results")
    assert results.get_by_role("link", name=REFERENCE_TITLE).is_visible()
    assert results.get_by_role("link", name=OTHER_QUINDIO_TITLE).is_visible()
    assert "nunca se publica" not in page.content()

    # Filter by a service: the checkbox, then "Aplicar filtros". With JavaScript the checkbox
    # applies itself (progressive enhancement); the button gives the same list again.
    energy = page.locator("#filtros").get_by_label("Energía eléctrica")
    if javascript:
        with page.expect_navigation():
            energy.check()
        assert page.locator("#filtros").get_by_label("Energía eléctrica").is_checked()
    else:
        energy.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Aplicar filtros").click()
    assert "q=quindio" in page.url
    assert "servicio=energia-electrica" in page.url
    assert page.get_by_role("status").inner_text().startswith("1 buena práctica publicada")
    assert results.get_by_role("link", name=OTHER_QUINDIO_TITLE).count() == 0

    # The ficha.
    with page.expect_navigation():
        results.get_by_role("link", name=REFERENCE_TITLE).click()
    assert page.url == f"{base_url}/practicas/BP-ANDESCO-SSPD-002-2021/"
    assert page.get_by_role("heading", level=1).inner_text() == REFERENCE_TITLE
    contact = page.locator(".contact [data-email]")
    if javascript:  # the obfuscated address becomes a mailto link
        assert contact.get_by_role("link").get_attribute("href") == (
            "mailto:durley.riveros@edeq.com.co"
        )
    else:  # readable as it is
        assert contact.get_by_role("link").count() == 0
        assert "edeq.com.co" in contact.inner_text()

    # Printing: no navigation, no site chrome; the foot of the sheet with the address.
    footer = page.locator(".print-footer")
    assert footer.is_hidden()
    page.emulate_media(media="print")
    for selector in ["nav", ".site-header", ".site-footer", ".govco-bar", ".skip-link", "form"]:
        for element in page.locator(selector).all():
            assert element.is_hidden(), f"{selector} is printed"
    assert page.locator("main").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()
    assert footer.is_visible()
    footer_text = footer.inner_text()
    assert footer_text.startswith("Consultada en ")
    assert "/practicas/BP-ANDESCO-SSPD-002-2021/" in footer_text
    suffix = "js" if javascript else "sin-js"
    page.screenshot(path=screenshot_path(f"ficha-impresion-{suffix}", 1280), full_page=True)


def test_search_filter_open_the_ficha_and_print_it(page, live_server, catalogue):
    search_filter_open_and_print(page, live_server.url, javascript=True)


def test_the_same_journey_without_javascript(new_context, live_server, catalogue):
    page = new_context(java_script_enabled=False).new_page()
    search_filter_open_and_print(page, live_server.url, javascript=False)


@pytest.mark.parametrize(
    "path", ["/", "/practicas/BP-ANDESCO-SSPD-002-2021/"], ids=["inicio", "ficha"]
)
def test_the_language_links_switch_to_english_and_back(page, live_server, catalogue, path):
    page.goto(f"{live_server.url}{path}")
    assert page.locator("html").get_attribute("lang") == "es-co"
    with page.expect_navigation():
        page.get_by_role("navigation", name="Idioma").get_by_role("link", name="English").click()
    assert page.url == f"{live_server.url}/en{path}"
    assert page.locator("html").get_attribute("lang") == "en"
    english = page.locator('nav.language a[hreflang="en"]')
    assert english.get_attribute("aria-current") == "true"

    with page.expect_navigation():
        page.locator('nav.language a[hreflang="es-co"]').click()
    assert page.url == f"{live_server.url}{path}"
    assert page.locator("html").get_attribute("lang") == "es-co"
