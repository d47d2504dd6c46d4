"""CPR and CVR look-ups behind one interface; the backend is chosen by setting (AS-20, AS-23).

Embedded default: `local`, a built-in register of fictitious people and companies that needs no other
server (KP_REGISTER_LOCAL_UNAVAILABLE=1 makes it fail, to try the paths for a register that does not
answer). Production: `http`, a client for a register service (KP_REGISTER_HTTP_URL). Each is a folder
under `contrib/` whose `register.py` registers a class implementing `interfaces.Register`.

Full CPR numbers never reach the log; they are masked as DDMMYY-xxxx (X-4).
"""

import logging

from django.conf import settings

from klageportal.core.masking import CPR_PATTERN, mask_cpr
from klageportal.core.plugins import Registry
from klageportal.registers.interfaces import CompanyRecord, PersonRecord, Register, RegisterUnavailable
from klageportal.registers.numbers import clean_cpr, clean_cvr

__all__ = [
    "CompanyRecord",
    "PersonRecord",
    "Register",
    "RegisterUnavailable",
    "company_lookup",
    "company_search",
    "get_register",
    "person_lookup",
    "registry",
]

logger = logging.getLogger(__name__)

registry = Registry[Register](
    "register", package="klageportal.registers.contrib", module="register", setting="KP_REGISTER"
)


def get_register() -> Register:
    """Return the configured register backend."""
    return registry.get(settings.REGISTER_BACKEND)()


def person_lookup(cpr: str) -> PersonRecord | None:
    """Find a person by CPR number (with or without hyphen); None when not found or not a CPR number."""
    digits = clean_cpr(cpr)
    if digits is None:
        return None
    try:
        person = get_register().person(digits)
    except RegisterUnavailable:
        logger.warning("CPR register unavailable for %s", mask_cpr(digits))
        raise
    logger.debug("CPR look-up %s: %s", mask_cpr(digits), "found" if person else "not found")
    return person


def company_lookup(cvr: str) -> CompanyRecord | None:
    """Find a company by CVR number; None when not found or not a valid CVR number."""
    digits = clean_cvr(cvr)
    if digits is None:
        return None
    try:
        company = get_register().company(digits)
    except RegisterUnavailable:
        logger.warning("CVR register unavailable for %s", digits)
        raise
    logger.debug("CVR look-up %s: %s", digits, "found" if company else "not found")
    return company


def company_search(query: str, *, limit: int = 10) -> list[CompanyRecord]:
    """Find companies by part of the name or by CVR number (whole or its first digits), best first."""
    query = " ".join((query or "").split())
    if not query or limit < 1:
        return []
    if CPR_PATTERN.fullmatch(query):
        # A CPR number typed into the company search is no company's; it is not sent to the CVR register.
        return []
    try:
        companies = get_register().search_companies(query, limit=limit)
    except RegisterUnavailable:
        logger.warning("CVR register unavailable for a company search")
        raise
    return companies[:limit]
