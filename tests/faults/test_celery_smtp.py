"""NT-3 under faults: Redis stopped while a complaint is filed, a worker killed in the middle of sending, a mail
server that refuses. Real services, private to each test (see conftest.py); run with KP_TEST_FAULTS=1.

What is guaranteed is at least once, and once in every case tested here: an e-mail is claimed before it is sent,
so two runs of its task send it once. The one window left is a worker that dies after the mail server has
accepted the message (its 250 reply to DATA) but before the row is marked sent: the redelivered task sends it
again. A worker killed before that reply, as here, leaves nothing delivered, and the e-mail goes out once.
"""

import os
import signal
import socket
import threading
import time
from datetime import date

import pytest
from django.db import transaction
from django.utils import timezone

from klageportal.cases.models import Status
from klageportal.catalog.models import Authority, ComplaintType
from klageportal.catalog.services import catalog_load_defaults
from klageportal.filing import services as filing
from klageportal.notifications import tasks
from klageportal.notifications.models import OutboxEmail
from klageportal.notifications.services import email_queue, outbox_due, outbox_resend, outbox_send_one
from tests.factories import AuthorityUserFactory
from tests.faults.conftest import VISIBILITY_TIMEOUT_SECONDS, publishing_to
from tests.processes import wait_until

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

PUBLISH_GIVE_UP_SECONDS = 20
"""A request that hands a task to a broker that is down gives up well within this (settings: a connect timeout of
2 s and two retries); without those limits it would wait for the broker much longer."""
INGER = "0901410432"  # Inger Poulsen, in the local CPR register


def _queue(subject: str = "Ny klage i Klageportalen", to: str = "klagesager@viborg.example") -> OutboxEmail:
    """Queue an e-mail the way services do: handed to the broker when the transaction commits."""
    with transaction.atomic():
        return email_queue(
            to=to,
            reason=OutboxEmail.Reason.NEW_COMPLAINT,
            subject=subject,
            template="notifications/email/news.txt",
            context={"case_number": "NH-2026-000001", "link": "/sager/NH-2026-000001/"},
        )


def _state(email: OutboxEmail, *states: str) -> OutboxEmail | None:
    email.refresh_from_db()
    return email if email.state in states else None


def _filled_complaint():
    """A complaint filled in up to its summary by a municipality for an exempt citizen; its fee falls due only
    when it is forwarded, so submitting it makes it Indsendt at once."""
    catalog_load_defaults()
    viborg = Authority.objects.get(municipality_code="791")
    staff = AuthorityUserFactory(authority=viborg, full_name="Birgitte Andersen", email="ba@viborg.example")
    case = filing.complaint_start(by=staff, complaint_type=ComplaintType.objects.get(slug="landzonetilladelse"))
    filing.complaint_set_exempt_citizen(case=case, by=staff, cpr=INGER, exemption_reference="MFKN 26/01234")
    filing.complaint_set_citizen_contact(
        case=case,
        by=staff,
        name="Inger Poulsen",
        email="inger@example.dk",
        phone="",
        address="Solvænget 1, 8850 Bjerringbro",
        digital_post_exempt=True,
    )
    filing.complaint_set_decision(
        case=case,
        by=staff,
        authority=viborg,
        decision_date=date(2026, 10, 1),
        reference="LZ-1",
        complaint_text="Afgørelsen er forkert.",
        address="",
        lat=None,
        lon=None,
    )
    filing.complaint_documents_done(case=case, by=staff)
    case.refresh_from_db()
    return case, staff


# --- a. Redis stopped while a complaint is filed ------------------------------------------------------------


def test_a_complaint_filed_while_redis_is_down_is_indsendt_and_its_emails_go_out_once_redis_is_back(
    broker, smtp_server, start_worker, settings, worker_log
):
    settings.OUTBOX_BACKOFF_SECONDS = 0  # the sweep may send them as soon as Redis is back
    case, staff = _filled_complaint()
    broker.stop()

    started = time.monotonic()
    filing.complaint_submit(case=case, by=staff)
    took = time.monotonic() - started

    case.refresh_from_db()
    assert case.status == Status.INDSENDT
    emails = list(OutboxEmail.objects.order_by("pk"))
    assert emails, "submitting a complaint queues e-mails"
    assert {(email.state, email.attempts) for email in emails} == {(OutboxEmail.State.QUEUED, 0)}
    assert took < PUBLISH_GIVE_UP_SECONDS
    assert smtp_server.messages == []

    broker.start()
    start_worker()
    tasks.outbox_retry_due.delay()  # what beat does every KP_OUTBOX_RETRY_INTERVAL_SECONDS
    for email in emails:
        wait_until(lambda email=email: _state(email, OutboxEmail.State.SENT), f"e-mail {email.pk} sent\n{worker_log()}")
    assert sorted(smtp_server.recipients()) == sorted(email.to for email in emails)
    assert {email.attempts for email in emails} == {1}
    assert tasks.outbox_retry_due() == 0  # a later sweep finds nothing more to send
    assert len(smtp_server.messages) == len(emails)


def test_an_email_queued_while_the_broker_accepts_but_never_answers_does_not_hang_the_request(settings):
    """A broker that takes the connection and then says nothing (a hung Redis, a half-open connection): the
    socket timeout gives up, the e-mail stays queued for the sweep."""
    with socket.create_server(("127.0.0.1", 0)) as silent:
        held: list[socket.socket] = []
        accepting = threading.Thread(target=lambda: held.extend(silent.accept() for _ in range(100)), daemon=True)
        accepting.start()
        with publishing_to(f"redis://127.0.0.1:{silent.getsockname()[1]}/0", settings):
            started = time.monotonic()
            email = _queue()
            took = time.monotonic() - started
        for conn, _address in held:
            conn.close()
    email.refresh_from_db()
    assert (email.state, email.attempts) == (OutboxEmail.State.QUEUED, 0)
    assert took < PUBLISH_GIVE_UP_SECONDS


# --- b. A worker killed in the middle of a task -------------------------------------------------------------


def _unacked_older_than_visibility_timeout(broker) -> bool:
    """Redis hands a task taken by a worker that died back to the next worker once it has waited this long."""
    taken = broker.client().zrange("unacked_index", 0, -1, withscores=True)
    return bool(taken) and all(time.time() - score > VISIBILITY_TIMEOUT_SECONDS for _tag, score in taken)


def test_an_email_whose_worker_is_killed_while_sending_is_sent_once_by_the_next_worker(
    broker, smtp_server, start_worker, worker_log
):
    """Acknowledged late: the message stays with Redis while the task runs; the whole worker is SIGKILLed while
    the mail server has not answered DATA, and a new worker runs the same task again and sends the e-mail once."""
    smtp_server.mode = "hang"
    worker = start_worker()
    email = _queue()
    assert smtp_server.hanging.wait(60), f"the worker never reached DATA\n{worker_log()}"
    email.refresh_from_db()
    assert (email.state, email.attempts) == (OutboxEmail.State.SENDING, 1)
    task_id = email.claimed_by
    assert task_id

    worker.kill()
    smtp_server.mode = "accept"
    wait_until(lambda: _unacked_older_than_visibility_timeout(broker), "the task to be due for redelivery")
    start_worker()

    wait_until(lambda: _state(email, OutboxEmail.State.SENT), f"the e-mail sent after redelivery\n{worker_log()}")
    assert (email.attempts, email.claimed_by) == (2, task_id)
    assert smtp_server.recipients() == ["klagesager@viborg.example"]


def test_an_email_whose_pool_process_is_killed_while_sending_is_handed_back_and_sent_once(
    broker, smtp_server, start_worker, worker_log
):
    """The process running the task dies (out of memory, say) and the worker lives: the task is handed back to
    the queue at once (reject on worker lost) and run again, and the e-mail is sent once."""
    smtp_server.mode = "hang"
    worker = start_worker()
    email = _queue()
    assert smtp_server.hanging.wait(60), f"the worker never reached DATA\n{worker_log()}"
    (child,) = worker.children()
    smtp_server.mode = "accept"
    os.kill(child, signal.SIGKILL)

    wait_until(lambda: _state(email, OutboxEmail.State.SENT), f"the e-mail sent after it came back\n{worker_log()}")
    assert email.attempts == 2
    assert smtp_server.recipients() == ["klagesager@viborg.example"]
    assert worker.process.poll() is None


# --- c. A mail server that refuses ---------------------------------------------------------------------------


def test_a_refused_email_is_retried_with_backoff_by_the_worker_and_sent_once_the_server_accepts(
    broker, smtp_server, start_worker, worker_log
):
    smtp_server.mode = "refuse"
    start_worker(KP_OUTBOX_BACKOFF_SECONDS="1", KP_OUTBOX_MAX_ATTEMPTS="20")
    email = _queue()

    def refused_twice():
        email.refresh_from_db()
        return email.state == OutboxEmail.State.RETRYING and email.attempts >= 2

    wait_until(refused_twice, f"two refused attempts\n{worker_log()}")
    assert "421" in email.last_error and email.next_attempt_at is not None and email.sent_at is None
    smtp_server.mode = "accept"

    wait_until(lambda: _state(email, OutboxEmail.State.SENT), f"the e-mail sent\n{worker_log()}")
    assert email.attempts == smtp_server.refused + 1
    assert (email.last_error, email.next_attempt_at) == ("", None)
    assert smtp_server.recipients() == ["klagesager@viborg.example"]


@pytest.mark.django_db  # this process makes each attempt itself: nothing is sent when the test's e-mail commits
def test_a_refused_email_is_given_up_after_the_last_attempt_and_sent_once_when_sent_again(
    smtp_settings, smtp_server, django_capture_on_commit_callbacks
):
    """Backoff recorded attempt by attempt, given up (failed) after OUTBOX_MAX_ATTEMPTS; the administrator's
    "send again" sends it once the server accepts. Sent by this process (the embedded default)."""
    smtp_settings.OUTBOX_MAX_ATTEMPTS = 3
    smtp_settings.OUTBOX_BACKOFF_SECONDS = 60
    smtp_server.mode, smtp_server.refuse_code = "refuse", 554
    with django_capture_on_commit_callbacks(execute=False):
        email = _queue()  # not handed on: this test makes each attempt itself

    waits = []
    for attempt in range(1, 4):
        before = timezone.now()
        email = outbox_send_one(email_id=email.pk)
        assert email.attempts == attempt == smtp_server.refused
        assert "554" in email.last_error and email.sent_at is None
        if attempt < 3:
            assert email.state == OutboxEmail.State.RETRYING
            waits.append(round((email.next_attempt_at - before).total_seconds() / 60))
            OutboxEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())  # the wait is over
            assert outbox_due() == [email.pk]
    assert waits == [1, 2]  # minutes: doubling
    assert (email.state, email.next_attempt_at) == (OutboxEmail.State.FAILED, None)
    assert tasks.outbox_retry_due() == 0  # given up: the sweep leaves it alone
    assert smtp_server.refused == 3

    smtp_server.mode = "accept"
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_resend(email_ids=[email.pk]) == [email.pk]
    email.refresh_from_db()
    assert (email.state, email.attempts) == (OutboxEmail.State.SENT, 1)
    assert smtp_server.recipients() == ["klagesager@viborg.example"]
