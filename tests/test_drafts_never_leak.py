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
