"""Every role through every workflow action and admin page: exactly what it needs."""

import pytest
from django.core.exceptions import PermissionDenied

from practices import workflow
from practices.models import Practice, Transition

from .factories import PracticeFactory, SuccessFactorFactory

pytestmark = pytest.mark.django_db

ROLES = ["Editor", "Revisor", "Administrador"]


@pytest.fixture
def members(make_member):
    return {role: make_member(role) for role in ROLES}


def practice_in(status):
    practice = PracticeFactory(status=status, published_at=None, coverage_note="Quindío")
    SuccessFactorFactory(practice=practice)
    return practice


ACTIONS = {
    # action: (state it starts from, roles allowed)
    "submit": ("draft", {"Editor"}),
    "publish": ("review", {"Revisor"}),
    "return": ("review", {"Revisor"}),
    "unpublish": ("published", {"Revisor"}),
    "archive": ("published", {"Revisor"}),
    "archive in review": ("review", {"Revisor"}),
    "archive a draft": ("draft", {"Editor", "Revisor"}),  # an editor discards a draft
    "start_revision": ("published", {"Editor", "Revisor"}),
}


def run(action, practice, user):
    if action == "return":
        return workflow.practice_return(practice=practice, by=user, comment="Revise las fechas.")
    function = getattr(workflow, f"practice_{action.split()[0]}")
    return function(practice=practice, by=user)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_workflow_actions(members, role, action):
    state, allowed = ACTIONS[action]
    practice = practice_in(state)

    if role in allowed:
        run(action, practice, members[role])
    else:
        with pytest.raises(PermissionDenied):
            run(action, practice, members[role])
        practice.refresh_from_db()
        assert practice.status == state


PAGES = {
    # name: (url template, roles that get 200; the others get 403)
    "practice list": ("/admin/practices/practice/", set(ROLES)),
    "add practice": ("/admin/practices/practice/add/", {"Editor"}),
    "import fichas": ("/admin/practices/practice/importar/", {"Editor"}),
    "history": ("/admin/practices/practice/{pk}/history/", set(ROLES)),
    # Django's deletion page for the Administrador; "archive instead" for the others
    # (on a draft; see test_deleting_a_practice_in_each_state).
    "delete practice": ("/admin/practices/practice/{pk}/delete/", set(ROLES)),
    "add provider": ("/admin/practices/provider/add/", {"Administrador"}),
    "add category": ("/admin/practices/category/add/", {"Administrador"}),
    "editions": ("/admin/practices/edition/", {"Administrador", "Editor", "Revisor"}),
    "add edition": ("/admin/practices/edition/add/", {"Administrador"}),
    "add service": ("/admin/practices/service/add/", {"Administrador"}),
    "add municipality": ("/admin/practices/municipality/add/", {"Administrador"}),
    "users": ("/admin/auth/user/", {"Administrador"}),
    "add user": ("/admin/auth/user/add/", {"Administrador"}),
    "data policy": ("/admin/practices/privacynotice/add/", {"Administrador"}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_admin_pages(client, members, role, page):
    url, allowed = PAGES[page]
    practice = practice_in("draft")
    client.force_login(members[role])

    response = client.get(url.format(pk=practice.pk))

    assert response.status_code == (200 if role in allowed else 403), (role, page)


EDITABLE = {
    # state: roles that may save the practice's form
    "draft": {"Editor", "Revisor"},
    "review": {"Revisor"},
    "published": set(),
    "archived": set(),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", EDITABLE)
def test_who_may_change_a_practice_in_each_state(client, members, role, state):
    practice = practice_in(state if state != "published" else "draft")
    if state == "published":
        Practice.objects.filter(pk=practice.pk).update(
            status="published", published_at="2024-01-01T00:00Z"
        )
    client.force_login(members[role])
    url = f"/admin/practices/practice/{practice.pk}/change/"

    page = client.get(url)
    saved = client.post(url, {"title": "Cambiado"})

    assert page.status_code == 200  # everyone in a role may at least read it
    can_save = 'name="_save"' in page.text
    assert can_save == (role in EDITABLE[state]), (role, state)
    if role not in EDITABLE[state]:
        assert saved.status_code == 403
        practice.refresh_from_db()
        assert practice.title != "Cambiado"


def test_staff_without_a_role_sees_nothing(client, django_user_model):
    user = django_user_model.objects.create_user("sin-rol", password="x", is_staff=True)
    client.force_login(user)

    assert client.get("/admin/practices/practice/").status_code == 403


DELETE = {
    # state: what the admin's "delete" does for each role: the Administrador deletes
    # (hard, recorded in the history); the others archive through the workflow when they
    # may (soft: kept, recorded as a transition); 403 when it is not offered.
    "draft": {"Administrador": "deleted", "Editor": "archived", "Revisor": "archived"},
    "review": {"Administrador": "deleted", "Editor": 403, "Revisor": "archived"},
    "published": {"Administrador": "deleted", "Editor": 403, "Revisor": "archived"},
    "archived": {"Administrador": "deleted", "Editor": 403, "Revisor": 403},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", DELETE)
def test_deleting_a_practice_in_each_state(client, members, role, state):
    practice = practice_in(state)
    user = members[role]
    client.force_login(user)
    url = f"/admin/practices/practice/{practice.pk}/delete/"
    expected = DELETE[state][role]

    page = client.get(url)
    done = client.post(url, {"post": "yes"})

    if expected == 403:
        assert (page.status_code, done.status_code) == (403, 403), (role, state)
        practice.refresh_from_db()
        assert practice.status == state
        return
    assert page.status_code == 200
    assert done.status_code == 302
    if expected == "deleted":
        assert "¿Está seguro" in page.text  # Django's confirmation
        assert not Practice.objects.filter(pk=practice.pk).exists()
        deletion = Practice.history.get(id=practice.pk, history_type="-")
        assert deletion.history_user == user
    else:
        assert "se archivará" in page.text
        practice.refresh_from_db()
        assert practice.status == "archived"
        transition = Transition.objects.get(practice=practice, to_status="archived")
        assert (transition.by, transition.from_status) == (user, state)


def test_a_hard_delete_keeps_the_whole_record_in_the_history(client, members):
    practice = practice_in("published")
    factor = practice.success_factors.get()
    client.force_login(members["Administrador"])

    client.post(f"/admin/practices/practice/{practice.pk}/delete/", {"post": "yes"})

    last = Practice.history.filter(id=practice.pk).latest("history_date")
    assert last.history_type == "-"
    assert last.title == practice.title and last.code == practice.code
    assert factor.history.filter(history_type="-").exists()  # its rows too


@pytest.mark.parametrize("role", ROLES)
def test_bulk_delete_is_the_administrador_s_and_bulk_archive_the_others(client, members, role):
    practice_in("draft")
    client.force_login(members[role])

    page = client.get("/admin/practices/practice/")

    actions = {name for name, _label in page.context["action_form"].fields["action"].choices}
    assert ("delete_selected" in actions) == (role == "Administrador")
    assert ("archive_selected" in actions) == (role != "Administrador")


def test_an_editor_archives_drafts_only_from_the_list(client, members):
    draft, in_review = practice_in("draft"), practice_in("review")
    client.force_login(members["Editor"])

    client.post(
        "/admin/practices/practice/",
        {"action": "archive_selected", "_selected_action": [draft.pk, in_review.pk]},
    )

    draft.refresh_from_db()
    in_review.refresh_from_db()
    assert (draft.status, in_review.status) == ("archived", "review")
