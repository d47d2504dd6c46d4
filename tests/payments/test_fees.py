"""The fee of a case: rate, version at filing, what is outstanding, and when it falls due (CAT-2, PAY-6, §12)."""

from datetime import date

import pytest
from django.utils import timezone

from klageportal.cases.models import PartyKind, PartyRole, Status
from klageportal.cases.services.create import case_create
from klageportal.catalog.models import Channel, FeeDue
from klageportal.payments.fees import (
    fee_for_case,
    fee_is_paid,
    fee_outstanding,
    fee_payable_now,
    fee_required_before_submission,
    fee_status,
)
from klageportal.payments.models import Payment
from klageportal.payments.policies import can_pay_fee
from tests.factories import ComplaintTypeFactory, ComplaintTypeVersionFactory, PartyFactory

pytestmark = pytest.mark.django_db


def test_private_complainant_pays_the_private_rate(make_case):
    """§12: 900 kr. for private persons."""
    assert fee_for_case(make_case()) == 900


@pytest.mark.parametrize(
    "kind", [PartyKind.COMPANY, PartyKind.ASSOCIATION, PartyKind.AUTHORITY], ids=["company", "association", "authority"]
)
def test_any_company_organisation_or_authority_complainant_brings_the_company_rate(make_case, kind):
    """§12: the company rate applies when any complainant is a company, an organisation or a public authority."""
    case = make_case(complainant_kinds=(PartyKind.PERSON, kind))
    assert fee_for_case(case) == 1800
    assert fee_status(case).company_rate


def test_a_company_on_the_other_side_does_not_change_the_rate(make_case):
    """Only complainants count: a representing company or another party does not bring the company rate."""
    case = make_case()
    PartyFactory(case=case, role=PartyRole.OTHER, kind=PartyKind.COMPANY, cvr="37042374")
    PartyFactory(case=case, role=PartyRole.PAYER, kind=PartyKind.COMPANY)
    assert fee_for_case(case) == 900


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
    assert (fee_for_case(old), fee_for_case(new)) == (900, 950)


def test_a_type_without_a_fee_counts_as_paid(make_case):
    case = make_case()
    case.type_version.fee_private = case.type_version.fee_company = 0
    case.type_version.save()
    assert fee_for_case(case) == 0
    assert fee_is_paid(case)
    assert fee_outstanding(case) == 0
    assert not fee_required_before_submission(case)
    assert not fee_payable_now(case)


def test_a_case_without_a_complaint_type_version_has_no_fee(make_case):
    case = make_case(type_version=None)
    assert fee_for_case(case) == 0
    assert fee_is_paid(case)


def test_only_paid_payments_count_towards_the_fee(make_case):
    case = make_case()
    for state in (Payment.State.CREATED, Payment.State.PENDING, Payment.State.DECLINED, Payment.State.CANCELLED):
        Payment.objects.create(case=case, amount_ore=90000, gateway="testgateway", state=state)
    assert not fee_is_paid(case)
    assert fee_outstanding(case) == 900
    Payment.objects.create(case=case, amount_ore=90000, gateway="testgateway", state=Payment.State.PAID)
    assert fee_is_paid(case)
    assert fee_outstanding(case) == 0


def test_a_fee_that_grows_to_the_company_rate_leaves_the_difference_outstanding(make_case):
    """A company complainant added after the private fee was paid: the rest is still to pay."""
    case = make_case()
    Payment.objects.create(case=case, amount_ore=90000, gateway="testgateway", state=Payment.State.PAID)
    PartyFactory(case=case, role=PartyRole.COMPLAINANT, kind=PartyKind.COMPANY, cvr="37042374")
    assert fee_outstanding(case) == 900
    assert not fee_is_paid(case)


def test_fee_due_at_filing_is_a_condition_for_indsendt_and_payable_in_udfyldt(make_case):
    """PAY-6 default (KP-6): the case is Indsendt only when paid; the fee is asked for in Udfyldt."""
    case = make_case(Status.UDFYLDT)
    assert fee_required_before_submission(case)
    assert fee_payable_now(case)
    assert not fee_payable_now(make_case(Status.KLADDE))
    assert not fee_payable_now(make_case(Status.INDSENDT))


def test_fee_due_at_forwarding_is_no_condition_for_indsendt_and_payable_once_forwarded(make_case, filer):
    """PAY-6: the case is Indsendt without payment; the payer is asked to pay when it is forwarded."""
    udfyldt = make_case(Status.UDFYLDT)
    udfyldt.type_version.fee_due = FeeDue.AT_FORWARDING
    udfyldt.type_version.save()
    assert not fee_required_before_submission(udfyldt)
    assert not fee_payable_now(udfyldt)
    assert not can_pay_fee(filer, udfyldt)

    forwarded = make_case(Status.VIDERESENDT, complaint_type=udfyldt.complaint_type, type_version=udfyldt.type_version)
    assert forwarded.forwarded_at is not None
    assert fee_payable_now(forwarded)
    assert can_pay_fee(filer, forwarded)
    assert not fee_is_paid(forwarded)
