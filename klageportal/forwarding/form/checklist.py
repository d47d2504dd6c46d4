"""The checklist "Nødvendige akter" (AS-40): the documents the answers and the chosen law areas call for."""

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from klageportal.core.ids import as_id
from klageportal.forwarding.constants import ComplaintChannel, ContactRole, DecisionChannel, Outcome, YesNo
from klageportal.forwarding.form.answers import Answers

OTHER = "andre-akter"


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    hint: str = ""
    required: bool = True

    def as_json(self) -> dict:
        return asdict(self)


def _area_documents(answers: Answers) -> list[str]:
    """The documents the chosen areas name, in the order of the rows, each once."""
    from klageportal.catalog.models import LawArea

    ids = [area_id for row in answers.law_areas if (area_id := as_id(row.get("area"))) is not None]
    areas = {str(area.pk): area for area in LawArea.objects.filter(pk__in=ids)}
    names: list[str] = []
    for area_id in ids:
        area = areas.get(str(area_id))
        for name in area.required_documents if area else []:
            if name not in names:
                names.append(name)
    return names


def _slug(name: str) -> str:
    danish = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return slugify(danish)[:80]


def checklist_items(data: Mapping[str, Any] | Answers) -> list[ChecklistItem]:
    """Every document to attach, from the answers as they stand (the frozen list once the form is sent)."""
    answers = data if isinstance(data, Answers) else Answers(data)
    frozen = answers.documents.get("checklist")
    if frozen:
        return [ChecklistItem(**item) for item in frozen]
    reason, parties = answers.dates, answers.citizen
    exceeded = reason.get("deadline_exceeded") == YesNo.YES
    items = [
        ChecklistItem("afgoerelse", _("Kommunens afgørelse")),
        ChecklistItem("klage", _("Klagen over kommunens afgørelse")),
    ]
    if not exceeded:
        items.append(ChecklistItem("genvurdering", _("Kommunens genvurdering")))
        if reason.get("outcome") == Outcome.PARTLY_UPHELD:
            items.append(ChecklistItem("ny-afgoerelse", _("Kommunens nye afgørelse (delvist medhold)")))
            items.append(ChecklistItem("fastholdelse", _("Klagerens meddelelse om, at klagen fastholdes")))
    items += [
        ChecklistItem("journalnotater", _("Journalnotater i sagen")),
        ChecklistItem("partshoering", _("Partshøring og eventuelt partshøringssvar")),
        ChecklistItem("korrespondance", _("Anden supplerende kommunikation fra borger/kommune")),
    ]
    for name in _area_documents(answers):
        items.append(ChecklistItem(f"omraade-{_slug(name)}", name, _("Nødvendig for det valgte sagsområde.")))
    if parties.get("has_parties") and any(
        row.get("role") == ContactRole.REPRESENTATIVE and row.get("power_of_attorney") == YesNo.YES
        for row in answers.parties
    ):
        items.append(ChecklistItem("fuldmagt", _("Fuldmagt")))
    if reason.get("decision_channel") == DecisionChannel.ORAL:
        items.append(
            ChecklistItem(
                "journalnotat-mundtlig-afgoerelse", _("Journalnotat, der dokumenterer den mundtlige afgørelse")
            )
        )
    if reason.get("complaint_channel") == ComplaintChannel.ORAL:
        items.append(
            ChecklistItem("journalnotat-mundtlig-klage", _("Journalnotat, der dokumenterer den mundtlige klage"))
        )
    if exceeded:
        items.append(
            ChecklistItem(
                "dokumentation-modtagelse",
                _("Dokumentation for datoen for kommunens modtagelse af klagen"),
                _("Kommunen vurderer, at klagefristen er overskredet."),
            )
        )
        if reason.get("decision_channel") == DecisionChannel.DIGITAL:
            items.append(
                ChecklistItem(
                    "forsendelseslog",
                    _("Forsendelseslog for aflevering af den digitale afgørelse til borgeren"),
                    _("Eller andre digitale registreringer, der dokumenterer, hvornår borgeren fik afgørelsen."),
                )
            )
    items.append(
        ChecklistItem(
            OTHER,
            _("Andre akter i sagen"),
            _("Alle andre akter, der har været relevante for sagens behandling."),
            required=False,
        )
    )
    return items


def missing_items(items: list[ChecklistItem], covered: set[str]) -> list[ChecklistItem]:
    """The required items no file covers yet."""
    return [item for item in items if item.required and item.key not in covered]


CATEGORY_BY_KEY = {
    "afgoerelse": "afgoerelse",
    "ny-afgoerelse": "afgoerelse",
    "klage": "klage",
    "fastholdelse": "klage",
    "genvurdering": "genvurdering",
    "journalnotater": "journalnotat",
    "journalnotat-mundtlig-afgoerelse": "journalnotat",
    "journalnotat-mundtlig-klage": "journalnotat",
    "partshoering": "partshoering",
    "korrespondance": "korrespondance",
    "fuldmagt": "fuldmagt",
    "dokumentation-modtagelse": "dokumentation-modtagelse",
    "forsendelseslog": "forsendelseslog",
}
"""The document category (CAT-5) a file gets on the case from the checklist item it covers."""


def category_for(key: str, label: str) -> str:
    if key in CATEGORY_BY_KEY:
        return CATEGORY_BY_KEY[key]
    if "lægelige" in label.lower():
        return "laegelige-oplysninger"
    return "andet"
