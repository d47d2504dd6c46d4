"""Who may pay a case's fee, and whether a payment link can still be used."""

from enum import StrEnum

from django.utils import timezone

from klageportal.cases import policies as case_policies
from klageportal.cases.models import Case
from klageportal.payments.fees import fee_is_paid, fee_payable_now
from klageportal.payments.models import PaymentLink


def is_fee_side(user, case: Case) -> bool:
    """The filer (also a municipality filing for an exempt citizen, PAY-3) or a party on the complainant's side."""
    return case_policies.is_filer(user, case) or case_policies.is_case_side_party(user, case)


def can_pay_fee(user, case: Case, *, fee=None) -> bool:
    """The filer or a party on the complainant's side, while the fee is asked for and unpaid."""
    payable = fee.payable_now if fee is not None else fee_payable_now(case)
    return payable and is_fee_side(user, case)


class LinkProblem(StrEnum):
    UNKNOWN = "unknown"
    USED = "used"
    PAID = "paid"
    EXPIRED = "expired"
    CLOSED = "closed"


def payment_link_problem(link: PaymentLink | None) -> LinkProblem | None:
    """Why a payment link cannot be used (PAY-4), or None when it can."""
    if link is None:
        return LinkProblem.UNKNOWN
    if link.used_at is not None:
        return LinkProblem.USED
    if fee_is_paid(link.case):
        return LinkProblem.PAID
    if link.expires_at <= timezone.now():
        return LinkProblem.EXPIRED
    if not fee_payable_now(link.case):
        return LinkProblem.CLOSED
    return None
