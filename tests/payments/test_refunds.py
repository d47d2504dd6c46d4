"""The appeals body refunds the fee to the registered payer, once per idempotency key (PAY-5, BD-5)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from klageportal.cases.models import CaseEvent, Status
from klageportal.notifications.models import OutboxEmail
from klageportal.payments.contrib.testgateway.models import GatewayRefund, HostedCheckout
from klageportal.payments.models import Payment, Refund
from klageportal.payments.selectors import refund_overview
from klageportal.payments.services import (
    RefundFailed,
    RefundRefused,
    fee_overpayment_record,
    fee_refund,
    payment_settle,
)
from tests.factories import AuthorityUserFactory, BoardFactory, BodyStaffFactory, CitizenFactory

pytestmark = pytest.mark.django_db


def pay(payment: Payment) -> None:
    """The payer approves on the hosted page and the gateway's notification is recorded."""
    HostedCheckout.objects.filter(reference=payment.gateway_reference).update(status="paid", chosen="paid")
    payment_settle(gateway="testgateway", reference=payment.gateway_reference, status="paid")


def forward(case) -> None:
    type(case).objects.filter(pk=case.pk).update(status=Status.VIDERESENDT, forwarded_at=timezone.now())
    case.refresh_from_db()


@pytest.fixture
def paid_case(case, start_payment):
    """A forwarded case whose 900 kr. fee the filer paid by card."""
    pay(start_payment(case))
    forward(case)
    return case


@pytest.fixture
def caseworker(paid_case):
    return BodyStaffFactory(boards=[paid_case.board], full_name="Nævnets Sagsbehandler")


def refund_events(case):
    return case.events.filter(kind=CaseEvent.Kind.PAYMENT, data__action="refunded")


def snapshot(case):
    return (
        Refund.objects.count(),
        GatewayRefund.objects.count(),
        case.events.count(),
        OutboxEmail.objects.count(),
    )


def test_full_refund_pays_back_everything_to_the_payer_with_one_history_line(paid_case, caseworker):
    emails = OutboxEmail.objects.count()
    refund = fee_refund(case=paid_case, by=caseworker, idempotency_key="k1")
    assert refund.state == Refund.State.COMPLETED
    assert refund.amount_ore == 90000
    assert refund.kind == Refund.Kind.FEE
    assert refund.gateway_reference.startswith("rf_")
    assert refund.completed_at is not None
    assert refund.payment == paid_case.payments.get(state=Payment.State.PAID)
    gateway_refund = GatewayRefund.objects.get()
    assert (gateway_refund.idempotency_key, gateway_refund.amount_ore) == ("k1", 90000)
    event = refund_events(paid_case).get()
    payer = refund.payment.payer
    assert event.text == f"900 kr. af klagegebyret er betalt tilbage til {payer.name}."
    assert event.actor == caseworker
    assert event.data["payer"] == payer.pk
    assert OutboxEmail.objects.count() == emails  # news, not an action: the digest reads the history
    assert refund_overview(case=paid_case).refundable_ore == 0


def test_partial_refunds_add_up_to_at_most_what_was_paid(paid_case, caseworker):
    first = fee_refund(case=paid_case, amount_ore=30000, by=caseworker, idempotency_key="a")
    assert (first.state, first.amount_ore) == (Refund.State.COMPLETED, 30000)
    before = snapshot(paid_case)
    with pytest.raises(RefundRefused) as refused:
        fee_refund(case=paid_case, amount_ore=60100, by=caseworker, idempotency_key="b")
    assert "600 kr." in refused.value.message
    assert snapshot(paid_case) == before
    rest = fee_refund(case=paid_case, by=caseworker, idempotency_key="c")
    assert rest.amount_ore == 60000
    assert sum(Refund.objects.values_list("amount_ore", flat=True)) == 90000
    with pytest.raises(RefundRefused):
        fee_refund(case=paid_case, amount_ore=100, by=caseworker, idempotency_key="d")
    assert [e.text for e in refund_events(paid_case).order_by("pk")][0].startswith("300 kr.")
    assert refund_events(paid_case).count() == 2


def test_a_pending_refund_counts_against_what_can_be_refunded(paid_case, caseworker):
    Refund.objects.create(
        payment=paid_case.payments.get(),
        case=paid_case,
        amount_ore=50000,
        idempotency_key="pending",
        created_by=caseworker,
    )
    with pytest.raises(RefundRefused):
        fee_refund(case=paid_case, amount_ore=50000, by=caseworker, idempotency_key="more")
    assert fee_refund(case=paid_case, by=caseworker, idempotency_key="rest").amount_ore == 40000


def test_same_key_retried_records_once_and_the_gateway_refunds_once(paid_case, caseworker):
    first = fee_refund(case=paid_case, amount_ore=20000, by=caseworker, idempotency_key="same")
    again = fee_refund(case=paid_case, amount_ore=20000, by=caseworker, idempotency_key="same")
    assert again.pk == first.pk
    assert Refund.objects.count() == 1
    assert GatewayRefund.objects.count() == 1
    assert refund_events(paid_case).count() == 1


def test_a_lost_answer_retried_asks_the_gateway_with_the_same_key_and_it_refunds_once(paid_case, caseworker):
    """The portal recorded the refund as requested, the gateway refunded, its answer was lost: a retry."""
    payment = paid_case.payments.get()
    refund = Refund.objects.create(
        payment=payment, case=paid_case, amount_ore=10000, idempotency_key="lost", created_by=caseworker
    )
    from klageportal.payments.gateways import gateway_get

    gateway_get("testgateway").refund(reference=payment.gateway_reference, amount_ore=10000, idempotency_key="lost")
    done = fee_refund(case=paid_case, amount_ore=10000, by=caseworker, idempotency_key="lost")
    assert done.pk == refund.pk
    assert done.state == Refund.State.COMPLETED
    assert GatewayRefund.objects.count() == 1
    assert refund_events(paid_case).count() == 1


def test_gateway_failure_is_recorded_and_the_retry_refunds(paid_case, caseworker, settings):
    settings.TESTGATEWAY_REFUND_FAILS = True
    with pytest.raises(RefundFailed) as failed:
        fee_refund(case=paid_case, amount_ore=45000, by=caseworker, idempotency_key="retry-me")
    refund = Refund.objects.get()
    assert refund == failed.value.refund
    assert refund.state == Refund.State.FAILED
    assert "refuse" in refund.error
    assert not GatewayRefund.objects.exists()
    assert not refund_events(paid_case).exists()
    assert refund_overview(case=paid_case).refundable_ore == 90000  # a failed refund takes nothing
    settings.TESTGATEWAY_REFUND_FAILS = False
    retried = fee_refund(case=paid_case, amount_ore=45000, by=caseworker, idempotency_key="retry-me")
    assert retried.pk == refund.pk
    assert (retried.state, retried.error) == (Refund.State.COMPLETED, "")
    assert GatewayRefund.objects.get().idempotency_key == "retry-me"
    assert refund_events(paid_case).count() == 1


def test_overpayment_is_refunded_to_the_payer(case, start_payment, caseworker_for_case):
    """Two payments opened side by side both went through: the second is recorded for refund and paid back."""
    first, second = start_payment(case), start_payment(case)
    pay(first)
    pay(second)
    forward(case)
    assert case.events.filter(data__action="overpaid").get().data["excess_ore"] == 90000
    overview = refund_overview(case=case)
    assert overview.overpayment_outstanding_ore == 90000
    refund = fee_refund(case=case, kind=Refund.Kind.OVERPAYMENT, by=caseworker_for_case, idempotency_key="over")
    assert (refund.state, refund.amount_ore, refund.kind) == (Refund.State.COMPLETED, 90000, Refund.Kind.OVERPAYMENT)
    assert refund_overview(case=case).overpayment_outstanding_ore == 0
    assert refund_events(case).get().text.startswith("900 kr., der var betalt for meget, er betalt tilbage til")
    with pytest.raises(RefundRefused):
        fee_refund(case=case, kind=Refund.Kind.OVERPAYMENT, by=caseworker_for_case, idempotency_key="over2")
    # The fee itself is still paid once and can be refunded on its own.
    assert refund_overview(case=case).refundable_ore == 90000


def test_overpayment_after_a_lowered_fee_is_refunded_in_part(make_case, start_payment):
    from klageportal.cases.models import PartyKind

    case = make_case(complainant_kinds=(PartyKind.PERSON, PartyKind.COMPANY))
    pay(start_payment(case))
    case.parties.filter(kind=PartyKind.COMPANY).delete()
    forward(case)
    assert fee_overpayment_record(case=case) == 90000
    caseworker = BodyStaffFactory(boards=[case.board])
    with pytest.raises(RefundRefused):
        fee_refund(case=case, kind=Refund.Kind.OVERPAYMENT, amount_ore=90100, by=caseworker, idempotency_key="x")
    fee_refund(case=case, kind=Refund.Kind.OVERPAYMENT, amount_ore=40000, by=caseworker, idempotency_key="y")
    assert refund_overview(case=case).overpayment_outstanding_ore == 50000


@pytest.fixture
def caseworker_for_case(case):
    return BodyStaffFactory(boards=[case.board])


@pytest.mark.parametrize("who", ["other_caseworker", "first_instance", "party", "anonymous"])
def test_refund_is_refused_to_anyone_but_the_boards_caseworker(who, paid_case, filer):
    from django.contrib.auth.models import AnonymousUser

    person = {
        "other_caseworker": lambda: BodyStaffFactory(boards=[BoardFactory()]),
        "first_instance": lambda: AuthorityUserFactory(authority=paid_case.authority),
        "party": lambda: filer,
        "anonymous": AnonymousUser,
    }[who]()
    before = snapshot(paid_case)
    with pytest.raises(PermissionDenied):
        fee_refund(case=paid_case, by=person, idempotency_key=f"refused-{who}")
    assert snapshot(paid_case) == before


def test_nothing_paid_nothing_to_refund(case, caseworker_for_case):
    forward(case)
    with pytest.raises(RefundRefused):
        fee_refund(case=case, by=caseworker_for_case, idempotency_key="none")
    assert not Refund.objects.exists()


def test_a_refund_goes_to_the_registered_payer_of_a_payment_link(paid_case):
    """PAY-2: a recipient registered as payer is the one the refund names."""
    from klageportal.cases.models import PartyRole
    from tests.factories import PartyFactory

    payer = PartyFactory(case=paid_case, role=PartyRole.PAYER, name="Betalende Bror")
    assert refund_overview(case=paid_case).payer == payer
    citizen = CitizenFactory()
    assert citizen  # another citizen has no say
    caseworker = BodyStaffFactory(boards=[paid_case.board])
    fee_refund(case=paid_case, by=caseworker, idempotency_key="payer")
    assert refund_events(paid_case).get().text.endswith("til Betalende Bror.")
