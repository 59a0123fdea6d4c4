"""The editorial workflow: states, who may move them, completeness, revisions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from practices import workflow
from practices.models import Practice, Transition

from .factories import PracticeFactory, SuccessFactorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def complete_draft():
    practice = PracticeFactory(
        draft=True,
        coverage_note="Municipios de Antioquia",
        start_date=datetime.date(2022, 1, 1),
        end_date=None,
    )
    SuccessFactorFactory(practice=practice)
    return practice


def test_the_whole_way_to_publication_and_back(editor, reviewer, complete_draft):
    practice = workflow.practice_submit(practice=complete_draft, by=editor)
    assert practice.status == Practice.Status.REVIEW

    practice = workflow.practice_publish(practice=practice, by=reviewer)
    assert practice.status == Practice.Status.PUBLISHED
    first_publication = practice.published_at
    assert first_publication is not None

    practice = workflow.practice_unpublish(practice=practice, by=reviewer)
    practice = workflow.practice_submit(practice=practice, by=editor)
    practice = workflow.practice_publish(practice=practice, by=reviewer)
    practice.refresh_from_db()
    assert practice.published_at == first_publication  # set on the first publication only

    practice = workflow.practice_archive(practice=practice, by=reviewer)
    assert practice.status == Practice.Status.ARCHIVED
    steps = [(t.from_status, t.to_status) for t in practice.transitions.order_by("pk")]
    assert steps == [
        ("draft", "review"),
        ("review", "published"),
        ("published", "draft"),
        ("draft", "review"),
        ("review", "published"),
        ("published", "archived"),
    ]


def test_editors_cannot_publish_and_reviewers_cannot_skip_review(editor, reviewer, complete_draft):
    with pytest.raises(PermissionDenied):
        workflow.practice_publish(practice=complete_draft, by=editor)
    with pytest.raises(workflow.TransitionError, match="solo es posible desde: En revisión"):
        workflow.practice_publish(practice=complete_draft, by=reviewer)
    complete_draft.refresh_from_db()
    assert complete_draft.status == Practice.Status.DRAFT


def test_returning_needs_a_comment_which_is_recorded(editor, reviewer, complete_draft):
    practice = workflow.practice_submit(practice=complete_draft, by=editor)

    with pytest.raises(workflow.TransitionError, match="Escriba un comentario"):
        workflow.practice_return(practice=practice, by=reviewer, comment="   ")
    practice = workflow.practice_return(
        practice=practice, by=reviewer, comment="Falta la línea base de los indicadores."
    )

    assert practice.status == Practice.Status.DRAFT
    last = Transition.objects.filter(practice=practice).first()
    assert (last.by, last.comment) == (reviewer, "Falta la línea base de los indicadores.")


def test_an_incomplete_practice_is_refused_with_the_list_of_what_is_missing(editor, reviewer):
    practice = PracticeFactory(draft=True, summary="", limitations="", coverage_note="")
    practice = workflow.practice_submit(practice=practice, by=editor)

    with pytest.raises(workflow.TransitionError) as refusal:
        workflow.practice_publish(practice=practice, by=reviewer)

    message = str(refusal.value)
    for missing in [
        "resumen del proyecto",
        "al menos un factor de éxito",
        "cobertura geográfica",
        "limitaciones",
    ]:
        assert missing in message
    practice.refresh_from_db()
    assert practice.status == Practice.Status.REVIEW


def test_completeness_counts_the_required_fields(complete_draft):
    assert workflow.completeness(complete_draft) == (100, [])
    complete_draft.summary = ""
    percent, missing = workflow.completeness(complete_draft)
    assert missing == ["resumen del proyecto"]
    assert percent == 91


def test_the_suggested_code_is_the_next_free_one_for_the_year():
    PracticeFactory(code="BP-ANDESCO-SSPD-001-2024")
    PracticeFactory(code="BP-ANDESCO-SSPD-007-2024")
    PracticeFactory(code="BP-ANDESCO-SSPD-009-2023")

    assert workflow.next_free_code(2024) == "BP-ANDESCO-SSPD-008-2024"
    assert workflow.next_free_code(2030) == "BP-ANDESCO-SSPD-001-2030"


def test_possible_duplicates_same_provider_similar_title():
    original = PracticeFactory(title="Atención virtual a usuarios en pandemia")
    twin = PracticeFactory(
        provider=original.provider, title="Atencion virtual a los usuarios en pandemia"
    )
    PracticeFactory(title="Atención virtual a usuarios en pandemia")  # another provider
    PracticeFactory(provider=original.provider, title="Recaudo en tiendas de barrio")

    assert workflow.possible_duplicates(twin) == [original]


def test_a_revision_keeps_the_public_version_until_it_is_published(
    client, editor, reviewer, complete_draft
):
    practice = workflow.practice_publish(
        practice=workflow.practice_submit(practice=complete_draft, by=editor), by=reviewer
    )
    public_title = practice.title

    revision = workflow.practice_start_revision(practice=practice, by=editor)
    revision.title = "Título corregido"
    revision.save()
    SuccessFactorFactory(practice=revision, title="Factor nuevo")

    page = client.get(practice.get_absolute_url())
    assert public_title in page.text and "Título corregido" not in page.text
    assert workflow.practice_start_revision(practice=practice, by=editor) == revision

    revision = workflow.practice_submit(practice=revision, by=editor)
    published = workflow.practice_publish(practice=revision, by=reviewer)

    assert published.pk == practice.pk
    assert published.status == Practice.Status.PUBLISHED
    assert not Practice.objects.filter(pk=revision.pk).exists()
    page = client.get(practice.get_absolute_url())
    assert "Título corregido" in page.text and "Factor nuevo" in page.text


def test_states_change_only_through_post(client, reviewer, complete_draft):
    client.force_login(reviewer)
    url = f"/admin/practices/practice/{complete_draft.pk}/estado/enviar/"

    assert client.get(url).status_code == 405
    complete_draft.refresh_from_db()
    assert complete_draft.status == Practice.Status.DRAFT


def test_the_change_page_offers_the_buttons_of_the_users_role(
    client, editor, reviewer, complete_draft
):
    change = f"/admin/practices/practice/{complete_draft.pk}/change/"
    client.force_login(editor)
    assert "Enviar a revisión" in client.get(change).text
    assert ">Publicar<" not in client.get(change).text

    workflow.practice_submit(practice=complete_draft, by=editor)
    client.force_login(reviewer)
    page = client.get(change).text
    assert ">Publicar<" in page and "Devolver al editor" in page

    response = client.post(f"/admin/practices/practice/{complete_draft.pk}/estado/publicar/")
    assert response.status_code == 302
    complete_draft.refresh_from_db()
    assert complete_draft.status == Practice.Status.PUBLISHED


def test_an_incomplete_practice_is_refused_in_the_admin_with_what_is_missing(
    client, editor, reviewer
):
    practice = workflow.practice_submit(practice=PracticeFactory(draft=True, summary=""), by=editor)
    client.force_login(reviewer)

    response = client.post(f"/admin/practices/practice/{practice.pk}/estado/publicar/", follow=True)

    assert "No se puede publicar: falta resumen del proyecto" in response.text
    practice.refresh_from_db()
    assert practice.status == Practice.Status.REVIEW


def test_returning_from_the_admin_asks_for_the_comment(client, editor, reviewer, complete_draft):
    workflow.practice_submit(practice=complete_draft, by=editor)
    client.force_login(reviewer)
    url = f"/admin/practices/practice/{complete_draft.pk}/estado/devolver/"

    assert client.get(url).status_code == 200
    empty = client.post(url, {"comment": ""})
    assert empty.status_code == 200  # the form again, with its error
    client.post(url, {"comment": "Complete las limitaciones."})

    complete_draft.refresh_from_db()
    assert complete_draft.status == Practice.Status.DRAFT
    assert complete_draft.transitions.first().comment == "Complete las limitaciones."


def test_the_add_form_suggests_the_next_free_code(client, editor):
    PracticeFactory(code="BP-ANDESCO-SSPD-004-2020")
    client.force_login(editor)

    form = client.get("/admin/practices/practice/add/").context["adminform"].form

    assert form.initial["code"] == "BP-ANDESCO-SSPD-005-2020"


def test_consent_records_who_and_which_notice_and_a_similar_title_is_flagged(client, editor):
    from practices.models import PrivacyNotice

    from .test_history import edit

    PrivacyNotice.objects.all().delete()  # the default of migration 0020
    PrivacyNotice.objects.create(
        version="2.1",
        effective_from=datetime.date(2024, 1, 1),
        controller="Entidad",
        controller_contact="Calle 1",
        notice="Aviso",
        purposes="Fines",
        rights="Derechos",
        procedure="Procedimiento",
    )
    original = PracticeFactory(title="Lectura de medidores con líderes comunitarios")
    practice = PracticeFactory(
        draft=True,
        provider=original.provider,
        title="Lectura de medidores con lideres comunitarios",
    )
    client.force_login(editor)

    response = edit(
        client,
        practice,
        contact_name="Ana Gómez",
        contact_publish_allowed="on",
        contact_consent_at="02/05/2024",
        contact_consent_channel="Formulario de postulación",
    )

    practice.refresh_from_db()
    assert practice.contact_consent_recorded_by == editor
    assert practice.contact_consent_notice_version == "2.1"
    page = client.get(response["Location"])
    assert "¿Duplicada?" in page.text
    assert original.code in page.text
