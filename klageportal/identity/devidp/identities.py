"""Fictitious test identities of every role (SPEC §1), offered by the development identity provider.

CPR numbers are valid in format and date; CVR numbers pass the mod-11 check. None belongs to anyone.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from klageportal.catalog.seed_data import APPEALS_BODIES, DEMO_MUNICIPALITY_DETAILS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_BODY_CVR = {body["slug"]: body["cvr"] for body in APPEALS_BODIES}
_MUNICIPALITY_CVR = {code: details["cvr"] for code, details in DEMO_MUNICIPALITY_DETAILS.items()}


@dataclass(frozen=True)
class TestIdentity:
    key: str
    name: str
    group: str
    description: "StrOrPromise"
    cpr: str = ""
    cvr: str = ""
    organisation: str = ""
    rights: tuple[str, ...] = field(default_factory=tuple)


GROUPS = {
    "citizen": _("Borgere (MitID)"),
    "company": _("Virksomheder og repræsentanter (MitID Erhverv)"),
    "authority": _("Kommuner (førsteinstans)"),
    "body": _("Klageinstanser"),
    "admin": _("Administration"),
}

IDENTITIES: tuple[TestIdentity, ...] = (
    TestIdentity("mette", "Mette Hansen", "citizen", _("Borger, klager på egne vegne"), cpr="1203781234"),
    TestIdentity("jens", "Jens Nielsen", "citizen", _("Borger, kan repræsenteres af andre"), cpr="0507651237"),
    TestIdentity(
        "karen",
        "Karen Sørensen",
        "citizen",
        _("Borger, formand for Grundejerforeningen Skovbrynet (forening uden CVR-nummer)"),
        cpr="2311594422",
    ),
    TestIdentity("ole", "Ole Pedersen", "citizen", _("Borger, betaler for en anden"), cpr="0909901113"),
    TestIdentity(
        "lars",
        "Lars Møller",
        "company",
        _("Byggefirmaet Nord ApS, med tegningsret"),
        cvr="37042374",
        organisation="Byggefirmaet Nord ApS",
        rights=("tegningsret",),
    ),
    TestIdentity(
        "sofie",
        "Sofie Berg",
        "company",
        _("Byggefirmaet Nord ApS, uden tegningsret og uden adgang til klagesager"),
        cvr="37042374",
        organisation="Byggefirmaet Nord ApS",
    ),
    TestIdentity(
        "mads",
        "Mads Krogh",
        "company",
        _("Byggefirmaet Nord ApS, uden tegningsret, med adgang til virksomhedens klagesager"),
        cvr="37042374",
        organisation="Byggefirmaet Nord ApS",
        rights=("klagesager",),
    ),
    TestIdentity(
        "henrik",
        "Henrik Lund",
        "company",
        _("Grøn Energi A/S, med tegningsret"),
        cvr="37132497",
        organisation="Grøn Energi A/S",
        rights=("tegningsret",),
    ),
    TestIdentity(
        "camilla",
        "Camilla Holm",
        "company",
        _("Grøn Energi A/S, uden tegningsret"),
        cvr="37132497",
        organisation="Grøn Energi A/S",
    ),
    TestIdentity(
        "peter",
        "Peter Lind",
        "company",
        _("Advokat, Advokatfirmaet Lind & Co"),
        cvr="38025694",
        organisation="Advokatfirmaet Lind & Co",
        rights=("tegningsret",),
    ),
    TestIdentity(
        "birgitte",
        "Birgitte Andersen",
        "authority",
        _("Viborg Kommune, med adgang til web-ankeskemaet"),
        cvr=_MUNICIPALITY_CVR["791"],
        organisation="Viborg Kommune",
        rights=("ankeskema",),
    ),
    TestIdentity(
        "thomas",
        "Thomas Kjær",
        "authority",
        _("Viborg Kommune, uden adgang til web-ankeskemaet"),
        cvr=_MUNICIPALITY_CVR["791"],
        organisation="Viborg Kommune",
    ),
    TestIdentity(
        "louise",
        "Louise Krogh",
        "authority",
        _("Aarhus Kommune, med adgang til web-ankeskemaet"),
        cvr=_MUNICIPALITY_CVR["751"],
        organisation="Aarhus Kommune",
        rights=("ankeskema",),
    ),
    TestIdentity(
        "rasmus",
        "Rasmus Holt",
        "authority",
        _("Aarhus Kommune, uden adgang til web-ankeskemaet"),
        cvr=_MUNICIPALITY_CVR["751"],
        organisation="Aarhus Kommune",
    ),
    TestIdentity(
        "anders",
        "Anders Vinther",
        "body",
        _("Nævnenes Hus, sagsbehandler i Miljø- og Fødevareklagenævnet"),
        cvr=_BODY_CVR["naevneneshus"],
        organisation="Nævnenes Hus",
        rights=("sagsbehandler:mfkn",),
    ),
    TestIdentity(
        "rikke",
        "Rikke Dahl",
        "body",
        _("Nævnenes Hus, sagsbehandler i Planklagenævnet"),
        cvr=_BODY_CVR["naevneneshus"],
        organisation="Nævnenes Hus",
        rights=("sagsbehandler:pkn",),
    ),
    TestIdentity(
        "maja",
        "Maja Thomsen",
        "body",
        _("Ankestyrelsen, sagsbehandler"),
        cvr=_BODY_CVR["ankestyrelsen"],
        organisation="Ankestyrelsen",
        rights=("sagsbehandler:ast",),
    ),
    TestIdentity(
        "kirsten",
        "Kirsten Bach",
        "admin",
        _("Administrator af kataloget"),
        cvr=_BODY_CVR["naevneneshus"],
        organisation="Nævnenes Hus",
        rights=("administrator",),
    ),
)

BY_KEY = {identity.key: identity for identity in IDENTITIES}
