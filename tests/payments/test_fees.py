"""The fee of a case: rate, version at filing, what is outstanding, and when it falls due (CAT-2, PAY-6, §12)."""

from datetime import date

import pytest
from django.utils import timezone

from klageportal.cases.models import PartyKind, PartyRole, Status
from klageportal.cases.services.create import case_create
from klageportal.catalog.models import Channel, FeeDue
from klageportal.payments.fees import fee_status
from klageportal.payments.models import Payment
from klageportal.payments.policies import can_pay_fee
from tests.factories import ComplaintTypeFactory, ComplaintTypeVersionFactory, PartyFactory

pytestmark = pytest.mark.django_db


def test_private_complainant_pays_the_private_rate(make_case):
    """§12: 900 kr. for private persons."""
    assert fee_status(make_case()).amount == 900


@pytest.mark.parametrize(
    "kind", [PartyKind.COMPANY, PartyKind.ASSOCIATION, PartyKind.AUTHORITY], ids=["company", "association", "authority"]
)
def test_any_company_organisation_or_authority_complainant_brings_the_company_rate(make_case, kind):
    """§12: the company rate applies when any complainant is a company, an organisation or a public authority."""
    case = make_case(complainant_kinds=(PartyKind.PERSON, kind))
    assert fee_status(case).amount == 1800
    assert fee_status(case).company_rate


def test_a_company_on_the_other_side_does_not_change_the_rate(make_case):
    """Only complainants count: a representing company or another party does not bring the company rate."""
    case = make_case()
    PartyFactory(case=case, role=PartyRole.OTHER, kind=PartyKind.COMPANY, cvr="37042374")
    PartyFactory(case=case, role=PartyRole.PAYER, kind=PartyKind.COMPANY)
    assert fee_status(case).amount == 900


def test_the_fee_is_that_of_the_version_the_case_was_filed_under(filer, authority):
    """CAT-6: an index-adjusted fee applies to new cases; a case filed before keeps its version's fee."""
    complaint_type = ComplaintTypeFactory(version__valid_from=date(2025, 1, 1), version__fee_private=900)
    old = case_create(
        channel=Channel.FILING,
        board=complaint_type.board,
        complaint_type=complaint_type,
        authority=authority,
        created_by=filer,
        event_text="Klagen er påbegyndt",
    )
    ComplaintTypeVersionFactory(
        complaint_type=complaint_type, valid_from=timezone.localdate(), fee_private=950, fee_company=1900
    )
    new = case_create(
        channel=Channel.FILING,
        board=complaint_type.board,
        complaint_type=complaint_type,
        authority=authority,
        created_by=filer,
        event_text="Klagen er påbegyndt",
    )
    assert (fee_status(old).amount, fee_status(new).amount) == (900, 950)


def test_a_type_without_a_fee_counts_as_paid(make_case):
    case = make_case()
    case.type_version.fee_private = case.type_version.fee_company = 0
    case.type_version.save()
    assert fee_status(case).amount == 0
    assert fee_status(case).is_paid
    assert fee_status(case).outstanding == 0
    assert not fee_status(case).required_before_submission
    assert not fee_status(case).payable_now


def test_a_case_without_a_complaint_type_version_has_no_fee(make_case):
    case = make_case(type_version=None)
    assert fee_status(case).amount == 0
    assert fee_status(case).is_paid


def test_only_paid_payments_count_towards_the_fee(make_case):
    case = make_case()
    for state in (Payment.State.CREATED, Payment.State.PENDING, Payment.State.DECLINED, Payment.State.CANCELLED):
        Payment.objects.create(case=case, amount_ore=90000, gateway="testgateway", state=state)
    assert not fee_status(case).is_paid
    assert fee_status(case).outstanding == 900
    Payment.objects.create(case=case, amount_ore=90000, gateway="testgateway", state=Payment.State.PAID)
    assert fee_status(case).is_paid
    assert fee_status(case).outstanding == 0


def test_a_fee_that_grows_to_the_company_rate_leaves_the_difference_outstanding(make_case):
    """A company complainant added after the private fee was paid: the rest is still to pay."""
    case = make_case()
    Payment.objects.create(case=case, amount_ore=90000, gateway="testgateway", state=Payment.State.PAID)
    PartyFactory(case=case, role=PartyRole.COMPLAINANT, kind=PartyKind.COMPANY, cvr="37042374")
    assert fee_status(case).outstanding == 900
    assert not fee_status(case).is_paid


def test_what_is_paid_beyond_the_fee_is_the_excess(make_case):
    """Two payments both approved at the gateway: the second is on record as paid too much."""
    case = make_case()
    for _ in range(2):
        Payment.objects.create(case=case, amount_ore=90000, gateway="testgateway", state=Payment.State.PAID)
    fee = fee_status(case)
    assert (fee.paid_ore, fee.excess_ore, fee.outstanding_ore) == (180000, 90000, 0)


def test_a_draft_needs_no_payment_query_and_owes_the_whole_fee(make_case, django_assert_num_queries):
    """The fee is first asked for in Udfyldt, so a draft has nothing paid to count (one query: the rate)."""
    case = make_case(Status.KLADDE)
    with django_assert_num_queries(1):
        fee = fee_status(case)
    assert (fee.amount, fee.outstanding, fee.is_paid, fee.payable_now) == (900, 900, False, False)


def test_fee_due_at_filing_is_a_condition_for_indsendt_and_payable_in_udfyldt(make_case):
    """PAY-6 default (KP-6): the case is Indsendt only when paid; the fee is asked for in Udfyldt."""
    case = make_case(Status.UDFYLDT)
    assert fee_status(case).required_before_submission
    assert fee_status(case).payable_now
    assert not fee_status(make_case(Status.KLADDE)).payable_now
    assert not fee_status(make_case(Status.INDSENDT)).payable_now


def test_fee_due_at_forwarding_is_no_condition_for_indsendt_and_payable_once_forwarded(make_case, filer):
    """PAY-6: the case is Indsendt without payment; the payer is asked to pay when it is forwarded."""
    udfyldt = make_case(Status.UDFYLDT)
    udfyldt.type_version.fee_due = FeeDue.AT_FORWARDING
    udfyldt.type_version.save()
    assert not fee_status(udfyldt).required_before_submission
    assert not fee_status(udfyldt).payable_now
    assert not can_pay_fee(filer, udfyldt, fee=fee_status(udfyldt))

    forwarded = make_case(Status.VIDERESENDT, complaint_type=udfyldt.complaint_type, type_version=udfyldt.type_version)
    assert forwarded.forwarded_at is not None
    assert fee_status(forwarded).payable_now
    assert can_pay_fee(filer, forwarded, fee=fee_status(forwarded))
    assert not fee_status(forwarded).is_paid
