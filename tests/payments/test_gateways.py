"""The payment gateway is a folder under payments/contrib/, chosen by KP_PAYMENT_GATEWAY (PAY-1)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from klageportal.payments.contrib.testgateway.gateway import Gateway as TestGateway
from klageportal.payments.gateways import gateway_get, gateway_is_active, plugin_modules, registry


def test_the_test_gateway_is_the_configured_default():
    assert isinstance(gateway_get(), TestGateway)
    assert registry.names() == ["testgateway"]


def test_an_unknown_gateway_is_a_configuration_error_naming_the_choices(settings):
    settings.PAYMENT_GATEWAY = "realgateway"

    with pytest.raises(ImproperlyConfigured, match="KP_PAYMENT_GATEWAY='realgateway'.*testgateway"):
        gateway_get()
    assert not gateway_is_active("realgateway")


def test_the_test_gateway_is_refused_in_production(settings):
    settings.IS_PRODUCTION = True

    with pytest.raises(ImproperlyConfigured, match="cannot be used in production"):
        gateway_get()
    assert not gateway_is_active("testgateway")


def test_a_gateways_own_pages_are_included_with_the_payment_urls():
    assert plugin_modules("urls") == ["klageportal.payments.contrib.testgateway.urls"]


@pytest.mark.django_db
def test_a_notification_for_an_unknown_gateway_is_not_found(client):
    assert (
        client.post("/betaling/notifikation/nosuchgateway/", b"{}", content_type="application/json").status_code == 404
    )
