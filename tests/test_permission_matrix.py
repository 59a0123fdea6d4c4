"""Every role through every workflow action and admin page: exactly what it needs."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied

from practices import workflow
from practices.models import Practice, Transition

from .factories import PracticeFactory, SuccessFactorFactory
from .test_history import edit

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
    # Editors add them as proposals (tests/test_reference_proposals.py).
    "add provider": ("/admin/practices/provider/add/", {"Administrador", "Editor"}),
    "add category": ("/admin/practices/category/add/", {"Administrador", "Editor"}),
    "editions": ("/admin/practices/edition/", {"Administrador", "Editor", "Revisor"}),
    "add edition": ("/admin/practices/edition/add/", {"Administrador"}),
    "add service": ("/admin/practices/service/add/", {"Administrador"}),
    "add municipality": ("/admin/practices/municipality/add/", {"Administrador"}),
    "users": ("/admin/auth/user/", {"Administrador"}),
    "add user": ("/admin/auth/user/add/", {"Administrador"}),
    "data policy": ("/admin/practices/privacynotice/add/", {"Administrador"}),
    "thesaurus": ("/admin/practices/thesaurusentry/", set(ROLES)),
    "outbox": ("/admin/outbox/message/", {"Administrador"}),
    "data subjects' requests": ("/admin/privacy/datarequest/", {"Administrador"}),
    # One received by letter or in person.
    "record a data subject's request": ("/admin/privacy/datarequest/add/", {"Administrador"}),
    # The recognition: the Administrador runs it; the jury works outside the admin.
    "calls": ("/admin/recognition/call/", {"Administrador"}),
    "add a call": ("/admin/recognition/call/add/", {"Administrador"}),
    "applications": ("/admin/recognition/application/", {"Administrador"}),
    "representatives": ("/admin/recognition/representative/", {"Administrador"}),
    "the recognition's audit log": ("/admin/recognition/auditevent/", {"Administrador"}),
    "add to the thesaurus": ("/admin/practices/thesaurusentry/add/", {"Administrador"}),
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


# --- Staff accounts: the Administrador manages them within the three roles ---------------

USERS = "/admin/auth/user/"


def account_form(client, user, **changes):
    """The POST of ``user``'s admin form as shown to the signed-in client, plus
    ``changes`` (which may name fields the form does not have: a crafted POST)."""
    form = client.get(f"{USERS}{user.pk}/change/").context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        bound = form[name]
        value = bound.value()
        if hasattr(field.widget, "widgets"):  # date and time in two inputs
            parts = field.widget.decompress(value)
            for i, (widget, part) in enumerate(zip(field.widget.widgets, parts, strict=True)):
                data[f"{name}_{i}"] = widget.format_value(part) or ""
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = "" if value is None else value
    data.update(changes)
    return data


def role(name):
    return Group.objects.get(name=name)


@pytest.fixture
def jury_group():
    """A group outside the roles, with a permission none of them has."""
    group = Group.objects.create(name="Auditoría externa")
    group.permissions.add(Permission.objects.get(codename="publish_practice"))
    return group


def own_permission():
    return Permission.objects.get(codename="publish_practice")


def test_the_administrador_s_form_shows_neither_superuser_nor_permissions(client, members):
    client.force_login(members["Administrador"])

    for account in (members["Editor"], members["Administrador"]):  # another's and its own
        form = client.get(f"{USERS}{account.pk}/change/").context["adminform"].form
        assert "is_superuser" not in form.fields
        assert "user_permissions" not in form.fields
        groups = {group.name for group in form.fields["groups"].queryset}
        assert groups == {*ROLES, "Jurado"}  # the jury's role: no admin permission


def test_a_superuser_sees_and_sets_both(client, members, staff_user):
    # The control of the crafted POSTs below: the same data does grant, from a superuser.
    account = members["Editor"]
    client.force_login(staff_user)

    response = client.post(
        f"{USERS}{account.pk}/change/",
        account_form(client, account, is_superuser="on", user_permissions=[own_permission().pk]),
    )

    assert response.status_code == 302
    account.refresh_from_db()
    assert account.is_superuser
    assert list(account.user_permissions.all()) == [own_permission()]


@pytest.mark.parametrize("whose", ["its own", "another's"])
def test_a_crafted_post_makes_no_one_superuser_nor_grants_permissions(client, members, whose):
    administrador = members["Administrador"]
    account = administrador if whose == "its own" else members["Editor"]
    client.force_login(administrador)

    response = client.post(
        f"{USERS}{account.pk}/change/",
        account_form(
            client,
            account,
            is_superuser="on",
            user_permissions=[own_permission().pk],
            groups=[role("Administrador").pk, role("Revisor").pk],
        ),
    )

    assert response.status_code == 302  # saved: what it may change, changed
    account.refresh_from_db()
    assert not account.is_superuser
    assert not account.user_permissions.exists()
    assert {g.name for g in account.groups.all()} == {"Administrador", "Revisor"}
    assert not account.has_perm("practices.submit_practice")  # nothing beyond the roles


def test_a_crafted_post_creates_no_superuser(client, members, django_user_model):
    client.force_login(members["Administrador"])

    client.post(
        f"{USERS}add/",
        {
            "username": "nueva",
            "usable_password": "true",
            "password1": "una-clave-larga-de-prueba-7",
            "password2": "una-clave-larga-de-prueba-7",
            "is_superuser": "on",
            "is_staff": "on",
            "user_permissions": [own_permission().pk],
        },
    )

    created = django_user_model.objects.get(username="nueva")
    assert not created.is_superuser
    assert not created.user_permissions.exists()


def test_the_administrador_creates_staff_and_gives_them_a_role(client, members, django_user_model):
    client.force_login(members["Administrador"])
    client.post(
        f"{USERS}add/",
        {
            "username": "nuevo-revisor",
            "usable_password": "true",
            "password1": "una-clave-larga-de-prueba-7",
            "password2": "una-clave-larga-de-prueba-7",
        },
    )
    account = django_user_model.objects.get(username="nuevo-revisor")

    response = client.post(
        f"{USERS}{account.pk}/change/",
        account_form(client, account, is_staff="on", groups=[role("Revisor").pk]),
    )

    assert response.status_code == 302
    account.refresh_from_db()
    assert account.is_staff
    assert [g.name for g in account.groups.all()] == ["Revisor"]


@pytest.mark.parametrize("whose", ["its own", "another's"])
def test_the_administrador_assigns_no_group_beyond_the_roles(client, members, jury_group, whose):
    administrador = members["Administrador"]
    account = administrador if whose == "its own" else members["Editor"]
    before = set(account.groups.all())
    client.force_login(administrador)

    response = client.post(
        f"{USERS}{account.pk}/change/",
        account_form(client, account, groups=[role("Editor").pk, jury_group.pk]),
    )

    assert response.status_code == 200  # the form again, with its error
    assert "groups" in response.context["adminform"].form.errors
    account.refresh_from_db()
    assert set(account.groups.all()) == before


def test_the_administrador_filters_no_one_by_superuser_status(client, members):
    client.force_login(members["Administrador"])

    page = client.get(USERS)

    filtered = {getattr(spec, "field_path", None) for spec in page.context["cl"].filter_specs}
    assert "is_staff" in filtered and "is_superuser" not in filtered
    assert client.get(f"{USERS}?is_superuser__exact=1").status_code == 400


BEYOND_THE_ROLES = {
    "a superuser": lambda user, jury: setattr(user, "is_superuser", True) or user.save(),
    "own permissions": lambda user, jury: user.user_permissions.add(own_permission()),
    "another group": lambda user, jury: user.groups.add(jury),
}


@pytest.mark.parametrize("beyond", BEYOND_THE_ROLES)
def test_the_administrador_cannot_touch_an_account_beyond_the_roles(
    client, members, make_member, jury_group, beyond, staff_user
):
    account = make_member("Editor", username="con-privilegios")
    BEYOND_THE_ROLES[beyond](account, jury_group)
    groups_before = set(account.groups.all())
    client.force_login(members["Administrador"])
    change = f"{USERS}{account.pk}/change/"
    data = account_form(client, account, is_active="", groups=[role("Editor").pk])

    page = client.get(change)
    saved = client.post(change, data)
    password = client.post(
        f"{USERS}{account.pk}/password/",
        {"password1": "otra-clave-larga-9", "password2": "otra-clave-larga-9"},
    )
    deleted = client.post(f"{USERS}{account.pk}/delete/", {"post": "yes"})
    bulk = client.post(
        USERS,
        {"action": "delete_selected", "_selected_action": [account.pk], "post": "yes"},
    )

    assert page.status_code == 200  # read-only, saying why
    assert 'name="_save"' not in page.text
    assert "solo un superusuario puede modificarla" in page.text
    assert (saved.status_code, password.status_code, deleted.status_code) == (403, 403, 403)
    assert bulk.status_code == 403
    account.refresh_from_db()
    assert account.is_active and account.check_password("clave-de-prueba-123")
    assert set(account.groups.all()) == groups_before
    assert account.is_superuser == (beyond == "a superuser")


def test_the_administrador_reads_groups_but_never_changes_them(client, members):
    group = role("Administrador")
    client.force_login(members["Administrador"])
    change = f"/admin/auth/group/{group.pk}/change/"

    page = client.get(change)
    saved = client.post(change, {"name": "Administrador", "permissions": [own_permission().pk]})

    assert page.status_code == 200 and 'name="_save"' not in page.text
    assert saved.status_code == 403
    assert client.get("/admin/auth/group/add/").status_code == 403
    assert client.post(f"/admin/auth/group/{group.pk}/delete/", {"post": "yes"}).status_code == 403
    assert not group.permissions.filter(pk=own_permission().pk).exists()


# --- Nobody approves their own work ------------------------------------------------------

APPROVERS = {
    # who could publish, but for having written or sent the practice: their groups
    "Revisor": ["Revisor"],
    "Editor y Revisor": ["Editor", "Revisor"],
    "Administrador y Revisor": ["Administrador", "Revisor"],  # it gave itself the role
    "superusuario": None,
}


@pytest.fixture
def approver(django_user_model):
    def make(persona):
        groups = APPROVERS[persona]
        if groups is None:
            return django_user_model.objects.create_superuser("super", password="x")
        user = django_user_model.objects.create_user("aprobador", password="x", is_staff=True)
        user.groups.add(*Group.objects.filter(name__in=groups))
        return user

    return make


def sent_it(client, practice, user, members):
    return workflow.practice_submit(practice=practice, by=user)


def edited_the_draft(client, practice, user, members):
    client.force_login(user)
    edit(client, practice, title="Título corregido por quien aprobaría")
    return workflow.practice_submit(practice=practice, by=members["Editor"])


def edited_it_in_review(client, practice, user, members):
    practice = workflow.practice_submit(practice=practice, by=members["Editor"])
    client.force_login(user)
    edit(client, practice, title="Título corregido en la revisión")
    return practice


def changed_a_row(client, practice, user, members):
    practice = workflow.practice_submit(practice=practice, by=members["Editor"])
    client.force_login(user)
    edit(client, practice, factor_title="Factor reescrito en la revisión")
    return practice


def proposed_the_revision(client, practice, user, members):
    practice = workflow.practice_publish(
        practice=workflow.practice_submit(practice=practice, by=members["Editor"]),
        by=members["Revisor"],
    )
    client.force_login(user)
    client.post(f"/admin/practices/practice/{practice.pk}/estado/revision/")
    revision = practice.revisions.get()
    return workflow.practice_submit(practice=revision, by=members["Editor"])


AUTHORSHIP = {
    "sent it to review": (sent_it, {"Editor y Revisor", "superusuario"}),  # who can send
    "edited the draft": (edited_the_draft, set(APPROVERS)),
    "edited it in review": (edited_it_in_review, set(APPROVERS)),
    "changed one of its rows": (changed_a_row, set(APPROVERS)),
    "proposed the revision": (proposed_the_revision, set(APPROVERS)),
}
SELF_APPROVAL_CASES = [
    (persona, how) for how, (_step, personas) in AUTHORSHIP.items() for persona in personas
]


@pytest.mark.parametrize(("persona", "how"), sorted(SELF_APPROVAL_CASES))
def test_nobody_publishes_what_they_sent_or_changed(client, members, approver, persona, how):
    user = approver(persona)
    step, _personas = AUTHORSHIP[how]
    practice = step(client, practice_in("draft"), user, members)
    assert practice.status == "review"
    client.force_login(user)
    change = f"/admin/practices/practice/{practice.pk}/change/"

    with pytest.raises(workflow.SelfApprovalError):
        workflow.practice_publish(practice=practice, by=user)
    page = client.get(change)
    posted = client.post(f"/admin/practices/practice/{practice.pk}/estado/publicar/", follow=True)

    assert ">Publicar<" not in page.text  # not offered…
    assert "Devolver al editor" in page.text  # …though returning it is
    assert "Nadie aprueba su propio trabajo" in page.text  # and the page says why
    assert "Nadie aprueba su propio trabajo" in posted.text  # a crafted POST: the message
    practice.refresh_from_db()
    assert practice.status == "review"
    assert not practice.transitions.filter(to_status="published", by=user).exists()

    other = workflow.practice_publish(practice=practice, by=members["Revisor"])  # a second pair
    assert other.status == "published"  # of eyes publishes it


def test_the_publish_action_of_the_list_refuses_ones_own_practices(client, members, approver):
    user = approver("Editor y Revisor")
    own = workflow.practice_submit(practice=practice_in("draft"), by=user)
    others = workflow.practice_submit(practice=practice_in("draft"), by=members["Editor"])
    client.force_login(user)

    page = client.post(
        "/admin/practices/practice/",
        {"action": "publish_selected", "_selected_action": [own.pk, others.pk]},
        follow=True,
    )

    own.refresh_from_db()
    others.refresh_from_db()
    assert (own.status, others.status) == ("review", "published")
    assert f"{own.code}: Nadie aprueba su propio trabajo" in page.text


def test_changes_approved_by_an_earlier_publication_are_no_longer_ones_own(
    client, members, make_member
):
    reviewer, colleague = members["Revisor"], make_member("Revisor", username="otra-revisora")
    practice = practice_in("draft")
    client.force_login(reviewer)
    edit(client, practice, title="Título del revisor")
    practice = workflow.practice_submit(practice=practice, by=members["Editor"])
    practice = workflow.practice_publish(practice=practice, by=colleague)  # seen by another
    practice = workflow.practice_unpublish(practice=practice, by=colleague)
    practice = workflow.practice_submit(practice=practice, by=members["Editor"])

    assert workflow.authors_of_review(practice) == {members["Editor"].pk}
    practice = workflow.practice_publish(practice=practice, by=reviewer)
    assert practice.status == "published"


def test_the_administrador_makes_a_juror_who_scores_on_the_site_not_in_the_admin(
    client, members, make_member
):
    juror = make_member("Editor", username="jurado")
    client.force_login(members["Administrador"])

    response = client.post(
        f"{USERS}{juror.pk}/change/", account_form(client, juror, groups=[role("Jurado").pk])
    )

    assert response.status_code == 302
    juror.refresh_from_db()
    assert [g.name for g in juror.groups.all()] == ["Jurado"]
    assert not juror.is_staff  # a juror-only account never enters the admin
