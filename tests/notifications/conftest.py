"""The outbox tests."""

import pytest


@pytest.fixture
def queue_email():
    """Queue a notification the way services do."""
    from klageportal.notifications.models import OutboxEmail
    from klageportal.notifications.services import email_queue

    def queue(to: str = "klagesager@viborg.example", **kwargs) -> OutboxEmail:
        return email_queue(
            to=to,
            reason=kwargs.pop("reason", OutboxEmail.Reason.NEW_COMPLAINT),
            subject=kwargs.pop("subject", "Ny klage i Klageportalen"),
            template="notifications/email/news.txt",
            context=kwargs.pop("context", {"case_number": "NH-2026-000001", "link": "/sager/NH-2026-000001/"}),
            **kwargs,
        )

    return queue
