"""What the portal needs from a payment gateway with a hosted payment page (PAY-1).

A gateway plugin is a folder `payments/contrib/<name>/` whose `gateway.py` registers a class implementing
`PaymentGateway` with `@gateways.registry.register("<name>")`. A gateway with tables of its own is a Django
app of its own, with its own migrations; its `urls.py` (pages of its own, e.g. a hosted page) is included
with the payments URLs.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar, Protocol


class GatewayStatus(StrEnum):
    """A payment's status as the gateway reports it."""

    PENDING = "pending"
    PAID = "paid"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


FINAL_STATUSES = frozenset({GatewayStatus.PAID, GatewayStatus.DECLINED, GatewayStatus.CANCELLED, GatewayStatus.EXPIRED})


@dataclass(frozen=True)
class Checkout:
    """A payment opened at the gateway: its reference there, and where to send the payer's browser."""

    reference: str
    redirect_url: str


@dataclass(frozen=True)
class Notification:
    """A verified server-to-server notification about one payment."""

    event_id: str
    reference: str
    status: GatewayStatus
    amount_ore: int | None = None
    payload: dict[str, Any] | None = None


@dataclass(frozen=True)
class RefundResult:
    """A refund the gateway has made: its own reference for it and the amount paid back."""

    reference: str
    amount_ore: int


class GatewayError(Exception):
    """The gateway could not be reached or refused the request."""


class InvalidNotification(Exception):
    """A notification whose signature or content does not check out; nothing may be recorded from it."""


class PaymentGateway(Protocol):
    name: ClassVar[str]
    development_only: ClassVar[bool]
    """A gateway for development and tests; the portal refuses to use it in production."""

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
        """Open a payment on the hosted page; the browser comes back to return_url, the gateway calls callback_url."""
        ...

    def parse_notification(self, *, body: bytes, headers: Mapping[str, str]) -> Notification:
        """Verify and read a notification; raise InvalidNotification if it is not the gateway's own."""
        ...

    def fetch_status(self, *, reference: str) -> GatewayStatus:
        """Ask the gateway for a payment's status (server to server); raise GatewayError if it cannot answer."""
        ...

    def cancel_checkout(self, *, reference: str) -> bool:
        """Close an unfinished payment so it can no longer be approved; False if it was already finished."""
        ...

    def reference_from_return(self, *, query: Mapping[str, str]) -> str | None:
        """The payment reference in the browser's return to the portal; never trusted as an outcome."""
        ...

    def refund(self, *, reference: str, amount_ore: int, idempotency_key: str) -> RefundResult:
        """Pay back part or all of a paid payment (PAY-5); the same idempotency key twice refunds once.

        Raise GatewayError when the gateway refuses or cannot be reached; nothing was refunded then.
        """
        ...
