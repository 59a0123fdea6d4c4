"""Withdrawing a contact's consent (Ley 1581 de 2012, art. 8 e): the holder no longer
authorises publishing their name, e-mail and phone, nor receiving the catalogue's messages.

``withdraw()`` turns publication off on the practices and their open revisions at once
(each public page, export and the relay read these fields; the catalogue's version moves,
so no cached page keeps the contact), marks the withdrawal so the relay writes to the
entity's mailbox instead, and writes an entry in each practice's history naming who did it
and why.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from practices.models import Practice

# HistoricalPractice.history_change_reason holds 100 characters.
REASON_LENGTH = 100


@transaction.atomic
def withdraw(practices, by, reason):
    """Withdraw the contact's consent on ``practices`` (a queryset) and their open
    revisions; the number of practices changed."""
    now = timezone.now()
    pks = list(practices.values_list("pk", flat=True))
    affected = Practice.objects.filter(Q(pk__in=pks) | Q(revision_of__in=pks)).filter(
        contact_consent_withdrawn_at__isnull=True
    )
    note = gettext("Contacto retirado: %(reason)s") % {"reason": reason}
    changed = 0
    for practice in affected.select_for_update():
        practice.contact_publish_allowed = False
        practice.contact_consent_recorded_by = None
        practice.contact_consent_withdrawn_at = now
        practice._history_user = by
        practice._change_reason = note[:REASON_LENGTH]
        practice.save(
            update_fields=[
                "contact_publish_allowed",
                "contact_consent_recorded_by",
                "contact_consent_withdrawn_at",
                "updated_at",
            ]
        )
        changed += 1
    return changed
