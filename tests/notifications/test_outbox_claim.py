"""NT-3: a task that runs twice (a message delivered twice, a worker lost mid-task) sends its e-mail once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone

from klageportal.notifications import tasks
from klageportal.notifications.models import OutboxEmail
from klageportal.notifications.services import SENDING_LEASE, outbox_send_one

pytestmark = pytest.mark.django_db


def _left_sending_by(email: OutboxEmail, attempt: str) -> None:
    """What a worker killed while it sent the e-mail leaves behind."""
    OutboxEmail.objects.filter(pk=email.pk).update(
        state=OutboxEmail.State.SENDING, attempts=1, claimed_by=attempt, next_attempt_at=timezone.now() + SENDING_LEASE
    )


def test_an_email_being_sent_by_one_worker_is_not_sent_by_another(queue_email, monkeypatch):
    """The same task run by two workers at once: the second finds the e-mail claimed and sends nothing."""
    email = queue_email()
    second: list[OutboxEmail | None] = []
    send = EmailMessage.send

    def send_while_another_worker_tries(message, *args, **kwargs):
        second.append(outbox_send_one(email_id=email.pk, attempt="the-other-worker"))
        return send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", send_while_another_worker_tries)
    sent = outbox_send_one(email_id=email.pk, attempt="the-first-worker")
    assert second == [None]
    assert (sent.state, sent.attempts, sent.claimed_by) == (OutboxEmail.State.SENT, 1, "the-first-worker")
    assert len(mail.outbox) == 1


def test_the_same_task_run_twice_sends_once(queue_email):
    """A message delivered twice: the second run finds the e-mail sent."""
    email = queue_email()
    assert tasks.outbox_send.apply(args=(email.pk,), task_id="task-1").get() == OutboxEmail.State.SENT
    assert tasks.outbox_send.apply(args=(email.pk,), task_id="task-1").get() is None
    assert tasks.outbox_send.apply(args=(email.pk,), task_id="task-2").get() is None
    assert tasks.outbox_retry_due() == 0
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert (email.state, email.attempts) == (OutboxEmail.State.SENT, 1)


def test_a_task_handed_back_after_its_worker_died_sends_the_email_it_was_sending(queue_email):
    """The task redelivered after its worker was killed takes its own claim up again at once and sends once."""
    email = queue_email()
    _left_sending_by(email, "task-1")
    assert tasks.outbox_send.apply(args=(email.pk,), task_id="task-2").get() is None  # someone else: wait for the lease
    assert tasks.outbox_retry_due() == 0
    assert mail.outbox == []
    assert tasks.outbox_send.apply(args=(email.pk,), task_id="task-1").get() == OutboxEmail.State.SENT
    assert tasks.outbox_send.apply(args=(email.pk,), task_id="task-1").get() is None
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert (email.state, email.attempts) == (OutboxEmail.State.SENT, 2)


def test_an_email_whose_worker_died_is_sent_by_the_sweep_once_the_lease_has_passed(queue_email):
    email = queue_email()
    _left_sending_by(email, "task-1")
    OutboxEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert tasks.outbox_retry_due() == 1
    assert tasks.outbox_retry_due() == 0
    assert tasks.outbox_send.apply(args=(email.pk,), task_id="task-1").get() is None  # the late redelivery
    assert len(mail.outbox) == 1


def test_a_batch_run_twice_sends_each_email_once(queue_email):
    """The digest's batch task delivered twice."""
    emails = [queue_email(to=f"part{n}@example.dk") for n in range(3)]
    ids = [email.pk for email in emails]
    assert tasks.outbox_send_many.apply(args=(ids,), task_id="batch-1").get() == 3
    assert tasks.outbox_send_many.apply(args=(ids,), task_id="batch-1").get() == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["part0@example.dk", "part1@example.dk", "part2@example.dk"]
    assert set(OutboxEmail.objects.values_list("state", "attempts")) == {(OutboxEmail.State.SENT, 1)}
