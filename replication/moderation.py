"""What happens to a replication told by a provider: staff publish it or not (with the
reason, sent to the representative); the first publication tells the practice's authors,
with a link to answer publicly once; every change that public pages show moves the
practice's row (its ``replication_count``), so the catalogue's version moves on and no
cached page or list snapshot keeps the old state.
"""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from ops.site import site_url
from outbox.sending import enqueue
from practices.models import Practice
from replication.models import Moderation, Replication

ANSWER_SALT = "replication.answer"
ANSWER_DAYS = 180  # how long the authors' link to answer lasts
ANSWER_MAX = 2000


def recount(practice_id):
    """The practice's count of published replications, written on its row (which the
    catalogue's triggers log as a change of that practice, on both databases)."""
    count = Replication.objects.filter(
        practice_id=practice_id, moderation=Moderation.PUBLISHED
    ).count()
    Practice.objects.filter(pk=practice_id).update(replication_count=count)


@transaction.atomic
def submitted(replication, *, new):
    """A representative sent their account (new, or changed): it waits for moderation."""
    replication.moderation = Moderation.PENDING
    replication.moderated_at = None
    replication.moderated_by = None
    replication.updated_at = timezone.now()
    replication.save()
    recount(replication.practice_id)  # a changed account leaves the public pages until seen
    if settings.REPLICATIONS_EMAIL:
        link = site_url() + reverse("admin:replication_replication_change", args=[replication.pk])
        enqueue(
            settings.REPLICATIONS_EMAIL,
            gettext("Réplica por moderar: %(code)s") % {"code": replication.practice.code},
            gettext(
                "%(provider)s contó %(what)s su réplica de la práctica %(code)s.\n\n"
                "Moderarla: %(link)s\n"
            )
            % {
                "provider": replication.provider,
                "what": gettext("por primera vez") if new else gettext("cambios en"),
                "code": replication.practice.code,
                "link": link,
            },
            purpose=f"replication:{replication.pk}:moderate",
        )


@transaction.atomic
def publish(replication, by):
    first = replication.moderated_at is None  # never moderated since it was told
    replication.moderation = Moderation.PUBLISHED
    replication.moderation_note = ""
    replication.moderated_by = by
    replication.moderated_at = timezone.now()
    replication.save(
        update_fields=["moderation", "moderation_note", "moderated_by", "moderated_at"]
    )
    recount(replication.practice_id)
    practice = replication.practice
    page = site_url() + practice.get_absolute_url() + "#replicas"
    enqueue(
        replication.representative.user.email,
        gettext("Su réplica de %(code)s está publicada") % {"code": practice.code},
        gettext(
            "La entidad publicó lo que su prestador contó de su réplica de «%(title)s»:\n"
            "%(page)s\n\nGracias por contarlo: ayuda a otros prestadores a decidir.\n"
        )
        % {"title": practice.title, "page": page},
        purpose=f"replication:{replication.pk}:published",
    )
    if first and not replication.answered_at:
        _tell_the_authors(replication, page)


@transaction.atomic
def reject(replication, by, reason):
    replication.moderation = Moderation.REJECTED
    replication.moderation_note = reason
    replication.moderated_by = by
    replication.moderated_at = timezone.now()
    replication.save(
        update_fields=["moderation", "moderation_note", "moderated_by", "moderated_at"]
    )
    recount(replication.practice_id)
    enqueue(
        replication.representative.user.email,
        gettext("Su réplica de %(code)s no se publicó") % {"code": replication.practice.code},
        gettext(
            "La entidad no publicó lo que su prestador contó de su réplica de «%(title)s».\n\n"
            "Motivo: %(reason)s\n\nPuede corregirla y enviarla de nuevo: %(link)s\n"
        )
        % {
            "title": replication.practice.title,
            "reason": reason,
            "link": site_url() + reverse("replication:tell", args=[replication.practice.code]),
        },
        purpose=f"replication:{replication.pk}:rejected",
    )


def answer_token(replication):
    return signing.dumps(replication.pk, salt=ANSWER_SALT)


def replication_of_token(token):
    """The replication a link to answer names, or None (forged, or too old)."""
    try:
        pk = signing.loads(token, salt=ANSWER_SALT, max_age=ANSWER_DAYS * 24 * 60 * 60)
    except signing.BadSignature:
        return None
    return Replication.objects.filter(pk=pk).select_related("practice", "provider").first()


@transaction.atomic
def answer(replication, text):
    """The authors' one public answer; False when they already gave it."""
    updated = Replication.objects.filter(pk=replication.pk, answered_at__isnull=True).update(
        answer=text, answered_at=timezone.now()
    )
    if updated:
        recount(replication.practice_id)  # the ficha shows the answer: its pages move on
    return bool(updated)


def _tell_the_authors(replication, page):
    """The practice's contact (unless they withdrew their consent; else the entity's
    mailbox, as the contact relay does) learns that a provider replicated it."""
    from practices.views.relay import recipient

    practice = replication.practice
    link = site_url() + reverse("replication:answer", args=[answer_token(replication)])
    enqueue(
        recipient(practice),
        gettext("%(provider)s replicó su práctica %(code)s")
        % {"provider": replication.provider.display_name, "code": practice.code},
        gettext(
            "%(provider)s contó que replicó «%(title)s». Lo que contó está publicado en la "
            "ficha:\n%(page)s\n\nQuienes lideraron la práctica pueden responder públicamente, "
            "una sola vez, en esta dirección (válida por %(days)s días):\n%(link)s\n"
        )
        % {
            "provider": replication.provider,
            "title": practice.title,
            "page": page,
            "days": ANSWER_DAYS,
            "link": link,
        },
        purpose=f"replication:{replication.pk}:authors",
    )
