"""Look-ups in the CPR and CVR registers for page 2 (AS-20, AS-23), as plain answers for forms and JSON."""

import logging
import re
from dataclasses import asdict, dataclass, field
from datetime import date

from django.utils import timezone
from stdnum.dk import cpr as stdnum_cpr
from stdnum.dk import cvr as stdnum_cvr
from stdnum.exceptions import ValidationError as NumberError

logger = logging.getLogger(__name__)

FOUND, NOT_FOUND, UNAVAILABLE, INVALID = "found", "not_found", "unavailable", "invalid"


def digits(value: str) -> str:
    """The number without spaces and hyphens ("120378-1234" → "1203781234")."""
    return re.sub(r"[\s\-‐]", "", value or "")


def cpr_birth_date(cpr: str) -> date | None:
    """The birth date a CPR number starts with, or None when it is not 10 digits with a real date."""
    number = digits(cpr)
    if len(number) != 10 or not number.isdigit():
        return None
    try:
        birth = stdnum_cpr.get_birth_date(number)
    except (NumberError, ValueError):
        return None
    return birth if birth <= timezone.localdate() else None


def is_valid_cpr(cpr: str) -> bool:
    """Format and date only: numbers since 2007 need not pass the modulus-11 check (SPEC §12)."""
    return cpr_birth_date(cpr) is not None


def is_valid_cvr(cvr: str) -> bool:
    try:
        stdnum_cvr.validate(digits(cvr))
    except NumberError:
        return False
    return True


def is_under_18(cpr: str, on: date | None = None) -> bool:
    birth = cpr_birth_date(cpr)
    if birth is None:
        return False
    on = on or timezone.localdate()
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    return age < 18


@dataclass
class Hit:
    number: str
    kind: str  # "person" or "company"
    name: str
    address: str = ""
    postcode: str = ""
    city: str = ""


@dataclass
class Answer:
    status: str
    hits: list[Hit] = field(default_factory=list)

    @property
    def hit(self) -> Hit | None:
        return self.hits[0] if self.hits else None

    def as_json(self) -> dict:
        return {"status": self.status, "hits": [asdict(hit) for hit in self.hits]}


def _hit(record, *, kind: str) -> Hit:
    number = getattr(record, "cpr", "") if kind == "person" else getattr(record, "cvr", "")
    return Hit(
        number=number or "",
        kind=kind,
        name=record.name or "",
        address=getattr(record, "address", "") or "",
        postcode=str(getattr(record, "postcode", "") or ""),
        city=getattr(record, "city", "") or "",
    )


def _by_number(number: str, *, valid, lookup, kind: str, register: str) -> Answer:
    from klageportal.registers import RegisterUnavailable

    if not valid(number):
        return Answer(INVALID)
    try:
        record = lookup(number)
    except RegisterUnavailable:
        logger.warning("The %s register did not answer", register)
        return Answer(UNAVAILABLE)
    if record is None:
        return Answer(NOT_FOUND)
    return Answer(FOUND, [_hit(record, kind=kind)])


def person(cpr: str) -> Answer:
    """Look a CPR number up: found, not found, invalid, or the register did not answer."""
    from klageportal.registers import person_lookup

    return _by_number(digits(cpr), valid=is_valid_cpr, lookup=person_lookup, kind="person", register="CPR")


def company(cvr: str) -> Answer:
    from klageportal.registers import company_lookup

    return _by_number(digits(cvr), valid=is_valid_cvr, lookup=company_lookup, kind="company", register="CVR")


def search(query: str) -> Answer:
    """AS-23: a CPR number (10 digits), a CVR number (8 digits) or a company's name."""
    from klageportal.registers import RegisterUnavailable, company_search

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
        return Answer(UNAVAILABLE)
    hits = [_hit(record, kind="company") for record in records[:20]]
    return Answer(FOUND if hits else NOT_FOUND, hits)
