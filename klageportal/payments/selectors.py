"""Reads on payments."""

import hashlib

from django.db.models import QuerySet

from klageportal.cases.models import Case
from klageportal.payments.models import Payment, PaymentLink


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
