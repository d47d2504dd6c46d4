"""Queue and send e-mails through the outbox."""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from klageportal.notifications.models import OutboxEmail

logger = logging.getLogger(__name__)


def email_queue(*, to: str, reason: str, subject: str, template: str, context: dict, case=None) -> OutboxEmail:
    """Record an e-mail and send it once the surrounding transaction has committed."""
    body = render_to_string(template, {"base_url": settings.PORTAL_BASE_URL, **context})
    # The retry sweep sends it if the immediate task never runs (a broker that is down, a lost message).
    email = OutboxEmail.objects.create(
        to=to, reason=reason, subject=subject, body=body, case=case, next_attempt_at=timezone.now() + backoff(1)
    )
    transaction.on_commit(partial(_enqueue, email.pk))
    return email


def _enqueue(email_id: int) -> None:
    from klageportal.notifications.tasks import outbox_send

    try:
        outbox_send.delay(email_id)
    except Exception:
        # The transaction has committed: a broker that is down must not fail the request. The sweep sends it.
        logger.exception("E-mail %s could not be handed to the task queue; the retry sweep will send it", email_id)


def backoff(attempts: int) -> timedelta:
    """Wait 1, 2, 4, 8 … base periods between attempts, at most a day."""
    return timedelta(seconds=min(settings.OUTBOX_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0), 24 * 3600))


SENDING_LEASE = timedelta(minutes=15)
"""How long an attempt may take before the sweep assumes its worker died and tries again."""


def _sendable(now) -> Q:
    """New e-mails, and retries and abandoned attempts whose time has come."""
    return Q(state=OutboxEmail.State.QUEUED) | Q(
        state__in=[OutboxEmail.State.RETRYING, OutboxEmail.State.SENDING], next_attempt_at__lte=now
    )


def outbox_send_one(*, email_id: int, attempt: str = "") -> OutboxEmail | None:
    """Try to deliver one e-mail; record the outcome and when to try again.

    The e-mail is claimed by one conditional UPDATE (queued, or due, and not being sent), so of two workers that
    run the same task at once only one sends it; the other gets None. `attempt` names the caller (the Celery task's
    id): the same task handed back to the queue after its worker died takes the e-mail up again at once, where
    anyone else waits for SENDING_LEASE.

    At least once, not exactly once: a worker that dies after the mail server accepted the message but before the
    row is marked sent leaves it 'sending', and the next attempt sends it again. Dying at any earlier point (before
    the server's final reply to DATA) sends it once."""
    now = timezone.now()
    claimable = _sendable(now)
    if attempt:
        claimable |= Q(state=OutboxEmail.State.SENDING, claimed_by=attempt)
    claimed = OutboxEmail.objects.filter(claimable, pk=email_id).update(
        state=OutboxEmail.State.SENDING,
        attempts=F("attempts") + 1,
        next_attempt_at=now + SENDING_LEASE,
        claimed_by=attempt,
    )
    if not claimed:
        return None  # already sent, given up, not due yet, or being sent by another worker
    email = OutboxEmail.objects.get(pk=email_id)
    try:
        EmailMessage(subject=email.subject, body=email.body, to=[email.to]).send()
    except Exception as exc:  # any transport failure is retried
        email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            email.state = OutboxEmail.State.FAILED
            email.next_attempt_at = None
        else:
            email.state = OutboxEmail.State.RETRYING
            email.next_attempt_at = timezone.now() + backoff(email.attempts)
        logger.warning("E-mail %s failed (attempt %s): %s", email.pk, email.attempts, email.last_error)
    else:
        email.state = OutboxEmail.State.SENT
        email.sent_at = timezone.now()
        email.next_attempt_at = None
        email.last_error = ""
    email.save(update_fields=["state", "last_error", "next_attempt_at", "sent_at"])
    return email


def outbox_due(*, now=None) -> list[int]:
    """E-mails whose next attempt is due, oldest first."""
    now = now or timezone.now()
    return list(
        OutboxEmail.objects.filter(
            state__in=[OutboxEmail.State.QUEUED, OutboxEmail.State.RETRYING, OutboxEmail.State.SENDING],
            next_attempt_at__lte=now,
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:500]
    )


def outbox_enqueue_many(email_ids: list[int]) -> None:
    """Hand e-mails made in bulk (the daily digest) to the task queue once the transaction has committed: one
    task per batch, not one per e-mail. If the queue is unreachable, the retry sweep sends them."""
    if email_ids:
        transaction.on_commit(partial(_enqueue_many, list(email_ids)))


def _enqueue_many(email_ids: list[int]) -> None:
    from klageportal.notifications.tasks import outbox_send_many

    try:
        outbox_send_many.delay(email_ids)
    except Exception:
        logger.exception("%s e-mails could not be handed to the task queue; the sweep will send them", len(email_ids))


def outbox_resend(*, email_ids: list[int]) -> list[int]:
    """NT-3: an administrator sends failed e-mails again: each starts afresh (no attempts, due now) and is handed
    to the task queue. Returns the e-mails re-queued; only e-mails that failed for good are touched."""
    with transaction.atomic():
        failed = list(
            OutboxEmail.objects.select_for_update()
            .filter(pk__in=email_ids, state=OutboxEmail.State.FAILED)
            .values_list("pk", flat=True)
        )
        OutboxEmail.objects.filter(pk__in=failed).update(
            state=OutboxEmail.State.QUEUED, attempts=0, next_attempt_at=timezone.now()
        )
        for email_id in failed:
            transaction.on_commit(partial(_enqueue, email_id))
    return failed
