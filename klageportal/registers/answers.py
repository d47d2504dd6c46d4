"""Look-ups in the CPR and CVR registers as plain answers for forms and JSON (AS-20, AS-23).

An answer says whether the number was found, not found, not a number at all, or whether the register did not
answer, with the people or companies found. The numbers are checked by `registers.numbers` only.
"""

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from klageportal.registers import (
    CompanyRecord,
    PersonRecord,
    RegisterUnavailable,
    company_lookup,
    company_search,
    person_lookup,
)
from klageportal.registers.audit import lookup_record
from klageportal.registers.models import RegisterLookup
from klageportal.registers.numbers import digits, is_valid_cpr, is_valid_cvr

logger = logging.getLogger(__name__)

FOUND, NOT_FOUND, UNAVAILABLE, INVALID = "found", "not_found", "unavailable", "invalid"
PERSON, COMPANY = "person", "company"


@dataclass
class Hit:
    number: str
    kind: str  # PERSON or COMPANY
    name: str
    address: str = ""
    postcode: str = ""
    city: str = ""

    @property
    def address_line(self) -> str:
        """The address on one line: "Store Torv 5, 8000 Aarhus C"."""
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (self.address, place) if part)


@dataclass
class Answer:
    status: str
    hits: list[Hit] = field(default_factory=list)

    @property
    def hit(self) -> Hit | None:
        return self.hits[0] if self.hits else None

    def as_json(self) -> dict[str, Any]:
        return {"status": self.status, "hits": [asdict(hit) for hit in self.hits]}


def _person_hit(record: PersonRecord) -> Hit:
    return Hit(
        number=record.cpr or "",
        kind=PERSON,
        name=record.name or "",
        address=record.address or "",
        postcode=str(record.postcode or ""),
        city=record.city or "",
    )


def _company_hit(record: CompanyRecord) -> Hit:
    return Hit(
        number=record.cvr or "",
        kind=COMPANY,
        name=record.name or "",
        address=record.address or "",
        postcode=str(record.postcode or ""),
        city=record.city or "",
    )


def _by_number(
    typed: str,
    *,
    kind: RegisterLookup.Kind,
    valid: Callable[[str], bool],
    lookup: Callable[[str], Any],
    hit: Callable[[Any], Hit],
) -> Answer:
    """Look a number up: found, not found, invalid (never sent to the register), or the register did not answer."""
    number = digits(typed)
    if not valid(number):
        return Answer(INVALID)
    try:
        record = lookup(number)
    except RegisterUnavailable:
        logger.warning("The %s register did not answer", kind.upper())
        return _audited(kind, number, Answer(UNAVAILABLE))
    return _audited(kind, number, Answer(FOUND, [hit(record)]) if record is not None else Answer(NOT_FOUND))


def person(cpr: str) -> Answer:
    """Look a CPR number up: found, not found, invalid, or the register did not answer."""
    return _by_number(cpr, kind=RegisterLookup.Kind.CPR, valid=is_valid_cpr, lookup=person_lookup, hit=_person_hit)


def company(cvr: str) -> Answer:
    """Look a CVR number up: found, not found, invalid, or the register did not answer."""
    return _by_number(cvr, kind=RegisterLookup.Kind.CVR, valid=is_valid_cvr, lookup=company_lookup, hit=_company_hit)


def search(query: str) -> Answer:
    """AS-23: a CPR number (10 digits), a CVR number (8 digits) or a company's name."""
    query = (query or "").strip()
    number = digits(query)
    if number.isdigit() and len(number) == 10:
        return person(number)
    if number.isdigit() and len(number) == 8:
        return company(number)
    if len(query) < 2:
        return Answer(INVALID)
    try:
        records = list(company_search(query))
    except RegisterUnavailable:
        logger.warning("The CVR register did not answer")
        return _audited(RegisterLookup.Kind.SEARCH, query, Answer(UNAVAILABLE))
    hits = [_company_hit(record) for record in records[:20]]
    return _audited(RegisterLookup.Kind.SEARCH, query, Answer(FOUND if hits else NOT_FOUND, hits))


LOOKUPS: dict[str, Callable[[str], Answer]] = {PERSON: person, COMPANY: company, "search": search}
"""What a look-up endpoint's "kind" asks for: a person by CPR, a company by CVR, or a search."""


def by_kind(kind: str, query: str) -> Answer | None:
    """The answer for a look-up endpoint's "kind" and "query", or None when the kind is not one of LOOKUPS."""
    lookup = LOOKUPS.get(kind)
    return lookup(query) if lookup is not None else None


def _audited(kind: str, number: str, answer: Answer) -> Answer:
    """Every look-up the register answered (or failed to) is kept for the audit; invalid numbers never reach it."""
    lookup_record(kind=kind, number=number, result=answer.status)
    return answer
