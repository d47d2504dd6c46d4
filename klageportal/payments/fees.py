"""The complaint fee of a case: how much, whether it is paid, and when it falls due (CAT-2, PAY-6, SPEC §12).

One function, `fee_status`, works all of it out in at most two queries; every page, policy and service asks
it and reads the answer, so the rules live here once.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import Sum

from klageportal.cases.models import Case, Party, PartyKind, PartyRole, Status
from klageportal.cases.workflow import BODY_OPEN
from klageportal.catalog.models import ComplaintTypeVersion, FeeDue
from klageportal.payments.models import Payment

COMPANY_RATE_KINDS = (PartyKind.COMPANY, PartyKind.ASSOCIATION, PartyKind.AUTHORITY)
"""Complainants for whom the rate of companies and organisations applies."""


@dataclass(frozen=True, slots=True)
class FeeStatus:
    """A case's fee at one moment."""

    amount: int
    """The fee in kroner, from the complaint type version the case was filed under (CAT-6); 0 without a fee."""
    paid_ore: int
    """What has been paid, in øre (more than the fee where two payments both went through)."""
    company_rate: bool
    """Any complainant is a company, an organisation or an authority."""
    due_at_forwarding: bool
    """The type lets the fee fall due when the case is forwarded, not before Indsendt (PAY-6)."""
    asked_now: bool
    """The case is where the fee is asked for: Udfyldt, or forwarded and open when it falls due then."""

    @property
    def outstanding_ore(self) -> int:
        return max(self.amount * 100 - self.paid_ore, 0)

    @property
    def outstanding(self) -> int:
        """What is still to be paid, in whole kroner (rounded up)."""
        return -(-self.outstanding_ore // 100)

    @property
    def excess_ore(self) -> int:
        """What has been paid beyond the fee, in øre."""
        return max(self.paid_ore - self.amount * 100, 0)

    @property
    def is_paid(self) -> bool:
        """The fee is paid in full; a case whose type has no fee counts as paid."""
        return self.outstanding_ore == 0

    @property
    def required_before_submission(self) -> bool:
        """PAY-6: the fee is a condition for Indsendt unless the type lets it fall due at forwarding."""
        return self.amount > 0 and not self.due_at_forwarding

    @property
    def payable_now(self) -> bool:
        """Something is outstanding and the case is where the fee is asked for (PAY-6)."""
        return self.asked_now and not self.is_paid


@dataclass(frozen=True, slots=True)
class FeeRule:
    """The fee rule of a complaint type version, as the catalogue sets it (CAT-2, PAY-6): what a person is
    told before anything is filed."""

    fee_private: int
    fee_company: int
    due_at_forwarding: bool
    refund_rule: str

    @property
    def has_fee(self) -> bool:
        return bool(self.fee_private or self.fee_company)

    @property
    def asked_at_filing(self) -> bool:
        """The fee is paid as part of filing: the case is Indsendt only when it is paid (PAY-6)."""
        return self.has_fee and not self.due_at_forwarding


def fee_rule(version: ComplaintTypeVersion | None) -> FeeRule:
    """The fee rule of a complaint type version; no version means no fee."""
    if version is None:
        return FeeRule(fee_private=0, fee_company=0, due_at_forwarding=False, refund_rule="")
    return FeeRule(
        fee_private=version.fee_private,
        fee_company=version.fee_company,
        due_at_forwarding=version.fee_due == FeeDue.AT_FORWARDING,
        refund_rule=version.refund_rule,
    )


def fee_status(case: Case) -> FeeStatus:
    """Everything about a case's fee, worked out once (two queries at most)."""
    company_rate = case.parties.filter(role=PartyRole.COMPLAINANT, kind__in=COMPANY_RATE_KINDS).exists()

    def paid() -> int:
        total = case.payments.filter(state=Payment.State.PAID).aggregate(total=Sum("amount_ore"))["total"]
        return int(total or 0)

    return _fee_status(case, company_rate=company_rate, paid_ore=paid)


def fee_statuses(cases: Sequence[Case]) -> dict[int, FeeStatus]:
    """`fee_status` of many cases (a list of them), in two queries for all: by case id."""
    ids = [case.pk for case in cases]
    company = set(
        Party.objects.filter(case_id__in=ids, role=PartyRole.COMPLAINANT, kind__in=COMPANY_RATE_KINDS).values_list(
            "case_id", flat=True
        )
    )
    paid = dict(
        Payment.objects.filter(case_id__in=ids, state=Payment.State.PAID)
        .values("case_id")
        .annotate(total=Sum("amount_ore"))
        .values_list("case_id", "total")
    )

    def paid_of(pk: int) -> Callable[[], int]:
        return lambda: int(paid.get(pk) or 0)

    return {case.pk: _fee_status(case, company_rate=case.pk in company, paid_ore=paid_of(case.pk)) for case in cases}


def _fee_status(case: Case, *, company_rate: bool, paid_ore: Callable[[], int]) -> FeeStatus:
    """The one fee rule, given whether the company rate applies and (asked only where it matters) what is paid."""
    rule = fee_rule(case.type_version)
    amount = rule.fee_company if company_rate else rule.fee_private
    # Without a fee nothing is asked; a draft has never been paid for, the fee is asked from Udfyldt on.
    paid = paid_ore() if amount and case.status != Status.KLADDE else 0
    due_at_forwarding = rule.due_at_forwarding
    if due_at_forwarding:
        asked_now = case.forwarded_at is not None and case.status in BODY_OPEN
    else:
        asked_now = case.status == Status.UDFYLDT
    return FeeStatus(
        amount=amount,
        paid_ore=paid,
        company_rate=company_rate,
        due_at_forwarding=due_at_forwarding,
        asked_now=asked_now,
    )
