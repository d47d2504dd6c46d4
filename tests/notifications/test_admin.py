"""NT-3: administrators see the e-mails that failed and can send them again from the admin."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from klageportal.notifications.models import OutboxEmail
from tests.factories import AdminFactory, CitizenFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:notifications_outboxemail_changelist"


def outbox(state: str, **fields) -> OutboxEmail:
    return OutboxEmail.objects.create(
        to=fields.pop("to", "jens@example.dk"),
        subject="Betalingslink",
        body="…",
        reason=OutboxEmail.Reason.PAYMENT_LINK,
        state=state,
        attempts=fields.pop("attempts", 8),
        last_error=fields.pop("last_error", "ConnectionRefusedError: SMTP server refused the connection"),
        **fields,
    )


@pytest.fixture
def admin_client(client):
    client.force_login(AdminFactory())
    return client


def test_the_outbox_is_filtered_by_state(admin_client):
    failed = outbox(OutboxEmail.State.FAILED, to="opgivet@example.dk")
    outbox(OutboxEmail.State.SENT, to="sendt@example.dk", attempts=1, last_error="")

    page = admin_client.get(reverse(CHANGELIST), {"state__exact": OutboxEmail.State.FAILED})

    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [failed]
    assert "SMTP server refused" in page.content.decode()


def test_send_again_requeues_failed_emails_and_sends_them(admin_client, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    failed = outbox(OutboxEmail.State.FAILED)
    sent = outbox(OutboxEmail.State.SENT, attempts=1, last_error="", sent_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse(CHANGELIST),
            {"action": "resend", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )

    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == (OutboxEmail.State.SENT, 1)  # started afresh, then delivered
    assert [message.to for message in mail.outbox] == [["jens@example.dk"]]
    text = response.content.decode()
    assert "1 e-mail sendes igen." in text
    assert "1 e-mail var ikke opgivet og er ikke ændret." in text
    sent_before = sent.sent_at
    sent.refresh_from_db()
    assert (sent.state, sent.attempts, sent.sent_at) == (OutboxEmail.State.SENT, 1, sent_before)


def test_send_again_resets_attempts_and_is_due_now_without_a_queue(admin_client, django_capture_on_commit_callbacks):
    """With the queue unreachable the e-mail still waits for the retry sweep, due at once and with every attempt."""
    failed = outbox(OutboxEmail.State.FAILED)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        admin_client.post(reverse(CHANGELIST), {"action": "resend", "_selected_action": [failed.pk]})

    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == (OutboxEmail.State.QUEUED, 0)
    assert failed.next_attempt_at <= timezone.now()
    assert len(callbacks) == 1  # handed to the task queue after commit


def test_people_without_admin_access_cannot_send_again(client):
    failed = outbox(OutboxEmail.State.FAILED)
    client.force_login(CitizenFactory())

    response = client.post(reverse(CHANGELIST), {"action": "resend", "_selected_action": [failed.pk]})

    assert response.status_code in (302, 403)
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == (OutboxEmail.State.FAILED, 8)
