"""The payment settings (klageportal/settings.py reads them from KP_* variables), read when used."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

TESTGATEWAY_DEVELOPMENT_SECRET = "testgateway-development-secret"
TESTGATEWAY_MAX_LATE_SECONDS = 30.0
"""A late notification from the test gateway never waits longer than this."""


def _setting(name: str, default: str) -> str:
    value = getattr(settings, name, None)
    return default if value in (None, "") else str(value)


def gateway_name() -> str:
    """The configured payment gateway (KP_PAYMENT_GATEWAY); the test gateway by default."""
    return _setting("PAYMENT_GATEWAY", "testgateway")


def payment_link_days() -> int:
    """How many days a payment link can be used (KP_PAYMENT_LINK_DAYS, default 14)."""
    days = int(_setting("PAYMENT_LINK_DAYS", "14"))
    if days < 1:
        raise ImproperlyConfigured("KP_PAYMENT_LINK_DAYS must be at least 1")
    return days


def testgateway_secret() -> str:
    """The key the test gateway signs its notifications with (KP_TESTGATEWAY_SECRET)."""
    return _setting("TESTGATEWAY_SECRET", TESTGATEWAY_DEVELOPMENT_SECRET)


def testgateway_late_seconds() -> float:
    """How long the test gateway waits before a late notification (KP_TESTGATEWAY_LATE_SECONDS), bounded."""
    seconds = float(_setting("TESTGATEWAY_LATE_SECONDS", "3"))
    return min(max(seconds, 0.0), TESTGATEWAY_MAX_LATE_SECONDS)
