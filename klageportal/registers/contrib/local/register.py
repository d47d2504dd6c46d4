"""The embedded register: fictitious people and companies from `data`, no other server needed."""

from django.conf import settings

from klageportal.registers import registry
from klageportal.registers.contrib.local.data import COMPANIES, PEOPLE
from klageportal.registers.interfaces import CompanyRecord, PersonRecord, RegisterUnavailable


@registry.register("local")
class LocalRegister:
    """Answers from the built-in data; REGISTER_LOCAL_UNAVAILABLE makes every call fail, for drills and tests."""

    def _check_available(self) -> None:
        # Read on every call, so that a test or a drill can switch it without a restart.
        if settings.REGISTER_LOCAL_UNAVAILABLE:
            raise RegisterUnavailable("the local register is switched off (REGISTER_LOCAL_UNAVAILABLE)")

    def person(self, cpr: str) -> PersonRecord | None:
        self._check_available()
        return _PEOPLE_BY_CPR.get(cpr)

    def company(self, cvr: str) -> CompanyRecord | None:
        self._check_available()
        return _COMPANIES_BY_CVR.get(cvr)

    def search_companies(self, query: str, *, limit: int) -> list[CompanyRecord]:
        self._check_available()
        compact = query.replace(" ", "")
        if compact.isascii() and compact.isdigit():
            hits = [company for company in COMPANIES if company.cvr.startswith(compact)]
            return sorted(hits, key=lambda company: company.cvr)[:limit]
        words = query.casefold().split()
        hits = [company for company in COMPANIES if all(word in company.name.casefold() for word in words)]
        first = words[0]
        # Names that begin with what was typed come first, then the rest alphabetically.
        hits.sort(key=lambda company: (not company.name.casefold().startswith(first), company.name.casefold()))
        return hits[:limit]


_PEOPLE_BY_CPR = {person.cpr: person for person in PEOPLE}
_COMPANIES_BY_CVR = {company.cvr: company for company in COMPANIES}
