"""Search (`q`) on both databases alike: accent- and case-insensitive, Spanish stems,
the sector's thesaurus (in Spanish and, on the English pages, English), relevance,
typo correction with "¿Quiso decir …?", highlighted snippets; and the same answer on the
list, the exports and the API."""

import json

import hypothesis
import numpy as np
import pytest
from django.db import connection
from hypothesis import strategies as st

from practices.models import ThesaurusEntry
from practices.search.stems import stem

from .factories import PracticeFactory

pytestmark = pytest.mark.django_db


def found(client, q, **params):
    response = client.get("/practicas/", {"q": q, **params})
    assert response.status_code == 200
    return [p.title for p in response.context["practices"]]


@pytest.fixture
def practices():
    return {
        "energy": PracticeFactory(
            title="Energía prepago para barrios",
            summary="Medidores prepago de energía eléctrica en barrios subnormales.",
        ),
        "pqr": PracticeFactory(
            title="Atención ágil de peticiones",
            summary="Se redujo el tiempo de respuesta a peticiones, quejas y reclamos.",
        ),
        "billing": PracticeFactory(
            title="Facturación en sitio",
            summary="La facturación se entrega el mismo día de la lectura.",
        ),
        "payments": PracticeFactory(
            title="Nuevos puntos de recaudo",
            summary="Convenios con tiendas de barrio para el recaudo del servicio.",
        ),
        "draft": PracticeFactory(
            title="Energía en borrador", summary="Energía no publicada.", draft=True
        ),
    }


@pytest.mark.parametrize("q", ["energia", "ENERGÍA", "energía", "Energia"])
def test_accents_and_case_do_not_matter(client, practices, q):
    assert found(client, q) == ["Energía prepago para barrios"]


def test_quindio_finds_the_reference_practice(client, reference_practice):
    assert found(client, "quindio") == [reference_practice.title]


def test_every_word_must_match_and_else_those_with_most_of_them_are_shown_as_such(
    client, practices
):
    response = client.get("/practicas/", {"q": "energia barrios"})
    assert [p.title for p in response.context["practices"]] == ["Energía prepago para barrios"]
    assert "se muestran" not in response.text

    # No practice has all three: those with two of them (half or more) are shown, and say so.
    response = client.get("/practicas/", {"q": "energia barrios xilofonista"})
    assert [p.title for p in response.context["practices"]] == ["Energía prepago para barrios"]
    assert "ninguna contiene todas las palabras de «energia barrios xilofonista»" in response.text
    # One of three is not enough ("barrio" alone is in the summary of the payments' one).
    assert found(client, "barrio xilofonista violonchelo") == []


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("PQR", "Atención ágil de peticiones"),
        ("pago", "Nuevos puntos de recaudo"),
        ("electricidad", "Energía prepago para barrios"),
    ],
)
def test_sector_synonyms(client, practices, q, expected):
    assert expected in found(client, q)


def test_unpublished_practices_are_never_found(client, practices):
    assert "Energía en borrador" not in found(client, "borrador")
    assert "Energía en borrador" not in found(client, "energia")


def test_matched_words_are_highlighted_in_the_snippet(client, practices):
    response = client.get("/practicas/", {"q": "facturacion"})

    assert "La <mark>facturación</mark> se entrega el mismo día de la lectura." in response.text


def test_html_in_the_query_is_escaped_everywhere(client, practices):
    response = client.get("/practicas/", {"q": '<script>alert("x")</script> energía'})

    assert response.status_code == 200
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert" in response.text


@pytest.mark.parametrize(
    "q",
    [
        "x" * 5000,
        "'; DROP TABLE practices_practice; --",
        "energía\x00",
        "%%%___",
        "a & | ! ( ) : * <-> b",
        "   ",
    ],
)
def test_hostile_queries_give_a_clean_page(client, practices, q):
    response = client.get("/practicas/", {"q": q}, follow=True)  # a blank one goes

    assert response.status_code == 200
    assert len(response.context["q"]) <= 200


def test_spanish_stemming(client, practices):
    assert found(client, "factura") == ["Facturación en sitio"]
    assert found(client, "facturaciones") == ["Facturación en sitio"]
    assert found(client, "entregaron") == ["Facturación en sitio"]
    assert found(client, "barrio") == found(client, "barrios")


def test_results_are_ranked_title_then_summary_then_the_rest(client, practices):
    PracticeFactory(title="Programa social", summary="Incluye medidores y facturación.")
    PracticeFactory(
        title="Programa de lectura",
        summary="Lecturas mensuales.",
        impact="Menos reclamos por facturación.",
    )

    titles = found(client, "facturacion")

    assert titles == ["Facturación en sitio", "Programa social", "Programa de lectura"]
    response = client.get("/practicas/", {"q": "facturacion"})
    assert response.context["sort"] == "relevancia"


def test_a_typo_is_corrected_and_the_page_says_so(client, reference_practice):
    response = client.get("/practicas/", {"q": "quindoi"})

    assert [p.code for p in response.context["practices"]] == [reference_practice.code]
    assert "ninguna contiene «quindoi»: se muestran las que contienen «quindío»" in response.text
    assert '¿Quiso decir <a href="/practicas/?q=quind%C3%ADo">quindío</a>?' in (response.text)
    assert "No encontramos" not in response.text


def test_a_typo_of_two_letters_in_a_long_word_is_corrected(client, practices):
    assert found(client, "facturasion") == ["Facturación en sitio"]
    assert found(client, "factruacion") == ["Facturación en sitio"]  # two letters swapped


def test_nothing_is_corrected_to_a_word_only_a_draft_has(client, practices):
    PracticeFactory(title="Plan Zafiro", summary="Interno.", draft=True)

    response = client.get("/practicas/", {"q": "zafiros"})  # the stem finds the draft only
    assert response.context["practices"] == []
    response = client.get("/practicas/", {"q": "zafiru"})
    assert "Quiso decir" not in response.text
    assert response.context["practices"] == []


def test_a_word_nothing_resembles_finds_nothing_and_says_so_once(client, practices):
    response = client.get("/practicas/", {"q": "xilofonista"})

    assert response.context["practices"] == []
    assert "No encontramos buenas prácticas para «xilofonista»" in response.text
    assert "se muestran" not in response.text and "Quiso decir" not in response.text


def test_the_stems_are_postgresql_s_own(django_db_blocker):
    """SQLite's index and every query stem in Python as es_unaccent does in PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.skip("compares with PostgreSQL's stemmer")
    words = [
        "facturación",
        "facturaciones",
        "reclamaciones",
        "usuarias",
        "suscriptores",
        "pérdidas",
        "acueductos",
        "alcantarillado",
        "medidores",
        "prepago",
        "atendimos",
        "lenguaje",
        "señas",
        "rurales",
    ]
    with connection.cursor() as cursor:
        for word in words:
            cursor.execute("SELECT tsvector_to_array(to_tsvector('es_unaccent', %s))", [word])
            assert cursor.fetchone()[0] == [stem(word.lower().translate(ACCENTS))], word


ACCENTS = str.maketrans("áéíóúñü", "aeiounu")


def test_the_thesaurus_is_data_staff_edit_and_searches_follow_at_once(client, practices):
    assert found(client, "tenderos") == []
    ThesaurusEntry.objects.create(spanish="tenderos, tiendas de barrio", english="shopkeepers")

    assert found(client, "tenderos") == ["Nuevos puntos de recaudo"]
    assert found(client, "shopkeepers") == []  # an English word, on the Spanish pages
    response = client.get("/en/practicas/", {"q": "shopkeepers"})
    assert [p.title for p in response.context["practices"]] == ["Nuevos puntos de recaudo"]


def test_english_queries_find_spanish_fichas_through_the_thesaurus(client, practices):
    response = client.get("/en/practicas/", {"q": "billing"})

    assert [p.title for p in response.context["practices"]] == ["Facturación en sitio"]


def test_the_seeded_thesaurus_knows_the_sector(client, practices):
    assert ThesaurusEntry.objects.count() >= 60
    assert "Atención ágil de peticiones" in found(client, "PQRSD")
    assert "Nuevos puntos de recaudo" in found(client, "pagos")


@pytest.mark.parametrize(
    "q", ["facturasion", "recaudo", "pqr", "xilofonista", "energia barrios xilofonista"]
)
def test_the_list_the_exports_and_the_api_answer_the_same(client, practices, q):
    listed = {p.code for p in client.get("/practicas/", {"q": q}).context["practices"]}
    exported = json.loads(client.get("/practicas/exportar.json", {"q": q}).getvalue())
    api = client.get("/api/v1/practicas", {"q": q}).json()
    csv_rows = client.get("/practicas/exportar.csv", {"q": q}).getvalue().decode("utf-8-sig")

    assert {p["codigo"] for p in exported["practicas"]} == listed
    assert {p["codigo"] for p in api["results"]} == listed
    assert len(csv_rows.splitlines()) - 1 == len(listed)
    corrected = "facturación" if q == "facturasion" else None
    assert exported["meta"]["consulta_corregida"] == corrected
    assert api["consulta_corregida"] == corrected
    partial = q == "energia barrios xilofonista"
    assert exported["meta"]["coincidencia_parcial"] == api["coincidencia_parcial"] == partial


def test_sort_by_relevance_is_offered_whenever_searching(client, practices):
    without = client.get("/practicas/").context["sorts"]
    searching = client.get("/practicas/", {"q": "energia"}).context["sorts"]

    assert "relevancia" not in dict(without)
    assert "relevancia" in dict(searching)


def test_the_administrador_keeps_the_thesaurus_in_the_admin(client, make_member, practices):
    client.force_login(make_member("Administrador"))
    response = client.post(
        "/admin/practices/thesaurusentry/add/",
        {"spanish": "tenderos, tiendas de barrio", "english": "shopkeepers, corner shops"},
    )
    assert response.status_code == 302
    assert (
        client.post("/admin/practices/thesaurusentry/add/", {"spanish": " , "}).status_code == 200
    )

    client.logout()
    assert found(client, "tenderos") == ["Nuevos puntos de recaudo"]


@hypothesis.settings(max_examples=80, deadline=None)
@hypothesis.given(
    words=st.lists(st.text("abcdenorst", min_size=4, max_size=12), min_size=1, max_size=60),
    data=st.data(),
)
def test_the_letter_count_bound_never_drops_a_close_word(words, data):
    """closest() skips the alignment for words whose letter counts are too far apart: it
    must find exactly the words a full alignment finds, for a word typed with a typo or
    two (a swap, a substitution, a letter more or less) of a known one."""
    from practices.search import spelling

    typed = list(data.draw(st.sampled_from(words)))
    for _ in range(data.draw(st.integers(1, 2))):
        at = data.draw(st.integers(0, len(typed) - 2))
        match data.draw(st.sampled_from(["swap", "substitute", "insert", "delete"])):
            case "swap":
                typed[at], typed[at + 1] = typed[at + 1], typed[at]
            case "substitute":
                typed[at] = data.draw(st.sampled_from("abcdenorst"))
            case "insert":
                typed.insert(at, data.draw(st.sampled_from("abcdenorst")))
            case "delete" if len(typed) > 4:
                del typed[at]
    typed = "".join(typed)
    vocabulary = spelling.Vocabulary([(word, word) for word in words])
    allowed = spelling.max_distance(typed)
    everything = spelling.osa_distances(typed, vocabulary.codes, vocabulary.lengths)
    expected = {vocabulary.words[i] for i in np.flatnonzero(everything <= allowed)}

    assert set(vocabulary.closest(typed, limit=10**6)) == expected
