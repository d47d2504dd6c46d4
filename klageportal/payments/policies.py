"""Who may pay a case's fee, and whether a payment link can still be used."""

from enum import StrEnum

from django.utils import timezone

from klageportal.cases import policies as case_policies
from klageportal.cases.models import Case, Status
from klageportal.cases.policies import AnyUser
from klageportal.payments.fees import FeeStatus
from klageportal.payments.models import PaymentLink


def is_fee_side(user: AnyUser, case: Case) -> bool:
    """The filer (also a municipality filing for an exempt citizen, PAY-3) or a party on the complainant's side."""
    return case_policies.is_filer(user, case) or case_policies.is_case_side_party(user, case)


def can_pay_fee(user: AnyUser, case: Case, *, fee: FeeStatus) -> bool:
    """The filer or a party on the complainant's side, while the fee is asked for and unpaid."""
    return fee.payable_now and is_fee_side(user, case)


class LinkProblem(StrEnum):
    UNKNOWN = "unknown"
    USED = "used"
    PAID = "paid"
    EXPIRED = "expired"
    CLOSED = "closed"


def payment_link_problem(link: PaymentLink | None, *, fee: FeeStatus | None) -> LinkProblem | None:
    """Why a payment link cannot be used (PAY-4), or None when it can; `fee` is that of the link's case."""
    if link is None or fee is None:
        return LinkProblem.UNKNOWN
    if link.used_at is not None:
        return LinkProblem.USED
    if fee.is_paid:
        return LinkProblem.PAID
    if link.expires_at <= timezone.now():
        return LinkProblem.EXPIRED
    if not fee.payable_now:
        return LinkProblem.CLOSED
    return None


def can_refund_fee(user: AnyUser, case: Case) -> bool:
    """PAY-5, BD-5: a caseworker of the board the case is at refunds its fee; nobody else, the parties included."""
    return (case.forwarded_at is not None or case.status == Status.GENOPTAGET) and case_policies.is_board_caseworker(
        user, case
    )


def can_see_payments_panel(user: AnyUser, case: Case) -> bool:
    """What was paid, by whom and refunded, with the refund rule: for those who may refund."""
    return can_refund_fee(user, case)
