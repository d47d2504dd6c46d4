"""Generate many realistic cases fast, for benchmarks: `python bench/generate.py --cases 100000`.

Cases are spread over the seeded boards, complaint types and municipalities, with the status history,
parties and events the portal's own services would have written, but inserted with bulk_create in
batches instead of one service call per case. Numbers come from the real series (NH/AST per year, or
one series of your choice) in blocks reserved on CaseNumberSequence under its row lock, so a case
created by the portal afterwards continues the series without a collision and without a gap.

All people and companies are fictitious: CPR numbers are random with a valid date of birth, CVR
numbers pass the mod-11 check and come from a small pool, e-mail addresses use example domains.
Use it as a function (`generate_cases(n, seed=...)`, Django set up) or from the command line, which
writes to the database of the usual settings (DATABASE_URL, or SQLite under KP_VAR_DIR/var).
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from random import Random

REPO_DIR = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------------------------------------
# Fictitious people, companies and places
# ---------------------------------------------------------------------------------------------

FIRST_NAMES_FEMALE = (
    "Anne", "Kirsten", "Hanne", "Mette", "Anna", "Helle", "Susanne", "Lene", "Maria", "Marianne",
    "Inge", "Karen", "Lone", "Bente", "Camilla", "Pia", "Louise", "Charlotte", "Tina", "Julie",
    "Ida", "Emma", "Sofie", "Laura", "Freja", "Signe", "Birgitte", "Rikke", "Maja", "Karina",
)  # fmt: skip
FIRST_NAMES_MALE = (
    "Peter", "Jens", "Michael", "Lars", "Henrik", "Thomas", "Søren", "Jan", "Niels", "Christian",
    "Martin", "Anders", "Morten", "Jesper", "Mads", "Rasmus", "Hans", "Per", "Ole", "Kim",
    "Mikkel", "Frederik", "Jørgen", "Erik", "Poul", "Torben", "Kasper", "Jakob", "Bo", "Steen",
)  # fmt: skip
MIDDLE_NAMES = ("Marie", "Skov", "Holm", "Juul", "Bach", "Dam", "Kjær", "Lund", "Munk", "Høj", "Bøgh", "Vestergaard")
SURNAMES = (
    "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen",
    "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen", "Jakobsen", "Mikkelsen", "Olesen",
    "Frederiksen", "Laursen", "Henriksen", "Lund", "Schmidt", "Eriksen", "Holm", "Kristiansen",
    "Clausen", "Simonsen", "Svendsen", "Andreasen", "Iversen", "Jeppesen", "Mogensen", "Vinther",
)  # fmt: skip
STREETS = (
    "Skovvej", "Kirkevej", "Bakkevej", "Møllevej", "Engvej", "Vestergade", "Østergade", "Nørregade",
    "Søndergade", "Stationsvej", "Skolevej", "Byvej", "Strandvejen", "Birkevej", "Egevej", "Lindevej",
    "Markvej", "Åvej", "Kærvej", "Fasanvej", "Bøgevej", "Havnegade", "Toftevej", "Grønnegade",
)  # fmt: skip
TOWNS = (
    ("1360", "København K"), ("2000", "Frederiksberg"), ("2750", "Ballerup"), ("3400", "Hillerød"),
    ("4000", "Roskilde"), ("4700", "Næstved"), ("5000", "Odense C"), ("6000", "Kolding"),
    ("6700", "Esbjerg"), ("7100", "Vejle"), ("7400", "Herning"), ("7500", "Holstebro"),
    ("8000", "Aarhus C"), ("8600", "Silkeborg"), ("8700", "Horsens"), ("8800", "Viborg"),
    ("8900", "Randers C"), ("9000", "Aalborg"), ("9800", "Hjørring"), ("3700", "Rønne"),
)  # fmt: skip
ADVISERS = (
    "Advokatfirmaet Holm & Partnere", "Advokatfirmaet Lind & Co", "Advokathuset Vest", "Juul Advokater",
    "Landbrugsrådgivning Midt A/S", "Vestjysk Landboforening", "Miljørådgivning Nord ApS",
    "Byggerådgiverne ApS", "Energirådgivning Syd ApS", "Forbrugerjura ApS",
)  # fmt: skip
BUSINESSES = (
    "Byggefirmaet Nord ApS", "Grøn Energi A/S", "Holm Maskinstation ApS", "Bakkegården I/S",
    "Østergaard Ejendomme A/S", "Vindmøllelauget Vest I/S", "Fjordens Fiskeri ApS", "Skovbrynet Planteskole ApS",
    "Kirkegaard Grusgrav ApS", "Strandens Camping ApS", "Lund Svineproduktion ApS", "Nordisk Solcelle A/S",
    "Dansk Varme og VVS ApS", "Tømrerfirmaet Munk ApS", "Vestergaard Autohandel ApS", "Midtjysk Bolig A/S",
    "Mejeriet Engly A.m.b.a.", "Søndergaard Minkfarm ApS", "Cafe Havnen ApS", "Ejendomsselskabet Kæret ApS",
)  # fmt: skip
ASSOCIATIONS = (
    "Grundejerforeningen Skovbrynet", "Beboerforeningen Havnekvarteret", "Naboforeningen Engvej",
    "Grundejerforeningen Strandlyst", "Foreningen til Bevarelse af Ådalen", "Landsbylauget Østrup",
)  # fmt: skip
COMPLAINT_SENTENCES = {
    "mfkn": (
        "Miljøgodkendelsen tager ikke højde for lugtgener for naboerne.",
        "Kommunen har ikke vurderet påvirkningen af det nærliggende Natura 2000-område.",
        "Påbuddet om separatkloakering bygger på forkerte oplysninger om ejendommen.",
        "Kortlægningen af grunden som forurenet bygger på en fejlagtig historisk redegørelse.",
        "Tilladelsen til vandindvinding vil sænke grundvandet under vores ejendom.",
    ),
    "pkn": (
        "Lokalplanen tillader byggeri i fem etager tæt på eksisterende rækkehuse.",
        "Landzonetilladelsen er givet uden hensyn til landskabet.",
        "Dispensationen fra lokalplanen giver indbliksgener i vores have.",
        "Kommunen har ikke foretaget den nødvendige miljøvurdering af projektet.",
    ),
    "ekn": (
        "Tilslutningspligten til fjernvarme er pålagt, selv om vi har en ny varmepumpe.",
        "Vindmøllerne vil give støj og skyggekast ved vores bolig.",
        "Afgørelsen om elafgift bygger på et forkert forbrug.",
    ),
    "fkn": (
        "Den erhvervsdrivende afviser at afhjælpe manglen, selv om jeg har reklameret i tide.",
        "Varen blev leveret defekt, og jeg har krævet pengene tilbage.",
        "Håndværkeren har faktureret langt mere end det aftalte.",
    ),
    "dne": (
        "Ejendomsmægleren oplyste ikke om kendte fejl ved ejendommen.",
        "Mægleren har ikke overholdt reglerne om salgsopstilling.",
    ),
    "ast": (
        "Kommunen har afslået merudgifter til mit barns handicap.",
        "Min hjemmehjælp er sat ned uden en konkret vurdering af mit behov.",
        "Kommunen har stoppet min kontanthjælp med urette.",
        "Sygedagpengene er standset, selv om jeg stadig er uarbejdsdygtig.",
        "Kommunen har afslået at dække udgifterne til et hjælpemiddel.",
    ),
}
GENERIC_SENTENCES = (
    "Jeg mener ikke, at kommunen har oplyst sagen tilstrækkeligt.",
    "Afgørelsen er ikke begrundet, og mine bemærkninger er ikke taget i betragtning.",
    "Jeg har ikke fået lejlighed til at udtale mig, før afgørelsen blev truffet.",
    "Afgørelsen strider mod praksis i tilsvarende sager.",
)
LOCATION_BOARDS = frozenset({"mfkn", "pkn", "ekn"})
ASSOCIATION_BOARDS = frozenset({"mfkn", "pkn"})

# Share of the cases per board; boards added later through the administration weigh 5.
BOARD_WEIGHTS = {"mfkn": 20, "pkn": 20, "ekn": 8, "fkn": 14, "dne": 4, "ast": 34}
# Larger municipalities have more cases; the rest weigh 1.
MUNICIPALITY_WEIGHTS = {"101": 12, "751": 7, "461": 5, "851": 5, "561": 3, "621": 3, "630": 3, "147": 3, "791": 2}

# The statuses a case passes through, with how often each course is planned. A case whose course would
# end in the future stops at the last status it has reached by now, so young cases are still open.
FILING_PATHS = (
    (7, ("kladde",)),
    (4, ("kladde", "udfyldt")),
    (1, ("kladde", "udfyldt", "tilbagekaldt", "afsluttet")),
    (1, ("kladde", "udfyldt", "indsendt", "tilbagekaldt", "afsluttet")),
    (3, ("kladde", "udfyldt", "indsendt", "genoptaget")),
    (4, ("kladde", "udfyldt", "indsendt", "genoptaget", "afsluttet")),
    (5, ("kladde", "udfyldt", "indsendt", "videresendt", "afgjort", "afsluttet")),
    (30, ("kladde", "udfyldt", "indsendt", "videresendt", "under_behandling", "afgjort", "afsluttet")),
    (
        20,
        ("kladde", "udfyldt", "indsendt", "videresendt", "under_behandling", "afventer_naevn", "afgjort", "afsluttet"),
    ),
    (6, ("kladde", "udfyldt", "indsendt", "videresendt", "under_behandling", "afvist", "afsluttet")),
    (3, ("kladde", "udfyldt", "indsendt", "videresendt", "afvist", "afsluttet")),
    (3, ("kladde", "udfyldt", "indsendt", "videresendt", "under_behandling", "tilbagekaldt", "afsluttet")),
    (
        2,
        (
            "kladde", "udfyldt", "indsendt", "videresendt", "under_behandling", "afventer_naevn",
            "under_behandling", "afgjort", "afsluttet",
        ),
    ),
)  # fmt: skip
FORWARDING_PATHS = (
    (60, ("videresendt", "under_behandling", "afgjort", "afsluttet")),
    (15, ("videresendt", "under_behandling", "afventer_naevn", "afgjort", "afsluttet")),
    (5, ("videresendt", "afvist", "afsluttet")),
    (5, ("videresendt", "under_behandling", "afvist", "afsluttet")),
    (3, ("videresendt", "tilbagekaldt", "afsluttet")),
)
# Days from the previous status to this one (uniform between the bounds).
STEP_DAYS = {
    "udfyldt": (0.01, 3),
    "indsendt": (0.05, 10),
    "genoptaget": (3, 35),
    "videresendt": (3, 35),
    "under_behandling": (2, 60),
    "afventer_naevn": (30, 150),
    "afgjort": (20, 200),
    "afvist": (5, 90),
    "tilbagekaldt": (1, 90),
    "afsluttet": (14, 120),
}
REASONS = {
    "genoptaget": ("Kommunen har genoptaget sagen og truffet en ny afgørelse.",),
    "afvist": (
        "Klagen er indgivet efter klagefristens udløb.",
        "Klager er ikke klageberettiget.",
        "Afgørelsen kan ikke påklages til nævnet.",
    ),
    "tilbagekaldt": ("Klager har trukket klagen tilbage.",),
}
# Hours of the day complaints are started, weighted (evenings are popular with citizens).
HOUR_WEIGHTS = (1, 0, 0, 0, 0, 1, 2, 4, 7, 9, 9, 8, 7, 8, 8, 7, 6, 6, 7, 8, 8, 6, 4, 2)
CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u"})


def fake_cpr(rng: Random, *, born: date | None = None, female: bool | None = None) -> str:
    """A random CPR number whose date of birth is valid and whose century digit fits it (not mod 11)."""
    if born is None:
        born = date(1935, 1, 1) + timedelta(days=rng.randrange(365 * 70))
    # The seventh digit gives the century: 0-3 for 1900-1999; 4 and 9 for 2000-2036, 5-8 for 2000-2057.
    century_digit = rng.randrange(4) if born.year < 2000 else rng.choice((4, 5, 6, 7, 8, 9))
    last = rng.randrange(10)
    if female is not None and last % 2 != (0 if female else 1):
        last = (last + 1) % 10  # the last digit is even for women, odd for men
    return f"{born:%d%m%y}{century_digit}{rng.randrange(100):02d}{last}"


def fake_cvr(rng: Random) -> str:
    """A random CVR number passing the mod-11 check (weights 2, 7, 6, 5, 4, 3, 2, 1)."""
    while True:
        digits = [rng.randrange(1, 10)] + [rng.randrange(10) for _ in range(6)]
        check = -sum(w * d for w, d in zip(CVR_WEIGHTS, digits, strict=False)) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


def cvr_is_valid(cvr: str) -> bool:
    return (
        len(cvr) == 8
        and cvr.isdigit()
        and cvr[0] != "0"
        and sum(w * int(d) for w, d in zip(CVR_WEIGHTS, cvr, strict=True)) % 11 == 0
    )


def _ascii(text: str) -> str:
    return "".join(ch for ch in text.lower().translate(_FOLD) if ch.isalnum() or ch in ".-")


@dataclass(frozen=True)
class Person:
    name: str
    cpr: str
    email: str
    phone: str
    address: str


@dataclass(frozen=True)
class Company:
    name: str
    cvr: str
    email: str


def fake_person(rng: Random, *, surname: str | None = None, address: str | None = None) -> Person:
    female = rng.random() < 0.5
    first = rng.choice(FIRST_NAMES_FEMALE if female else FIRST_NAMES_MALE)
    middle = rng.choice(MIDDLE_NAMES) if rng.random() < 0.25 else ""
    last = surname or rng.choice(SURNAMES)
    name = " ".join(part for part in (first, middle, last) if part)
    if address is None:
        postcode, town = rng.choice(TOWNS)
        address = f"{rng.choice(STREETS)} {rng.randrange(1, 120)}, {postcode} {town}"
    return Person(
        name=name,
        cpr=fake_cpr(rng, female=female),
        email=f"{_ascii(first)}.{_ascii(last)}{rng.randrange(1, 1000)}@example.dk",
        phone=f"{rng.choice((2, 3, 4, 5, 6, 7, 8, 9))}{rng.randrange(10)} {rng.randrange(100):02d} "
        f"{rng.randrange(100):02d} {rng.randrange(100):02d}",
        address=address,
    )


def _companies(names: Sequence[str], rng: Random) -> list[Company]:
    result = []
    for name in names:
        slug = _ascii(name.split()[-2] if name.endswith(("ApS", "A/S", "I/S", "A.m.b.a.")) else name.split()[-1])
        result.append(Company(name=name, cvr=fake_cvr(rng), email=f"post@{slug or 'firma'}.example"))
    return result


# ---------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------


@dataclass
class GenerationResult:
    cases: int = 0
    parties: int = 0
    status_changes: int = 0
    events: int = 0
    users: int = 0
    seconds: float = 0.0
    numbers: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Per "SERIES-YEAR": the first and last value this run used."""

    @property
    def cases_per_second(self) -> float:
        return self.cases / self.seconds if self.seconds else 0.0


@dataclass
class _Step:
    status: str
    at: datetime
    actor: str = ""
    by_id: int | None = None
    reason: str = ""


@dataclass
class _PartyPlan:
    role: str
    kind: str
    name: str
    is_filer: bool = False
    user_id: int | None = None
    cpr: str = ""
    cvr: str = ""
    authority_id: int | None = None
    email: str = ""
    phone: str = ""
    address: str = ""
    approval: str = "not_needed"
    approval_at: datetime | None = None


@dataclass
class _CasePlan:
    case: object
    steps: list[_Step]
    parties: list[_PartyPlan]
    filer_person: Person | None = None


class _explicit_timestamps:
    """Let bulk_create keep the historical times we set instead of stamping "now" (auto_now_add)."""

    def __init__(self, fields):
        self.fields = fields

    def __enter__(self):
        self.saved = [(f, f.auto_now_add) for f in self.fields]
        for f in self.fields:
            f.auto_now_add = False

    def __exit__(self, *exc):
        for f, value in self.saved:
            f.auto_now_add = value


def _weighted(rng: Random, cumulative: list[float], items: Sequence):
    return items[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


def _cumulative(weights: Sequence[float]) -> list[float]:
    return list(itertools.accumulate(weights))


class _Generator:
    def __init__(self, *, seed: int, days: int, series: str | None, batch_size: int):
        from django.utils import timezone
        from django.utils.translation import gettext

        from klageportal.cases import workflow
        from klageportal.cases.models import PartyRole, Status

        self.rng = Random(seed)
        self.now = timezone.now()
        self.tz = timezone.get_current_timezone()
        self.days = days
        self.series = series
        self.batch_size = batch_size
        self.workflow = workflow
        self.status_label = {s.value: str(s.label) for s in Status}
        self.role_label = {r.value: str(r.label) for r in PartyRole}
        self.status_text = gettext("Status ændret fra %(from)s til %(to)s")
        self.party_text = gettext("%(role)s tilføjet: %(name)s")
        self.portal_name = gettext("Klageportalen")
        self.actors: dict[tuple[str, str, str], str] = {}
        self.paths = {
            "filing": self._checked_paths("filing", FILING_PATHS),
            "forwarding": self._checked_paths("forwarding", FORWARDING_PATHS),
        }
        self.result = GenerationResult()

    # --- course of a case ---------------------------------------------------------------------

    def _actor_for(self, channel: str, before: str, after: str) -> str:
        Actor = self.workflow.Actor
        allowed = self.workflow.allowed_moves(before).get(after)
        if not allowed:
            raise ValueError(f"the generator's course {before} → {after} is not allowed by the workflow")
        preferred = {
            "udfyldt": Actor.FILER,
            "indsendt": Actor.SYSTEM if before == "udfyldt" else Actor.BODY,
            "genoptaget": Actor.FIRST_INSTANCE,
            "videresendt": Actor.FIRST_INSTANCE,
            "tilbagekaldt": Actor.FILER if channel == "filing" else Actor.BODY,
            "afsluttet": Actor.SYSTEM,
        }.get(after, Actor.BODY)
        if preferred in allowed:
            return str(preferred)
        return str(next(a for a in (Actor.FILER, Actor.SYSTEM, Actor.FIRST_INSTANCE, Actor.BODY) if a in allowed))

    def _checked_paths(self, channel: str, paths):
        initial = self.workflow.initial_status(channel)
        for _, path in paths:
            if path[0] != initial:
                raise ValueError(f"a {channel} case starts as {initial}, not {path[0]}")
            for before, after in itertools.pairwise(path):
                self.actors[channel, before, after] = self._actor_for(channel, before, after)
        return _cumulative([w for w, _ in paths]), [p for _, p in paths]

    # --- catalogue and users ------------------------------------------------------------------

    def load_catalogue(self) -> None:
        from klageportal.catalog.models import Authority, ComplaintType, ComplaintTypeVersion

        versions: dict[int, list] = {}
        for version in ComplaintTypeVersion.objects.order_by("valid_from"):
            versions.setdefault(version.complaint_type_id, []).append(version)
        types = [
            t
            for t in ComplaintType.objects.select_related("board__body").filter(is_active=True).order_by("pk")
            if versions.get(t.pk) and versions[t.pk][-1].channel in ("filing", "forwarding")
        ]
        if not types:
            raise RuntimeError("no complaint type is filed or forwarded in the portal; load the catalogue first")
        per_board: dict[int, int] = {}
        for t in types:
            per_board[t.board_id] = per_board.get(t.board_id, 0) + 1
        self.types = types
        self.versions = versions
        self.type_weights = _cumulative([BOARD_WEIGHTS.get(t.board.slug, 5) / per_board[t.board_id] for t in types])
        self.authorities = list(Authority.objects.filter(kind=Authority.Kind.MUNICIPALITY).order_by("pk"))
        if not self.authorities:
            raise RuntimeError("no municipality in the catalogue; load the catalogue first")
        self.authority_weights = _cumulative(
            [MUNICIPALITY_WEIGHTS.get(a.municipality_code, 1) for a in self.authorities]
        )
        self.body_slug = {t.board_id: t.board.body.slug for t in types}
        earliest = min(v[0].valid_from for v in versions.values())
        start = datetime.combine(earliest, datetime.min.time(), tzinfo=self.tz)
        self.window_start = max(self.now - timedelta(days=self.days), start)
        if self.now - self.window_start < timedelta(days=1):
            self.window_start = self.now - timedelta(days=1)

    def _users_ensure(self, specs: list[dict]) -> dict[str, object]:
        """Get or create users by oidc_sub (staff and company pools shared by every run)."""
        from django.contrib.auth.hashers import make_password

        from klageportal.identity.models import User
        from klageportal.identity.services import username_for

        subs = [spec["oidc_sub"] for spec in specs]
        existing = {u.oidc_sub: u for u in User.objects.filter(oidc_sub__in=subs)}
        missing = [
            User(username=username_for(spec["oidc_sub"]), password=make_password(None), **spec)
            for spec in specs
            if spec["oidc_sub"] not in existing
        ]
        for user in User.objects.bulk_create(missing, batch_size=self.batch_size):
            existing[user.oidc_sub] = user
        self.result.users += len(missing)
        if missing and missing[0].pk is None:
            existing = {u.oidc_sub: u for u in User.objects.filter(oidc_sub__in=subs)}
        return existing

    def load_pools(self) -> None:
        from klageportal.catalog.models import Board
        from klageportal.identity.models import Right, Role, User

        pool_rng = Random(20261123)  # the pools are the same in every run and every database
        self.advisers = _companies(ADVISERS, pool_rng)
        self.businesses = _companies(BUSINESSES, pool_rng)
        specs = []
        for kind, companies in (("adviser", self.advisers), ("business", self.businesses)):
            for company in companies:
                for k in range(2):
                    person = fake_person(pool_rng)
                    specs.append(
                        {
                            "oidc_sub": f"bench-{kind}-{company.cvr}-{k}",
                            "full_name": person.name,
                            "cvr": company.cvr,
                            "organisation_name": company.name,
                            "rights": [Right.SIGNING.value],
                            "role": Role.COMPANY,
                        }
                    )
        for authority in self.authorities:
            for k in range(2):
                specs.append(
                    {
                        "oidc_sub": f"bench-authority-{authority.pk}-{k}",
                        "full_name": fake_person(pool_rng).name,
                        "cvr": authority.cvr,
                        "organisation_name": authority.name,
                        "rights": [Right.ANKESKEMA.value],
                        "role": Role.AUTHORITY,
                        "authority_id": authority.pk,
                    }
                )
        boards = list(Board.objects.select_related("body").order_by("pk"))
        for board in boards:
            for k in range(3):
                specs.append(
                    {
                        "oidc_sub": f"bench-caseworker-{board.slug}-{k}",
                        "full_name": fake_person(pool_rng).name,
                        "cvr": board.body.cvr,
                        "organisation_name": board.body.name,
                        "rights": [f"sagsbehandler:{board.slug}"],
                        "role": Role.BODY_STAFF,
                        "appeals_body_id": board.body_id,
                    }
                )
        users = self._users_ensure(specs)
        self.company_users = {
            (company.cvr, kind): [users[f"bench-{kind}-{company.cvr}-{k}"] for k in range(2)]
            for kind, companies in (("adviser", self.advisers), ("business", self.businesses))
            for company in companies
        }
        self.authority_staff = {
            a.pk: [users[f"bench-authority-{a.pk}-{k}"] for k in range(2)] for a in self.authorities
        }
        self.caseworkers = {b.pk: [users[f"bench-caseworker-{b.slug}-{k}"] for k in range(3)] for b in boards}
        self.staff_names = {u.pk: u.display_name for u in users.values()}
        through = User.boards.through
        have = set(
            through.objects.filter(user_id__in=[u.pk for us in self.caseworkers.values() for u in us]).values_list(
                "user_id", "board_id"
            )
        )
        through.objects.bulk_create(
            [
                through(user_id=u.pk, board_id=board_id)
                for board_id, us in self.caseworkers.items()
                for u in us
                if (u.pk, board_id) not in have
            ]
        )
        self.citizen_offset = User.objects.filter(oidc_sub__startswith="bench-citizen-").count()

    # --- one case ----------------------------------------------------------------------------

    def creation_times(self, n: int) -> list[datetime]:
        rng = self.rng
        span_days = max((self.now - self.window_start).days, 1)
        hours = _cumulative(HOUR_WEIGHTS)
        day0 = self.window_start.astimezone(self.tz).replace(hour=0, minute=0, second=0, microsecond=0)
        latest = self.now - timedelta(minutes=1)
        times = []
        for _ in range(n):
            hour = bisect.bisect(hours, rng.random() * hours[-1])
            moment = day0 + timedelta(days=rng.randrange(span_days + 1), hours=hour, seconds=rng.randrange(3600))
            times.append(min(max(moment, self.window_start), latest))
        times.sort()
        return times

    def _course(self, channel: str, created_at: datetime) -> list[_Step]:
        rng = self.rng
        cumulative, paths = self.paths[channel]
        path = _weighted(rng, cumulative, paths)
        steps = [_Step(path[0], created_at)]
        at = created_at
        for before, after in itertools.pairwise(path):
            low, high = STEP_DAYS[after]
            actor = self.actors[channel, before, after]
            step_at = at + timedelta(days=rng.uniform(low, high))
            if actor in ("first_instance", "body"):
                step_at = self._office_hours(step_at, after=at)
            if step_at >= self.now:
                break  # not there yet
            at = step_at
            reasons = REASONS.get(after)
            steps.append(_Step(after, at, actor=actor, reason=rng.choice(reasons) if reasons else ""))
        return steps

    def _office_hours(self, moment: datetime, *, after: datetime) -> datetime:
        """Caseworkers act on weekdays between 8 and 16 (local time): move the moment to such an hour."""
        local = moment.astimezone(self.tz)
        if local.weekday() >= 5:
            local += timedelta(days=7 - local.weekday())
        if not 8 <= local.hour < 16:
            local = local.replace(hour=self.rng.randrange(8, 16), minute=self.rng.randrange(60))
        return local if local > after else moment

    def _complaint_text(self, board_slug: str) -> str:
        rng = self.rng
        own = COMPLAINT_SENTENCES.get(board_slug, GENERIC_SENTENCES)
        sentences = [rng.choice(own)] + rng.sample(GENERIC_SENTENCES, rng.choice((0, 1, 1, 2)))
        return " ".join(sentences)

    def plan_case(self, created_at: datetime) -> _CasePlan:
        from klageportal.cases.models import ApprovalState, Case, PartyKind, PartyRole

        rng = self.rng
        complaint_type = _weighted(rng, self.type_weights, self.types)
        board = complaint_type.board
        versions = self.versions[complaint_type.pk]
        local_day = created_at.astimezone(self.tz).date()
        version = next((v for v in reversed(versions) if v.valid_from <= local_day), versions[0])
        if version.channel not in self.paths:  # filed outside the portal back then: use today's version
            version = versions[-1]
        channel = version.channel
        authority = _weighted(rng, self.authority_weights, self.authorities)
        steps = self._course(channel, created_at)
        reached = {s.status: s.at for s in steps}
        caseworker = rng.choice(self.caseworkers[board.pk])
        first_instance = rng.choice(self.authority_staff[authority.pk])
        decided = local_day - timedelta(days=rng.randrange(3, 42))
        case = Case(
            channel=channel,
            status=steps[-1].status,
            board_id=board.pk,
            complaint_type_id=complaint_type.pk,
            type_version_id=version.pk,
            authority_id=authority.pk,
            created_at=created_at,
            decision_date=decided,
            decision_reference=f"{rng.choice(('J.nr.', 'Sag', 'Ref.'))} {decided.year}-{rng.randrange(1, 99999):05d}",
            complaint_text=self._complaint_text(board.slug),
        )
        parties: list[_PartyPlan] = []
        filer_person = None
        co_count = rng.choices((1, 2, 3), weights=(6, 3, 1))[0]

        if channel == "forwarding":
            case.created_by_id = first_instance.pk
            case.submitted_at = case.forwarded_at = created_at
            parties.append(
                _PartyPlan(
                    role=PartyRole.FIRST_INSTANCE,
                    kind=PartyKind.AUTHORITY,
                    name=authority.name,
                    is_filer=True,
                    user_id=first_instance.pk,
                    cvr=authority.cvr,
                    authority_id=authority.pk,
                    email=authority.email,
                )
            )
            for _ in range(co_count):
                person = fake_person(rng)
                parties.append(
                    _PartyPlan(
                        role=PartyRole.COMPLAINANT,
                        kind=PartyKind.PERSON,
                        name=person.name,
                        cpr=person.cpr,
                        email=person.email,
                        phone=person.phone,
                        address=person.address,
                    )
                )
        else:
            roll = rng.random()
            if roll < 0.72:  # a citizen complains for themselves, and perhaps for others
                filer_person = fake_person(rng)
                parties.append(
                    _PartyPlan(
                        role=PartyRole.COMPLAINANT,
                        kind=PartyKind.PERSON,
                        name=filer_person.name,
                        is_filer=True,
                        cpr=filer_person.cpr,
                        email=filer_person.email,
                        phone=filer_person.phone,
                        address=filer_person.address,
                    )
                )
            else:  # an adviser represents the complainants, or a company complains
                kind = "adviser" if roll < 0.90 else "business"
                company = rng.choice(self.advisers if kind == "adviser" else self.businesses)
                user = rng.choice(self.company_users[company.cvr, kind])
                case.created_by_id = user.pk
                parties.append(
                    _PartyPlan(
                        role=PartyRole.REPRESENTATIVE if kind == "adviser" else PartyRole.COMPLAINANT,
                        kind=PartyKind.COMPANY,
                        name=f"{user.full_name}, {company.name}" if kind == "adviser" else company.name,
                        is_filer=True,
                        user_id=user.pk,
                        cvr=company.cvr,
                        email=f"{_ascii(user.full_name.split()[0])}@{company.email.split('@')[1]}",
                    )
                )
            with_association = board.slug in ASSOCIATION_BOARDS and rng.random() < 0.04
            for i in range(co_count):
                if with_association and i == 0:
                    case.association_name = rng.choice(ASSOCIATIONS)
                    case.association_signing_confirmed = True
                    parties.append(
                        _PartyPlan(
                            role=PartyRole.COMPLAINANT,
                            kind=PartyKind.ASSOCIATION,
                            name=case.association_name,
                            email=f"bestyrelsen@{_ascii(case.association_name.split()[-1])}.example",
                        )
                    )
                    continue
                if rng.random() < 0.15:
                    company = rng.choice(self.businesses)
                    plan = _PartyPlan(
                        role=PartyRole.COMPLAINANT,
                        kind=PartyKind.COMPANY,
                        name=company.name,
                        cvr=company.cvr,
                        email=company.email,
                    )
                else:
                    family = filer_person is not None and i == 0 and rng.random() < 0.5
                    person = fake_person(
                        rng,
                        surname=filer_person.name.split()[-1] if family else None,
                        address=filer_person.address if family else None,
                    )
                    plan = _PartyPlan(
                        role=PartyRole.COMPLAINANT,
                        kind=PartyKind.PERSON,
                        name=person.name,
                        cpr=person.cpr,
                        email=person.email,
                        phone=person.phone,
                        address=person.address,
                    )
                # Everyone the filer complains for approves with MitID before the complaint is sent (CW-5).
                if "indsendt" in reached:
                    start, end = reached["udfyldt"], reached["indsendt"]
                    plan.approval = ApprovalState.APPROVED
                    plan.approval_at = start + (end - start) * rng.uniform(0.05, 0.95)
                elif "udfyldt" in reached and "tilbagekaldt" in reached and rng.random() < 0.5:
                    start, end = reached["udfyldt"], reached["tilbagekaldt"]
                    plan.approval = ApprovalState.DECLINED
                    plan.approval_at = start + (end - start) * rng.uniform(0.05, 0.95)
                elif "udfyldt" in reached and "tilbagekaldt" not in reached and rng.random() < 0.4:
                    start = reached["udfyldt"]
                    plan.approval = ApprovalState.APPROVED
                    plan.approval_at = start + (self.now - start) * rng.uniform(0.05, 0.95)
                else:
                    plan.approval = ApprovalState.PENDING
                parties.append(plan)
        if board.slug in LOCATION_BOARDS and rng.random() < 0.7:
            postcode, town = rng.choice(TOWNS)
            case.location_address = (
                filer_person.address
                if filer_person and rng.random() < 0.5
                else f"{rng.choice(STREETS)} {rng.randrange(1, 120)}, {postcode} {town}"
            )
            case.location_lat = Decimal(f"{rng.uniform(54.8, 57.6):.6f}")
            case.location_lon = Decimal(f"{rng.uniform(8.2, 12.6):.6f}")

        # The status history, with the case's timestamps exactly as workflow.transition sets them.
        closed = self.workflow.CLOSED
        for before, step in itertools.pairwise(steps):
            step.by_id = {
                "filer": None,  # filled in once the filer's user exists
                "system": None,
                "first_instance": first_instance.pk,
                "body": caseworker.pk,
            }[step.actor]
            if step.status == "indsendt" and case.submitted_at is None:
                case.submitted_at = step.at
                if not step.reason:
                    fee = version.fee_private or version.fee_company
                    step.reason = "Gebyret er betalt." if fee else "Alle klagere har godkendt klagen."
            if step.status == "videresendt" and case.forwarded_at is None:
                case.forwarded_at = step.at
            if step.status in closed and case.closed_at is None:
                case.closed_at = step.at
            if step.status == "indsendt" and before.status == "genoptaget":
                case.closed_at = None
        return _CasePlan(case=case, steps=steps, parties=parties, filer_person=filer_person)

    # --- one batch ------------------------------------------------------------------------------

    def _number_block(self, series: str, year: int, count: int) -> int:
        """Reserve `count` numbers of a series, as case_number_next does one by one; return the first."""
        from django.db import IntegrityError, transaction

        from klageportal.cases.models import Case, CaseNumberSequence

        sequence = CaseNumberSequence.objects.select_for_update().filter(series=series, year=year).first()
        if sequence is None:
            try:
                with transaction.atomic():
                    CaseNumberSequence.objects.create(series=series, year=year)
            except IntegrityError:
                pass
            sequence = CaseNumberSequence.objects.select_for_update().get(series=series, year=year)
        # Cases numbered outside the sequence (fixtures, imports) must not collide either.
        prefix = f"{series}-{year}-"
        used = [
            int(number.removeprefix(prefix))
            for number in Case.objects.filter(number__startswith=prefix)
            .order_by("-number")
            .values_list("number", flat=True)[:1]
            if number.removeprefix(prefix).isdigit()
        ]
        first = max([sequence.last_value, *used]) + 1
        sequence.last_value = first + count - 1
        sequence.save(update_fields=["last_value"])
        key = f"{series}-{year}"
        low, _ = self.result.numbers.get(key, (first, 0))
        self.result.numbers[key] = (low, sequence.last_value)
        return first

    def write_batch(self, times: list[datetime]) -> None:
        from django.contrib.auth.hashers import make_password
        from django.db import transaction

        from klageportal.cases.models import Case, CaseEvent, Party, StatusChange
        from klageportal.cases.services.create import format_case_number
        from klageportal.identity.models import Role, User
        from klageportal.identity.services import username_for

        rng = self.rng
        plans = [self.plan_case(at) for at in times]
        with transaction.atomic():
            # Citizens who file: most file once, some file again.
            citizen_plans = [p for p in plans if p.filer_person is not None]
            fresh = max(1, round(len(citizen_plans) * 0.88)) if citizen_plans else 0
            password = make_password(None)
            citizens = []
            for i, plan in enumerate(citizen_plans[:fresh]):
                sub = f"bench-citizen-{self.citizen_offset + i}"
                citizens.append(
                    User(
                        username=username_for(sub),
                        oidc_sub=sub,
                        password=password,
                        full_name=plan.filer_person.name,
                        cpr=plan.filer_person.cpr,
                        role=Role.CITIZEN,
                        date_joined=plan.case.created_at,
                        last_login=plan.case.created_at,
                    )
                )
            User.objects.bulk_create(citizens, batch_size=self.batch_size)
            if citizens and citizens[0].pk is None:
                by_sub = dict(
                    User.objects.filter(oidc_sub__in=[u.oidc_sub for u in citizens]).values_list("oidc_sub", "pk")
                )
                for user in citizens:
                    user.pk = user.id = by_sub[user.oidc_sub]
            self.citizen_offset += len(citizens)
            self.result.users += len(citizens)
            for i, plan in enumerate(citizen_plans):
                user = citizens[i] if i < fresh else rng.choice(citizens)
                if i >= fresh:  # a returning citizen: the filer is that person
                    filer = plan.parties[0]
                    filer.name, filer.cpr = user.full_name, user.cpr
                plan.case.created_by_id = user.pk
                plan.parties[0].user_id = user.pk
            for plan in plans:
                for step in plan.steps[1:]:
                    if step.actor == "filer":
                        step.by_id = plan.case.created_by_id

            # Numbers, in order of creation within each series and year.
            groups: dict[tuple[str, int], list[Case]] = {}
            for plan in plans:
                case = plan.case
                series = self.series or ("AST" if self.body_slug[case.board_id] == "ankestyrelsen" else "NH")
                groups.setdefault((series, case.created_at.astimezone(self.tz).year), []).append(case)
            for (series, year), cases in groups.items():
                first = self._number_block(series, year, len(cases))
                for offset, case in enumerate(cases):
                    case.number = format_case_number(series, year, first + offset)

            cases = Case.objects.bulk_create([p.case for p in plans], batch_size=self.batch_size)
            if cases and cases[0].pk is None:
                by_number = dict(Case.objects.filter(number__in=[c.number for c in cases]).values_list("number", "pk"))
                for case in cases:
                    case.pk = case.id = by_number[case.number]

            users_by_pk = self._names(plans)
            parties: list[Party] = []
            party_times: list[datetime] = []
            for plan in plans:
                at = plan.case.created_at
                for spec in plan.parties:
                    at = at + timedelta(seconds=rng.uniform(5, 90))
                    party_times.append(at)
                    parties.append(
                        Party(
                            case_id=plan.case.pk,
                            role=spec.role,
                            kind=spec.kind,
                            user_id=spec.user_id,
                            is_filer=spec.is_filer,
                            name=spec.name,
                            cpr=spec.cpr,
                            cvr=spec.cvr,
                            authority_id=spec.authority_id,
                            email=spec.email,
                            phone=spec.phone,
                            address=spec.address,
                            approval=spec.approval,
                            approval_at=spec.approval_at,
                            created_at=at,
                        )
                    )
            Party.objects.bulk_create(parties, batch_size=self.batch_size)

            changes: list[StatusChange] = []
            events: list[CaseEvent] = []
            party_iter = iter(parties)
            for plan in plans:
                case = plan.case
                filer_name = users_by_pk[case.created_by_id]
                history = [
                    (
                        case.created_at,
                        CaseEvent(
                            case_id=case.pk,
                            kind=CaseEvent.Kind.CREATED,
                            at=case.created_at,
                            actor_id=case.created_by_id,
                            actor_name=filer_name,
                            text="Klagen er påbegyndt"
                            if case.channel == "filing"
                            else "Klagen er modtaget via web-ankeskemaet",
                        ),
                    )
                ]
                changes.append(
                    StatusChange(
                        case_id=case.pk,
                        from_status="",
                        to_status=plan.steps[0].status,
                        at=case.created_at,
                        by_id=case.created_by_id,
                    )
                )
                for _ in plan.parties:
                    party = next(party_iter)
                    history.append(
                        (
                            party.created_at,
                            CaseEvent(
                                case_id=case.pk,
                                kind=CaseEvent.Kind.PARTY,
                                at=party.created_at,
                                actor_id=case.created_by_id,
                                actor_name=filer_name,
                                text=self.party_text % {"role": self.role_label[party.role], "name": party.name},
                                data={"party": party.pk, "role": party.role},
                            ),
                        )
                    )
                    if party.approval_at is not None:
                        approved = party.approval == "approved"
                        history.append(
                            (
                                party.approval_at,
                                CaseEvent(
                                    case_id=case.pk,
                                    kind=CaseEvent.Kind.APPROVAL,
                                    at=party.approval_at,
                                    actor_name=party.name,
                                    text=f"{party.name} har {'godkendt' if approved else 'afvist at godkende'} klagen",
                                    data={"party": party.pk, "approval": party.approval},
                                ),
                            )
                        )
                for before, step in itertools.pairwise(plan.steps):
                    changes.append(
                        StatusChange(
                            case_id=case.pk,
                            from_status=before.status,
                            to_status=step.status,
                            at=step.at,
                            by_id=step.by_id,
                            reason=step.reason,
                        )
                    )
                    text = self.status_text % {
                        "from": self.status_label[before.status],
                        "to": self.status_label[step.status],
                    }
                    history.append(
                        (
                            step.at,
                            CaseEvent(
                                case_id=case.pk,
                                kind=CaseEvent.Kind.STATUS,
                                at=step.at,
                                actor_id=step.by_id,
                                actor_name=users_by_pk[step.by_id] if step.by_id else self.portal_name,
                                text=f"{text}. {step.reason}".strip() if step.reason else text,
                                data={"from": before.status, "to": step.status, "actor": step.actor},
                            ),
                        )
                    )
                history.sort(key=lambda item: item[0])
                events.extend(event for _, event in history)
            StatusChange.objects.bulk_create(changes, batch_size=self.batch_size)
            CaseEvent.objects.bulk_create(events, batch_size=self.batch_size)

        self.result.cases += len(plans)
        self.result.parties += len(parties)
        self.result.status_changes += len(changes)
        self.result.events += len(events)

    def _names(self, plans: list[_CasePlan]) -> dict[int, str]:
        """Display names of everyone who acts on these cases."""
        names = dict(self.staff_names)
        for plan in plans:
            if plan.filer_person is not None:
                names[plan.case.created_by_id] = plan.parties[0].name
        return names


def generate_cases(
    n: int,
    *,
    seed: int = 1,
    days: int = 365,
    series: str | None = None,
    chunk_size: int = 2000,
    batch_size: int = 1000,
    progress: Callable[[int, int, float], None] | None = None,
) -> GenerationResult:
    """Create `n` cases with parties, status history and events; Django must be set up and migrated.

    Cases are created over the last `days` days (not before the catalogue's first version), numbered in
    their real series (NH, or AST at Ankestyrelsen) unless `series` names one series for all. Each chunk
    of `chunk_size` cases is one transaction; rows go in with bulk_create in batches of `batch_size`.
    """
    from django.utils import translation

    from klageportal.cases.models import Case, CaseEvent, Party, StatusChange
    from klageportal.catalog.services import catalog_load_defaults

    started = time.perf_counter()
    catalog_load_defaults()
    timestamp_fields = [
        Case._meta.get_field("created_at"),
        Party._meta.get_field("created_at"),
        StatusChange._meta.get_field("at"),
        CaseEvent._meta.get_field("at"),
    ]
    with translation.override("da"), _explicit_timestamps(timestamp_fields):
        generator = _Generator(seed=seed, days=days, series=series, batch_size=batch_size)
        generator.load_catalogue()
        from django.db import transaction

        with transaction.atomic():
            generator.load_pools()
        times = generator.creation_times(n)
        for start in range(0, n, chunk_size):
            generator.write_batch(times[start : start + chunk_size])
            if progress:
                progress(min(start + chunk_size, n), n, time.perf_counter() - started)
    generator.result.seconds = time.perf_counter() - started
    return generator.result


def _setup_django() -> None:
    if str(REPO_DIR) not in sys.path:
        sys.path.insert(0, str(REPO_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klageportal.settings")
    import django

    django.setup()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000, help="number of cases (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=365, help="spread the cases over this many days")
    parser.add_argument("--series", default=None, help="one number series for all cases, e.g. BENCH")
    parser.add_argument("--chunk", type=int, default=2000, help="cases per transaction")
    parser.add_argument("--migrate", action="store_true", help="migrate the database first")
    args = parser.parse_args(argv)
    _setup_django()
    from django.db import connection

    if args.migrate:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)

    def report(done: int, total: int, seconds: float) -> None:
        print(f"  {done}/{total} cases, {seconds:.1f} s ({done / seconds:.0f} cases/s)", file=sys.stderr, flush=True)

    print(f"Generating {args.cases} cases in {connection.vendor} ({connection.settings_dict['NAME']})", file=sys.stderr)
    result = generate_cases(
        args.cases, seed=args.seed, days=args.days, series=args.series, chunk_size=args.chunk, progress=report
    )
    print(
        f"{result.cases} cases, {result.parties} parties, {result.status_changes} status changes, "
        f"{result.events} events, {result.users} users in {result.seconds:.1f} s "
        f"({result.cases_per_second:.0f} cases/s)",
        file=sys.stderr,
    )
    for key, (low, high) in sorted(result.numbers.items()):
        print(f"  numbers {key}-{low:06d} … {key}-{high:06d}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
