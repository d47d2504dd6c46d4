"""Cases of a known size and logged-in sessions for the benchmarks of the case pages and uploads.

Everything is written straight into the benchmark database with bulk_create (Django set up): a citizen
who filed the case, the case with its parties, documents (each a small stored file) and events, and
sessions the real server accepts as that citizen's login, so the load generator can send a cookie.
"""

from __future__ import annotations

import hashlib
import itertools
import time
from dataclasses import dataclass
from datetime import timedelta
from random import Random

SERIES = "BENCH"
"""Case numbers of their own series, apart from the generated cases and the portal's real ones."""

_numbers = itertools.count(1)


@dataclass(frozen=True)
class CaseScenario:
    case: object
    user: object
    parties: int
    documents: int
    events: int

    @property
    def number(self) -> str:
        return self.case.number

    def url(self, tab: str = "workspaces:case_detail") -> str:
        from django.urls import reverse

        return reverse(tab, kwargs={"number": self.case.number})


def citizen_create(rng: Random, tag: str):
    """A citizen as the login would create one (MitID: CPR and name)."""
    from bench.generate import fake_cpr, fake_person
    from klageportal.identity.models import Role, User

    person = fake_person(rng)
    return User.objects.create(
        username=f"bench-{tag}",
        oidc_sub=f"bench-{tag}",
        full_name=person.name,
        first_name=person.name.split()[0],
        last_name=person.name.split()[-1],
        role=Role.CITIZEN,
        cpr=fake_cpr(rng),
        email=f"{tag}@bench.example",
    )


def _catalogue_choice():
    """A complaint type with a fee, its board, its current version and an authority: what a filing picks."""
    from klageportal.catalog.models import Authority, ComplaintType, ComplaintTypeVersion

    versions = ComplaintTypeVersion.objects.select_related("complaint_type__board").order_by("-valid_from", "pk")
    version = versions.filter(fee_private__gt=0).first() or versions.first()
    if version is None:
        complaint_type = ComplaintType.objects.select_related("board").order_by("pk").first()
        raise RuntimeError(f"no complaint type version in the catalogue (first type: {complaint_type})")
    authority = Authority.objects.order_by("pk").first()
    return version.complaint_type, version, authority


def case_create(*, parties: int, documents: int, events: int, seed: int = 1, status: str | None = None) -> CaseScenario:
    """A case filed by a new citizen, forwarded to the board, with exactly `parties` parties (the filer among
    them), `documents` documents (small PDF files in the media storage) and `events` lines of history."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from bench.generate import _explicit_timestamps, fake_cvr, fake_person
    from klageportal.cases.models import (
        ApprovalState,
        Case,
        CaseEvent,
        Party,
        PartyKind,
        PartyRole,
        Status,
        StatusChange,
    )
    from klageportal.catalog.models import Channel, DocumentCategory
    from klageportal.documents.models import CaseDocument, Document

    serial = next(_numbers)
    rng = Random(f"{seed}-{serial}")
    now = timezone.now()
    created = now - timedelta(days=60)
    tag = f"{seed}-{serial}-{int(time.time() * 1000)}"
    user = citizen_create(rng, tag)
    complaint_type, version, authority = _catalogue_choice()
    status = status or Status.VIDERESENDT
    forwarded = status not in (Status.KLADDE, Status.UDFYLDT, Status.INDSENDT, Status.GENOPTAGET)
    number = f"{SERIES}-{now.year}-{serial:06d}"
    while Case.objects.filter(number=number).exists():  # a kept database, or a second run into it
        serial = next(_numbers)
        number = f"{SERIES}-{now.year}-{serial:06d}"
    case = Case.objects.create(
        number=number,
        channel=Channel.FILING,
        status=status,
        board=complaint_type.board,
        complaint_type=complaint_type,
        type_version=version,
        authority=authority,
        created_by=user,
        submitted_at=created + timedelta(days=1) if status != Status.KLADDE else None,
        forwarded_at=created + timedelta(days=20) if forwarded else None,
        decision_date=(created - timedelta(days=14)).date(),
        decision_reference=f"J.nr. {rng.randint(10000, 99999)}",
        complaint_text="Jeg klager over afgørelsen, fordi kommunen ikke har inddraget mine oplysninger. " * 4,
        location_address=fake_person(rng).address,
    )
    course = [Status.KLADDE, Status.UDFYLDT, Status.INDSENDT]
    if forwarded:
        course.append(Status.VIDERESENDT)
    course = course[: course.index(status) + 1] if status in course else [*course, status]
    with _explicit_timestamps([StatusChange._meta.get_field("at")]):
        StatusChange.objects.bulk_create(
            StatusChange(case=case, from_status=before, to_status=after, at=created + timedelta(days=index), by=user)
            for index, (before, after) in enumerate(itertools.pairwise(["", *course]))
        )

    # Parties: the filer, then complainants, a representative and the first instance, in turn.
    rows = [
        Party(
            case=case,
            role=PartyRole.COMPLAINANT,
            kind=PartyKind.PERSON,
            user=user,
            is_filer=True,
            name=user.full_name,
            cpr=user.cpr,
            email=user.email,
            approval=ApprovalState.NOT_NEEDED,
        )
    ]
    kinds = itertools.cycle(["complainant", "company", "representative", "first_instance"])
    while len(rows) < parties:
        kind = next(kinds)
        person = fake_person(rng)
        if kind == "complainant":
            party = Party(role=PartyRole.COMPLAINANT, kind=PartyKind.PERSON, name=person.name, cpr=person.cpr)
            party.approval = ApprovalState.APPROVED
        elif kind == "company":
            party = Party(role=PartyRole.COMPLAINANT, kind=PartyKind.COMPANY, name="Byggefirmaet Nord ApS")
            party.cvr, party.approval = fake_cvr(rng), ApprovalState.APPROVED
        elif kind == "representative":
            party = Party(role=PartyRole.REPRESENTATIVE, kind=PartyKind.PERSON, name=person.name, cpr=person.cpr)
        else:
            party = Party(role=PartyRole.FIRST_INSTANCE, kind=PartyKind.AUTHORITY, name=authority.name)
            party.authority, party.cvr = authority, authority.cvr
        party.case, party.email, party.address = case, person.email, person.address
        rows.append(party)
    Party.objects.bulk_create(rows)

    # Documents: each a small PDF of its own in the media storage, as an upload would have stored it.
    stored = []
    for index in range(documents):
        content = b"%PDF-1.7\n% " + f"{case.number} bilag {index + 1}".encode() + b"\n%%EOF\n"
        sha256 = hashlib.sha256(content).hexdigest()
        name = default_storage.save(f"documents/{sha256[:2]}/{sha256}.pdf", ContentFile(content))
        stored.append(
            Document(
                file=name,
                original_name=f"Bilag {index + 1:02d} – {rng.choice(['afgørelse', 'foto', 'brev', 'kort'])}.pdf",
                size=len(content),
                sha256=sha256,
                content_type="application/pdf",
                uploaded_by=user,
            )
        )
    Document.objects.bulk_create(stored)
    stored = list(Document.objects.filter(uploaded_by=user).order_by("pk"))
    links = [
        CaseDocument(
            case=case,
            document=document,
            added_by=user if index % 5 else None,
            added_by_role=PartyRole.COMPLAINANT if index % 5 else PartyRole.FIRST_INSTANCE,
            added_at=created + timedelta(days=1, hours=index),
        )
        for index, document in enumerate(stored)
    ]
    with _explicit_timestamps([CaseDocument._meta.get_field("added_at")]):
        CaseDocument.objects.bulk_create(links)
    categories = list(DocumentCategory.objects.order_by("pk").values_list("pk", flat=True)[:3])
    if categories:
        Through = CaseDocument.categories.through
        Through.objects.bulk_create(
            Through(casedocument_id=link.pk, documentcategory_id=categories[j % len(categories)])
            for index, link in enumerate(CaseDocument.objects.filter(case=case).order_by("pk"))
            for j in range(index, index + index % 3)
        )

    texts = itertools.cycle(
        [
            (CaseEvent.Kind.DOCUMENT, "Dokument tilføjet: Bilag.pdf"),
            (CaseEvent.Kind.MESSAGE, "Besked sendt til klageren"),
            (CaseEvent.Kind.NOTE, "Notat om sagens behandling"),
            (CaseEvent.Kind.STATUS, "Status er ændret"),
        ]
    )
    event_rows = []
    for index in range(events):
        kind, text = next(texts)
        event_rows.append(
            CaseEvent(
                case=case,
                kind=kind,
                at=created + timedelta(minutes=15 * index),
                actor=user if index % 2 else None,
                actor_name=user.full_name if index % 2 else authority.name,
                text=text,
                data={"n": index},
            )
        )
    with _explicit_timestamps([CaseEvent._meta.get_field("at")]):
        CaseEvent.objects.bulk_create(event_rows)

    counts = (case.parties.count(), case.documents.count(), case.events.count())
    if counts != (parties, documents, events):
        raise RuntimeError(
            f"case {case.number} has {counts} parties, documents, events, not {parties, documents, events}"
        )
    return CaseScenario(case=case, user=user, parties=parties, documents=documents, events=events)


def session_create(user) -> str:
    """A session the server takes as the user's login through the portal's OIDC backend; its key."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from klageportal.identity.middleware import LAST_SEEN_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "klageportal.identity.oidc.PortalOIDCBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[LAST_SEEN_KEY] = int(time.time())  # just active, so the inactivity check lets it through
    store.save(must_create=True)
    return store.session_key


def csrf_token() -> str:
    """A CSRF secret as the cookie carries it; sent also in the X-CSRFToken header, it passes the check."""
    from django.middleware.csrf import _get_new_csrf_string

    return _get_new_csrf_string()


def login_headers(user, *, csrf: bool = False) -> dict[str, str]:
    """Headers of a browser logged in as the user: a session cookie of its own, and a CSRF pair if asked."""
    from django.conf import settings

    cookies = {settings.SESSION_COOKIE_NAME: session_create(user)}
    headers = {}
    if csrf:
        token = csrf_token()
        cookies[settings.CSRF_COOKIE_NAME] = token
        headers["X-CSRFToken"] = token
    headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    return headers
