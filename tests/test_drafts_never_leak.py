"""Drafts never leak: a draft, an in-review and an archived practice (and an open
revision of a published one) appear on no public surface.

Every public surface has its line here; a new surface adds its own.
"""

import pytest

from practices import workflow

from .factories import PracticeFactory

pytestmark = pytest.mark.django_db

SECRET = "Zanahoria"  # a word only the hidden practices contain


@pytest.fixture
def hidden(editor):
    visible = PracticeFactory(title="Práctica visible de Aguas", provider__slug="aguas")
    practices = [
        PracticeFactory(
            title=f"{SECRET} {status}",
            summary=f"{SECRET} en el resumen",
            status=status,
            published_at=None,
            provider=visible.provider,
            category=visible.category,
        )
        for status in ("draft", "review", "archived")
    ]
    revision = workflow.practice_start_revision(practice=visible, by=editor)
    revision.title = f"{SECRET} revisión"
    revision.save()
    return visible, [*practices, revision]


def assert_hidden(body):
    assert SECRET not in body


def test_list(client, hidden):
    response = client.get("/practicas/")
    assert_hidden(response.text)
    assert response.context["paginator"].count == 1


def test_search(client, hidden):
    response = client.get("/practicas/", {"q": SECRET})
    # The query itself is echoed back; titles and summaries of hidden practices are not.
    for status in ("draft", "review", "archived", "revisión"):
        assert f"{SECRET} {status}" not in response.text
    assert f"{SECRET} en el resumen" not in response.text
    assert response.context["paginator"].count == 0
    assert response.context["practices"] == []


def test_facet_counts(client, hidden):
    response = client.get("/practicas/")
    for facet in response.context["facets"]:
        assert sum(o["count"] for o in facet.options) <= 2, facet.name  # one practice


def test_ficha_pages(client, hidden):
    visible, practices = hidden
    for practice in practices[:3]:
        assert client.get(practice.get_absolute_url()).status_code == 404
        assert client.get(f"{practice.get_absolute_url()}ficha.txt").status_code == 404
    assert_hidden(client.get(visible.get_absolute_url()).text)
    assert_hidden(client.get(f"{visible.get_absolute_url()}ficha.txt").content.decode())


def test_related_practices_and_provider_pages(client, hidden):
    visible, _ = hidden
    assert_hidden(client.get(visible.get_absolute_url()).text)
    response = client.get("/practicas/prestador/aguas/")
    assert_hidden(response.text)
    assert response.context["paginator"].count == 1
    category = client.get(f"/practicas/categoria/{visible.category.slug}/")
    assert_hidden(category.text)


def test_home_page(client, hidden):
    assert_hidden(client.get("/").text)


def test_admin_preview_is_not_public(client, hidden):
    _visible, practices = hidden
    for practice in practices:
        response = client.get(f"/admin/practices/practice/{practice.pk}/vista-previa/")
        assert response.status_code == 302  # to the login page


def test_exports(client, hidden):
    for url in ["/practicas/exportar.csv", "/practicas/exportar.json"]:
        content = b"".join(client.get(url).streaming_content).decode("utf-8-sig")
        assert_hidden(content)
        assert "Práctica visible de Aguas" in content


def test_feeds(client, hidden):
    visible, _ = hidden
    assert_hidden(client.get("/practicas/feed/").content.decode())
    assert_hidden(
        client.get(f"/practicas/categoria/{visible.category.slug}/feed/").content.decode()
    )


def test_sitemap(client, hidden):
    _visible, practices = hidden
    content = client.get("/sitemap-practicas.xml").content.decode()
    assert content.count("<url>") == 1
    for practice in practices:
        assert f"/practicas/{practice.code}/" not in content or practice.revision_of_id


def test_open_data_page_count(client, hidden):
    assert client.get("/datos/").context["total"] == 1


# --- Reference data used only by hidden practices -------------------------------------
# An import creates the category, provider and edition a draft names: their names are no
# one's business until a published practice uses them.

HIDDEN_NAME = "Remolacha"


@pytest.fixture
def draft_only_reference(hidden):
    from practices.models import Category, Edition, Provider

    _visible, _hidden = hidden
    category = Category.objects.create(name=f"Categoría {HIDDEN_NAME}", slug="remolacha")
    provider = Provider.objects.create(name=f"Prestador {HIDDEN_NAME}", slug="prestador-rem")
    edition = Edition.objects.create(number=99, year=2099, name=f"Edición {HIDDEN_NAME}")
    edition.evaluation_criteria.create(name=f"Criterio {HIDDEN_NAME}")  # the home shows them
    for status in ("draft", "review", "archived"):
        PracticeFactory(
            title=f"Otra {status}",
            status=status,
            published_at=None,
            category=category,
            provider=provider,
            edition=edition,
        )
    return category, provider, edition


@pytest.fixture(params=["snapshot", "database"])
def either_path(request, settings):
    settings.CATALOGUE_SNAPSHOT = request.param == "snapshot"


PROBES = [
    "/",
    "/practicas/",
    "/practicas/?categoria=remolacha",
    "/practicas/?prestador=prestador-rem",
    "/practicas/?edicion=99",
    "/practicas/?edicion=99&categoria=remolacha&prestador=prestador-rem&q=Otra",
    "/estadisticas/",
    "/estadisticas/categoria.csv",
    "/estadisticas/edicion.csv",
    "/datos/",
    "/sitemap-categorias.xml",
    "/api/v1/categorias",
    "/api/v1/ediciones",
    "/api/v1/prestadores",
    "/api/v1/practicas?categoria=remolacha",
]


@pytest.mark.parametrize("url", PROBES)
def test_names_used_only_by_hidden_practices_appear_nowhere(
    client, draft_only_reference, either_path, url
):
    response = client.get(url)

    assert response.status_code in (200, 400), (url, response.status_code)
    assert HIDDEN_NAME not in response.content.decode("utf-8-sig"), url


@pytest.mark.parametrize(
    "url",
    [
        "/practicas/categoria/remolacha/",
        "/practicas/prestador/prestador-rem/",
        "/practicas/categoria/remolacha/feed/",
    ],
)
def test_their_own_pages_do_not_exist(client, draft_only_reference, either_path, url):
    assert client.get(url).status_code == 404


def test_they_appear_once_a_practice_using_them_is_published(client, draft_only_reference):
    category, provider, edition = draft_only_reference
    PracticeFactory(category=category, provider=provider, edition=edition)

    assert client.get("/practicas/categoria/remolacha/").status_code == 200
    assert client.get("/practicas/prestador/prestador-rem/").status_code == 200
    assert f"Edición {HIDDEN_NAME}" in client.get("/practicas/?edicion=99").text
    assert f"Edición {HIDDEN_NAME}" in client.get("/estadisticas/edicion.csv").content.decode()
    assert f"Edición {HIDDEN_NAME}" in client.get("/").text
