"""Who gets past a page's gate, declared beside the view: `@access(CASE_VIEWERS, case="forwarded")`.

The declaration changes nothing at run time; the policies decide. tests/test_authorization_matrix.py walks
every URL of the portal and asks each kind of person below, on a case that is theirs and on someone
else's, and fails where the answer differs from the declaration, or where a view has none.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar


class Who(StrEnum):
    """The kinds of person the declarations speak of, each tried by the matrix with a login of its own."""

    ANONYMOUS = "anonymous"
    COMPLAINANT = "complainant"
    """A citizen who is the complainant (on a draft: its filer)."""
    OTHER_CITIZEN = "other_citizen"
    SIGNER = "signer"
    """An employee of the complaining company with signing authority (tegningsret)."""
    EMPLOYEE = "employee"
    """An employee of the complaining company with neither signing authority nor the complaint-cases right."""
    EMPLOYEE_WITH_RIGHT = "employee_with_right"
    """An employee of the complaining company with the complaint-cases right (klagesager)."""
    REPRESENTATIVE = "representative"
    """A lawyer's firm representing the complainant with a power of attorney."""
    FIRST_INSTANCE = "first_instance"
    """Staff of the authority whose decision is appealed, with the web appeal form's right."""
    OTHER_FIRST_INSTANCE = "other_first_instance"
    CASEWORKER = "caseworker"
    """A caseworker of the board the case is at."""
    OTHER_CASEWORKER = "other_caseworker"
    ADMIN = "admin"
    PROPOSED_PARTY = "proposed_party"
    """A person the municipality named as a party; the appeals body has not confirmed them."""
    CONFIRMED_PARTY = "confirmed_party"


EVERYONE = frozenset(Who)
NOBODY: frozenset[Who] = frozenset()
LOGGED_IN = EVERYONE - {Who.ANONYMOUS}
PEOPLE_AND_COMPANIES = frozenset(
    {
        Who.COMPLAINANT,
        Who.OTHER_CITIZEN,
        Who.SIGNER,
        Who.EMPLOYEE,
        Who.EMPLOYEE_WITH_RIGHT,
        Who.REPRESENTATIVE,
        Who.PROPOSED_PARTY,
        Who.CONFIRMED_PARTY,
    }
)
"""Those who file and are parties to complaints (CW-1, KP-1)."""
AUTHORITY_STAFF = frozenset({Who.FIRST_INSTANCE, Who.OTHER_FIRST_INSTANCE})
BODY_STAFF = frozenset({Who.CASEWORKER, Who.OTHER_CASEWORKER})
ADMINS = frozenset({Who.ADMIN})
CASE_VIEWERS = frozenset(
    {
        Who.COMPLAINANT,
        Who.SIGNER,
        Who.EMPLOYEE_WITH_RIGHT,
        Who.REPRESENTATIVE,
        Who.FIRST_INSTANCE,
        Who.CASEWORKER,
        Who.CONFIRMED_PARTY,
    }
)
"""Who sees a forwarded case of their own (X-3, X-6, BD-8); on someone else's case, nobody."""
FILER = frozenset({Who.COMPLAINANT})
"""The draft's filer (X-6: Kladde — only the filer)."""


@dataclass(frozen=True)
class Access:
    who: frozenset[Who]
    """Who gets an answer; everyone else is refused (403, 404, 405 or sent to the login)."""
    case: str | None = None
    """Which of a person's cases the URL's case number names: "forwarded", "draft", "udfyldt" or "indsendt"."""
    method: str = "GET"
    """How the allowed are tried: "POST" for a view that answers nothing else."""


V = TypeVar("V", bound=Callable[..., object])


def access(who: frozenset[Who], *, case: str | None = None, method: str = "GET") -> Callable[[V], V]:
    """Declare who gets past the view's gate (read by the authorization matrix; changes nothing at run time)."""

    def declare(view: V) -> V:
        setattr(view, "access", Access(who=who, case=case, method=method))  # noqa: B010 (a function's attribute)
        return view

    return declare
