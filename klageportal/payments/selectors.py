"""Reads on payments."""

import hashlib
from dataclasses import dataclass

from django.db.models import QuerySet

from klageportal.cases.models import Case, CaseEvent, Party, PartyRole
from klageportal.cases.selectors import filer_party
from klageportal.catalog.models import Board
from klageportal.payments.models import Payment, PaymentLink, Refund


def payment_link_token_hash(token: str) -> str:
    """The SHA-256 of a link's token: the only form in which a token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def payment_link_for_token(*, token: str) -> PaymentLink | None:
    if not token or len(token) > 200:
        return None
    return (
        PaymentLink.objects.select_related("case", "case__board", "case__type_version", "created_by")
        .filter(token_hash=payment_link_token_hash(token))
        .first()
    )


def payment_for_reference(*, gateway: str, reference: str | None) -> Payment | None:
    if not reference:
        return None
    return Payment.objects.select_related("case", "link").filter(gateway=gateway, gateway_reference=reference).first()


def payments_for_case(*, case: Case) -> QuerySet[Payment]:
    return case.payments.select_related("payer", "link").order_by("-created_at", "-pk")


@dataclass(frozen=True)
class RefundOverview:
    """What a case's fee came to, who paid it and what has been paid back (PAY-5): the refund page's and
    the body's panel's one source, read in four queries."""

    payments: list[Payment]
    """The paid payments, oldest first, with their payers."""
    refunds: list[Refund]
    """Every refund asked for, failed ones included, oldest first."""
    payer: Party | None
    """The registered payer (PAY-2): a payer registered by a payment link, else the party who paid, else the filer."""
    overpaid_ore: int
    """What the history records as paid beyond the fee, to be refunded."""

    @property
    def paid_ore(self) -> int:
        return sum(payment.amount_ore for payment in self.payments)

    @property
    def refunded_ore(self) -> int:
        return sum(r.amount_ore for r in self.refunds if r.state == Refund.State.COMPLETED)

    @property
    def pending_ore(self) -> int:
        return sum(r.amount_ore for r in self.refunds if r.state == Refund.State.REQUESTED)

    @property
    def refundable_ore(self) -> int:
        """What may still be refunded: what was paid less every completed and pending refund."""
        return max(self.paid_ore - self.refunded_ore - self.pending_ore, 0)

    @property
    def overpayment_outstanding_ore(self) -> int:
        """Recorded overpayments not yet refunded (or being refunded) as such."""
        refunded = sum(r.amount_ore for r in self.refunds if r.counts and r.kind == Refund.Kind.OVERPAYMENT)
        return max(min(self.overpaid_ore - refunded, self.refundable_ore), 0)

    @property
    def failed(self) -> list[Refund]:
        return [r for r in self.refunds if r.state == Refund.State.FAILED]

    def remaining_of(self, payment: Payment) -> int:
        """What is left of one payment to refund."""
        taken = sum(r.amount_ore for r in self.refunds if r.counts and r.payment_id == payment.pk)
        return max(payment.amount_ore - taken, 0)

    def payment_for(self, amount_ore: int | None) -> Payment | None:
        """The payment a refund goes back through: the registered payer's first, then the one with most left;
        one that has the whole amount left (None: the one with most left)."""
        payer_id = self.payer.pk if self.payer is not None else None
        candidates = sorted(
            (p for p in self.payments if self.remaining_of(p) > 0),
            key=lambda p: (p.payer_id != payer_id, -self.remaining_of(p), p.pk),
        )
        for payment in candidates:
            if amount_ore is None or self.remaining_of(payment) >= amount_ore:
                return payment
        return None


def refund_overview(*, case: Case) -> RefundOverview:
    payments = list(case.payments.filter(state=Payment.State.PAID).select_related("payer").order_by("paid_at", "pk"))
    refunds = list(case.refunds.select_related("payment", "created_by").order_by("created_at", "pk"))
    overpaid = sum(
        int(data.get("excess_ore", 0) or 0)
        for data in case.events.filter(kind=CaseEvent.Kind.PAYMENT, data__action="overpaid").values_list(
            "data", flat=True
        )
    )
    return RefundOverview(
        payments=payments, refunds=refunds, payer=registered_payer(case=case, payments=payments), overpaid_ore=overpaid
    )


def registered_payer(*, case: Case, payments: list[Payment]) -> Party | None:
    registered = case.parties.filter(role=PartyRole.PAYER, removed_at__isnull=True).order_by("-pk").first()
    if registered is not None:
        return registered
    for payment in reversed(payments):
        if payment.payer is not None:
            return payment.payer
    return filer_party(case=case)


def cases_with_overpayment(*, boards: QuerySet[Board]) -> list[tuple[Case, int]]:
    """The boards' cases with an overpayment recorded and not yet refunded, with the øre outstanding."""
    case_ids = set(
        CaseEvent.objects.filter(
            kind=CaseEvent.Kind.PAYMENT, data__action="overpaid", case__board__in=boards
        ).values_list("case_id", flat=True)
    )
    cases = Case.objects.filter(pk__in=case_ids).select_related("board").order_by("number")
    listed = []
    for case in cases:
        outstanding = refund_overview(case=case).overpayment_outstanding_ore
        if outstanding > 0:
            listed.append((case, outstanding))
    return listed
