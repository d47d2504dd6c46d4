"""The payment gateway plugins and the one chosen by setting (KP_PAYMENT_GATEWAY).

A gateway is a folder under `payments/contrib/<name>/` whose `gateway.py` registers a class implementing
`interfaces.PaymentGateway` with `@registry.register("<name>")`. A gateway with tables or pages of its own
is a Django app of its own (see `contrib/testgateway/`); its `urls.py` is included with the payments URLs.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from klageportal.core.plugins import Registry, UnknownPlugin
from klageportal.payments import conf
from klageportal.payments.interfaces import PaymentGateway

registry = Registry[PaymentGateway](
    "payment gateway", package="klageportal.payments.contrib", module="gateway", setting="KP_PAYMENT_GATEWAY"
)

UnknownGateway = UnknownPlugin


def gateway_get(name: str | None = None) -> PaymentGateway:
    """Return the named gateway plugin, or the configured one."""
    gateway = registry.get(name or conf.gateway_name())
    if gateway.development_only and settings.IS_PRODUCTION:
        raise ImproperlyConfigured(f"the payment gateway {gateway.name!r} cannot be used in production")
    return gateway()


def gateway_is_active(name: str) -> bool:
    """The named gateway is the configured one and may run here."""
    if conf.gateway_name() != name:
        return False
    try:
        gateway = registry.get(name)
    except UnknownPlugin:
        return False
    return not (gateway.development_only and settings.IS_PRODUCTION)


def plugin_modules(module: str) -> list[str]:
    """The gateways' optional modules of one kind ("urls"), by dotted path."""
    return registry.provider_modules(module)
