"""Putting messages in the outbox, and sending those that are due.

``enqueue(...)`` writes the message in the caller's transaction: if the caller's work is
rolled back, no message goes. ``send_due()`` sends what is due through Django's e-mail
mailer (settings.MAILERS, from ``EMAIL_URL`` or the usual variables: see settings.py),
one connection per round; a failure leaves the message waiting with back-off, a message that
keeps failing ends as failed, visible in the admin. Rows are claimed with
``select_for_update(skip_locked=True)`` on PostgreSQL, so two workers never send one
message twice. Messages carry personal data (a sender's address and words): ``forget_sent()``
deletes those sent more than settings.OUTBOX_KEEP_DAYS ago (each worker round calls it).
"""

import contextlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import connection, transaction
from django.utils import timezone

from outbox.models import Message

logger = logging.getLogger(__name__)
BATCH = 50


def enqueue(to, subject, body, reply_to="", purpose=""):
    """A message to send (it goes when a worker runs ``send_outbox``)."""
    return Message.objects.create(
        to=to, subject=subject[:200], body=body, reply_to=reply_to, purpose=purpose
    )


def send_due(now=None, batch=BATCH):
    """Send the messages that are due; (sent, failed) counts of this round."""
    sent = failed = 0
    with transaction.atomic():
        due = Message.objects.due(now)
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        messages = list(due[:batch])
        if not messages:
            return 0, 0
        try:
            mail = mailers.default
            mail.open()
        except Exception as error:  # the server is away: every message waits longer
            for message in messages:
                message.failed_attempt(error, now)
                message.save()
            logger.warning("Mail server unavailable: %s messages wait", len(messages))
            return 0, len(messages)
        try:
            for message in messages:
                try:
                    email = EmailMessage(
                        subject=message.subject,
                        body=message.body,
                        from_email=settings.DEFAULT_FROM_EMAIL,
                        to=[message.to],
                        reply_to=[message.reply_to] if message.reply_to else None,
                    )
                    mail.send_messages([email])
                except Exception as error:
                    message.failed_attempt(error, now)
                    failed += 1
                    logger.warning("Message %s not sent: %s", message.pk, error)
                else:
                    message.status = Message.Status.SENT
                    message.sent_at = timezone.now()
                    message.attempts += 1
                    sent += 1
                message.save()
        finally:
            with contextlib.suppress(Exception):  # the messages are already recorded
                mail.close()
    return sent, failed


def forget_sent(now=None):
    """Delete the messages sent more than OUTBOX_KEEP_DAYS ago; how many went."""
    now = now or timezone.now()
    old = Message.objects.filter(
        status=Message.Status.SENT, sent_at__lt=now - timedelta(days=settings.OUTBOX_KEEP_DAYS)
    )
    return old.delete()[0]
