"""The test gateway refunds as a real gateway does: once per idempotency key, never beyond the payment (PAY-5)."""

import pytest

from klageportal.payments.contrib.testgateway.gateway import Gateway
from klageportal.payments.contrib.testgateway.models import GatewayRefund, HostedCheckout
from klageportal.payments.interfaces import GatewayError

pytestmark = pytest.mark.django_db


@pytest.fixture
def checkout():
    return HostedCheckout.objects.create(
        reference="ref-1",
        order_id="1",
        amount_ore=90000,
        description="Klagegebyr",
        return_url="http://testserver/retur/",
        callback_url="http://testserver/notifikation/",
        chosen="paid",
        status="paid",
    )


def test_the_same_key_twice_refunds_once(checkout):
    gateway = Gateway()
    first = gateway.refund(reference="ref-1", amount_ore=30000, idempotency_key="key-1")
    second = gateway.refund(reference="ref-1", amount_ore=30000, idempotency_key="key-1")
    assert first == second
    assert GatewayRefund.objects.get().amount_ore == 30000


def test_a_key_reused_for_another_amount_is_refused(checkout):
    gateway = Gateway()
    gateway.refund(reference="ref-1", amount_ore=30000, idempotency_key="key-1")
    with pytest.raises(GatewayError):
        gateway.refund(reference="ref-1", amount_ore=40000, idempotency_key="key-1")
    assert GatewayRefund.objects.count() == 1


def test_refunds_never_exceed_the_payment(checkout):
    gateway = Gateway()
    gateway.refund(reference="ref-1", amount_ore=60000, idempotency_key="a")
    with pytest.raises(GatewayError):
        gateway.refund(reference="ref-1", amount_ore=30001, idempotency_key="b")
    gateway.refund(reference="ref-1", amount_ore=30000, idempotency_key="c")
    assert sum(GatewayRefund.objects.values_list("amount_ore", flat=True)) == 90000


def test_an_unpaid_or_unknown_payment_is_not_refunded(checkout):
    HostedCheckout.objects.filter(pk=checkout.pk).update(status="declined")
    with pytest.raises(GatewayError):
        Gateway().refund(reference="ref-1", amount_ore=100, idempotency_key="a")
    with pytest.raises(GatewayError):
        Gateway().refund(reference="nope", amount_ore=100, idempotency_key="b")
    assert not GatewayRefund.objects.exists()


def test_the_setting_makes_every_refund_fail(checkout, settings):
    settings.TESTGATEWAY_REFUND_FAILS = True
    with pytest.raises(GatewayError):
        Gateway().refund(reference="ref-1", amount_ore=100, idempotency_key="a")
    assert not GatewayRefund.objects.exists()
