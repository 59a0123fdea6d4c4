"""The pages' cache: a repeated list or ficha costs one query (the catalogue's version);
any change shows at once."""

import pytest

from practices.models import Practice

from .factories import PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def real_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}
    }
    from django.core.cache import cache

    cache.clear()


def test_a_repeated_page_costs_the_version(client, django_assert_num_queries):
    PracticeFactory.create_batch(3)
    first = client.get("/practicas/?servicio=acueducto")

    with django_assert_num_queries(1):
        again = client.get("/practicas/?servicio=acueducto")

    assert again.content == first.content
    assert again.text.count('class="practice-card"') == 3


def test_publishing_shows_at_once_in_results_and_counts(client):
    draft = PracticeFactory(title="Recién publicada", draft=True)
    before = client.get("/practicas/")
    assert before.context["paginator"].count == 0

    draft.status = Practice.Status.PUBLISHED
    draft.save()
    after = client.get("/practicas/")

    assert after.context["paginator"].count == 1
    assert "Recién publicada" in after.text
    services = {o["value"]: o["count"] for o in after.context["facets"][1].options}
    assert services == {"acueducto": 1}


def test_editing_a_title_shows_at_once(client):
    practice = PracticeFactory(title="Título viejo")
    client.get("/practicas/")

    practice.title = "Título nuevo"
    practice.save()

    assert "Título nuevo" in client.get("/practicas/").text


def test_deleting_shows_at_once(client):
    practice = PracticeFactory()
    assert client.get("/practicas/").context["paginator"].count == 1

    practice.delete()

    assert client.get("/practicas/").context["paginator"].count == 0


def test_writes_that_bypass_save_show_at_once(client):
    practice = PracticeFactory()
    assert client.get("/practicas/").context["paginator"].count == 1

    Practice.objects.filter(pk=practice.pk).update(status=Practice.Status.ARCHIVED)

    assert client.get("/practicas/").context["paginator"].count == 0


def test_a_repeated_ficha_costs_one_query_and_an_edit_shows_at_once(
    client, django_assert_num_queries
):
    practice = PracticeFactory(title="Ficha en caché")
    client.get(practice.get_absolute_url())

    with django_assert_num_queries(1):
        assert "Ficha en caché" in client.get(practice.get_absolute_url()).text

    practice.title = "Ficha corregida"
    practice.save()
    assert "Ficha corregida" in client.get(practice.get_absolute_url()).text


def test_an_edit_renders_again_the_fichas_that_show_it_and_no_other(
    client, django_assert_num_queries
):
    edited = PracticeFactory(title="La que cambia")
    neighbour = PracticeFactory(category=edited.category, title="Su vecina")  # lists it
    elsewhere = PracticeFactory(title="Otra, de otra categoría y otro prestador")
    for practice in (edited, neighbour, elsewhere):
        client.get(practice.get_absolute_url())

    edited.title = "La que cambió"
    edited.save()
    client.get("/practicas/")  # the snapshot catches up (its cost is pinned elsewhere)

    with django_assert_num_queries(1):  # only the version: the page is still good
        client.get(elsewhere.get_absolute_url())
    assert "La que cambió" in client.get(edited.get_absolute_url()).text
    assert "La que cambió" in client.get(neighbour.get_absolute_url()).text


def test_a_small_export_is_kept_until_the_catalogue_changes(client, django_assert_num_queries):
    practice = PracticeFactory(title="Exportada primero")
    first = b"".join(client.get("/practicas/exportar.csv").streaming_content)

    with django_assert_num_queries(1):  # the version: the file is kept
        again = b"".join(client.get("/practicas/exportar.csv").streaming_content)
    assert again == first

    practice.title = "Exportada después"
    practice.save()
    changed = b"".join(client.get("/practicas/exportar.csv").streaming_content).decode("utf-8-sig")
    assert "Exportada después" in changed
