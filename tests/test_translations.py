"""Translations: the English catalogue is complete and compiled, pages follow the language.

The msgids are the Spanish texts of the interface; ``locale/en`` translates them into
English (served under /en/) and ``locale/es`` holds the project's overrides of Django's
Spanish catalogue (lower-case month names). Dates and numbers follow the active language
through Django's formats: "15 de marzo de 2020" and "145.061" in Spanish, "March 15, 2020"
and "145,061" in English (Django's ``en`` formats: DATE_FORMAT "N j, Y", so December is
"Dec. 31, 2020").
"""

import ast
import gettext
import html
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import translation

from practices.models import ImpactMetric

LOCALE = settings.BASE_DIR / "locale"
CATALOGUES = ["en", "es"]
FICHA = "/practicas/BP-ANDESCO-SSPD-002-2021/"


# --- The catalogues ---------------------------------------------------------------------


def read_po(path):
    """The entries of a .po file, each a dict: msgctxt, msgid, msgid_plural, msgstr (a
    list, one item per plural form) and flags. Entries are separated by blank lines (as
    msgmerge writes them); obsolete ones (``#~``) are left out."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry = {"msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": []}
        entry["flags"] = set()
        field = None
        for line in block.strip().splitlines():
            line = line.strip()
            if line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#~"):
                entry["flags"].add("obsolete")
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                if field == "msgstr":
                    entry["msgstr"][-1] += ast.literal_eval(line)
                else:
                    entry[field] += ast.literal_eval(line)
            else:
                keyword, quoted = line.split(" ", 1)
                field = "msgstr" if keyword.startswith("msgstr") else keyword
                if field == "msgstr":
                    entry["msgstr"].append(ast.literal_eval(quoted))
                else:
                    entry[field] = ast.literal_eval(quoted)
        if entry["msgid"] is not None and "obsolete" not in entry["flags"]:
            entries.append(entry)
    return entries


def expected_catalogue(entries):
    """What msgfmt compiles from ``entries``, keyed as ``GNUTranslations`` keys it:
    fuzzy and untranslated entries are left out; a context is "context\\x04msgid"."""
    catalogue = {}
    for entry in entries:
        if "fuzzy" in entry["flags"] or not any(entry["msgstr"]):
            continue
        key = entry["msgid"]
        if key == "":  # msgfmt leaves the POT's date out of the compiled header
            entry = entry | {"msgstr": [re.sub(r"POT-Creation-Date: .*\n", "", entry["msgstr"][0])]}
        if entry["msgctxt"] is not None:
            key = f"{entry['msgctxt']}\x04{key}"
        if entry["msgid_plural"] is None:
            catalogue[key] = entry["msgstr"][0]
        else:
            for number, text in enumerate(entry["msgstr"]):
                catalogue[(key, number)] = text
    return catalogue


def compiled_catalogue(path):
    with path.open("rb") as mo:
        return dict(gettext.GNUTranslations(mo)._catalog)


def english():
    return read_po(LOCALE / "en" / "LC_MESSAGES" / "django.po")


def test_the_english_catalogue_is_for_english():
    header = english()[0]
    assert header["msgid"] == ""
    assert "Language: en\n" in header["msgstr"][0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in header["msgstr"][0]
    assert len(english()) > 700  # every string of the interface, not a sample


def test_every_msgid_has_an_english_translation():
    entries = english()
    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]]
    untranslated = [
        entry["msgid"] for entry in entries[1:] if not all(text.strip() for text in entry["msgstr"])
    ]
    wrong_forms = [
        entry["msgid"]
        for entry in entries
        if entry["msgid_plural"] is not None and len(entry["msgstr"]) != 2
    ]
    assert fuzzy == []
    assert untranslated == []
    assert wrong_forms == []


PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[#0 +-]*\d*(?:\.\d+)?[sdifr]")


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text.replace("%%", "")))


def test_translations_keep_the_placeholders():
    """%(name)s, %s, %d as in the msgid; a plural's singular may spell its number out
    ("Check the file and confirm."), but may name no other value."""
    broken = []
    for entry in english()[1:]:
        source = placeholders(entry["msgid_plural"] or entry["msgid"])
        for number, text in enumerate(entry["msgstr"]):
            found = placeholders(text)
            singular = entry["msgid_plural"] is not None and number == 0
            if found != source and not (singular and set(found) < set(source)):
                broken.append((entry["msgid"], text))
    assert broken == []


@pytest.mark.parametrize("language", CATALOGUES)
def test_the_compiled_catalogue_is_up_to_date(language):
    """The committed .mo holds exactly what the .po says (content, not dates)."""
    folder = LOCALE / language / "LC_MESSAGES"
    expected = expected_catalogue(read_po(folder / "django.po"))
    compiled = compiled_catalogue(folder / "django.mo")

    assert compiled.keys() == expected.keys(), "run `make messages` and commit the .mo"
    assert compiled == expected, "run `make messages` and commit the .mo"


@pytest.mark.parametrize("language", CATALOGUES)
def test_msgfmt_accepts_the_catalogue_and_compiles_the_same(language, tmp_path):
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext's msgfmt is not installed")
    folder = LOCALE / language / "LC_MESSAGES"
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check", "-o", compiled, folder / "django.po"],
        check=True,
        capture_output=True,
    )

    assert compiled_catalogue(compiled) == compiled_catalogue(folder / "django.mo")


# --- The pages in each language ---------------------------------------------------------


@pytest.fixture(autouse=True)
def _language_restored():
    """A request under /en/ leaves English active in the thread (the middleware activates
    the language and nothing resets it): later tests expect the default language."""
    with translation.override(translation.get_language()):
        yield


def text_of(response):
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def decimal_metric(reference_practice):
    """A metric with decimals: "1.234,56" in Spanish, "1,234.56" in English."""
    return ImpactMetric.objects.create(
        practice=reference_practice,
        position=99,
        label="Tiempo de respuesta",
        baseline=Decimal("5.5"),
        value=Decimal("1234.56"),
        unit="horas",
    )


@pytest.mark.django_db
def test_the_home_page_in_english(client, reference_practice):
    page = text_of(client.get("/en/"))

    assert '<html lang="en">' in page
    assert "<title>Good Practice Bank · Residential public utilities</title>" in page
    assert '<a href="/en/practicas/">Good practices</a>' in page
    assert "<dt>Published good practices</dt><dd>1</dd>" in page
    assert "<dt>Users reached, added up practice by practice</dt><dd>145,061</dd>" in page
    assert "What is a good practice?" in page
    for spanish in ["Buenas prácticas publicadas", "Usuarios impactados", "Explorar el catálogo"]:
        assert spanish not in page


@pytest.mark.django_db
def test_the_list_in_english(client, reference_practice):
    page = text_of(client.get("/en/practicas/?tamano=mediano"))

    assert "<h1>Good practices</h1>" in page
    assert "1 published good practice" in page
    assert "Provider size: Medium" in page  # the active filter's chip
    assert '<a href="/en/practicas/BP-ANDESCO-SSPD-002-2021/">' in page
    for label in ["Most recent", "Title (A–Z)", "Apply filters", "Clear filters"]:
        assert label in page
    for spanish in ["buena práctica publicada", "Tamaño del prestador", "Aplicar filtros"]:
        assert spanish not in page


@pytest.mark.django_db
def test_the_reference_ficha_in_english(client, reference_practice, decimal_metric):
    page = text_of(client.get(f"/en{FICHA}"))

    assert '<html lang="en">' in page
    assert '<p class="eyebrow">Good practice record</p>' in page
    # Dates and numbers in English (Django's "en" formats).
    assert "Start date: March 15, 2020" in page
    assert "End date: Dec. 31, 2020" in page
    assert "<strong>145,061</strong> users reached" in page
    assert re.search(r'<td class="num"[^>]*>145,061</td>', page)
    assert re.search(r'<td class="num"[^>]*>5\.50</td>', page)
    assert re.search(r'<td class="num"[^>]*>1,234\.56</td>', page)
    assert "(12 municipalities)" in page
    assert "durley.riveros [at] edeq.com.co" in page  # contact.js reads any bracketed word
    # The ficha's own texts stay as their authors wrote them.
    assert "Se impactaron a 145.061 usuarios" in page
    for spanish in ["Ficha de buena práctica", "Fecha de inicio", "de marzo", "Impacto generado"]:
        assert spanish not in page


@pytest.mark.django_db
def test_the_reference_ficha_in_spanish_is_unchanged(client, reference_practice, decimal_metric):
    page = text_of(client.get(FICHA))

    assert '<html lang="es-co">' in page
    assert '<p class="eyebrow">Ficha de buena práctica</p>' in page
    # Month names in lower case: the project's overrides in locale/es.
    assert "Fecha de inicio: 15 de marzo de 2020" in page
    assert "Fecha de finalización: 31 de diciembre de 2020" in page
    assert "<strong>145.061</strong> usuarios impactados" in page
    assert re.search(r'<td class="num"[^>]*>145\.061</td>', page)
    assert re.search(r'<td class="num"[^>]*>5,50</td>', page)
    assert re.search(r'<td class="num"[^>]*>1\.234,56</td>', page)
    assert "(12 municipios)" in page
    for english_text in ["Good practice record", "Start date", "March", "users reached"]:
        assert english_text not in page


@pytest.mark.django_db
def test_the_statistics_in_english(client, reference_practice):
    page = text_of(client.get("/en/estadisticas/"))

    assert "<h1>Statistics</h1>" in page
    assert "Published practices by provider size" in page
    assert "<title>Medium: 1 practice</title>" in page
    assert '<title id="mapa-titulo">Map of published practices by department</title>' in page
    for spanish in ["Prácticas publicadas por", "Mapa de prácticas", "1 práctica<"]:
        assert spanish not in page


@pytest.mark.django_db
def test_each_language_links_to_the_other(client, reference_practice):
    spanish = text_of(client.get(FICHA))
    english_page = text_of(client.get(f"/en{FICHA}"))

    assert f'<link rel="alternate" hreflang="en" href="/en{FICHA}">' in spanish
    assert f'<link rel="alternate" hreflang="es-co" href="{FICHA}">' in english_page


def test_the_language_links_name_each_language_in_itself(client, reference_practice):
    page = client.get(FICHA).content.decode()

    assert f'<a href="/en{FICHA}" lang="en" hreflang="en">English</a>' in page
    assert ">Español de Colombia</a>" in page  # the country's name keeps its capital
