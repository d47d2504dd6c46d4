"""What every address service gives: addresses that match what a person typed, each with its point (KP-4)."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol


class AddressServiceUnavailable(Exception):
    """The service did not answer, or answered something unusable; the person types the address instead."""


@dataclass(frozen=True)
class AddressRecord:
    text: str
    """The address as one line, "Skovvej 4, 8800 Viborg"."""
    lat: Decimal
    lon: Decimal


class AddressService(Protocol):
    """A provider; it is given the typed text with its spaces tidied, never empty."""

    def search(self, query: str, *, limit: int) -> list[AddressRecord]: ...
