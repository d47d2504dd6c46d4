"""The outbox tests, and the Redis/Celery integration test that runs only where a broker is configured."""

import os

import pytest

REDIS_ENV = "KP_TEST_REDIS_URL"


def pytest_collection_modifyitems(config, items):
    """Skip `celery_redis` tests unless KP_TEST_REDIS_URL names a broker; when it does, a broker that is down fails."""
    if os.environ.get(REDIS_ENV):
        return
    skip = pytest.mark.skip(reason=f"needs a Redis broker: set {REDIS_ENV} (e.g. redis://127.0.0.1:6379/15)")
    for item in items:
        if "celery_redis" in item.keywords:
            item.add_marker(skip)


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
