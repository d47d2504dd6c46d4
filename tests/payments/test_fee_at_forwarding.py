"""PAY-6: a fee that falls due at forwarding is asked of the registered payer when the case is forwarded, and the
case's overview says so to everyone, before and after, until it is paid."""

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from klageportal.cases.models import Case, CaseEvent, PartyRole, Status
from klageportal.catalog.models import FeeDue
from klageportal.notifications.models import OutboxEmail
from klageportal.payments.fees import fee_status
from klageportal.payments.models import Payment, PaymentLink
from klageportal.payments.services import fee_request_at_forwarding
from tests.factories import PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def forwarded_later(make_case) -> Case:
    case = make_case(Status.INDSENDT, submitted_at=timezone.now())
    case.type_version.fee_due = FeeDue.AT_FORWARDING
    case.type_version.save(update_fields=["fee_due"])
    return case


def _forward(case: Case) -> None:
    """What the forwarding service does to the case itself (casework tests cover the service)."""
    case.status, case.forwarded_at = Status.VIDERESENDT, timezone.now()
    case.save(update_fields=["status", "forwarded_at"])


def _fee_state(case: Case) -> str:
    return render_to_string("payments/_fee_state.html", {"case": case, "fee": fee_status(case)})


def test_nothing_is_asked_before_the_case_is_forwarded(forwarded_later):
    assert fee_request_at_forwarding(case=forwarded_later) is None
    assert not OutboxEmail.objects.filter(case=forwarded_later).exists()
    assert 'data-fee-state="later"' in _fee_state(forwarded_later)


def test_the_filer_is_asked_by_e_mail_with_the_case_page_link(forwarded_later, filer):
    _forward(forwarded_later)
    email = fee_request_at_forwarding(case=forwarded_later)
    assert email is not None and email.reason == OutboxEmail.Reason.FEE_DUE
    assert email.to == forwarded_later.parties.get(is_filer=True).email
    assert f"/sag/{forwarded_later.number}/betaling/" in email.body
    assert not PaymentLink.objects.filter(case=forwarded_later).exists()
    assert CaseEvent.objects.filter(case=forwarded_later, data__action="fee_due").count() == 1
    assert 'data-fee-state="due"' in _fee_state(forwarded_later)
    assert "skal betales nu" in _fee_state(forwarded_later)


def test_a_registered_payer_without_a_login_gets_a_single_use_link(forwarded_later):
    PartyFactory(case=forwarded_later, role=PartyRole.PAYER, name="Ole Pedersen", email="ole@example.dk")
    _forward(forwarded_later)
    email = fee_request_at_forwarding(case=forwarded_later)
    assert email is not None and email.to == "ole@example.dk"
    link = PaymentLink.objects.get(case=forwarded_later)
    assert link.email == "ole@example.dk" and not link.register_as_payer and "/betal/" in email.body


def test_a_fee_paid_shows_betalt_and_nothing_is_asked(forwarded_later):
    _forward(forwarded_later)
    Payment.objects.create(
        case=forwarded_later, amount_ore=90000, gateway="testgateway", state=Payment.State.PAID, paid_at=timezone.now()
    )
    assert fee_request_at_forwarding(case=forwarded_later) is None
    assert 'data-fee-state="paid"' in _fee_state(forwarded_later)


def test_a_fee_due_at_filing_is_not_asked_again_at_forwarding(make_case):
    case = make_case(Status.INDSENDT, submitted_at=timezone.now())
    _forward(case)
    assert fee_request_at_forwarding(case=case) is None
    assert not OutboxEmail.objects.filter(case=case).exists()
