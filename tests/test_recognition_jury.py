"""The jury: conflicts of interest hide applications, scores stay private until a juror
sends theirs, staff see progress, weighted totals, the ranking per category with ties,
and an export of the whole scoring record; evidence files only reach those who may see
their application."""

# ruff: noqa: F811
# (test_recognition's fixtures `call` and `provider`, imported, are parameters here)

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from practices.models import Category
from recognition.models import Application, Attachment, AuditEvent, JuryMember, Score, Scorecard

from .factories import ProviderFactory
from .test_recognition import (  # noqa: F401
    DURING,
    at,
    call,
    provider,
    representative_of,
    season_clock,
)

pytestmark = pytest.mark.django_db


def submitted(call, provider, title, category=None, email=None):
    representative = representative_of(provider, email=email or f"{provider.slug}@example.org")
    with at(DURING):
        application = Application.objects.create(
            call=call,
            provider=provider,
            representative=representative,
            category=category or call.categories.first(),
            title=title,
            status="enviada",
            submitted_at=DURING,
        )
    Application.objects.filter(pk=application.pk).update(eligible=True)
    return application


def juror(call, username):
    user = get_user_model().objects.create_user(username=username, password="x" * 20)
    user.groups.add(Group.objects.get(name="Jurado"))
    return JuryMember.objects.create(call=call, user=user)


@pytest.fixture
def season(call, provider):
    """A call in evaluation: three applications of two providers, three jurors."""
    other = ProviderFactory(name="Aguas del Norte")
    first = submitted(call, provider, "Lectura de medidores")
    second = submitted(call, other, "Oficina móvil rural")
    third = submitted(call, other, "Factura en braille", email="norte2@example.org")
    type(call).objects.filter(pk=call.pk).update(stage="evaluacion")
    call.refresh_from_db()
    jurors = [juror(call, name) for name in ("jurado1", "jurado2", "jurado3")]
    return call, [first, second, third], jurors, other


def declare(client, seat, conflicts=()):
    client.force_login(seat.user)
    response = client.post(
        f"/reconocimiento/jurado/{seat.pk}/conflictos/",
        {"conflicts": [p.pk for p in conflicts], "truthful": "on"},
    )
    assert response.status_code == 302


def send_scores(client, seat, application, values, send=True):
    criteria = list(application.call.edition.evaluation_criteria.all())
    data = {f"score_{c.pk}": str(v) for c, v in zip(criteria, values, strict=True)}
    data.update({f"comment_{c.pk}": f"Comentario {c.name}" for c in criteria})
    data["send" if send else "save"] = "1"
    return client.post(f"/reconocimiento/jurado/{seat.pk}/{application.pk}/", data)


def test_a_juror_declares_conflicts_first_and_never_sees_those_applications(client, season):
    _call, (first, second, third), (one, _two, _three), other = season
    client.force_login(one.user)

    assert client.get(f"/reconocimiento/jurado/{one.pk}/")["Location"].endswith("/conflictos/")
    declare(client, one, [other])

    page = client.get(f"/reconocimiento/jurado/{one.pk}/").text
    assert first.number in page
    assert second.number not in page and third.number not in page
    assert client.get(f"/reconocimiento/jurado/{one.pk}/{second.pk}/").status_code == 404
    assert AuditEvent.objects.get(action="conflictos").detail == "Aguas del Norte"


def test_scores_stay_private_until_the_juror_sends_theirs(client, season):
    _call, (first, *_), (one, two, _three), _other = season
    declare(client, two)
    send_scores(client, two, first, [5, 3])
    declare(client, one)

    draft = send_scores(client, one, first, [4, ""], send=False)
    assert draft.status_code == 302
    page = client.get(f"/reconocimiento/jurado/{one.pk}/{first.pk}/").text
    assert "Comentario Innovación" in page  # their own draft
    assert "jurado2" not in page  # not the others' scores

    incomplete = send_scores(client, one, first, [4, ""])
    assert "Califique todos los criterios" in incomplete.text
    assert Scorecard.objects.get(juror=one).submitted_at is None

    send_scores(client, one, first, [4, 2])
    page = client.get(f"/reconocimiento/jurado/{one.pk}/{first.pk}/").text
    assert "Calificaciones de los demás jurados" in page and "jurado2" in page
    # Sent: nothing of theirs changes.
    assert send_scores(client, one, first, [1, 1]).status_code == 403
    assert sorted(Score.objects.filter(scorecard__juror=one).values_list("value", flat=True)) == [
        2,
        4,
    ]


def test_scoring_waits_for_the_evaluation_stage(client, season):
    call, (first, *_), (one, *_), _other = season
    type(call).objects.filter(pk=call.pk).update(stage="cerrada")
    declare(client, one)

    assert (
        "se abre cuando la convocatoria está en evaluación"
        in client.get(f"/reconocimiento/jurado/{one.pk}/{first.pk}/").text
    )
    assert send_scores(client, one, first, [4, 2]).status_code == 403


def test_staff_see_progress_weighted_totals_ties_and_the_whole_record(client, season, make_member):
    call, (first, second, third), (one, two, three), other = season
    second_category = call.categories.exclude(pk=first.category_id).first()
    Application.objects.filter(pk=third.pk).update(category=second_category)
    Application.objects.filter(pk=second.pk).update(category=first.category)
    # Innovación weighs 3, Alianzas 1: (5*3 + 1*1) / 4 = 4.0 and (3*3 + 5*1) / 4 = 3.5.
    declare(client, one)
    send_scores(client, one, first, [5, 1])
    send_scores(client, one, second, [4, 4])
    declare(client, two)
    send_scores(client, two, first, [3, 5])
    send_scores(client, two, second, [4, 2])
    declare(client, three, [other])
    send_scores(client, three, first, [1, 1], send=False)  # a draft counts for nothing

    client.force_login(make_member("Administrador"))
    page = client.get(f"/admin/recognition/call/{call.pk}/jurado/")

    assert page.status_code == 200
    groups = {group.category: group.rows for group in page.context["categories"]}
    rows = groups[first.category]
    # first: mean of 4.0 and 3.5 = 3.75; second: (4*3+4)/4 = 4.0 and (4*3+2)/4 = 3.5 → 3.75.
    assert [(r.application, round(r.total, 2), r.scorecards, r.tied) for r in rows] == [
        (first, 3.75, 2, True),
        (second, 3.75, 2, True),
    ]
    assert groups[second_category][0].total is None  # nobody scored it yet
    progress = {
        seat.user.username: (assigned, sent) for seat, assigned, sent in page.context["progress"]
    }
    assert progress == {"jurado1": (3, 2), "jurado2": (3, 2), "jurado3": (1, 0)}
    assert "empate" in page.text

    record = client.get(f"/admin/recognition/call/{call.pk}/registro.csv")
    rows = list(csv.reader(io.StringIO(record.content.decode("utf-8-sig"))))
    sent_scores = [r for r in rows if r[0] == "puntaje"]
    assert len(sent_scores) == 8
    assert sorted({r[0] for r in rows if "borrador" in r[0]}) == ["puntaje (borrador)"]
    assert {r[0] for r in rows} >= {"conflictos", "calificacion_enviada"}


def test_evidence_reaches_staff_the_jurors_who_may_see_it_and_its_provider_only(
    client, season, make_member, settings, tmp_path
):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path)},
    }}  # fmt: skip
    _call, (first, second, _third), (one, two, _three), other = season
    evidence = Attachment(
        application=second,
        original_name="acta.pdf",
        content_type="application/pdf",
        size=9,
        sha256="0" * 64,
    )
    evidence.file.save("acta.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    url = f"/reconocimiento/anexos/{evidence.pk}/"
    declare(client, one, [other])  # conflicted with the provider of `second`
    declare(client, two)

    assert client.get(url).status_code == 200  # two: a juror who may see it
    client.force_login(one.user)
    assert client.get(url).status_code == 404
    client.force_login(first.representative.user)  # another provider's representative
    assert client.get(url).status_code == 404
    client.force_login(second.representative.user)
    assert client.get(url).status_code == 200
    client.force_login(make_member("Administrador"))
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response).startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment")
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_jurors_are_not_staff_and_others_have_no_jury_page(client, season, make_member):
    _call, _apps, (one, *_), _other = season
    client.force_login(one.user)
    assert client.get("/admin/").status_code == 302  # the admin's login: not staff
    client.force_login(make_member("Editor"))
    assert client.get("/reconocimiento/jurado/").status_code == 404
    assert client.get(f"/reconocimiento/jurado/{one.pk}/").status_code == 404


def test_ranking_pages_cost_the_same_queries_for_more_applications(
    client, season, make_member, django_assert_max_num_queries
):
    call, _apps, (one, two, _three), _other = season
    type(call).objects.filter(pk=call.pk).update(stage="abierta")
    call.refresh_from_db()
    for number in range(12):
        submitted(call, ProviderFactory(), f"Práctica {number}", email=f"p{number}@example.org")
    type(call).objects.filter(pk=call.pk).update(stage="evaluacion")
    for seat in (one, two):
        declare(client, seat)
        for application in Application.objects.filter(call=call):
            send_scores(client, seat, application, [3, 4])
    client.force_login(make_member("Administrador"))
    client.get(f"/admin/recognition/call/{call.pk}/jurado/")

    with django_assert_max_num_queries(25):
        response = client.get(f"/admin/recognition/call/{call.pk}/jurado/")

    assert sum(len(g.rows) for g in response.context["categories"]) == 15
    assert Category.objects.exists() and timezone.now()


def test_results_notify_every_applicant_and_recognised_applications_become_drafts(
    client, season, make_member
):
    from outbox.models import Message
    from practices.models import EvaluationCriterion, Practice

    call, (first, second, third), (one, two, _three), _other = season
    EvaluationCriterion.objects.create(edition=call.edition, name="Eficaz", weight=2)
    Application.objects.filter(pk=first.pk).update(
        summary="Líderes leen los medidores.",
        impact="Menos reclamos.",
        success_factors="Confianza\nCapacitación",
        replicability="Sí.",
        limitations="Voluntariado.",
        coverage_note="Armenia",
    )
    for seat in (one, two):
        declare(client, seat)
        send_scores(client, seat, first, [5, 4, 4])  # Eficaz ≥ the middle of 1..5 for both
    administrator = make_member("Administrador")
    client.force_login(administrator)
    changelist = "/admin/recognition/application/"
    client.post(changelist, {"action": "recognise_winner", "_selected_action": [first.pk]})
    client.post(changelist, {"action": "recognise_mention", "_selected_action": [second.pk]})

    response = client.post(
        "/admin/recognition/call/", {"action": "advance_stage", "_selected_action": [call.pk]}
    )

    assert response.status_code == 302
    call.refresh_from_db()
    assert call.stage == "resultados"
    drafts = Practice.objects.filter(edition=call.edition).order_by("code")
    assert [(p.title, p.recognition_level, p.status) for p in drafts] == [
        ("Lectura de medidores", "ganadora", "draft"),
        ("Oficina móvil rural", "mencion", "draft"),
    ]
    draft = drafts[0]
    assert draft.code == "BP-ANDESCO-SSPD-001-2026" and draft.provider == first.provider
    assert [f.title for f in draft.success_factors.all()] == ["Confianza", "Capacitación"]
    assert draft.contact_to_verify and draft.contact_email == first.representative.user.email
    evidence = draft.criterion_evidence.get()
    assert evidence.criterion.name == "Eficaz" and "Comentario Eficaz" in evidence.evidence
    assert draft.history.first().history_user == administrator
    told = {m.to: m for m in Message.objects.filter(subject__startswith="Resultados de")}
    assert "ganadora" in told[first.representative.user.email].body
    assert "no fue reconocida" in told[third.representative.user.email].body
    assert len(told) == 3

    # Once through the usual review, the ficha and the results page show the level.
    Practice.objects.filter(pk=draft.pk).update(status="published", published_at=timezone.now())
    client.logout()
    assert "Ganadora" in client.get(draft.get_absolute_url()).text
    results = client.get("/reconocimiento/2026/").text
    assert "Prácticas reconocidas" in results
    assert f'<a href="{draft.get_absolute_url()}">{draft.title}</a>' in results
    # Announced with its level, no link while its ficha is a draft.
    mention = Practice.objects.get(title="Oficina móvil rural")
    assert "Oficina móvil rural" in results and mention.code not in results
    assert results.index("Ganadora") < results.index(draft.title) < results.index("Mención")
    assert "Factura en braille" not in results  # not recognised
    # The list's facet "Reconocimiento" counts it and selects it.
    listing = client.get("/practicas/")
    facet = next(f for f in listing.context["facets"] if f.name == "reconocimiento")
    assert [(o["label"], o["count"]) for o in facet.options] == [("Ganadora", 1)]
    chosen = client.get("/practicas/?reconocimiento=ganadora")
    assert [p.pk for p in chosen.context["practices"]] == [draft.pk]
    assert not client.get("/practicas/?reconocimiento=mencion").context["practices"]
    # The open data carry the level too.
    record = client.get(f"/api/v1/practicas/{draft.code}").json()
    assert record["reconocimiento"] == "Ganadora"
    exported = b"".join(client.get("/practicas/exportar.csv")).decode("utf-8-sig")
    assert "reconocimiento" in exported.splitlines()[0] and "Ganadora" in exported


@pytest.mark.parametrize("who", ["Editor", "Revisor", "Administrador", "juror", "representative"])
def test_who_reaches_the_applicants_and_the_jurors_pages(client, season, make_member, who):
    """Applicants' pages: representatives only; jury pages: jurors only (404 for anyone
    else, staff included: they have the admin)."""
    _call, (first, *_), (one, *_), _other = season
    user = {
        "juror": one.user,
        "representative": first.representative.user,
    }.get(who) or make_member(who)
    client.force_login(user)
    expected = {
        "/reconocimiento/postulaciones/": 200 if who == "representative" else 404,
        f"/reconocimiento/postulaciones/{first.pk}/": 200 if who == "representative" else 404,
        "/reconocimiento/jurado/": 200 if who == "juror" else 404,
        f"/reconocimiento/jurado/{one.pk}/": 302 if who == "juror" else 404,  # conflicts first
    }

    assert {url: client.get(url).status_code for url in expected} == expected


@pytest.mark.parametrize("more", [0, 12])
def test_the_jurors_list_and_the_admins_application_list_cost_fixed_queries(
    client, season, make_member, django_assert_num_queries, more
):
    call, _apps, (one, *_), _other = season
    type(call).objects.filter(pk=call.pk).update(stage="abierta")
    call.refresh_from_db()
    for number in range(more):
        submitted(call, ProviderFactory(), f"Práctica {number}", email=f"p{number}@example.org")
    type(call).objects.filter(pk=call.pk).update(stage="evaluacion")
    declare(client, one)
    client.get(f"/reconocimiento/jurado/{one.pk}/")

    # Session and user, the seat, its scorecards, the applications (with provider and
    # category) and the conflicts they exclude.
    with django_assert_num_queries(5):
        page = client.get(f"/reconocimiento/jurado/{one.pk}/")
    assert len(page.context["rows"]) == 3 + more

    client.force_login(make_member("Administrador"))
    client.get("/admin/recognition/application/")
    # Session, user, permissions, then the count, the page of rows (with call, edition,
    # provider, category, representative), the filters' lists.
    with django_assert_num_queries(QUERIES_OF_APPLICATION_LIST):
        listing = client.get("/admin/recognition/application/")
    assert listing.context["cl"].result_count == 3 + more


QUERIES_OF_APPLICATION_LIST = 10


def test_the_jury_page_shows_each_categorys_first_places_and_links_the_whole_ranking(
    client, season, make_member
):
    call, _apps, (one, _two, _three), _other = season
    type(call).objects.filter(pk=call.pk).update(stage="abierta")
    call.refresh_from_db()
    for number in range(10):
        submitted(call, ProviderFactory(), f"Práctica {number}", email=f"p{number}@example.org")
    type(call).objects.filter(pk=call.pk).update(stage="evaluacion")
    declare(client, one)
    applications = list(Application.objects.filter(call=call).order_by("pk"))
    assert len(applications) == 13 and len({a.category_id for a in applications}) == 1
    # Thirteen different totals, (3a + b) / 4 with 3a + b = 4, 5, …, 16: the last one best.
    for application, weighted in zip(applications, range(4, 17), strict=True):
        a = min(5, (weighted - 1) // 3)
        send_scores(client, one, application, [a, weighted - 3 * a])
    client.force_login(make_member("Administrador"))
    url = f"/admin/recognition/call/{call.pk}/jurado/"

    page = client.get(url)
    whole = client.get(url, {"categoria": applications[0].category_id})

    shown = [row.application for row in page.context["categories"][0].rows]
    assert shown == applications[::-1][:10]
    assert applications[0].title not in page.text  # the last place is not on the summary
    assert f'href="?categoria={applications[0].category_id}"' in page.text
    assert "Ver la clasificación completa (13 postulaciones)" in page.text
    assert [row.application for row in whole.context["categories"][0].rows] == applications[::-1]
    assert applications[0].title in whole.text and "clasificación completa" not in whole.text
    assert client.get(url, {"categoria": "x"}).status_code == 200
