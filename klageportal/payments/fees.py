"""The complaint fee of a case: how much, whether it is paid, and when it falls due (CAT-2, PAY-6, SPEC §12)."""

from dataclasses import dataclass

from django.db.models import Sum

from klageportal.cases.models import Case, PartyKind, PartyRole, Status
from klageportal.cases.workflow import BODY_OPEN
from klageportal.catalog.models import FeeDue
from klageportal.payments.models import Payment

COMPANY_RATE_KINDS = (PartyKind.COMPANY, PartyKind.ASSOCIATION, PartyKind.AUTHORITY)
"""Complainants for whom the rate of companies and organisations applies."""


def fee_company_rate(case: Case) -> bool:
    """The company rate applies when any complainant is a company, an organisation or an authority."""
    return case.parties.filter(role=PartyRole.COMPLAINANT, kind__in=COMPANY_RATE_KINDS).exists()


def fee_for_case(case: Case) -> int:
    """The fee in kroner, from the complaint type version the case was filed under (CAT-6)."""
    version = case.type_version
    if version is None or not version.has_fee:
        return 0
    return version.fee_company if fee_company_rate(case) else version.fee_private


def fee_paid_ore(case: Case) -> int:
    return case.payments.filter(state=Payment.State.PAID).aggregate(total=Sum("amount_ore"))["total"] or 0


def fee_outstanding_ore(case: Case) -> int:
    return max(fee_for_case(case) * 100 - fee_paid_ore(case), 0)


def fee_outstanding(case: Case) -> int:
    """What is still to be paid, in kroner."""
    return -(-fee_outstanding_ore(case) // 100)


def fee_is_paid(case: Case) -> bool:
    """The fee is paid in full; a case whose type has no fee counts as paid."""
    return fee_outstanding_ore(case) == 0


def fee_due_at_forwarding(case: Case) -> bool:
    return case.type_version is not None and case.type_version.fee_due == FeeDue.AT_FORWARDING


def fee_required_before_submission(case: Case) -> bool:
    """PAY-6: the fee is a condition for Indsendt unless the type lets it fall due at forwarding."""
    return fee_for_case(case) > 0 and not fee_due_at_forwarding(case)


def fee_payable_now(case: Case) -> bool:
    """Something is outstanding and the case is where the fee is asked for: Udfyldt, or forwarded (PAY-6)."""
    if fee_due_at_forwarding(case):
        in_time = case.forwarded_at is not None and case.status in BODY_OPEN
    else:
        in_time = case.status == Status.UDFYLDT
    return in_time and not fee_is_paid(case)


@dataclass(frozen=True)
class FeeStatus:
    amount: int
    outstanding: int
    is_paid: bool
    company_rate: bool
    due_at_forwarding: bool
    payable_now: bool
    required_before_submission: bool


def fee_status(case: Case) -> FeeStatus:
    """Everything a page shows about a case's fee, worked out once (two queries at most)."""
    version = case.type_version
    company_rate = fee_company_rate(case)
    amount = 0
    if version is not None and version.has_fee:
        amount = version.fee_company if company_rate else version.fee_private
    outstanding_ore = max(amount * 100 - fee_paid_ore(case), 0) if amount else 0
    due_at_forwarding = fee_due_at_forwarding(case)
    if due_at_forwarding:
        in_time = case.forwarded_at is not None and case.status in BODY_OPEN
    else:
        in_time = case.status == Status.UDFYLDT
    return FeeStatus(
        amount=amount,
        outstanding=-(-outstanding_ore // 100),
        is_paid=outstanding_ore == 0,
        company_rate=company_rate,
        due_at_forwarding=due_at_forwarding,
        payable_now=in_time and outstanding_ore > 0,
        required_before_submission=amount > 0 and not due_at_forwarding,
    )
