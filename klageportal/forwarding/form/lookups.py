"""The citizen page's register buttons without JavaScript (AS-20, AS-23, AS-24): "Slå op" for a CPR or CVR
number, "Søg" and "Vælg" for a further party. Each fills the answers as typed and says what to show."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from klageportal.core.ids import as_id
from klageportal.forwarding.constants import NameSource
from klageportal.forwarding.form import forms
from klageportal.registers import answers as registers

if TYPE_CHECKING:
    from klageportal.forwarding.form.pages import PageForms

CITIZEN_ACTIONS = ("lookup-citizen", "lookup-custody")
EMPLOYER_ACTION = "lookup-employer"
PARTY_ACTIONS = ("search-party-", "pick-party-")


def is_lookup(action: str) -> bool:
    return action in (*CITIZEN_ACTIONS, EMPLOYER_ACTION) or action.startswith(PARTY_ACTIONS)


@dataclass
class LookupResult:
    """What a look-up found: the citizen's form with only the looked-up number's errors, a party row's hits,
    and a notice per number ("citizen", "employer") for the page to say why nothing was filled in."""

    citizen: forms.CitizenForm | None = None
    hits: dict[int, registers.Answer] = field(default_factory=dict)
    notices: dict[str, str] = field(default_factory=dict)

    def show_on(self, page: "PageForms") -> None:
        """Put what was found on the page as it is shown again."""
        if self.citizen is not None:
            page.main = self.citizen
        for index, answer in self.hits.items():
            row = page.rows[index]
            if isinstance(row, forms.PartyForm):
                row.hits = answer


def page2_lookup(raw: dict[str, Any], action: str) -> LookupResult:
    """Carry out a look-up button's action on the citizen page's answers (`raw` is updated in place)."""
    if action in CITIZEN_ACTIONS:
        return _citizen(raw, who=action.removeprefix("lookup-"))
    if action == EMPLOYER_ACTION:
        return _employer(raw)
    return _party(raw, action)


def _citizen(raw: dict[str, Any], *, who: str) -> LookupResult:
    # The page's own validation looks the number up; only what concerns the number is shown.
    typed = {key: value for key, value in raw.items() if not isinstance(value, list | dict)}
    citizen = forms.CitizenForm(forms.as_form_data(typed), initial=raw)
    citizen.is_valid()
    for name in list(citizen.errors):
        if name not in (f"{who}_cpr", f"{who}_name"):
            del citizen.errors[name]
    raw.update(citizen.derived)
    result = LookupResult(citizen=citizen)
    if citizen.derived.get("citizen_name_source") == NameSource.TYPED:
        result.notices["citizen"] = registers.UNAVAILABLE
    return result


def _employer(raw: dict[str, Any]) -> LookupResult:
    answer = registers.company(raw.get("employer_cvr", ""))
    hit = answer.hit
    if answer.status == registers.FOUND and hit is not None:
        raw.update(
            employer_name=hit.name,
            employer_address=hit.address,
            employer_postcode=hit.postcode,
            employer_city=hit.city,
        )
    return LookupResult(notices={"employer": answer.status})


def _party(raw: dict[str, Any], action: str) -> LookupResult:
    """search-party-<i> shows the hits under row i; pick-party-<i>-<k> fills row i with hit k."""
    result = LookupResult()
    parts = action.split("-")
    found = as_id(parts[2]) if len(parts) > 2 else None
    index = -1 if found is None else found
    rows = raw.get("parties") or []
    if not 0 <= index < len(rows):
        return result
    answer = registers.search(rows[index].get("search", ""))
    chosen = as_id(parts[3]) if action.startswith("pick-") and len(parts) == 4 else None
    pick = -1 if chosen is None else chosen
    if 0 <= pick < len(answer.hits):
        hit = answer.hits[pick]
        rows[index].update(number=hit.number, name=hit.name, address=hit.address, postcode=hit.postcode, city=hit.city)
    else:
        result.hits[index] = answer
    return result
