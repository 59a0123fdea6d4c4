"""History: every change is recorded (who, when, what); compare two versions; restore."""

import pytest
from django.utils import formats, timezone

from practices.models import Practice, Service

from .factories import PracticeFactory, SuccessFactorFactory

pytestmark = pytest.mark.django_db


def edit(client, practice, **changes):
    """Save the admin form of ``practice`` with ``changes`` applied, as an editor does."""
    url = f"/admin/practices/practice/{practice.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if hasattr(value, "all"):
            value = [obj.pk for obj in value.all()]
        elif isinstance(value, list | tuple):
            value = [getattr(v, "pk", v) for v in value]
        elif hasattr(value, "pk"):
            value = value.pk
        if value is None:
            value = ""
        data[name] = value
    for prefix, rows in [
        ("impact_metrics", []),
        ("links", []),
        ("criterion_evidence", []),
        ("success_factors", list(practice.success_factors.all())),
    ]:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(rows)),
                f"{prefix}-INITIAL_FORMS": str(len(rows)),
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for i, row in enumerate(rows):
            data.update(
                {
                    f"{prefix}-{i}-id": row.pk,
                    f"{prefix}-{i}-practice": practice.pk,
                    f"{prefix}-{i}-position": row.position,
                    f"{prefix}-{i}-title": changes.pop("factor_title", row.title),
                    f"{prefix}-{i}-description": row.description,
                }
            )
    for key, value in data.items():
        if hasattr(value, "isoformat"):
            data[key] = value.strftime("%d/%m/%Y")
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


@pytest.fixture
def drafted(editor):
    practice = PracticeFactory(draft=True, title="Primer título")
    SuccessFactorFactory(practice=practice, title="Factor original", position=1)
    return practice


def test_every_change_records_who_when_and_what(client, editor, drafted):
    client.force_login(editor)

    edit(client, drafted, title="Segundo título", factor_title="Factor corregido")

    latest = drafted.history.first()
    assert latest.history_user == editor
    assert latest.title == "Segundo título"
    assert drafted.success_factors.get().history.first().history_user == editor


def test_compare_two_versions_shows_fields_and_rows(client, editor, drafted):
    client.force_login(editor)
    edit(client, drafted, title="Segundo título", factor_title="Factor corregido")
    newer, older = drafted.history.all()[:2]

    response = client.get(
        f"/admin/practices/practice/{drafted.pk}/historial/comparar/",
        {"a": older.history_id, "b": newer.history_id},
    )

    changes = {str(c["field"]): (c["old"], c["new"]) for c in response.context["changes"]}
    assert changes["título"] == ("Primer título", "Segundo título")
    before, after = changes["Factores de éxito"]
    assert "Factor original" in before and "Factor corregido" in after


def test_restoring_creates_a_new_version_and_erases_none(client, editor, drafted):
    client.force_login(editor)
    edit(client, drafted, title="Segundo título", factor_title="Factor corregido")
    versions_before = drafted.history.count()
    original = drafted.history.all()[1]  # the version before the edit

    response = client.post(
        f"/admin/practices/practice/{drafted.pk}/historial/{original.history_id}/restaurar/"
    )

    assert response.status_code == 302
    drafted.refresh_from_db()
    assert drafted.title == "Primer título"
    assert list(drafted.success_factors.values_list("title", flat=True)) == ["Factor original"]
    assert drafted.history.count() > versions_before
    assert "Restaurada la versión" in drafted.history.first().history_change_reason


def test_restoring_a_published_practice_goes_through_a_revision(client, editor, drafted):
    client.force_login(editor)
    edit(client, drafted, title="Segundo título")
    Practice.objects.filter(pk=drafted.pk).update(
        status="published", published_at="2024-01-01T00:00Z"
    )
    original = drafted.history.order_by("history_date").first()

    client.post(
        f"/admin/practices/practice/{drafted.pk}/historial/{original.history_id}/restaurar/"
    )

    drafted.refresh_from_db()
    assert drafted.title == "Segundo título"  # the public version is untouched
    revision = drafted.revisions.get()
    assert (revision.title, revision.status) == ("Primer título", "draft")


def test_history_page_lists_versions_and_transitions(client, editor, reviewer, drafted):
    from practices import workflow

    workflow.practice_submit(practice=drafted, by=editor)
    workflow.practice_return(practice=drafted, by=reviewer, comment="Faltan cifras.")
    client.force_login(editor)

    response = client.get(f"/admin/practices/practice/{drafted.pk}/history/")

    assert response.status_code == 200
    assert "«Faltan cifras.»" in response.text
    assert len(response.context["entries"]) >= 3


def test_one_save_of_the_form_is_one_entry_named_in_spanish(client, editor, reference_practice):
    from .test_admin_constraints import practice_form

    client.force_login(editor)
    response = client.post(
        "/admin/practices/practice/add/",
        practice_form(
            services=[Service.objects.first().pk],
            departments=["63"],
            municipalities=["63001", "63130"],
        ),
    )
    assert response.status_code == 302
    added = Practice.objects.get(code="BP-ANDESCO-SSPD-020-2021")
    edit(client, added, title="Otro título")

    entries = client.get(f"/admin/practices/practice/{added.pk}/history/").context["entries"]

    assert [e.kind for e in entries] == ["Modificada", "Creada"]
    assert sorted(m.municipality_id for m in entries[1].record.municipalities.all()) == [
        "63001",
        "63130",
    ]


def test_a_restore_is_named_so_with_the_local_time(client, editor, drafted):
    client.force_login(editor)
    edit(client, drafted, title="Segundo título")
    original = drafted.history.order_by("history_date").first()
    client.post(
        f"/admin/practices/practice/{drafted.pk}/historial/{original.history_id}/restaurar/"
    )

    response = client.get(f"/admin/practices/practice/{drafted.pk}/history/")

    latest = response.context["entries"][0]
    assert latest.kind == "Restaurada"
    local = formats.localize(timezone.localtime(original.history_date))
    assert local in latest.reason
    assert "Created" not in response.text and "Changed" not in response.text


def test_a_save_that_changes_nothing_writes_no_entry(client, editor, drafted):
    client.force_login(editor)
    edit(client, drafted, title="Segundo título")
    before = drafted.history.count()

    edit(client, drafted)  # the form sent back as it came

    assert drafted.history.count() == before
