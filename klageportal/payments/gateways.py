"""The payment gateway plugins and the one chosen by setting (KP_PAYMENT_GATEWAY)."""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from klageportal.payments import conf
from klageportal.payments.interfaces import PaymentGateway

GATEWAYS: dict[str, str] = {
    "testgateway": "klageportal.payments.contrib.testgateway",
}
"""Gateway name → plugin package. Adding a gateway is a new folder and a line here."""

DEVELOPMENT_ONLY = frozenset({"testgateway"})


class UnknownGateway(LookupError):
    pass


def gateway_get(name: str | None = None) -> PaymentGateway:
    """Return the named gateway plugin, or the configured one."""
    name = name or conf.gateway_name()
    package = GATEWAYS.get(name)
    if package is None:
        raise UnknownGateway(name)
    if name in DEVELOPMENT_ONLY and settings.IS_PRODUCTION:
        raise ImproperlyConfigured(f"the payment gateway {name!r} cannot be used in production")
    return import_module(f"{package}.gateway").Gateway()


def gateway_is_active(name: str) -> bool:
    """The named gateway is the configured one and may run here."""
    return conf.gateway_name() == name and not (name in DEVELOPMENT_ONLY and settings.IS_PRODUCTION)


def plugin_modules(module: str) -> list[str]:
    """The plugins' optional modules of one kind ("models", "urls"), by dotted path."""
    return [f"{package}.{module}" for package in GATEWAYS.values() if find_spec(f"{package}.{module}") is not None]
