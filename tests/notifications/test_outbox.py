"""NT-3: every e-mail is recorded, sent after commit, and retried with backoff when sending fails."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from klageportal.notifications import tasks
from klageportal.notifications.models import CaughtEmail, OutboxEmail
from klageportal.notifications.services import backoff, outbox_due, outbox_send_one
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

FAILING = "klageportal.notifications.backends.FailingBackend"
CATCHER = "klageportal.notifications.backends.CatcherBackend"


@pytest.fixture
def failing(settings):
    settings.EMAIL_BACKEND = FAILING
    settings.OUTBOX_BACKOFF_SECONDS = 60
    return settings


def _make_due(email: OutboxEmail) -> None:
    OutboxEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def _queued_and_sent(queue_email, django_capture_on_commit_callbacks) -> OutboxEmail:
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_email()
    email.refresh_from_db()
    return email


# --- Queue and send after commit ------------------------------------------------------------------


def test_queued_email_is_recorded_with_its_reason_and_case(queue_email):
    """NT-3: to whom, why, when."""
    case = CaseFactory()
    email = queue_email(case=case)
    stored = OutboxEmail.objects.get(pk=email.pk)
    assert (stored.to, stored.reason, stored.case, stored.state) == (
        "klagesager@viborg.example",
        OutboxEmail.Reason.NEW_COMPLAINT,
        case,
        OutboxEmail.State.QUEUED,
    )
    assert stored.created_at is not None


def test_email_body_is_news_with_a_login_link_not_the_content(queue_email, settings):
    """NT-1"""
    email = queue_email()
    assert "NH-2026-000001" in email.body
    assert f"{settings.PORTAL_BASE_URL}/sager/NH-2026-000001/" in email.body


def test_email_is_not_sent_before_the_transaction_commits(queue_email, django_capture_on_commit_callbacks):
    """NT-3, STYLE: the outside world only on_commit."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email = queue_email()
    assert len(callbacks) == 1
    assert mail.outbox == []
    assert OutboxEmail.objects.get(pk=email.pk).state == OutboxEmail.State.QUEUED


def test_email_is_sent_once_the_transaction_commits(queue_email, django_capture_on_commit_callbacks):
    """NT-3"""
    email = _queued_and_sent(queue_email, django_capture_on_commit_callbacks)
    assert [(m.to, m.subject) for m in mail.outbox] == [(["klagesager@viborg.example"], "Ny klage i Klageportalen")]
    assert (email.state, email.attempts, email.last_error, email.next_attempt_at) == (
        OutboxEmail.State.SENT,
        1,
        "",
        None,
    )
    assert email.sent_at is not None


def test_email_of_a_rolled_back_transaction_is_neither_kept_nor_sent(queue_email, django_capture_on_commit_callbacks):
    """NT-3: no e-mail about something that did not happen."""
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        queue_email()
        raise RuntimeError("the case could not be saved")
    assert not OutboxEmail.objects.exists()
    assert mail.outbox == []


def test_sent_email_is_never_sent_twice(queue_email, django_capture_on_commit_callbacks):
    """NT-3"""
    email = _queued_and_sent(queue_email, django_capture_on_commit_callbacks)
    assert outbox_send_one(email_id=email.pk) is None
    assert tasks.outbox_send(email.pk) is None
    _make_due(email)
    assert tasks.outbox_retry_due() == 0
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.attempts == 1


# --- Failure, backoff and giving up -------------------------------------------------------------


def test_failed_send_is_recorded_for_a_retry(failing, queue_email, django_capture_on_commit_callbacks):
    """NT-3: a failure is recorded and the retry scheduled after the backoff."""
    before = timezone.now()
    email = _queued_and_sent(queue_email, django_capture_on_commit_callbacks)
    after = timezone.now()
    assert (email.state, email.attempts) == (OutboxEmail.State.RETRYING, 1)
    assert "ConnectionRefusedError" in email.last_error
    assert email.sent_at is None
    assert before + timedelta(seconds=60) <= email.next_attempt_at <= after + timedelta(seconds=60)
    assert mail.outbox == []


def test_backoff_doubles_up_to_a_day(settings):
    settings.OUTBOX_BACKOFF_SECONDS = 60
    assert [backoff(n).total_seconds() for n in range(1, 6)] == [60, 120, 240, 480, 960]
    assert backoff(30) == timedelta(days=1)


def test_each_failed_attempt_waits_twice_as_long(failing, queue_email, django_capture_on_commit_callbacks):
    """NT-3"""
    email = _queued_and_sent(queue_email, django_capture_on_commit_callbacks)
    waits = []
    for _ in range(3):
        _make_due(email)
        started = timezone.now()
        outbox_send_one(email_id=email.pk)
        email.refresh_from_db()
        waits.append(round((email.next_attempt_at - started).total_seconds() / 60))
    assert waits == [2, 4, 8]
    assert email.attempts == 4


def test_email_is_given_up_after_the_maximum_attempts(failing, queue_email, django_capture_on_commit_callbacks):
    """NT-3: failed, with the reason, and no further attempt."""
    failing.OUTBOX_MAX_ATTEMPTS = 3
    email = _queued_and_sent(queue_email, django_capture_on_commit_callbacks)
    for _ in range(2):
        _make_due(email)
        tasks.outbox_retry_due()
    email.refresh_from_db()
    assert (email.state, email.attempts, email.next_attempt_at) == (OutboxEmail.State.FAILED, 3, None)
    assert "ConnectionRefusedError" in email.last_error
    failing.EMAIL_BACKEND = CATCHER
    assert outbox_send_one(email_id=email.pk) is None
    assert tasks.outbox_retry_due() == 0
    assert not CaughtEmail.objects.exists()


def test_retry_is_not_sent_before_it_is_due(failing, queue_email, django_capture_on_commit_callbacks):
    """NT-3: the backoff is respected."""
    email = _queued_and_sent(queue_email, django_capture_on_commit_callbacks)
    failing.EMAIL_BACKEND = CATCHER
    assert outbox_due() == []
    assert tasks.outbox_retry_due() == 0
    assert outbox_send_one(email_id=email.pk) is None
    email.refresh_from_db()
    assert (email.state, email.attempts) == (OutboxEmail.State.RETRYING, 1)


@pytest.mark.parametrize("backend", [CATCHER, "django.core.mail.backends.locmem.EmailBackend"])
def test_due_retry_is_sent_once_the_server_is_back(failing, queue_email, django_capture_on_commit_callbacks, backend):
    """NT-3"""
    email = _queued_and_sent(queue_email, django_capture_on_commit_callbacks)
    failing.EMAIL_BACKEND = backend
    _make_due(email)
    assert outbox_due() == [email.pk]
    assert tasks.outbox_retry_due() == 1
    email.refresh_from_db()
    assert (email.state, email.attempts, email.last_error, email.next_attempt_at) == (
        OutboxEmail.State.SENT,
        2,
        "",
        None,
    )
    assert email.sent_at is not None
    delivered = CaughtEmail.objects.count() if backend == CATCHER else len(mail.outbox)
    assert delivered == 1
    if backend == CATCHER:
        caught = CaughtEmail.objects.get()
        assert (caught.to, caught.subject, caught.body) == (email.to, email.subject, email.body)
    assert tasks.outbox_retry_due() == 0


def test_retries_are_swept_oldest_first(failing, queue_email, django_capture_on_commit_callbacks):
    first = _queued_and_sent(queue_email, django_capture_on_commit_callbacks)
    second = _queued_and_sent(queue_email, django_capture_on_commit_callbacks)
    now = timezone.now()
    OutboxEmail.objects.filter(pk=first.pk).update(next_attempt_at=now - timedelta(minutes=1))
    OutboxEmail.objects.filter(pk=second.pk).update(next_attempt_at=now - timedelta(minutes=5))
    assert outbox_due() == [second.pk, first.pk]


# --- Nothing is lost -----------------------------------------------------------------------------


def test_email_whose_task_never_ran_is_sent_by_the_sweep(queue_email, django_capture_on_commit_callbacks, settings):
    """NT-3: a broker that is down or a lost message does not lose the e-mail."""
    settings.EMAIL_BACKEND = CATCHER
    with django_capture_on_commit_callbacks(execute=False):
        email = queue_email()
    assert outbox_due() == []  # the task gets its chance first
    _make_due(email)
    assert tasks.outbox_retry_due() == 1
    email.refresh_from_db()
    assert email.state == OutboxEmail.State.SENT
    assert CaughtEmail.objects.count() == 1


def test_broker_down_does_not_break_the_committed_request(
    queue_email, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    """NT-3: the transaction that queued the e-mail has committed; failing to hand it on is retried later."""

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker unreachable")

    monkeypatch.setattr(tasks.outbox_send, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_email()
    email.refresh_from_db()
    assert email.state == OutboxEmail.State.QUEUED
    assert email.next_attempt_at is not None
    assert f"E-mail {email.pk} could not be handed to the task queue" in caplog.text


def test_attempt_abandoned_by_a_dead_worker_is_retried_after_its_lease(queue_email, settings):
    """NT-3: an e-mail stuck in "sending" is tried again once its lease has run out."""
    settings.EMAIL_BACKEND = CATCHER
    email = queue_email()
    OutboxEmail.objects.filter(pk=email.pk).update(
        state=OutboxEmail.State.SENDING, attempts=1, next_attempt_at=timezone.now() + timedelta(minutes=5)
    )
    assert tasks.outbox_retry_due() == 0
    assert outbox_send_one(email_id=email.pk) is None
    _make_due(email)
    assert tasks.outbox_retry_due() == 1
    email.refresh_from_db()
    assert (email.state, email.attempts) == (OutboxEmail.State.SENT, 2)


def test_attempt_in_progress_holds_a_lease(queue_email, settings, monkeypatch):
    """Another worker does not send an e-mail that is being sent."""
    from klageportal.notifications import services

    seen = {}

    def send(self, *args, **kwargs):
        row = OutboxEmail.objects.get(pk=email.pk)
        seen["state"], seen["next_attempt_at"] = row.state, row.next_attempt_at
        seen["second"] = services.outbox_send_one(email_id=email.pk)
        return 1

    monkeypatch.setattr("django.core.mail.EmailMessage.send", send)
    email = queue_email()
    started = timezone.now()
    outbox_send_one(email_id=email.pk)
    assert seen["state"] == OutboxEmail.State.SENDING
    assert seen["next_attempt_at"] >= started + services.SENDING_LEASE
    assert seen["second"] is None
