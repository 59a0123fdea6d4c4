"""A recognition season at the scale of the issue, for the benchmark: a call in evaluation
with APPLICATIONS sent and eligible applications, ATTACHMENTS files each (stored through
the storage API, as an upload would), JURORS jurors who declared their conflicts and
scored most of what they may see, and the signed-in sessions of an Administrador, a juror
and a representative. ``seed()`` runs in the benchmark database's child process and
returns plain data: the URLs to measure, each with the session that asks for it, and the
scores to change before each cold request.

Bulk inserts: the models' ``save()`` refuses changes once the call has closed, which is
the point of the rule and not what a benchmark's seeding is."""

import datetime
import random

APPLICATIONS = 500
ATTACHMENTS = 10
JURORS = 15
PROVIDERS = 300
CONFLICTS = 3  # providers each juror declares ties with
SCORED = 0.7  # share of a juror's applications scored and sent
ATTACHMENT_BYTES = 8 * 1024


def pdf(number):
    """A small one-page PDF, padded to ATTACHMENT_BYTES, different for each attachment."""
    body = (
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    )
    padding = b"%" + str(number).encode() + b" " * ATTACHMENT_BYTES
    return body + padding[: ATTACHMENT_BYTES - len(body) - 20] + b"\ntrailer\n%%EOF\n"


def _session(user):
    """A signed-in session of ``user``, as the login view leaves it: its key."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(24 * 60 * 60)
    session.create()
    return session.session_key


def seed(seed=1, count=APPLICATIONS):
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db import transaction
    from django.utils import timezone

    from practices.demo.seed import refresh_statistics
    from practices.models import Category, Edition, EvaluationCriterion, Provider
    from recognition.models import (
        Application,
        Attachment,
        Call,
        JuryMember,
        Representative,
        Score,
        Scorecard,
        Stage,
    )

    rng = random.Random(seed)
    now = timezone.now()
    User = get_user_model()
    with transaction.atomic():
        year = (
            Edition.objects.order_by("-year").values_list("year", flat=True).first() or 2025
        ) + 1
        number = (
            Edition.objects.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        edition = Edition.objects.create(number=number, year=year, name=f"Reconocimiento {year}")
        criteria = [
            EvaluationCriterion.objects.create(edition=edition, name=name, weight=weight)
            for name, weight in (
                ("Innovación", 3),
                ("Impacto en los usuarios", 3),
                ("Posibilidad de réplica", 2),
                ("Alianzas", 1),
            )
        ]
        call = Call.objects.create(
            edition=edition,
            stage=Stage.EVALUATION,
            terms="Pueden postularse los prestadores de servicios públicos domiciliarios.",
            opens_at=now - datetime.timedelta(days=60),
            closes_at=now - datetime.timedelta(days=10),
            declarations="La información es veraz.",
        )
        categories = list(Category.objects.all())
        call.categories.set(categories)

        # About three applications in five come from a provider of their own, as in a
        # real season; the demo's providers, then made-up ones.
        wanted = min(PROVIDERS, count) - Provider.objects.count()
        Provider.objects.bulk_create(
            Provider(
                name=f"Prestador de la temporada {i}",
                slug=f"prestador-de-la-temporada-{i}",
                size=rng.choice(["pequeno", "mediano", "grande"]),
            )
            for i in range(max(0, wanted))
        )
        providers = list(Provider.objects.order_by("pk")[: min(PROVIDERS, count)])
        representatives = []
        for provider in providers:
            user = User.objects.create_user(
                username=f"rep{provider.pk}@bench.example", email=f"rep{provider.pk}@bench.example"
            )
            representatives.append(
                Representative.objects.create(
                    user=user,
                    provider=provider,
                    position="Jefe de servicio al cliente",
                    email_verified_at=now,
                    confirmed_at=now,
                )
            )
        applications = Application.objects.bulk_create(
            Application(
                call=call,
                provider=representatives[i % len(representatives)].provider,
                representative=representatives[i % len(representatives)],
                category=categories[i % len(categories)],
                status=Application.Status.SUBMITTED,
                submitted_at=call.closes_at - datetime.timedelta(minutes=i),
                title=f"Práctica postulada número {i + 1}",
                summary="Un resumen de la práctica. " * 20,
                impact="El impacto medido de la práctica. " * 10,
                users_reached=rng.randint(100, 100_000),
                success_factors="Compromiso\nAlianzas",
                replicability="Cualquier prestador.",
                declarations_accepted=["0"],
                eligible=True,
            )
            for i in range(count)
        )
        attachments = []
        for application in applications:
            for k in range(ATTACHMENTS):
                content = pdf(application.pk * ATTACHMENTS + k)
                name = default_storage.save("postulaciones/anexo.pdf", ContentFile(content))
                attachments.append(
                    Attachment(
                        application=application,
                        file=name,
                        original_name=f"Anexo_{k + 1}.pdf",
                        content_type="application/pdf",
                        size=len(content),
                        sha256="0" * 64,
                    )
                )
        Attachment.objects.bulk_create(attachments)

        jury = Group.objects.get(name="Jurado")
        seats = []
        for j in range(JURORS):
            user = User.objects.create_user(username=f"jurado{j + 1}@bench.example")
            user.groups.add(jury)
            seat = JuryMember.objects.create(call=call, user=user, conflicts_declared_at=now)
            seat.conflicts.set(rng.sample(providers, min(CONFLICTS, len(providers) // 4)))
            seats.append(seat)
        cards = []
        for seat in seats:
            tied = set(seat.conflicts.values_list("pk", flat=True))
            visible = [a for a in applications if a.provider_id not in tied]
            for application in rng.sample(visible, int(SCORED * len(visible))):
                cards.append(Scorecard(application=application, juror=seat, submitted_at=now))
        cards = Scorecard.objects.bulk_create(cards, batch_size=2000)
        Score.objects.bulk_create(
            (
                Score(
                    scorecard=card,
                    criterion=criterion,
                    value=rng.randint(call.score_min, call.score_max),
                    comment="Comentario del jurado sobre este criterio.",
                )
                for card in cards
                for criterion in criteria
            ),
            batch_size=5000,
        )

        administrator = User.objects.create_user(username="admin@bench.example", is_staff=True)
        administrator.groups.add(Group.objects.get(name="Administrador"))
        sessions = {
            "staff": _session(administrator),
            "juror": _session(seats[0].user),
        }
        # The juror's seat: an application they may score and have not scored yet.
        scored = set(Scorecard.objects.filter(juror=seats[0]).values_list("application", flat=True))
        to_score = next(a for a in seats[0].applications() if a.pk not in scored)
        mine = applications[0]
        sessions["representative"] = _session(mine.representative.user)
        evidence = Attachment.objects.filter(application=to_score).order_by("pk").first()

    # As after any bulk load (seed_demo does the same): the planner's statistics of the
    # season's tables, which autovacuum would gather within minutes in production.
    refresh_statistics()
    admin = "/admin/recognition"
    return {
        "applications": len(applications),
        "attachments": len(attachments),
        "jurors": len(seats),
        "scores": len(cards) * len(criteria),
        "media": str(settings.MEDIA_ROOT),
        "sessions": sessions,
        "urls": [
            [
                "recognition: list of applications",
                f"{admin}/application/?call__id__exact={call.pk}",
                "staff",
            ],
            [
                "recognition: an application, admin",
                f"{admin}/application/{mine.pk}/change/",
                "staff",
            ],
            ["recognition: progress and ranking", f"{admin}/call/{call.pk}/jurado/", "staff"],
            ["recognition: a juror's list", f"/reconocimiento/jurado/{seats[0].pk}/", "juror"],
            [
                "recognition: scoring one",
                f"/reconocimiento/jurado/{seats[0].pk}/{to_score.pk}/",
                "juror",
            ],
            [
                "recognition: the applicant's form",
                f"/reconocimiento/postulaciones/{mine.pk}/",
                "representative",
            ],
            ["recognition: evidence download", f"/reconocimiento/anexos/{evidence.pk}/", "juror"],
            ["recognition: scoring record, CSV", f"{admin}/call/{call.pk}/registro.csv", "staff"],
        ],
        # Changed one at a time before each cold request: a juror's score, as a juror
        # sending their scorecard changes what the progress and the ranking show.
        "scores_to_change": list(
            Score.objects.order_by("-scorecard__juror", "pk").values_list("pk", flat=True)[:200]
        ),
    }
