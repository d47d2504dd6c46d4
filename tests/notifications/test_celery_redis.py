"""NT-3 end to end: a real Redis broker and a real Celery worker send what the outbox queues.

Selected with `-m celery_redis` and run only when KP_TEST_REDIS_URL is set (see conftest.py). A broker that does
not answer fails the test; it is never skipped once the URL is given.
"""

import os
import time
import uuid
from contextlib import contextmanager

import pytest
import redis
from celery import signals
from celery.contrib.testing.worker import start_worker
from django.db import connections, transaction

from klageportal.celery import app
from klageportal.notifications import tasks
from klageportal.notifications.models import CaughtEmail, OutboxEmail
from klageportal.notifications.services import email_queue

pytestmark = [pytest.mark.celery_redis, pytest.mark.django_db(transaction=True)]

CATCHER = "klageportal.notifications.backends.CatcherBackend"
FAILING = "klageportal.notifications.backends.FailingBackend"
WAIT_SECONDS = 30
# Other test runs may share the Redis database: keep this run's queues apart and leave theirs alone.
KEY_PREFIX = f"kp-test-{uuid.uuid4().hex[:12]}:"
CONF = {
    "broker_url": None,
    "broker_transport_options": {"global_keyprefix": KEY_PREFIX},
    "task_always_eager": False,
    "result_backend": None,
    "worker_hijack_root_logger": False,
    "broker_connection_retry_on_startup": False,
}


def _close_worker_connections(**kwargs):
    """The worker thread opens its own database connection; close it so the test database can be dropped."""
    connections.close_all()


@pytest.fixture
def broker_url(settings):
    """The test broker, with tasks sent to it instead of run in-process; its keys are removed afterwards."""
    url = os.environ.get("KP_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.EMAIL_BACKEND = CATCHER
    saved = {key: app.conf.get(key) for key in CONF}
    app.conf.update({**CONF, "broker_url": url})
    yield url
    app.conf.update(saved)
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=3)
        for key in client.scan_iter(match=f"{KEY_PREFIX}*"):
            client.delete(key)
    except redis.RedisError:
        pass  # nothing was left there if it never answered


@contextmanager
def celery_worker(url: str):
    """Start a Celery worker in this process, after making sure the broker answers (else the test fails)."""
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3).ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis at {url} does not answer: {exc}")
    signals.task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20) as worker:
            yield worker
    finally:
        signals.task_postrun.disconnect(_close_worker_connections)


def _queue(subject: str) -> OutboxEmail:
    with transaction.atomic():
        email = email_queue(
            to="klagesager@viborg.example",
            reason=OutboxEmail.Reason.NEW_COMPLAINT,
            subject=subject,
            template="notifications/email/news.txt",
            context={"case_number": "NH-2026-000001", "link": "/sager/NH-2026-000001/"},
        )
        assert OutboxEmail.objects.get(pk=email.pk).state == OutboxEmail.State.QUEUED
    return email


def _wait_until(email: OutboxEmail, state: str) -> OutboxEmail:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        email.refresh_from_db()
        if email.state == state:
            return email
        time.sleep(0.1)
    pytest.fail(f"e-mail still {email.state!r} after {WAIT_SECONDS} s (attempts={email.attempts}, {email.last_error})")


def test_worker_sends_an_email_queued_in_a_transaction(broker_url):
    """NT-3: committed, handed to Redis, sent by the worker, recorded as sent."""
    assert tasks.outbox_send.name in app.tasks
    with celery_worker(broker_url):
        email = _wait_until(_queue("Ny klage: sendt af Celery"), OutboxEmail.State.SENT)
    assert (email.attempts, email.last_error, email.next_attempt_at) == (1, "", None)
    assert email.sent_at is not None
    assert list(CaughtEmail.objects.values_list("subject", flat=True)) == ["Ny klage: sendt af Celery"]


def test_worker_retries_a_failed_email_after_the_backoff(broker_url, settings):
    """NT-3: a failure is recorded and the worker tries again after the backoff, without any sweep."""
    settings.EMAIL_BACKEND = FAILING
    settings.OUTBOX_BACKOFF_SECONDS = 1
    with celery_worker(broker_url):
        email = _wait_until(_queue("Ny klage: andet forsøg"), OutboxEmail.State.RETRYING)
        assert "ConnectionRefusedError" in email.last_error
        settings.EMAIL_BACKEND = CATCHER
        email = _wait_until(email, OutboxEmail.State.SENT)
    assert email.attempts >= 2
    assert CaughtEmail.objects.filter(subject="Ny klage: andet forsøg").count() == 1
