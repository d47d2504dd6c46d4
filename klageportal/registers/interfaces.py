"""What every register backend gives: people by CPR number, companies by CVR number or name (AS-20, AS-23)."""

from dataclasses import dataclass
from typing import Protocol


class RegisterUnavailable(Exception):
    """The register did not answer, or answered something unusable; the caller lets the user type instead."""


@dataclass(frozen=True)
class PersonRecord:
    cpr: str
    name: str
    address: str
    postcode: str
    city: str


@dataclass(frozen=True)
class CompanyRecord:
    cvr: str
    name: str
    address: str
    postcode: str
    city: str


class Register(Protocol):
    """A backend; it is given numbers already reduced to their digits and checked for format."""

    def person(self, cpr: str) -> PersonRecord | None: ...

    def company(self, cvr: str) -> CompanyRecord | None: ...

    def search_companies(self, query: str, *, limit: int) -> list[CompanyRecord]: ...
