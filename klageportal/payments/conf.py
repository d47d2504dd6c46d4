"""The payment settings (klageportal/settings.py reads them from KP_* variables), read when used.

A gateway plugin reads its own settings in its own folder (e.g. `contrib/testgateway/conf.py`).
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


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
