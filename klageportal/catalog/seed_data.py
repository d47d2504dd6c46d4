"""Seed data for the catalogue (SPEC §2, CAT-1 to CAT-5, and the figures of SPEC §12).

Plain Python data only: the loader turns it into model rows. Identifiers are English,
every text shown to users is Danish. Everything seeded here can be edited by
administrators afterwards (CAT-6); fees and texts are versioned from ``valid_from``.
"""

from typing import Any

# ---------------------------------------------------------------------------
# Appeals bodies (CAT-1)
# ---------------------------------------------------------------------------

# The CVR numbers in this module are fictitious demo numbers. They pass the mod-11
# check (weights 2, 7, 6, 5, 4, 3, 2, 1) but are not the bodies' or municipalities'
# real CVR numbers.
APPEALS_BODIES: list[dict[str, Any]] = [
    {
        "slug": "naevneneshus",
        "name": "Nævnenes Hus",
        "cvr": "12345674",
        "email": "post@naevneneshus.example",
        "phone": "72 40 56 00",
        "address": "Toldboden 2, 8800 Viborg",
        "website": "https://naevneneshus.example",
    },
    {
        "slug": "ankestyrelsen",
        "name": "Ankestyrelsen",
        "cvr": "24681351",
        "email": "ast@ankestyrelsen.example",
        "phone": "33 41 12 00",
        "address": "Teglholmsgade 3, 2450 København SV",
        "website": "https://ankestyrelsen.example",
    },
]

# ---------------------------------------------------------------------------
# Boards (CAT-1)
# ---------------------------------------------------------------------------

# expected_processing_days: the boards' published average processing times, rounded (order of magnitude of
# the figures in Nævnenes Hus' and Ankestyrelsen's yearly reports and on their websites: Miljø- og
# Fødevareklagenævnet about 10 months, Planklagenævnet about 7, Energiklagenævnet about 8,
# Forbrugerklagenævnet about 9, Disciplinærnævnet for Ejendomsmæglere about 8, Ankestyrelsen's social and
# employment cases about 14 weeks). The body's inbox marks a case received longer ago as overdue (BD-1).
BOARDS: list[dict[str, Any]] = [
    {
        "slug": "mfkn",
        "expected_processing_days": 300,
        "body": "naevneneshus",
        "name": "Miljø- og Fødevareklagenævnet",
        "short": "MFKN",
        "email": "mfkn@naevneneshus.example",
        "description": (
            "Miljø- og Fødevareklagenævnet behandler klager over afgørelser efter "
            "miljø-, natur-, landbrugs-, fiskeri- og fødevarelovgivningen."
        ),
    },
    {
        "slug": "pkn",
        "expected_processing_days": 210,
        "body": "naevneneshus",
        "name": "Planklagenævnet",
        "short": "PKN",
        "email": "pkn@naevneneshus.example",
        "description": (
            "Planklagenævnet behandler klager over afgørelser efter planloven, "
            "herunder lokalplaner og landzonetilladelser, samt klager i byggesager "
            "og over miljøvurderinger af planer og projekter."
        ),
    },
    {
        "slug": "ekn",
        "expected_processing_days": 240,
        "body": "naevneneshus",
        "name": "Energiklagenævnet",
        "short": "EKN",
        "email": "ekn@naevneneshus.example",
        "description": (
            "Energiklagenævnet behandler klager over afgørelser efter "
            "energilovgivningen, herunder varmeforsyning, elforsyning og "
            "vedvarende energi."
        ),
    },
    {
        "slug": "fkn",
        "expected_processing_days": 270,
        "body": "naevneneshus",
        "name": "Forbrugerklagenævnet",
        "short": "FKN",
        "email": "fkn@naevneneshus.example",
        "description": (
            "Forbrugerklagenævnet behandler klager fra forbrugere over køb af varer "
            "og tjenesteydelser hos erhvervsdrivende."
        ),
    },
    {
        "slug": "dne",
        "expected_processing_days": 240,
        "body": "naevneneshus",
        "name": "Disciplinærnævnet for Ejendomsmæglere",
        "short": "DNE",
        "email": "dne@naevneneshus.example",
        "description": (
            "Disciplinærnævnet for Ejendomsmæglere behandler klager over, om en "
            "ejendomsmægler har overtrådt reglerne om formidling af fast ejendom "
            "eller god ejendomsmæglerskik."
        ),
    },
    {
        # One board that stands for Ankestyrelsen itself.
        "slug": "ast",
        "expected_processing_days": 100,
        "body": "ankestyrelsen",
        "name": "Ankestyrelsen",
        "short": "AST",
        "email": "ast@ankestyrelsen.example",
        "description": (
            "Ankestyrelsen behandler klager over kommunernes afgørelser på social- "
            "og beskæftigelsesområdet, som kommunen har genvurderet og videresendt."
        ),
    },
]

# ---------------------------------------------------------------------------
# Complaint types (CAT-2, SPEC §12 fees, PAY-6)
# ---------------------------------------------------------------------------

VALID_FROM = "2026-01-01"

# Refund rules, shared by several types.
_REFUND_STANDARD = "Gebyret tilbagebetales, hvis du får helt eller delvist medhold i klagen, eller hvis klagen afvises."
_REFUND_CONSUMER = (
    "Gebyret tilbagebetales, hvis du får helt eller delvist medhold i klagen, "
    "hvis sagen afsluttes med forlig, eller hvis klagen afvises."
)

_READY_DECISION = (
    "Hav afgørelsen, du klager over, klar som fil, og kend adressen eller "
    "matrikelnummeret for det sted, klagen drejer sig om."
)
_READY_CONSUMER = (
    "Hav kvittering, ordrebekræftelse eller kontrakt klar, og gem korrespondancen "
    "med den erhvervsdrivende, herunder din skriftlige reklamation."
)

# Fees per SPEC §12: MFKN and PKN 900 kr. (private persons) / 1,800 kr. (companies
# and organisations); FKN 400 kr. and DNE 250 kr. for everyone; Ankestyrelsen's
# forwarded cases are free. Types that are not filed in the portal ("outside")
# carry no fee here: the portal collects nothing for them.
COMPLAINT_TYPES: list[dict[str, Any]] = [
    # --- Miljø- og Fødevareklagenævnet --------------------------------------
    {
        "board": "mfkn",
        "slug": "husdyrbrug",
        "name": "Miljøgodkendelse af husdyrbrug",
        "channel": "filing",
        "fee_private": 900,
        "fee_company": 1800,
        "fee_due": "filing",
        "refund_rule": _REFUND_STANDARD,
        "outside_text": "",
        "ready_text": _READY_DECISION,
        "valid_from": VALID_FROM,
    },
    {
        "board": "mfkn",
        "slug": "jordforurening",
        "name": "Jordforurening",
        "channel": "filing",
        "fee_private": 900,
        "fee_company": 1800,
        "fee_due": "filing",
        "refund_rule": _REFUND_STANDARD,
        "outside_text": "",
        "ready_text": _READY_DECISION,
        "valid_from": VALID_FROM,
    },
    {
        "board": "mfkn",
        "slug": "spildevand",
        "name": "Spildevand og kloak",
        "channel": "filing",
        "fee_private": 900,
        "fee_company": 1800,
        "fee_due": "filing",
        "refund_rule": _REFUND_STANDARD,
        "outside_text": "",
        "ready_text": _READY_DECISION,
        "valid_from": VALID_FROM,
    },
    {
        "board": "mfkn",
        "slug": "naturbeskyttelse",
        "name": "Naturbeskyttelse (§ 3-beskyttet natur)",
        "channel": "filing",
        "fee_private": 900,
        "fee_company": 1800,
        "fee_due": "filing",
        "refund_rule": _REFUND_STANDARD,
        "outside_text": "",
        "ready_text": _READY_DECISION,
        "valid_from": VALID_FROM,
    },
    {
        "board": "mfkn",
        "slug": "vandindvinding",
        "name": "Vandindvinding og vandforsyning",
        "channel": "filing",
        "fee_private": 900,
        "fee_company": 1800,
        "fee_due": "filing",
        "refund_rule": _REFUND_STANDARD,
        "outside_text": "",
        "ready_text": _READY_DECISION,
        "valid_from": VALID_FROM,
    },
    {
        "board": "mfkn",
        "slug": "landbrugsstoette",
        "name": "Landbrugsstøtte (afgørelser fra Landbrugsstyrelsen)",
        "channel": "outside",
        "fee_private": 0,
        "fee_company": 0,
        "fee_due": "filing",
        "refund_rule": "",
        "outside_text": (
            "Klager over Landbrugsstyrelsens afgørelser om landbrugsstøtte indgives "
            "ikke via klageportalen. Send klagen til Landbrugsstyrelsen som anført i "
            "klagevejledningen i afgørelsen. Landbrugsstyrelsen genvurderer "
            "afgørelsen og sender derefter klagen videre til Miljø- og "
            "Fødevareklagenævnet."
        ),
        "ready_text": "",
        "valid_from": VALID_FROM,
    },
    # --- Planklagenævnet -----------------------------------------------------
    {
        "board": "pkn",
        "slug": "lokalplan",
        "name": "Lokalplan",
        "channel": "filing",
        "fee_private": 900,
        "fee_company": 1800,
        "fee_due": "filing",
        "refund_rule": _REFUND_STANDARD,
        "outside_text": "",
        "ready_text": (
            "Hav den vedtagne lokalplan eller kommunens afgørelse klar, og angiv "
            "hvilke bestemmelser i planen du klager over."
        ),
        "valid_from": VALID_FROM,
    },
    {
        # PAY-6: the fee for this type falls due only when the municipality
        # forwards the case to the board, not at filing.
        "board": "pkn",
        "slug": "landzonetilladelse",
        "name": "Landzonetilladelse",
        "channel": "filing",
        "fee_private": 900,
        "fee_company": 1800,
        "fee_due": "forwarding",
        "refund_rule": _REFUND_STANDARD,
        "outside_text": "",
        "ready_text": _READY_DECISION,
        "valid_from": VALID_FROM,
    },
    {
        "board": "pkn",
        "slug": "byggesag",
        "name": "Byggesag efter byggeloven",
        "channel": "filing",
        "fee_private": 900,
        "fee_company": 1800,
        "fee_due": "filing",
        "refund_rule": _REFUND_STANDARD,
        "outside_text": "",
        "ready_text": ("Hav byggetilladelsen eller kommunens afgørelse klar, gerne med tegninger af byggeriet."),
        "valid_from": VALID_FROM,
    },
    {
        "board": "pkn",
        "slug": "miljoevurdering",
        "name": "Miljøvurdering af planer og projekter",
        "channel": "filing",
        "fee_private": 900,
        "fee_company": 1800,
        "fee_due": "filing",
        "refund_rule": _REFUND_STANDARD,
        "outside_text": "",
        "ready_text": _READY_DECISION,
        "valid_from": VALID_FROM,
    },
    {
        "board": "pkn",
        "slug": "planforslag-indsigelse",
        "name": "Indsigelse mod planforslag i offentlig høring",
        "channel": "outside",
        "fee_private": 0,
        "fee_company": 0,
        "fee_due": "filing",
        "refund_rule": "",
        "outside_text": (
            "Et forslag til lokalplan eller kommuneplan, der er i offentlig høring, "
            "kan ikke påklages til Planklagenævnet. Send i stedet dine bemærkninger "
            "eller din indsigelse til kommunen inden høringsfristens udløb. Når "
            "planen er endeligt vedtaget og offentliggjort, kan du klage over "
            "retlige spørgsmål via klageportalen."
        ),
        "ready_text": "",
        "valid_from": VALID_FROM,
    },
    # --- Energiklagenævnet ---------------------------------------------------
    # SPEC §12 leaves EKN's fee to its own rule. Demo rule chosen here: the same
    # 900 kr. / 1,800 kr. as MFKN and PKN, due at filing.
    {
        "board": "ekn",
        "slug": "varmeforsyning",
        "name": "Varmeforsyning",
        "channel": "filing",
        "fee_private": 900,
        "fee_company": 1800,
        "fee_due": "filing",
        "refund_rule": _REFUND_STANDARD,
        "outside_text": "",
        "ready_text": _READY_DECISION,
        "valid_from": VALID_FROM,
    },
    {
        "board": "ekn",
        "slug": "vindmoeller",
        "name": "Vindmøller (VE-loven)",
        "channel": "filing",
        "fee_private": 900,
        "fee_company": 1800,
        "fee_due": "filing",
        "refund_rule": _REFUND_STANDARD,
        "outside_text": "",
        "ready_text": _READY_DECISION,
        "valid_from": VALID_FROM,
    },
    {
        "board": "ekn",
        "slug": "elforsyning",
        "name": "Elforsyning",
        "channel": "filing",
        "fee_private": 900,
        "fee_company": 1800,
        "fee_due": "filing",
        "refund_rule": _REFUND_STANDARD,
        "outside_text": "",
        "ready_text": "",
        "valid_from": VALID_FROM,
    },
    {
        "board": "ekn",
        "slug": "energimaerkning",
        "name": "Energimærkning af bygninger",
        "channel": "filing",
        "fee_private": 900,
        "fee_company": 1800,
        "fee_due": "filing",
        "refund_rule": _REFUND_STANDARD,
        "outside_text": "",
        "ready_text": ("Hav energimærket og eventuel korrespondance med energikonsulenten klar."),
        "valid_from": VALID_FROM,
    },
    {
        "board": "ekn",
        "slug": "energiregning",
        "name": "Klage over el-, gas- eller varmeregning",
        "channel": "outside",
        "fee_private": 0,
        "fee_company": 0,
        "fee_due": "filing",
        "refund_rule": "",
        "outside_text": (
            "Klager over din regning eller din aftale med et el-, gas- eller "
            "varmeselskab behandles ikke af Energiklagenævnet. Kontakt først "
            "selskabet. Er I fortsat uenige, kan du som forbruger klage til "
            "Ankenævnet på Energiområdet."
        ),
        "ready_text": "",
        "valid_from": VALID_FROM,
    },
    # --- Forbrugerklagenævnet -----------------------------------------------
    {
        "board": "fkn",
        "slug": "koeb-af-vare",
        "name": "Klage over køb af vare",
        "channel": "filing",
        "fee_private": 400,
        "fee_company": 400,
        "fee_due": "filing",
        "refund_rule": _REFUND_CONSUMER,
        "outside_text": "",
        "ready_text": _READY_CONSUMER,
        "valid_from": VALID_FROM,
    },
    {
        "board": "fkn",
        "slug": "tjenesteydelse",
        "name": "Klage over tjenesteydelse",
        "channel": "filing",
        "fee_private": 400,
        "fee_company": 400,
        "fee_due": "filing",
        "refund_rule": _REFUND_CONSUMER,
        "outside_text": "",
        "ready_text": _READY_CONSUMER,
        "valid_from": VALID_FROM,
    },
    {
        "board": "fkn",
        "slug": "abonnement",
        "name": "Klage over abonnement eller løbende aftale",
        "channel": "filing",
        "fee_private": 400,
        "fee_company": 400,
        "fee_due": "filing",
        "refund_rule": _REFUND_CONSUMER,
        "outside_text": "",
        "ready_text": _READY_CONSUMER,
        "valid_from": VALID_FROM,
    },
    {
        "board": "fkn",
        "slug": "pengeinstitut",
        "name": "Klage over bank eller andet pengeinstitut",
        "channel": "outside",
        "fee_private": 0,
        "fee_company": 0,
        "fee_due": "filing",
        "refund_rule": "",
        "outside_text": (
            "Klager over banker og andre pengeinstitutter behandles af "
            "Pengeinstitutankenævnet, som er et privat, godkendt klagenævn. Klagen "
            "indgives direkte til Pengeinstitutankenævnet og ikke via "
            "klageportalen."
        ),
        "ready_text": "",
        "valid_from": VALID_FROM,
    },
    # --- Disciplinærnævnet for Ejendomsmæglere -------------------------------
    {
        "board": "dne",
        "slug": "ejendomsmaegler",
        "name": "Klage over ejendomsmægler",
        "channel": "filing",
        "fee_private": 250,
        "fee_company": 250,
        "fee_due": "filing",
        "refund_rule": _REFUND_STANDARD,
        "outside_text": "",
        "ready_text": ("Hav formidlingsaftalen, salgsopstillingen og korrespondancen med ejendomsmægleren klar."),
        "valid_from": VALID_FROM,
    },
    {
        "board": "dne",
        "slug": "maeglervirksomhed",
        "name": "Klage over ejendomsmæglervirksomhed",
        "channel": "filing",
        "fee_private": 250,
        "fee_company": 250,
        "fee_due": "filing",
        "refund_rule": _REFUND_STANDARD,
        "outside_text": "",
        "ready_text": "",
        "valid_from": VALID_FROM,
    },
    {
        "board": "dne",
        "slug": "erstatning-vederlag",
        "name": "Krav om erstatning eller nedsættelse af mæglerens vederlag",
        "channel": "outside",
        "fee_private": 0,
        "fee_company": 0,
        "fee_due": "filing",
        "refund_rule": "",
        "outside_text": (
            "Disciplinærnævnet for Ejendomsmæglere tager kun stilling til, om "
            "mægleren har overtrådt reglerne, og kan ikke tilkende erstatning. Krav "
            "om erstatning eller om nedsættelse af mæglerens vederlag indgives "
            "direkte til Klagenævnet for Ejendomsformidling og ikke via "
            "klageportalen."
        ),
        "ready_text": "",
        "valid_from": VALID_FROM,
    },
    # --- Ankestyrelsen (forwarded by the municipality, no fee) ---------------
    {
        "board": "ast",
        "slug": "sociale-sager",
        "name": "Sociale sager (videresendt af kommunen)",
        "channel": "forwarding",
        "fee_private": 0,
        "fee_company": 0,
        "fee_due": "filing",
        "refund_rule": "",
        "outside_text": "",
        "ready_text": "",
        "valid_from": VALID_FROM,
    },
    {
        "board": "ast",
        "slug": "beskaeftigelsessager",
        "name": "Beskæftigelsessager (videresendt af kommunen)",
        "channel": "forwarding",
        "fee_private": 0,
        "fee_company": 0,
        "fee_due": "filing",
        "refund_rule": "",
        "outside_text": "",
        "ready_text": "",
        "valid_from": VALID_FROM,
    },
]

# ---------------------------------------------------------------------------
# Municipalities (first instances, CAT-3)
# ---------------------------------------------------------------------------

# All 98 municipalities with their official municipality codes (kommunekoder),
# grouped by region. Christiansø (411) is not a municipality and is left out.
MUNICIPALITIES = [
    # Region Hovedstaden
    ("101", "Københavns Kommune"),
    ("147", "Frederiksberg Kommune"),
    ("151", "Ballerup Kommune"),
    ("153", "Brøndby Kommune"),
    ("155", "Dragør Kommune"),
    ("157", "Gentofte Kommune"),
    ("159", "Gladsaxe Kommune"),
    ("161", "Glostrup Kommune"),
    ("163", "Herlev Kommune"),
    ("165", "Albertslund Kommune"),
    ("167", "Hvidovre Kommune"),
    ("169", "Høje-Taastrup Kommune"),
    ("173", "Lyngby-Taarbæk Kommune"),
    ("175", "Rødovre Kommune"),
    ("183", "Ishøj Kommune"),
    ("185", "Tårnby Kommune"),
    ("187", "Vallensbæk Kommune"),
    ("190", "Furesø Kommune"),
    ("201", "Allerød Kommune"),
    ("210", "Fredensborg Kommune"),
    ("217", "Helsingør Kommune"),
    ("219", "Hillerød Kommune"),
    ("223", "Hørsholm Kommune"),
    ("230", "Rudersdal Kommune"),
    ("240", "Egedal Kommune"),
    ("250", "Frederikssund Kommune"),
    ("260", "Halsnæs Kommune"),
    ("270", "Gribskov Kommune"),
    ("400", "Bornholms Regionskommune"),
    # Region Sjælland
    ("253", "Greve Kommune"),
    ("259", "Køge Kommune"),
    ("265", "Roskilde Kommune"),
    ("269", "Solrød Kommune"),
    ("306", "Odsherred Kommune"),
    ("316", "Holbæk Kommune"),
    ("320", "Faxe Kommune"),
    ("326", "Kalundborg Kommune"),
    ("329", "Ringsted Kommune"),
    ("330", "Slagelse Kommune"),
    ("336", "Stevns Kommune"),
    ("340", "Sorø Kommune"),
    ("350", "Lejre Kommune"),
    ("360", "Lolland Kommune"),
    ("370", "Næstved Kommune"),
    ("376", "Guldborgsund Kommune"),
    ("390", "Vordingborg Kommune"),
    # Region Syddanmark
    ("410", "Middelfart Kommune"),
    ("420", "Assens Kommune"),
    ("430", "Faaborg-Midtfyn Kommune"),
    ("440", "Kerteminde Kommune"),
    ("450", "Nyborg Kommune"),
    ("461", "Odense Kommune"),
    ("479", "Svendborg Kommune"),
    ("480", "Nordfyns Kommune"),
    ("482", "Langeland Kommune"),
    ("492", "Ærø Kommune"),
    ("510", "Haderslev Kommune"),
    ("530", "Billund Kommune"),
    ("540", "Sønderborg Kommune"),
    ("550", "Tønder Kommune"),
    ("561", "Esbjerg Kommune"),
    ("563", "Fanø Kommune"),
    ("573", "Varde Kommune"),
    ("575", "Vejen Kommune"),
    ("580", "Aabenraa Kommune"),
    ("607", "Fredericia Kommune"),
    ("621", "Kolding Kommune"),
    ("630", "Vejle Kommune"),
    # Region Midtjylland
    ("615", "Horsens Kommune"),
    ("657", "Herning Kommune"),
    ("661", "Holstebro Kommune"),
    ("665", "Lemvig Kommune"),
    ("671", "Struer Kommune"),
    ("706", "Syddjurs Kommune"),
    ("707", "Norddjurs Kommune"),
    ("710", "Favrskov Kommune"),
    ("727", "Odder Kommune"),
    ("730", "Randers Kommune"),
    ("740", "Silkeborg Kommune"),
    ("741", "Samsø Kommune"),
    ("746", "Skanderborg Kommune"),
    ("751", "Aarhus Kommune"),
    ("756", "Ikast-Brande Kommune"),
    ("760", "Ringkøbing-Skjern Kommune"),
    ("766", "Hedensted Kommune"),
    ("779", "Skive Kommune"),
    ("791", "Viborg Kommune"),
    # Region Nordjylland
    ("773", "Morsø Kommune"),
    ("787", "Thisted Kommune"),
    ("810", "Brønderslev Kommune"),
    ("813", "Frederikshavn Kommune"),
    ("820", "Vesthimmerlands Kommune"),
    ("825", "Læsø Kommune"),
    ("840", "Rebild Kommune"),
    ("846", "Mariagerfjord Kommune"),
    ("849", "Jammerbugt Kommune"),
    ("851", "Aalborg Kommune"),
    ("860", "Hjørring Kommune"),
]

# Demo details for three municipalities used in the demo data. The CVR numbers
# are fictitious demo numbers (mod-11 valid, not the municipalities' real ones).
DEMO_MUNICIPALITY_DETAILS: dict[str, dict[str, str]] = {
    "791": {"cvr": "31415926", "email": "klagesager@viborg.example"},
    "751": {"cvr": "16180335", "email": "klagesager@aarhus.example"},
    "101": {"cvr": "13579245", "email": "klagesager@kk.example"},
}

# ---------------------------------------------------------------------------
# Law areas for authority forwarding (CAT-4, AS-30, AS-40)
# ---------------------------------------------------------------------------

# Every law except the single-item one ends with the catch-all area
# "Øvrige bestemmelser"; its follow-up asks which paragraph the decision was made
# under. The loader sorts areas by paragraph number, catch-all last.
LAWS: list[dict[str, Any]] = [
    {
        "slug": "serviceloven",
        "name": "Lov om social service",
        "short": "Serviceloven",
        "single_item": False,
        "position": 1,
        "areas": [
            {
                # §§ 41 and 42 moved to Barnets lov (§§ 86 and 87) on 1 January 2024;
                # kept here for decisions made under the former rules.
                "paragraph": "§ 41",
                "name": ("Merudgifter ved forsørgelse af børn med nedsat funktionsevne - § 41"),
                "follow_up": False,
                "catch_all": False,
                "required_documents": [
                    "Lægelige oplysninger om barnets funktionsnedsættelse",
                    "Opgørelse over merudgifterne",
                ],
            },
            {
                "paragraph": "§ 42",
                "name": "Tabt arbejdsfortjeneste - § 42",
                "follow_up": False,
                "catch_all": False,
                "required_documents": [
                    "Lægelige oplysninger om barnets funktionsnedsættelse",
                    "Lønoplysninger",
                ],
            },
            {
                "paragraph": "§ 83",
                "name": "Personlig og praktisk hjælp - § 83",
                "follow_up": False,
                "catch_all": False,
                "required_documents": ["Visitationsvurdering"],
            },
            {
                "paragraph": "§ 85",
                "name": "Socialpædagogisk bistand - § 85",
                "follow_up": False,
                "catch_all": False,
                "required_documents": ["Handleplan eller indsatsplan"],
            },
            {
                "paragraph": "§ 95",
                "name": "Kontant tilskud til ansættelse af hjælpere - § 95",
                "follow_up": False,
                "catch_all": False,
                "required_documents": ["Funktionsbeskrivelse"],
            },
            {
                "paragraph": "§ 96",
                "name": "Borgerstyret personlig assistance - § 96",
                "follow_up": False,
                "catch_all": False,
                "required_documents": [
                    "Funktionsbeskrivelse",
                    "Lægelige oplysninger",
                ],
            },
            {
                "paragraph": "§ 97",
                "name": "Ledsageordning - § 97",
                "follow_up": False,
                "catch_all": False,
                "required_documents": [],
            },
            {
                "paragraph": "§ 100",
                "name": "Merudgifter for voksne - § 100",
                "follow_up": False,
                "catch_all": False,
                "required_documents": [
                    "Opgørelse over merudgifterne",
                    "Lægelige oplysninger",
                ],
            },
            {
                "paragraph": "§ 107",
                "name": "Midlertidigt botilbud - § 107",
                "follow_up": False,
                "catch_all": False,
                "required_documents": [],
            },
            {
                "paragraph": "§ 108",
                "name": "Længerevarende botilbud - § 108",
                "follow_up": False,
                "catch_all": False,
                "required_documents": [],
            },
            {
                "paragraph": "§ 112",
                "name": "Hjælpemidler - § 112",
                "follow_up": False,
                "catch_all": False,
                "required_documents": [
                    "Lægelige oplysninger",
                    "Tilbud eller prisoverslag på hjælpemidlet",
                ],
            },
            {
                "paragraph": "§ 113",
                "name": "Forbrugsgoder - § 113",
                "follow_up": False,
                "catch_all": False,
                "required_documents": ["Tilbud eller prisoverslag på forbrugsgodet"],
            },
            {
                "paragraph": "§ 114",
                "name": "Støtte til køb af bil - § 114",
                "follow_up": True,
                "catch_all": False,
                "required_documents": [
                    "Lægelige oplysninger",
                    "Oplysninger om kørselsbehov",
                    "Oplysninger om økonomi",
                ],
            },
            {
                "paragraph": "§ 116",
                "name": "Boligindretning - § 116",
                "follow_up": False,
                "catch_all": False,
                "required_documents": [
                    "Lægelige oplysninger",
                    "Tegninger og tilbud på boligændringen",
                ],
            },
            {
                "paragraph": "§ 118",
                "name": ("Pasning af nærtstående med handicap eller alvorlig sygdom - § 118"),
                "follow_up": False,
                "catch_all": False,
                "required_documents": ["Lægelige oplysninger"],
            },
            {
                "paragraph": "",
                "name": "Øvrige bestemmelser",
                "follow_up": True,
                "catch_all": True,
                "required_documents": [],
            },
        ],
    },
    {
        "slug": "aktivloven",
        "name": "Lov om aktiv socialpolitik",
        "short": "Aktivloven",
        "single_item": False,
        "position": 2,
        "areas": [
            {
                "paragraph": "§ 11",
                "name": "Kontanthjælp - § 11",
                "follow_up": True,
                "catch_all": False,
                "required_documents": [
                    "Beregning af hjælpen",
                    "Oplysninger om økonomi",
                ],
            },
            {
                "paragraph": "§ 34",
                "name": "Særlig støtte - § 34",
                "follow_up": False,
                "catch_all": False,
                "required_documents": [
                    "Beregning af den særlige støtte",
                    "Boligudgifter",
                ],
            },
            {
                "paragraph": "§ 81",
                "name": "Enkeltydelser - § 81",
                "follow_up": False,
                "catch_all": False,
                "required_documents": [
                    "Oplysninger om økonomi",
                    "Dokumentation for udgiften",
                ],
            },
            {
                "paragraph": "§ 82",
                "name": "Sygebehandling, medicin og tandbehandling - § 82",
                "follow_up": False,
                "catch_all": False,
                "required_documents": ["Tilbud eller overslag fra behandler"],
            },
            {
                "paragraph": "§ 91",
                "name": "Tilbagebetaling - § 91",
                "follow_up": False,
                "catch_all": False,
                "required_documents": ["Opgørelse af tilbagebetalingskravet"],
            },
            {
                "paragraph": "",
                "name": "Øvrige bestemmelser",
                "follow_up": True,
                "catch_all": True,
                "required_documents": [],
            },
        ],
    },
    {
        "slug": "sygedagpengeloven",
        "name": "Lov om sygedagpenge",
        "short": "Sygedagpengeloven",
        "single_item": False,
        "position": 3,
        "areas": [
            {
                "paragraph": "§ 7",
                "name": "Uarbejdsdygtighed - § 7",
                "follow_up": False,
                "catch_all": False,
                "required_documents": [
                    "Lægelige oplysninger",
                    "Opfølgningsplan",
                ],
            },
            {
                "paragraph": "§ 21",
                "name": "Ophør ved manglende medvirken - § 21",
                "follow_up": False,
                "catch_all": False,
                "required_documents": ["Partshøring om ophør"],
            },
            {
                "paragraph": "§ 24",
                "name": "Varighedsbegrænsning - § 24",
                "follow_up": False,
                "catch_all": False,
                "required_documents": [],
            },
            {
                "paragraph": "§ 27",
                "name": "Forlængelse af sygedagpenge - § 27",
                "follow_up": True,
                "catch_all": False,
                "required_documents": ["Lægelige oplysninger"],
            },
            {
                "paragraph": "§ 32",
                "name": "Beskæftigelseskrav for lønmodtagere - § 32",
                "follow_up": False,
                "catch_all": False,
                "required_documents": ["Lønoplysninger"],
            },
            {
                "paragraph": "§ 54",
                "name": "Refusion til arbejdsgiver - § 54",
                "follow_up": False,
                "catch_all": False,
                "required_documents": ["Arbejdsgiverens anmodning om refusion"],
            },
            {
                "paragraph": "",
                "name": "Øvrige bestemmelser",
                "follow_up": True,
                "catch_all": True,
                "required_documents": [],
            },
        ],
    },
    {
        "slug": "lab-loven",
        "name": "Lov om en aktiv beskæftigelsesindsats",
        "short": "LAB-loven",
        "single_item": False,
        "position": 4,
        "areas": [
            {
                # Named word for word as in Ankestyrelsen's guidance (CAT-4).
                "paragraph": "§§ 66-79",
                "name": "Ansættelse med løntilskud - §§ 66-79 og 81",
                "follow_up": True,
                "catch_all": False,
                "required_documents": ["Aftale om ansættelse med løntilskud"],
            },
            {
                "paragraph": "§ 112",
                "name": "Ressourceforløb - § 112",
                "follow_up": True,
                "catch_all": False,
                "required_documents": [
                    "Rehabiliteringsplan",
                    "Rehabiliteringsteamets indstilling",
                ],
            },
            {
                "paragraph": "§§ 116-118",
                "name": "Visitation til fleksjob - §§ 116-118",
                "follow_up": False,
                "catch_all": False,
                "required_documents": [
                    "Rehabiliteringsplan",
                    "Rehabiliteringsteamets indstilling",
                    "Lægelige oplysninger",
                ],
            },
            {
                "paragraph": "§ 123",
                "name": "Fleksløntilskud - § 123",
                "follow_up": False,
                "catch_all": False,
                "required_documents": ["Lønoplysninger"],
            },
            {
                "paragraph": "",
                "name": "Øvrige bestemmelser",
                "follow_up": True,
                "catch_all": True,
                "required_documents": [],
            },
        ],
    },
    {
        "slug": "pensionsloven",
        "name": "Lov om social pension",
        "short": "Pensionsloven",
        "single_item": False,
        "position": 5,
        "areas": [
            {
                "paragraph": "§ 14",
                "name": "Personligt tillæg - § 14",
                "follow_up": False,
                "catch_all": False,
                "required_documents": [
                    "Oplysninger om økonomi",
                    "Dokumentation for udgiften",
                ],
            },
            {
                "paragraph": "§ 14 a",
                "name": "Helbredstillæg - § 14 a",
                "follow_up": False,
                "catch_all": False,
                "required_documents": ["Tilbud eller regning fra behandler"],
            },
            {
                "paragraph": "§ 16",
                "name": "Førtidspension - § 16",
                "follow_up": False,
                "catch_all": False,
                "required_documents": [
                    "Rehabiliteringsplan",
                    "Rehabiliteringsteamets indstilling",
                    "Lægelige oplysninger",
                ],
            },
            {
                "paragraph": "",
                "name": "Øvrige bestemmelser",
                "follow_up": True,
                "catch_all": True,
                "required_documents": [],
            },
        ],
    },
    {
        "slug": "socialtilsynsloven",
        "name": "Lov om socialtilsyn",
        "short": "Socialtilsynsloven",
        "single_item": True,
        "position": 6,
        "areas": [
            {
                "paragraph": "",
                "name": "Socialtilsyn",
                "follow_up": False,
                "catch_all": False,
                "required_documents": ["Tilsynsrapport"],
            },
        ],
    },
    {
        # Children's cases formerly under Lov om social service (§§ 41, 42 and
        # others) are decided under Barnets lov from 1 January 2024.
        "slug": "barnets-lov",
        "name": "Barnets lov",
        "short": "Barnets lov",
        "single_item": False,
        "position": 7,
        "areas": [
            {
                "paragraph": "§ 86",
                "name": ("Merudgifter ved forsørgelse af børn med nedsat funktionsevne - § 86"),
                "follow_up": False,
                "catch_all": False,
                "required_documents": [
                    "Lægelige oplysninger om barnets funktionsnedsættelse",
                    "Opgørelse over merudgifterne",
                ],
            },
            {
                "paragraph": "§ 87",
                "name": "Tabt arbejdsfortjeneste - § 87",
                "follow_up": False,
                "catch_all": False,
                "required_documents": [
                    "Lægelige oplysninger om barnets funktionsnedsættelse",
                    "Lønoplysninger",
                ],
            },
            {
                "paragraph": "",
                "name": "Øvrige bestemmelser",
                "follow_up": True,
                "catch_all": True,
                "required_documents": [],
            },
        ],
    },
]

# ---------------------------------------------------------------------------
# Document categories (CAT-5)
# ---------------------------------------------------------------------------

DOCUMENT_CATEGORIES = [
    ("afgoerelse", "Afgørelse"),
    ("klage", "Klage"),
    ("aktliste", "Aktliste"),
    ("hoeringssvar", "Høringssvar"),
    ("svarskema", "Svarskema"),
    ("genvurdering", "Genvurdering"),
    ("journalnotat", "Journalnotat"),
    ("partshoering", "Partshøring"),
    ("korrespondance", "Korrespondance"),
    ("fuldmagt", "Fuldmagt"),
    ("kvittering", "Kvittering"),
    ("dokumentation-modtagelse", "Dokumentation for modtagelse"),
    ("forsendelseslog", "Forsendelseslog"),
    ("laegelige-oplysninger", "Lægelige oplysninger"),
    ("andet", "Andet"),
]

# The complaint types' names in English, shown when the interface language is English (by slug).
COMPLAINT_TYPE_NAMES_EN = {
    "husdyrbrug": "Environmental approval of livestock farms",
    "jordforurening": "Soil contamination",
    "spildevand": "Waste water and sewers",
    "naturbeskyttelse": "Nature protection (protected nature under section 3)",
    "vandindvinding": "Water abstraction and water supply",
    "landbrugsstoette": "Agricultural subsidies (decisions of the Danish Agricultural Agency)",
    "lokalplan": "Local plan",
    "landzonetilladelse": "Rural zone permit",
    "byggesag": "Building case under the Building Act",
    "miljoevurdering": "Environmental assessment of plans and projects",
    "planforslag-indsigelse": "Objection to a draft plan in public consultation",
    "varmeforsyning": "Heat supply",
    "vindmoeller": "Wind turbines (Renewable Energy Act)",
    "elforsyning": "Electricity supply",
    "energimaerkning": "Energy labelling of buildings",
    "energiregning": "Complaint about an electricity, gas or heating bill",
    "koeb-af-vare": "Complaint about goods bought",
    "tjenesteydelse": "Complaint about a service",
    "abonnement": "Complaint about a subscription or ongoing agreement",
    "pengeinstitut": "Complaint about a bank or other financial institution",
    "ejendomsmaegler": "Complaint about an estate agent",
    "maeglervirksomhed": "Complaint about an estate agency",
    "erstatning-vederlag": "Claim for damages or a reduction of the estate agent's fee",
    "sociale-sager": "Social cases (forwarded by the municipality)",
    "beskaeftigelsessager": "Employment cases (forwarded by the municipality)",
}
