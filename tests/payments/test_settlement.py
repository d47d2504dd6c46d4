"""A payment is recorded exactly once, whatever the gateway sends, twice, late or out of order (PAY-1, PAY-4)."""

import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from klageportal.cases.models import CaseEvent
from klageportal.payments.contrib.testgateway.models import HostedCheckout
from klageportal.payments.models import GatewayNotification, Payment
from klageportal.payments.services import AmountMismatch, PaymentNotFound, payment_settle
from tests.payments.conftest import RETURN_URL, notification, post_notification

pytestmark = pytest.mark.django_db


def paid_events(case):
    return case.events.filter(kind=CaseEvent.Kind.PAYMENT, data__action="paid")


def assert_paid_once(case, fee_paid_calls):
    """One paid payment, one PAYMENT line in the history, one `fee_paid` signal."""
    assert case.payments.filter(state=Payment.State.PAID).count() == 1
    assert case.events.filter(kind=CaseEvent.Kind.PAYMENT).count() == 1
    assert paid_events(case).count() == 1
    assert fee_paid_calls == [(case.pk, case.payments.get(state=Payment.State.PAID).pk)]


def test_a_paid_notification_records_the_payment_with_one_event_and_one_signal(
    case, start_payment, fee_paid_calls, django_capture_on_commit_callbacks
):
    payment = start_payment(case)
    assert payment.state == Payment.State.PENDING
    assert payment.amount_ore == 90000
    with django_capture_on_commit_callbacks(execute=True):
        payment_settle(gateway="testgateway", reference=payment.gateway_reference, status="paid", event_id="e1")
    payment.refresh_from_db()
    assert payment.state == Payment.State.PAID
    assert payment.paid_at is not None
    assert payment.payer.is_filer
    event = paid_events(case).get()
    assert event.text == "Klagegebyret på 900 kr. er betalt med kort."
    assert event.actor == case.created_by
    assert_paid_once(case, fee_paid_calls)


def test_payment_callback_replayed_records_one_payment(
    client, case, start_payment, fee_paid_calls, django_capture_on_commit_callbacks
):
    """PAY-4: the same event id three times is one payment, one history line, one signal."""
    payment = start_payment(case)
    body = notification(payment, "paid", event_id="evt-1")
    with django_capture_on_commit_callbacks(execute=True):
        responses = [post_notification(client, body) for _ in range(3)]
    assert [response.status_code for response in responses] == [200, 200, 200]
    assert GatewayNotification.objects.filter(payment=payment).count() == 1
    assert_paid_once(case, fee_paid_calls)


def test_paid_notifications_with_different_event_ids_record_one_payment(
    client, case, start_payment, fee_paid_calls, django_capture_on_commit_callbacks
):
    """A gateway that retries with a fresh event id each time still pays the fee once."""
    payment = start_payment(case)
    with django_capture_on_commit_callbacks(execute=True):
        for event_id in ("a", "b", "c"):
            assert post_notification(client, notification(payment, "paid", event_id=event_id)).status_code == 200
    assert list(GatewayNotification.objects.order_by("pk").values_list("applied", flat=True)) == [True, False, False]
    assert_paid_once(case, fee_paid_calls)


@pytest.mark.parametrize("late_status", ["declined", "cancelled", "expired", "pending"])
def test_a_later_notification_does_not_undo_a_paid_payment(
    client, case, start_payment, fee_paid_calls, django_capture_on_commit_callbacks, late_status
):
    """Out of order: a decline (or anything else) arriving after paid leaves it paid."""
    payment = start_payment(case)
    with django_capture_on_commit_callbacks(execute=True):
        post_notification(client, notification(payment, "paid", event_id="paid-1"))
        response = post_notification(client, notification(payment, late_status, event_id="late-1"))
    assert response.status_code == 200
    payment.refresh_from_db()
    assert payment.state == Payment.State.PAID
    assert GatewayNotification.objects.get(event_id="late-1").applied is False
    assert_paid_once(case, fee_paid_calls)


def test_paid_after_a_decline_records_the_payment(
    client, case, start_payment, fee_paid_calls, django_capture_on_commit_callbacks
):
    """A decline reported first, then paid (a second card on the same page): money moved, so paid wins."""
    payment = start_payment(case)
    with django_capture_on_commit_callbacks(execute=True):
        post_notification(client, notification(payment, "declined", event_id="d1"))
        payment.refresh_from_db()
        assert payment.state == Payment.State.DECLINED
        post_notification(client, notification(payment, "paid", event_id="p1"))
    assert_paid_once(case, fee_paid_calls)


def test_the_first_final_answer_short_of_paid_stands(client, case, start_payment):
    payment = start_payment(case)
    post_notification(client, notification(payment, "cancelled", event_id="c1"))
    post_notification(client, notification(payment, "declined", event_id="d1"))
    payment.refresh_from_db()
    assert payment.state == Payment.State.CANCELLED
    assert not paid_events(case).exists()


def test_a_notification_with_a_bad_signature_is_refused_and_nothing_recorded(client, case, start_payment):
    payment = start_payment(case)
    body = notification(payment, "paid", event_id="forged")
    for sign in ("0" * 64, "", "sha256=abc"):
        assert post_notification(client, body, sign=sign).status_code == 400
    payment.refresh_from_db()
    assert payment.state == Payment.State.PENDING
    assert not GatewayNotification.objects.exists()
    assert not paid_events(case).exists()


def test_a_notification_signed_with_another_secret_is_refused(client, case, start_payment, settings):
    payment = start_payment(case)
    settings.TESTGATEWAY_SECRET = "a-secret-the-portal-does-not-share"
    from klageportal.payments.contrib.testgateway.gateway import signature

    body = notification(payment, "paid", event_id="other-secret")
    foreign_signature = signature(body)
    settings.TESTGATEWAY_SECRET = "the-portals-secret"
    assert post_notification(client, body, sign=foreign_signature).status_code == 400
    assert post_notification(client, body).status_code == 200


def test_a_notification_whose_body_was_altered_after_signing_is_refused(client, case, start_payment):
    payment = start_payment(case)
    from klageportal.payments.contrib.testgateway.gateway import signature

    signed = signature(notification(payment, "declined", event_id="x"))
    assert post_notification(client, notification(payment, "paid", event_id="x"), sign=signed).status_code == 400
    assert Payment.objects.get(pk=payment.pk).state == Payment.State.PENDING


def test_a_signed_but_malformed_notification_is_refused(client):
    assert post_notification(client, b"not json").status_code == 400
    assert post_notification(client, b'{"event_id": "x", "status": "paid"}').status_code == 400
    assert (
        post_notification(client, b'{"event_id":"x","reference":"r","status":"stolen","amount_ore":1}').status_code
        == 400
    )


def test_a_notification_about_an_unknown_payment_is_not_found(client, case, start_payment):
    payment = start_payment(case)
    payment.gateway_reference = "unknown-reference"
    assert post_notification(client, notification(payment, "paid", event_id="u1")).status_code == 404
    assert not GatewayNotification.objects.exists()


def test_a_notification_for_another_amount_is_refused(client, case, start_payment):
    payment = start_payment(case)
    response = post_notification(client, notification(payment, "paid", event_id="m1", amount_ore=100))
    assert response.status_code == 400
    assert Payment.objects.get(pk=payment.pk).state == Payment.State.PENDING
    assert not GatewayNotification.objects.exists()
    with pytest.raises(AmountMismatch):
        payment_settle(
            gateway="testgateway", reference=payment.gateway_reference, status="paid", event_id="m2", amount_ore=1
        )


def test_settling_an_unknown_reference_raises(db):
    with pytest.raises(PaymentNotFound):
        payment_settle(gateway="testgateway", reference="nope", status="paid", event_id="n1")


def test_the_callback_takes_posts_only(client):
    assert client.get(reverse("payments:callback", kwargs={"gateway": "testgateway"})).status_code == 405
    assert client.post(reverse("payments:callback", kwargs={"gateway": "nosuchgateway"})).status_code == 404


def test_a_return_before_the_notification_does_not_mark_the_payment_paid(client, case, start_payment):
    """The browser's return proves nothing; while the gateway says pending, the page says it is being processed."""
    payment = start_payment(case)
    response = client.get(RETURN_URL, {"reference": payment.gateway_reference, "status": "paid", "paid": "1"})
    assert response.status_code == 200
    assert b'data-payment-state="pending"' in response.content
    assert "Betalingen behandles" in response.content.decode()
    assert Payment.objects.get(pk=payment.pk).state == Payment.State.PENDING
    assert not paid_events(case).exists()


def test_a_return_after_the_payer_approved_settles_through_the_gateway_once(
    client, case, start_payment, fee_paid_calls, django_capture_on_commit_callbacks
):
    """The notification is late: the return asks the gateway (fetch_status); the notification after it is a no-op."""
    payment = start_payment(case)
    HostedCheckout.objects.filter(reference=payment.gateway_reference).update(chosen="paid", status="paid")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(RETURN_URL, {"reference": payment.gateway_reference})
        assert b'data-payment-state="paid"' in response.content
        client.get(RETURN_URL, {"reference": payment.gateway_reference})
        assert post_notification(client, notification(payment, "paid", event_id="late")).status_code == 200
    assert_paid_once(case, fee_paid_calls)


def test_a_return_for_an_unknown_payment_is_not_found(client, db):
    assert client.get(RETURN_URL, {"reference": "nope"}).status_code == 404
    assert client.get(RETURN_URL).status_code == 404
    assert client.get("/betaling/retur/nosuchgateway/", {"reference": "nope"}).status_code == 404


def test_a_second_payment_approved_before_the_first_was_recorded_is_an_overpayment_on_record(
    case, start_payment, fee_paid_calls, django_capture_on_commit_callbacks
):
    """Two payments opened side by side, both approved: both are recorded, the excess noted, the signal sent once."""
    first, second = start_payment(case), start_payment(case)
    HostedCheckout.objects.filter(reference=second.gateway_reference).update(chosen="paid")
    with django_capture_on_commit_callbacks(execute=True):
        payment_settle(gateway="testgateway", reference=first.gateway_reference, status="paid", event_id="1")
        payment_settle(gateway="testgateway", reference=second.gateway_reference, status="paid", event_id="2")
    assert case.payments.filter(state=Payment.State.PAID).count() == 2
    overpaid = case.events.get(data__action="overpaid")
    assert "900 kr." in overpaid.text
    assert fee_paid_calls == [(case.pk, first.pk)]


def test_once_the_fee_is_paid_other_open_payments_are_closed_at_the_gateway(
    client, case, start_payment, django_capture_on_commit_callbacks
):
    """PAY-4: a second open payment page can no longer be approved once the fee is paid."""
    first, second = start_payment(case), start_payment(case)
    with django_capture_on_commit_callbacks(execute=True):
        payment_settle(gateway="testgateway", reference=first.gateway_reference, status="paid", event_id="1")
    second.refresh_from_db()
    assert second.state == Payment.State.CANCELLED
    page = reverse("payments:testgateway:page", kwargs={"reference": second.gateway_reference})
    response = client.post(page, {"choice": "approve"})
    assert "Betalingen er allerede afsluttet" in response.content.decode()
    assert HostedCheckout.objects.get(reference=second.gateway_reference).status == "cancelled"
    assert case.payments.filter(state=Payment.State.PAID).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_paid_notifications_record_one_payment(case, start_payment, fee_paid_calls):
    """Two workers receive paid notifications for the same payment at the same moment: the row lock serialises them."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises all writers; the row-lock race needs PostgreSQL")
    payment = start_payment(case)
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def settle(event_id: str):
        try:
            barrier.wait(timeout=5)
            payment_settle(gateway="testgateway", reference=payment.gateway_reference, status="paid", event_id=event_id)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=settle, args=(event_id,)) for event_id in ("a", "b", "a", "c")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert not errors
    assert GatewayNotification.objects.count() == 3
    assert_paid_once(case, fee_paid_calls)


def test_a_failing_fee_paid_listener_does_not_fail_the_notification(
    client, case, start_payment, django_capture_on_commit_callbacks
):
    """The payment is on record and the gateway gets its 200; the listener's error is logged."""
    from klageportal.payments.signals import fee_paid

    def broken(sender, **kwargs):
        raise RuntimeError("listener down")

    fee_paid.connect(broken, weak=False, dispatch_uid="tests.payments.broken")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = post_notification(client, notification(start_payment(case), "paid", event_id="e"))
    finally:
        fee_paid.disconnect(dispatch_uid="tests.payments.broken")
    assert response.status_code == 200
    assert case.payments.filter(state=Payment.State.PAID).count() == 1
