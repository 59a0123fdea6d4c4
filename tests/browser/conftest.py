"""Real-browser tests: a live server, Playwright driving the system's Chromium.

Needs Debian's Chromium (`apt-get install -y chromium`; another binary with
`CHROMIUM_PATH=...`) and, for the accessibility and HTML checks, axe-core and vnu-jar from
npm (`npm ci` at the repository root) plus Java. Whatever is missing skips these tests with
its reason (`make test` lists it at the end); with `BROWSER_TESTS_REQUIRED=1`, as in CI,
it fails them instead. `playwright install` is never needed: no browser is downloaded.

Every test gets a fresh catalogue (the reference practice of `loaddata demo` and a few
factory practices) in a database the live server shares: the tests are transactional, with
the reference data of the migrations restored before each one (serialized rollback).
"""

import datetime
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from practices.models import ImpactMeasurement, ImpactMetric, Practice, Service

from ..factories import PracticeFactory

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
REQUIRED = os.environ.get("BROWSER_TESTS_REQUIRED", "") == "1"

NO_CHROMIUM = f"Chromium no está instalado: apt-get install -y chromium (no se encontró {CHROMIUM})"
NO_PLAYWRIGHT = "Playwright no está instalado: make install"
NO_AXE = "axe-core no está instalado: npm ci (en la raíz del repositorio)"
NO_VNU = "vnu-jar no está instalado: npm ci (en la raíz del repositorio)"
NO_JAVA = "Java no está instalado: apt-get install -y default-jre-headless"

# Playwright's sync API runs an event loop in this thread; the test code's own ORM calls
# (fixtures) are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - make install brings it
    sync_playwright = None

HERE = Path(__file__).resolve().parent


def missing_browser():
    if sync_playwright is None:
        return NO_PLAYWRIGHT
    if not CHROMIUM.exists():
        return NO_CHROMIUM
    return None


def unavailable(reason):
    """Skip, or fail when the browser tests are required (CI)."""
    if REQUIRED:
        pytest.fail(f"BROWSER_TESTS_REQUIRED=1: {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_collection_modifyitems(config, items):
    reason = missing_browser()
    if reason is None or REQUIRED:
        return
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.skip(reason=reason))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    reason = missing_browser()
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if "tests/browser/" in report.nodeid
    ]
    if skipped:
        reasons = sorted({str(report.longrepr[-1]).removeprefix("Skipped: ") for report in skipped})
        terminalreporter.write_sep(
            "=", f"{len(skipped)} browser tests SKIPPED (tests/browser)", yellow=True, bold=True
        )
        for line in reasons:
            terminalreporter.write_line(f"  {line}", yellow=True)
        terminalreporter.write_line("  See README.md, 'Browser tests'.", yellow=True)
    elif reason and not REQUIRED:
        terminalreporter.write_line(f"Browser tests not run: {reason}", yellow=True)


# --- the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    reason = missing_browser()
    if reason:
        unavailable(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser):
    """Browser contexts with the site's language, closed after the test.

    `bypass_csp` lets axe-core be injected under a strict Content-Security-Policy.
    """
    contexts = []

    def make(**options):
        options = {
            "bypass_csp": True,
            "locale": "es-CO",
            "viewport": {"width": 1280, "height": 900},
            **options,
        }
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


# --- the catalogue -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _reference_data_kept(django_db_setup, django_db_blocker):
    """Transactional tests flush the database after each test; put the reference data of
    the migrations back at the end, if they are gone, so that a kept test database
    (--reuse-db on PostgreSQL) is whole for the next run.

    It also takes the snapshot that serialized rollback restores before each test when
    the test database was set up without one (seen when the run starts with
    non-transactional tests: pytest-django 4.14 on Django 6.1 then serializes nothing).
    The first transactional test starts on the migrated database, so it is the one to
    copy; later tests start from it again."""
    from django.db import connection

    if not hasattr(connection, "_test_serialized_contents"):
        with django_db_blocker.unblock():
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    yield
    contents = getattr(connection, "_test_serialized_contents", None)
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    if contents and not in_memory:
        from django.contrib.contenttypes.models import ContentType

        with django_db_blocker.unblock():
            # Emptied by a transactional test; whole when the last test of this worker
            # was not one (its transaction rolled back to the migrated data).
            if not ContentType.objects.exists():
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture
def catalogue(_reference_data_kept, live_server):
    """The reference practice (BP-ANDESCO-SSPD-002-2021) and a few factory practices,
    one of them also about Quindío but of another service, and a draft that never shows."""
    call_command("loaddata", "demo", verbosity=0)
    # What it takes to replicate it: the reference ficha does not say; figures for the test,
    # so that the pages checked show «Lo que se necesita».
    Practice.objects.filter(code="BP-ANDESCO-SSPD-002-2021").update(
        cost_min=20_000_000,
        cost_max=35_000_000,
        cost_year=2020,
        people_involved=12,
        setup_months=6,
        technology="Portal web de PQR, videollamada y chat",
        partners="Alcaldías de los 12 municipios del Quindío",
        prerequisites="Conectividad de los asesores desde la casa.",
    )
    # Its «PQR atendidas por mes» measured again twice, so that the ficha shows a
    # follow-up chart and its table (practices.follow_up).
    followed = ImpactMetric.objects.get(
        practice__code="BP-ANDESCO-SSPD-002-2021", label="PQR atendidas por mes"
    )
    for day, value, note in [
        (datetime.date(2022, 11, 30), 412, "Informe de gestión 2022"),
        (datetime.date(2023, 11, 30), 455, ""),
    ]:
        ImpactMeasurement.objects.create(metric=followed, measured_on=day, value=value, note=note)
    acueducto = Service.objects.get(slug="acueducto")
    aseo = Service.objects.get(slug="aseo")
    PracticeFactory(
        code="BP-ANDESCO-SSPD-101-2022",
        title="Acueducto comunitario para las veredas del Quindío",
        summary="Juntas de acción comunal y el prestador llevan agua potable a 40 veredas.",
        services=[acueducto],
    )
    PracticeFactory(
        code="BP-ANDESCO-SSPD-102-2022",
        title="Facturación en línea para los usuarios de aseo",
        summary="La factura llega por correo y se paga desde el teléfono.",
        services=[aseo],
    )
    PracticeFactory(
        code="BP-ANDESCO-SSPD-103-2022",
        title="Atención de PQR por chat",
        summary="Un canal escrito que responde en horas, no en días.",
        services=[acueducto, aseo],
    )
    PracticeFactory(
        code="BP-ANDESCO-SSPD-104-2022",
        title="Borrador sobre el Quindío que nunca se publica",
        draft=True,
    )
    return Practice.objects.get(code="BP-ANDESCO-SSPD-002-2021")


@pytest.fixture
def superuser(django_user_model):
    password = "clave-de-prueba-123"
    user = django_user_model.objects.create_superuser(
        username="editora", email="editora@example.org", password=password
    )
    user.raw_password = password
    return user


def log_in(page, base_url, user):
    """Log in through the admin's own form, as a person does."""
    page.goto(f"{base_url}/admin/login/?next=/admin/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", user.raw_password)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


# --- axe-core and the Nu HTML checker ----------------------------------------------------


@pytest.fixture(scope="session")
def axe_source():
    if not AXE_JS.exists():
        unavailable(NO_AXE)
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(page, axe_source):
    """axe-core's violations of the page (WCAG 2.0/2.1 A and AA and best practices)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    return page.evaluate(
        """async () => {
            const results = await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                                'best-practice']},
                resultTypes: ['violations'],
            });
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '),
                                          html: n.html.slice(0, 200),
                                          summary: n.failureSummary})),
            }));
        }"""
    )


def format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['html']}")
            lines.append(f"      {node['summary']}".replace("\n", " / "))
    return "\n".join(lines)


@pytest.fixture(scope="session")
def vnu():
    """Run the Nu HTML checker once on several files: {file name: [error, ...]}."""
    if not VNU_JAR.exists():
        unavailable(NO_VNU)
    java = shutil.which("java")
    if java is None:
        unavailable(NO_JAVA)

    def check(paths):
        import json

        completed = subprocess.run(
            [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, paths)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        report = json.loads(completed.stderr or completed.stdout)
        errors = {Path(path).name: [] for path in paths}
        for message in report["messages"]:
            name = message.get("url", "").rsplit("/", 1)[-1]
            where = f"line {message.get('lastLine', '?')}, column {message.get('firstColumn', '?')}"
            errors.setdefault(name, []).append(
                f"{message['type']}: {message['message']} ({where}): "
                f"{message.get('extract', '').strip()}"
            )
        return errors

    return check


def screenshot_path(name, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}-{width}.png"
