"""Demo replications for `seed_demo`: about one published demo practice in thirty gets
one to three accounts from other demo providers (mostly published; some waiting for
moderation or rejected), told by demo representatives whose accounts cannot sign in.
Deterministic for a seed; bulk inserts, as the rest of the demo.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from practices.models import Municipality, Practice
from recognition.models import Representative
from replication.models import Moderation, Progress, Replication, ReplicationResult

SHARE = 30  # one published demo practice in SHARE is replicated
USER_PREFIX = "demo-representante-"

CHANGES = [
    "Cambiamos las llamadas por mensajes de WhatsApp, que nuestros usuarios usan más.",
    "Empezamos en un solo barrio y con la mitad del equipo, para probar antes de crecer.",
    "Adaptamos los materiales a la zona rural, con ayuda de las juntas de acción comunal.",
    "Usamos el sistema comercial que ya teníamos en vez de comprar uno nuevo.",
    "Hicimos la capacitación por radio comunitaria además de los talleres presenciales.",
    "Nos aliamos con la alcaldía para conseguir el espacio y la convocatoria.",
]
STORIES = [
    "Las PQR por facturación bajaron en los primeros seis meses y los usuarios lo notan.",
    "Llegamos a más usuarios de lo previsto; el reto ahora es sostener el equipo.",
    "El primer año fue lento, pero desde el segundo la atención mejoró de forma clara.",
    "Los usuarios rurales, que antes no venían a la oficina, ahora nos escriben.",
    "Funciona bien en la cabecera; en las veredas aún falta conectividad.",
]
ABANDONED = [
    "Se acabó el contrato del operador y no pudimos financiarlo con recursos propios.",
    "El cambio de administración cambió las prioridades y el equipo se redujo.",
]
RESULTS = [
    ("PQR por facturación al mes", "PQR", 120, 0.5),
    ("Usuarios atendidos por canales digitales", "usuarios", 800, 2.5),
    ("Tiempo de respuesta promedio", "días", 15, 0.6),
]


def seed_replications(rng, demo_practices, demo_providers):
    """Replications of published practices of ``demo_practices`` (a queryset) by
    ``demo_providers`` (one); sets each practice's ``replication_count``. Returns the
    number of replications made."""
    published = list(
        demo_practices.filter(status=Practice.Status.PUBLISHED)
        .order_by("pk")
        .only("pk", "provider_id")
    )
    demo_providers = list(demo_providers.order_by("pk").only("pk", "slug", "department_id"))
    if len(demo_providers) < 2 or not published:
        return 0
    chosen = rng.sample(published, max(1, len(published) // SHARE))
    User = get_user_model()
    representatives = {}
    by_department = {}
    for municipality in Municipality.objects.only("pk", "department_id"):
        by_department.setdefault(municipality.department_id, []).append(municipality.pk)
    replications, places, results = [], [], []
    now = timezone.now()
    for practice in chosen:
        others = [p for p in demo_providers if p.pk != practice.provider_id]
        for provider in rng.sample(others, min(len(others), rng.choice([1, 1, 1, 2, 3]))):
            representative = representatives.get(provider.pk)
            if representative is None:
                user = User.objects.create_user(
                    f"{USER_PREFIX}{provider.slug}", f"{provider.slug}@demo.example.org"
                )
                representative = representatives[provider.pk] = Representative.objects.create(
                    user=user,
                    provider=provider,
                    position="Jefe de servicio al cliente",
                    email_verified_at=now,
                    confirmed_at=now,
                )
            progress = rng.choices(list(Progress), [55, 35, 10])[0]
            moderation = rng.choices(list(Moderation), [15, 80, 5])[0]
            started = datetime.date(rng.randint(2021, 2025), rng.randint(1, 12), 1)
            replication = Replication(
                practice=practice,
                provider=provider,
                representative=representative,
                started_on=started,
                changes=rng.choice(CHANGES),
                story=rng.choice(STORIES),
                progress=progress,
                progress_reason=rng.choice(ABANDONED) if progress == Progress.ABANDONED else "",
                moderation=moderation,
                moderation_note="Falta la fuente de los resultados."
                if moderation == Moderation.REJECTED
                else "",
                moderated_at=None if moderation == Moderation.PENDING else now,
            )
            replications.append(replication)
            department = by_department.get(provider.department_id) or []
            places.append(rng.sample(department, min(len(department), rng.randint(1, 3))))
            chosen_results = rng.sample(RESULTS, rng.randint(0, 2))
            results.append(
                [
                    (label, unit, baseline, factor, started.year)
                    for label, unit, baseline, factor in chosen_results
                ]
            )
    Replication.objects.bulk_create(replications, batch_size=1000)
    Through = Replication.municipalities.through
    Through.objects.bulk_create(
        (
            Through(replication_id=replication.pk, municipality_id=code)
            for replication, codes in zip(replications, places, strict=True)
            for code in codes
        ),
        batch_size=2000,
    )
    ReplicationResult.objects.bulk_create(
        (
            ReplicationResult(
                replication=replication,
                label=label,
                unit=unit,
                baseline=Decimal(baseline),
                value=Decimal(round(baseline * factor * rng.uniform(0.8, 1.2))),
                measured_on=datetime.date(min(year + 1, 2026), 6, 30),
            )
            for replication, rows in zip(replications, results, strict=True)
            for label, unit, baseline, factor, year in rows
        ),
        batch_size=2000,
    )
    counts = {}
    for replication in replications:
        if replication.moderation == Moderation.PUBLISHED:
            counts[replication.practice_id] = counts.get(replication.practice_id, 0) + 1
    for practice in chosen:
        practice.replication_count = counts.get(practice.pk, 0)
    Practice.objects.bulk_update(chosen, ["replication_count"], batch_size=1000)
    return len(replications)


def delete_demo_replications(demo_practice_ids, demo_providers):
    """Every replication of a demo practice or by a demo provider, with its results and
    places, and the demo representatives with their accounts (raw deletes, no signals)."""
    replications = Replication.objects.filter(practice__in=demo_practice_ids) | (
        Replication.objects.filter(provider__in=demo_providers)
    )
    ids = list(replications.values_list("pk", flat=True))
    ReplicationResult.objects.filter(replication__in=ids).delete()
    Replication.municipalities.through.objects.filter(replication__in=ids).delete()
    Replication.objects.filter(pk__in=ids).delete()
    demo_users = get_user_model().objects.filter(username__startswith=USER_PREFIX)
    Representative.objects.filter(user__in=demo_users).delete()
    demo_users.delete()
