"""The test gateway's settings (klageportal/settings.py reads them from KP_TESTGATEWAY_* variables), read when used."""

from django.conf import settings

DEVELOPMENT_SECRET = "testgateway-development-secret"
MAX_LATE_SECONDS = 30.0
"""A late notification from the test gateway never waits longer than this."""


def _setting(name: str, default: str) -> str:
    value = getattr(settings, name, None)
    return default if value in (None, "") else str(value)


def secret() -> str:
    """The key the test gateway signs its notifications with (KP_TESTGATEWAY_SECRET)."""
    return _setting("TESTGATEWAY_SECRET", DEVELOPMENT_SECRET)


def late_seconds() -> float:
    """How long the test gateway waits before a late notification (KP_TESTGATEWAY_LATE_SECONDS), bounded."""
    seconds = float(_setting("TESTGATEWAY_LATE_SECONDS", "3"))
    return min(max(seconds, 0.0), MAX_LATE_SECONDS)


def refund_fails() -> bool:
    """Every refund fails (KP_TESTGATEWAY_REFUND_FAILS), so that a failed refund and its retry can be tried."""
    return _setting("TESTGATEWAY_REFUND_FAILS", "").lower() in ("1", "true", "yes", "on")
