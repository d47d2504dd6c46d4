"""The whole card payment through the test gateway's hosted page, in-process (PAY-1, PAY-4)."""

import pytest
from django.urls import reverse

from klageportal.cases.models import CaseEvent
from klageportal.payments.contrib.testgateway import views as gateway_views
from klageportal.payments.contrib.testgateway.models import HostedCheckout
from klageportal.payments.models import GatewayNotification, Payment
from tests.payments.conftest import CALLBACK_PATH

pytestmark = pytest.mark.django_db

CALLBACK_OK = ("POST", CALLBACK_PATH, 200)


def paid_events(case):
    return case.events.filter(kind=CaseEvent.Kind.PAYMENT, data__action="paid")


def open_hosted_page(client, case) -> str:
    response = client.post(reverse("payments:pay", kwargs={"number": case.number}))
    assert response.status_code == 302
    assert response["Location"].startswith("/testbetaling/")
    return response["Location"]


@pytest.fixture
def deferred(monkeypatch):
    """Late notifications are collected here instead of running on a timer thread."""
    tasks = []
    monkeypatch.setattr(gateway_views, "notify_later", lambda task, delay: tasks.append((task, delay)))
    return tasks


def test_card_payment_through_the_hosted_page(
    client, case, filer, portal_transport, fee_paid_calls, django_capture_on_commit_callbacks
):
    client.force_login(filer)
    with django_capture_on_commit_callbacks(execute=True):
        page_url = open_hosted_page(client, case)
        page = client.get(page_url)
        content = page.content.decode()
        assert page.status_code == 200
        for text in ("900 kr.", "Godkend betaling", "Afvis", "Annullér", "Send notifikationen to gange"):
            assert text in content
        assert f"Klagegebyr for sag {case.number}" in content

        response = client.post(page_url, {"choice": "approve"})
        assert response.status_code == 302
        return_url = response["Location"]
        assert return_url.startswith("http://testserver/betaling/retur/testgateway/?reference=")
        assert portal_transport.calls == [CALLBACK_OK]  # notified before the browser is sent back

        result = client.get(return_url)
    content = result.content.decode()
    assert "Betalingen er gennemført" in content
    assert f'href="{case.get_absolute_url()}"' in content
    payment = case.payments.get()
    assert payment.state == Payment.State.PAID
    assert paid_events(case).count() == 1
    assert fee_paid_calls == [(case.pk, payment.pk)]


@pytest.mark.parametrize(
    ("choice", "state", "heading"),
    [("decline", "declined", "Betalingen blev afvist"), ("cancel", "cancelled", "Betalingen blev annulleret")],
)
def test_a_declined_or_cancelled_payment_says_so_and_lets_the_filer_try_again(
    client, case, filer, portal_transport, fee_paid_calls, choice, state, heading
):
    client.force_login(filer)
    page_url = open_hosted_page(client, case)
    result = client.post(page_url, {"choice": choice}, follow=True)
    content = result.content.decode()
    assert heading in content
    assert "Der er ikke trukket penge" in content
    assert reverse("payments:pay", kwargs={"number": case.number}) in content
    assert case.payments.get().state == state
    assert not paid_events(case).exists()
    assert fee_paid_calls == []
    # The same page cannot be used again; a new attempt is a new payment.
    assert "Betalingen er allerede afsluttet" in client.get(page_url).content.decode()
    open_hosted_page(client, case)
    assert case.payments.count() == 2


def test_notification_sent_twice_records_one_payment(
    client, case, filer, portal_transport, fee_paid_calls, django_capture_on_commit_callbacks
):
    client.force_login(filer)
    with django_capture_on_commit_callbacks(execute=True):
        page_url = open_hosted_page(client, case)
        client.post(page_url, {"choice": "approve", "twice": "on"}, follow=True)
    assert portal_transport.calls == [CALLBACK_OK, CALLBACK_OK]
    assert GatewayNotification.objects.count() == 1
    assert case.payments.filter(state=Payment.State.PAID).count() == 1
    assert paid_events(case).count() == 1
    assert len(fee_paid_calls) == 1


def test_late_notification_after_the_redirect_records_one_payment(
    client, case, filer, portal_transport, deferred, fee_paid_calls, django_capture_on_commit_callbacks
):
    """The browser is back before the gateway has decided: "behandles", then paid once the notification comes."""
    client.force_login(filer)
    with django_capture_on_commit_callbacks(execute=True):
        page_url = open_hosted_page(client, case)
        response = client.post(page_url, {"choice": "approve", "late": "on", "twice": "on"})
        return_url = response["Location"]
        assert portal_transport.calls == []

        waiting = client.get(return_url).content.decode()
        assert "Betalingen behandles" in waiting
        assert "Opdatér siden" in waiting
        assert case.payments.get().state == Payment.State.PENDING
        assert not paid_events(case).exists()

        (task, delay), *_ = deferred
        assert 0 <= delay <= 30
        task()
        assert portal_transport.calls == [CALLBACK_OK, CALLBACK_OK]

        assert "Betalingen er gennemført" in client.get(return_url).content.decode()
    assert case.payments.filter(state=Payment.State.PAID).count() == 1
    assert paid_events(case).count() == 1
    assert len(fee_paid_calls) == 1


def test_the_return_after_a_late_approval_and_the_late_notification_record_one_payment(
    client, case, filer, portal_transport, deferred, fee_paid_calls, django_capture_on_commit_callbacks
):
    """The gateway decided, its notification is still on its way, the browser returns: settled once, by either."""
    client.force_login(filer)
    with django_capture_on_commit_callbacks(execute=True):
        page_url = open_hosted_page(client, case)
        return_url = client.post(page_url, {"choice": "approve", "late": "on"})["Location"]
        reference = case.payments.get().gateway_reference
        HostedCheckout.objects.filter(reference=reference).update(status="paid")  # decided, not yet notified
        assert "Betalingen er gennemført" in client.get(return_url).content.decode()
        deferred[0][0]()
    assert GatewayNotification.objects.get().applied is False
    assert paid_events(case).count() == 1
    assert len(fee_paid_calls) == 1


@pytest.mark.django_db(transaction=True)
def test_late_notification_from_the_background_thread(client, case, filer, portal_transport, fee_paid_calls, settings):
    """The real late path: a timer thread completes the payment and notifies after the redirect."""
    settings.TESTGATEWAY_LATE_SECONDS = 0.05
    threads = []
    original = gateway_views.notify_later

    def keep(task, delay):
        threads.append(original(task, delay))

    gateway_views.notify_later = keep
    try:
        client.force_login(filer)
        page_url = open_hosted_page(client, case)
        client.post(page_url, {"choice": "approve", "late": "on"})
        threads[0].join(timeout=15)
    finally:
        gateway_views.notify_later = original
    assert not threads[0].is_alive()
    assert portal_transport.calls == [CALLBACK_OK]
    assert case.payments.get().state == Payment.State.PAID
    assert paid_events(case).count() == 1
    assert len(fee_paid_calls) == 1


def test_the_hosted_page_refuses_an_unknown_choice_and_reference(client, case, filer):
    client.force_login(filer)
    page_url = open_hosted_page(client, case)
    assert client.post(page_url, {"choice": "steal"}).status_code == 400
    assert HostedCheckout.objects.get().chosen == ""
    assert client.get("/testbetaling/unknown/").status_code == 404


def test_the_hosted_page_is_gone_when_another_gateway_is_configured(client, case, filer, settings):
    client.force_login(filer)
    page_url = open_hosted_page(client, case)
    settings.PAYMENT_GATEWAY = "realgateway"
    assert client.get(page_url).status_code == 404


def test_an_unreachable_portal_leaves_the_payment_to_the_return(
    client, case, filer, monkeypatch, fee_paid_calls, django_capture_on_commit_callbacks
):
    """The notification fails on the network: the return asks the gateway, and the payment is still recorded once."""
    import requests
    from requests.adapters import HTTPAdapter

    def unreachable(adapter, request, **kwargs):
        raise requests.ConnectionError("down", request=request)

    monkeypatch.setattr(HTTPAdapter, "send", unreachable)
    client.force_login(filer)
    with django_capture_on_commit_callbacks(execute=True):
        page_url = open_hosted_page(client, case)
        result = client.post(page_url, {"choice": "approve"}, follow=True)
    assert "Betalingen er gennemført" in result.content.decode()
    assert paid_events(case).count() == 1
    assert len(fee_paid_calls) == 1


def test_gateway_return_and_notification_addresses_use_the_configured_base_address_not_the_host_header(
    client, case, filer, settings
):
    settings.PORTAL_BASE_URL = "https://klageportal.example"
    client.force_login(filer)

    response = client.post(reverse("payments:pay", kwargs={"number": case.number}), HTTP_HOST="localhost:9999")

    assert response.status_code == 302
    checkout = HostedCheckout.objects.get()
    assert checkout.return_url == "https://klageportal.example/betaling/retur/testgateway/"
    assert checkout.callback_url == "https://klageportal.example/betaling/notifikation/testgateway/"
