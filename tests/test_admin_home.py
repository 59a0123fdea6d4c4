"""The admin home tells each role its work: the reviewer what waits for review, the
editor what came back with the reviewer's comment and their own drafts."""

import pytest
from django.contrib.auth import get_user_model

from outbox.models import Message
from outbox.sending import enqueue
from practices import workflow
from privacy.models import DataRequest
from recognition.models import Representative
from replication.models import Replication

from .factories import PracticeFactory, ProviderFactory
from .test_admin_constraints import practice_form

pytestmark = pytest.mark.django_db


def queues(client):
    response = client.get("/admin/")
    assert response.status_code == 200
    return response, {q.name: q for q in response.context["queues"]}


def add_as(client, user, code, title):
    client.force_login(user)
    response = client.post("/admin/practices/practice/add/", practice_form(code=code, title=title))
    assert response.status_code == 302
    return workflow.Practice.objects.get(code=code)


def test_the_editor_sees_a_returned_practice_with_the_comment(
    client, editor, reviewer, reference_practice
):
    returned = add_as(client, editor, "BP-ANDESCO-SSPD-020-2021", "Ventanilla rural")
    add_as(client, editor, "BP-ANDESCO-SSPD-021-2021", "Kioscos de pago")
    workflow.practice_submit(practice=returned, by=editor)
    workflow.practice_return(practice=returned, by=reviewer, comment="Faltan las cifras de 2021.")
    client.force_login(editor)

    response, mine = queues(client)

    assert set(mine) == {"returned", "drafts", "sent"}
    assert [p.code for p in mine["returned"].practices] == ["BP-ANDESCO-SSPD-020-2021"]
    assert [p.code for p in mine["drafts"].practices] == ["BP-ANDESCO-SSPD-021-2021"]
    assert "Devueltas para corregir" in response.text
    assert "«Faltan las cifras de 2021.»" in response.text
    assert "Mis borradores" in response.text


def test_another_editors_drafts_are_not_mine(client, editor, make_member, reference_practice):
    add_as(client, make_member("Editor", "otra"), "BP-ANDESCO-SSPD-020-2021", "Ajena")
    client.force_login(editor)

    _response, mine = queues(client)

    assert mine["drafts"].count == 0
    assert mine["returned"].count == 0


def test_the_reviewer_sees_what_waits_for_review(client, editor, reviewer, reference_practice):
    waiting = add_as(client, editor, "BP-ANDESCO-SSPD-020-2021", "Ventanilla rural")
    workflow.practice_submit(practice=waiting, by=editor)
    client.force_login(reviewer)

    response, mine = queues(client)

    assert set(mine) == {"review"}
    assert mine["review"].count == 1
    assert "Pendientes de revisión" in response.text
    assert f"/admin/practices/practice/{waiting.pk}/change/" in response.text


def test_the_administrator_has_no_queue(client, administrator):
    client.force_login(administrator)

    _response, mine = queues(client)

    assert mine == {}


@pytest.mark.parametrize("rows", [1, 15])
@pytest.mark.parametrize(
    ("role", "queries"), [("Revisor", 11), ("Editor", 13), ("Administrador", 11)]
)
def test_the_home_costs_the_same_queries_however_long_the_lists(
    client, make_member, django_assert_num_queries, role, queries, rows
):
    user = make_member(role)
    for practice in PracticeFactory.create_batch(rows, status="draft", published_at=None):
        practice.history.update(history_user=user)  # created by this user
    PracticeFactory.create_batch(rows, status="review", published_at=None)
    PracticeFactory.create_batch(rows, contact_name="Ana Ruiz", contact_publish_allowed=False)
    for message in [enqueue("a@example.org", "Asunto", "Texto") for _ in range(rows)]:
        message.status = Message.Status.FAILED
        message.save()
    for _ in range(rows):
        DataRequest.objects.create(kind="access", name="Ana", email="a@example.org", details="…")
    replicated = PracticeFactory()
    for number in range(rows):
        provider = ProviderFactory(name=f"Prestador que replica {number}")
        Replication.objects.create(
            practice=replicated,
            provider=provider,
            representative=Representative.objects.create(
                user=get_user_model().objects.create_user(f"rep{number}@example.org"),
                provider=provider,
                position="Gerente",
            ),
            started_on="2025-01-01",
            changes="…",
            story="…",
        )
    client.force_login(user)
    client.get("/admin/")

    # Session, user and the role's permissions (2), the recent actions, then a count and
    # a page of rows per list: the reviewer's review queue, contacts to verify and
    # replications to moderate (3), the
    # editor's three queues and contacts (4), the administrator's bounced messages, data
    # requests and contacts (3).
    with django_assert_num_queries(queries):
        response = client.get("/admin/")

    assert all(
        q.count == rows for q in response.context["queues"] if q.name in ("review", "drafts")
    )
    assert all(owed.count == rows for owed in response.context["owed"])


def test_the_editor_sees_what_they_sent_to_review(client, editor, reference_practice):
    sent = add_as(client, editor, "BP-ANDESCO-SSPD-020-2021", "Ventanilla rural")
    workflow.practice_submit(practice=sent, by=editor)

    _response, mine = queues(client)

    assert [p.code for p in mine["sent"].practices] == ["BP-ANDESCO-SSPD-020-2021"]
    assert mine["drafts"].count == 0
