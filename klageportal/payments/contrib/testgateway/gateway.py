"""The test gateway's side of the gateway interface."""

import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping
from typing import ClassVar

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from klageportal.payments.contrib.testgateway import conf
from klageportal.payments.contrib.testgateway.models import GatewayRefund, HostedCheckout
from klageportal.payments.gateways import registry
from klageportal.payments.interfaces import (
    Checkout,
    GatewayError,
    GatewayStatus,
    InvalidNotification,
    Notification,
    RefundResult,
)

NAME = "testgateway"
SIGNATURE_HEADER = "X-Testgateway-Signature"


def signature(body: bytes) -> str:
    """HMAC-SHA256 of the exact body bytes, hex, with the shared secret."""
    return hmac.new(conf.secret().encode(), body, hashlib.sha256).hexdigest()


@registry.register(NAME)
class Gateway:
    name: ClassVar[str] = NAME
    development_only: ClassVar[bool] = True

    def create_checkout(
        self,
        *,
        order_id: str,
        amount_ore: int,
        currency: str,
        description: str,
        return_url: str,
        callback_url: str,
    ) -> Checkout:
        checkout = HostedCheckout.objects.create(
            reference=secrets.token_urlsafe(18),
            order_id=order_id,
            amount_ore=amount_ore,
            currency=currency,
            description=description[:300],
            return_url=return_url,
            callback_url=callback_url,
        )
        return Checkout(
            reference=checkout.reference,
            redirect_url=reverse("payments:testgateway:page", kwargs={"reference": checkout.reference}),
        )

    def parse_notification(self, *, body: bytes, headers: Mapping[str, str]) -> Notification:
        given = headers.get(SIGNATURE_HEADER) or ""
        if not hmac.compare_digest(given.encode(), signature(body).encode()):
            raise InvalidNotification("bad signature")
        try:
            data = json.loads(body)
            return Notification(
                event_id=str(data["event_id"]),
                reference=str(data["reference"]),
                status=GatewayStatus(data["status"]),
                amount_ore=int(data["amount_ore"]),
                payload=data,
            )
        except (ValueError, KeyError, TypeError, RecursionError) as exc:
            raise InvalidNotification(f"malformed notification: {type(exc).__name__}") from exc

    def fetch_status(self, *, reference: str) -> GatewayStatus:
        status = HostedCheckout.objects.filter(reference=reference).values_list("status", flat=True).first()
        if status is None:
            raise GatewayError(f"unknown reference {reference}")
        return GatewayStatus(status)

    def cancel_checkout(self, *, reference: str) -> bool:
        with transaction.atomic():
            checkout = HostedCheckout.objects.select_for_update().filter(reference=reference).first()
            if checkout is None:
                raise GatewayError(f"unknown reference {reference}")
            if checkout.chosen:
                return False
            checkout.chosen = checkout.status = HostedCheckout.Status.CANCELLED
            checkout.completed_at = timezone.now()
            checkout.save(update_fields=["chosen", "status", "completed_at"])
        return True

    def reference_from_return(self, *, query: Mapping[str, str]) -> str | None:
        return query.get("reference") or None

    def refund(self, *, reference: str, amount_ore: int, idempotency_key: str) -> RefundResult:
        """As a card gateway refunds: once per key, only a paid payment, never more than was paid in all.

        The setting KP_TESTGATEWAY_REFUND_FAILS makes every refund fail, so the portal's retry can be tried.
        """
        if conf.refund_fails():
            raise GatewayError("the test gateway is set to refuse refunds")
        with transaction.atomic():
            checkout = HostedCheckout.objects.select_for_update().filter(reference=reference).first()
            if checkout is None:
                raise GatewayError(f"unknown reference {reference}")
            earlier = GatewayRefund.objects.filter(idempotency_key=idempotency_key).first()
            if earlier is not None:
                if earlier.checkout_id != checkout.pk or earlier.amount_ore != amount_ore:
                    raise GatewayError("the idempotency key was used for another refund")
                return RefundResult(reference=earlier.reference, amount_ore=earlier.amount_ore)
            if checkout.status != HostedCheckout.Status.PAID:
                raise GatewayError("only a paid payment can be refunded")
            refunded = sum(checkout.refunds.values_list("amount_ore", flat=True))
            if amount_ore <= 0 or refunded + amount_ore > checkout.amount_ore:
                raise GatewayError("the refund exceeds what is left of the payment")
            made = GatewayRefund.objects.create(
                checkout=checkout,
                idempotency_key=idempotency_key,
                reference=f"rf_{secrets.token_urlsafe(12)}",
                amount_ore=amount_ore,
            )
        return RefundResult(reference=made.reference, amount_ore=made.amount_ore)
