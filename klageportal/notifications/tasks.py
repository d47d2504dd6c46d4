from celery import shared_task

from klageportal.notifications import services
from klageportal.notifications.models import OutboxEmail


def _attempt(task) -> str:
    """The running task's id (empty when the function is called directly, as the in-process scheduler does)."""
    return task.request.id or ""


@shared_task(acks_late=True)
def outbox_send(email_id: int) -> str | None:
    """Send one queued e-mail; when it fails and a broker is there, schedule the retry with backoff.

    Safe to run twice (a redelivered message, a worker lost mid-task): the e-mail is claimed before it is sent."""
    email = services.outbox_send_one(email_id=email_id, attempt=_attempt(outbox_send))
    if email is None:
        return None
    if email.state == OutboxEmail.State.RETRYING and not outbox_send.app.conf.task_always_eager:
        outbox_send.apply_async((email.pk,), eta=email.next_attempt_at)
    return email.state


@shared_task(acks_late=True)
def outbox_retry_due() -> int:
    """Send every e-mail whose retry is due (beat, or the in-process scheduler of the embedded default)."""
    due = services.outbox_due()
    for email_id in due:
        services.outbox_send_one(email_id=email_id, attempt=_attempt(outbox_retry_due))
    return len(due)


@shared_task(acks_late=True)
def outbox_send_many(email_ids: list[int]) -> int:
    """Send a batch of queued e-mails (the daily digest); one that fails is retried by the sweep with backoff."""
    for email_id in email_ids:
        services.outbox_send_one(email_id=email_id, attempt=_attempt(outbox_send_many))
    return len(email_ids)
