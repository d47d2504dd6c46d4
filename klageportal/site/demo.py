"""Demo cases for the development identities, so that every workspace has something to show."""

from datetime import date, timedelta
from io import BytesIO

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from klageportal.cases import workflow
from klageportal.cases.models import ApprovalState, Case, CaseEvent, PartyKind, PartyRole, Status
from klageportal.cases.selectors import filer_party
from klageportal.cases.services.create import case_create
from klageportal.cases.services.events import case_event_add
from klageportal.cases.services.parties import party_add
from klageportal.casework.services.first_instance import response_form_save
from klageportal.catalog.models import Authority, Board, Channel, ComplaintType
from klageportal.core.phrases import Kroner, phrase
from klageportal.documents.services import case_document_add, document_store
from klageportal.identity.claims import Identity
from klageportal.identity.devidp.identities import BY_KEY
from klageportal.identity.models import User
from klageportal.identity.services import user_sync_from_identity
from klageportal.payments.fees import fee_status
from klageportal.payments.gateways import gateway_get
from klageportal.payments.models import Payment

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


def _fee_paid(case: Case) -> None:
    """The fee of a submitted demo case, paid by card by its filer, where the type asks for it at filing."""
    fee = fee_status(case)
    if not fee.required_before_submission or fee.is_paid or case.status == Status.KLADDE:
        return
    filer = filer_party(case=case)
    Payment.objects.create(
        case=case,
        amount_ore=fee.outstanding_ore,
        gateway=gateway_get().name,
        state=Payment.State.PAID,
        payer=filer,
        created_by=filer.user if filer else None,
        paid_at=timezone.now(),
    )
    case_event_add(
        case=case,
        kind=CaseEvent.Kind.PAYMENT,
        text=phrase(gettext_noop("Klagegebyret på %(amount)s kr. er betalt med kort."), amount=Kroner(fee.amount)),
        actor=filer.user if filer else None,
        data={"action": "paid"},
    )


def _submitted_for_first_instance(
    *, filer: User, email: str, type_slug: str, reference: str, text: str, address: str
) -> None:
    """A complaint against Viborg Kommune, Indsendt (paid where its type asks at filing), with the complainant's
    own attachment, for the municipality's caseworkers to take up."""
    case = _filed_case(
        filer=filer,
        type_slug=type_slug,
        authority=Authority.objects.get(municipality_code="791"),
        reference=reference,
        text=text,
        address=address,
    )
    _self(case, filer, email)
    workflow.transition(case, to=Status.UDFYLDT, actor=workflow.Actor.FILER, by=filer)
    _fee_paid(case)
    workflow.transition(
        case,
        to=Status.INDSENDT,
        actor=workflow.Actor.SYSTEM,
        reason=phrase(gettext_noop("Alle betingelser for at indsende klagen er opfyldt.")),
    )
    body = f"Bilag til klagen {reference}: fotos og naboerklæring.\n".encode()
    document = document_store(name="bilag-til-klagen.txt", size=len(body), stream=BytesIO(body), by=filer)
    case_document_add(case=case, document=document, by=filer, role=PartyRole.COMPLAINANT)


FIRST_INSTANCE_DEMO = (
    ("mette", "mette.hansen@example.dk", "lokalplan", "LP-2026-77", "Skovvej 4, 8800 Viborg"),
    ("jens", "jens.nielsen@example.dk", "lokalplan", "LP-2026-77", "Skovvej 6, 8800 Viborg"),
    ("karen", "karen.soerensen@example.dk", "lokalplan", "LP-2026-77", "Skovvej 9, 8800 Viborg"),
    ("ole", "ole.pedersen@example.dk", "landzonetilladelse", "LZ-2026-5", "Hedevej 2, 8800 Viborg"),
)
"""Complaints waiting for Viborg Kommune: three about one local plan (to group), one whose fee falls due at
forwarding (PAY-6)."""


def _first_instance_demo() -> None:
    if Case.objects.filter(decision_reference__startswith=f"{DEMO_MARK}LP-2026-77").exists():
        return
    texts = {
        "lokalplan": "Lokalplan 77 tillader et byggeri, der tager udsigten og lyset fra vores haver.",
        "landzonetilladelse": "Landzonetilladelsen til en ny hal tager ikke hensyn til landskabet.",
    }
    for key, email, type_slug, reference, address in FIRST_INSTANCE_DEMO:
        _submitted_for_first_instance(
            filer=demo_user(key),
            email=email,
            type_slug=type_slug,
            reference=f"{DEMO_MARK}{reference}",
            text=texts[type_slug],
            address=address,
        )


BODY_DEMO = (
    # (filer, e-mail, type, reference, address, received days ago, principled question, who has it)
    ("ole", "ole.pedersen@example.dk", "husdyrbrug", "BD-MIL-2025-88", "Engvej 3, 8800 Viborg", 330, True, None),
    (
        "karen",
        "karen.soerensen@example.dk",
        "naturbeskyttelse",
        "BD-NAT-2026-12",
        "Søvej 1, 8800 Viborg",
        40,
        False,
        "anders",
    ),
    ("jens", "jens.nielsen@example.dk", "spildevand", "BD-SP-2026-3", "Skovvej 6, 8800 Viborg", 5, False, None),
    ("karen", "karen.soerensen@example.dk", "lokalplan", "BD-LP-2025-40", "Skovvej 9, 8800 Viborg", 250, True, None),
    (
        "ole",
        "ole.pedersen@example.dk",
        "landzonetilladelse",
        "BD-LZ-2026-9",
        "Hedevej 2, 8800 Viborg",
        12,
        False,
        "rikke",
    ),
)
"""Complaints Viborg Kommune has forwarded, for the appeals body's caseworkers (anders: Miljø- og
Fødevareklagenævnet, rikke: Planklagenævnet): one received longer ago than its board's expected processing
time, some where the municipality marked a principled question, some already with a caseworker."""


def _forwarded_to_board(
    *, filer: User, email: str, type_slug: str, reference: str, address: str, days_ago: int, principled: bool
) -> Case:
    """A complaint against Viborg Kommune, submitted (its fee paid), answered and forwarded to its board."""
    case = _filed_case(
        filer=filer,
        type_slug=type_slug,
        authority=Authority.objects.get(municipality_code="791"),
        reference=reference,
        text="Afgørelsen bygger på et forkert grundlag og tager ikke hensyn til naboerne.",
        address=address,
    )
    _self(case, filer, email)
    workflow.transition(case, to=Status.UDFYLDT, actor=workflow.Actor.FILER, by=filer)
    _fee_paid(case)
    workflow.transition(
        case,
        to=Status.INDSENDT,
        actor=workflow.Actor.SYSTEM,
        reason=phrase(gettext_noop("Alle betingelser for at indsende klagen er opfyldt.")),
    )
    birgitte = demo_user("birgitte")
    response_form_save(
        case=case,
        by=birgitte,
        answers={
            "maintains_decision": True,
            "comments": "Kommunen fastholder afgørelsen.",
            "principled": principled,
            "principled_reason": "Sagen rejser et spørgsmål om lovens anvendelse, som mange kommuner har."
            if principled
            else "",
        },
    )
    workflow.transition(case, to=Status.VIDERESENDT, actor=workflow.Actor.FIRST_INSTANCE, by=birgitte)
    if days_ago:
        # Demo data spread over the past, so that the inbox shows its order and its overdue marker.
        received = timezone.now() - timedelta(days=days_ago)
        Case.objects.filter(pk=case.pk).update(forwarded_at=received, submitted_at=received - timedelta(days=20))
    return case


def _web_appeal_form_case() -> None:
    """A case at Ankestyrelsen from the web appeal form's channel (for maja), if the demo has none: the
    municipality's citizen as complainant and the municipality as party (AS-53). It is built here as the
    channel builds its cases (the channel's own record, the sent form with its løbenummer, is the channel's;
    a form sent through the web appeal form in the demo has one)."""
    ankestyrelsen = Board.objects.get(slug="ast")
    if Case.objects.filter(board=ankestyrelsen, channel=Channel.FORWARDING).exists():
        return
    birgitte, mette = demo_user("birgitte"), demo_user("mette")
    viborg = Authority.objects.get(municipality_code="791")
    complaint_type = ComplaintType.objects.get(slug="sociale-sager")
    case = case_create(
        channel=Channel.FORWARDING,
        board=ankestyrelsen,
        complaint_type=complaint_type,
        authority=viborg,
        created_by=birgitte,
        event_text=phrase(gettext_noop("Modtaget fra %(authority)s med web-ankeskemaet"), authority=viborg.name),
        decision_date=date(2026, 9, 15),
        decision_reference="SOC-2026-415",  # the municipality's journal number; a filing record is not its
    )
    party_add(
        case=case,
        by=birgitte,
        role=PartyRole.COMPLAINANT,
        kind=PartyKind.PERSON,
        name=mette.full_name,
        cpr=mette.cpr,
        email="mette.hansen@example.dk",
    )
    party_add(
        case=case,
        by=birgitte,
        role=PartyRole.FIRST_INSTANCE,
        kind=PartyKind.AUTHORITY,
        authority=viborg,
        name=viborg.name,
        email="borgerservice@viborg.example",
    )


def _body_demo() -> None:
    """The appeals body's inbox: forwarded complaints at the boards of anders and rikke, and a web appeal form
    case at Ankestyrelsen for maja."""
    _web_appeal_form_case()
    if Case.objects.filter(decision_reference__startswith=f"{DEMO_MARK}BD-").exists():
        return
    for key, email, type_slug, reference, address, days_ago, principled, caseworker in BODY_DEMO:
        case = _forwarded_to_board(
            filer=demo_user(key),
            email=email,
            type_slug=type_slug,
            reference=f"{DEMO_MARK}{reference}",
            address=address,
            days_ago=days_ago,
            principled=principled,
        )
        if caseworker:
            # Demo data: the caseworker has the case already, as if they had taken it ("Tildel mig").
            Case.objects.filter(pk=case.pk).update(assigned_to=demo_user(caseworker))


def _demo_complete() -> None:
    """Give every demo case what the flow and the fee rules expect of it (also demo data loaded before): the
    filing channel's own record of each case filed in the portal (its command, so that this channel does not
    import that one), and the fee paid where a submitted case's type asks for it at filing."""
    _first_instance_demo()
    _body_demo()
    call_command("filing_records_complete", verbosity=0)
    for case in Case.objects.filter(decision_reference__startswith=DEMO_MARK, channel=Channel.FILING):
        _fee_paid(case)


@transaction.atomic
def demo_load() -> int:
    """Create the demo cases once; a second call finds them, creates none and completes what older demo data
    lacks."""
    if Case.objects.filter(decision_reference__startswith=DEMO_MARK).exists():
        _demo_complete()
        return 0
    before = Case.objects.count()
    viborg = Authority.objects.get(municipality_code="791")
    aarhus = Authority.objects.get(municipality_code="751")
    mette, jens, peter = demo_user("mette"), demo_user("jens"), demo_user("peter")
    for key in ("birgitte", "anders", "rikke", "maja"):
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
    _fee_paid(submitted)
    workflow.transition(
        submitted,
        to=Status.INDSENDT,
        actor=workflow.Actor.SYSTEM,
        reason=phrase(gettext_noop("Klagegebyret er betalt.")),
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
    _fee_paid(forwarded)
    workflow.transition(
        forwarded,
        to=Status.INDSENDT,
        actor=workflow.Actor.SYSTEM,
        reason=phrase(gettext_noop("Klagegebyret er betalt.")),
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
    _demo_complete()
    return Case.objects.count() - before
