"""Demo cases for the development identities, so that every workspace has something to show."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext_noop

from klageportal.cases import workflow
from klageportal.cases.models import ApprovalState, Case, PartyKind, PartyRole, Status
from klageportal.cases.services.create import case_create
from klageportal.cases.services.parties import party_add
from klageportal.catalog.models import Authority, Channel, ComplaintType
from klageportal.core.phrases import phrase
from klageportal.identity.claims import Identity
from klageportal.identity.devidp.identities import BY_KEY
from klageportal.identity.models import User
from klageportal.identity.services import user_sync_from_identity

DEMO_MARK = "DEMO-"


def demo_user(key: str) -> User:
    """The portal user a development login of this identity would produce."""
    test = BY_KEY[key]
    identity = Identity(
        sub=f"devidp-{key}",
        name=test.name,
        cpr=test.cpr,
        cvr=test.cvr,
        organisation_name=test.organisation,
        rights=sorted(test.rights),
    )
    existing = User.objects.filter(oidc_sub=identity.sub).first()
    return existing or user_sync_from_identity(identity=identity)


def _filed_case(*, filer: User, type_slug: str, authority: Authority, reference: str, text: str, address: str) -> Case:
    complaint_type = ComplaintType.objects.select_related("board").get(slug=type_slug)
    return case_create(
        channel=Channel.FILING,
        board=complaint_type.board,
        complaint_type=complaint_type,
        authority=authority,
        created_by=filer,
        event_text=phrase(gettext_noop("Klagen er påbegyndt")),
        decision_date=date(2026, 10, 1),
        decision_reference=reference,
        complaint_text=text,
        location_address=address,
    )


def _self(case: Case, user: User, email: str) -> None:
    party_add(
        case=case,
        by=user,
        role=PartyRole.COMPLAINANT,
        kind=PartyKind.PERSON,
        user=user,
        is_filer=True,
        name=user.full_name,
        cpr=user.cpr,
        email=email,
    )


@transaction.atomic
def demo_load() -> int:
    """Create the demo cases once; a second call finds them and creates nothing."""
    if Case.objects.filter(decision_reference__startswith=DEMO_MARK).exists():
        return 0
    viborg = Authority.objects.get(municipality_code="791")
    aarhus = Authority.objects.get(municipality_code="751")
    mette, jens, peter = demo_user("mette"), demo_user("jens"), demo_user("peter")
    for key in ("birgitte", "anders", "maja"):
        demo_user(key)

    draft = _filed_case(
        filer=mette,
        type_slug="spildevand",
        authority=viborg,
        reference=f"{DEMO_MARK}SP-2026-17",
        text="Kommunen har påbudt separatkloakering uden at tage stilling til mine oplysninger.",
        address="Skovvej 4, 8800 Viborg",
    )
    _self(draft, mette, "mette.hansen@example.dk")

    submitted = _filed_case(
        filer=mette,
        type_slug="husdyrbrug",
        authority=viborg,
        reference=f"{DEMO_MARK}MIL-2026-311",
        text="Miljøgodkendelsen tager ikke højde for lugtgener for naboerne.",
        address="Bakkegården 12, 8800 Viborg",
    )
    _self(submitted, mette, "mette.hansen@example.dk")
    workflow.transition(submitted, to=Status.UDFYLDT, actor=workflow.Actor.FILER, by=mette)
    workflow.transition(
        submitted, to=Status.INDSENDT, actor=workflow.Actor.SYSTEM, reason=phrase(gettext_noop("Gebyret er betalt."))
    )

    forwarded = _filed_case(
        filer=mette,
        type_slug="jordforurening",
        authority=viborg,
        reference=f"{DEMO_MARK}JF-2026-08",
        text="Kortlægningen af min grund som forurenet bygger på forkerte oplysninger.",
        address="Skovvej 4, 8800 Viborg",
    )
    _self(forwarded, mette, "mette.hansen@example.dk")
    workflow.transition(forwarded, to=Status.UDFYLDT, actor=workflow.Actor.FILER, by=mette)
    workflow.transition(
        forwarded, to=Status.INDSENDT, actor=workflow.Actor.SYSTEM, reason=phrase(gettext_noop("Gebyret er betalt."))
    )
    workflow.transition(forwarded, to=Status.VIDERESENDT, actor=workflow.Actor.FIRST_INSTANCE, by=demo_user("birgitte"))

    represented = _filed_case(
        filer=peter,
        type_slug="lokalplan",
        authority=aarhus,
        reference=f"{DEMO_MARK}LP-2026-1204",
        text="Lokalplanen tillader byggeri i fem etager tæt på eksisterende rækkehuse.",
        address="Havnegade 20, 8000 Aarhus C",
    )
    party_add(
        case=represented,
        by=peter,
        role=PartyRole.REPRESENTATIVE,
        kind=PartyKind.COMPANY,
        user=peter,
        is_filer=True,
        name=f"{peter.full_name}, {peter.organisation_name}",
        cvr=peter.cvr,
        email="peter.lind@example.dk",
    )
    party_add(
        case=represented,
        by=peter,
        role=PartyRole.COMPLAINANT,
        kind=PartyKind.PERSON,
        name=jens.full_name,
        cpr=jens.cpr,
        email="jens.nielsen@example.dk",
        approval=ApprovalState.PENDING,
    )
    party_add(
        case=represented,
        by=peter,
        role=PartyRole.COMPLAINANT,
        kind=PartyKind.COMPANY,
        name="Byggefirmaet Nord ApS",
        cvr="37042374",
        email="post@byggefirmaet-nord.example",
        approval=ApprovalState.PENDING,
    )
    workflow.transition(represented, to=Status.UDFYLDT, actor=workflow.Actor.FILER, by=peter)
    return Case.objects.filter(decision_reference__startswith=DEMO_MARK).count()
