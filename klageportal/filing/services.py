"""The complaint filing flow's state changes (KP-1..7): each step saved as the person goes, then
submission, representation answers and the move to Indsendt when the last condition is met."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klageportal.cases import policies, workflow
from klageportal.cases.models import (
    ApprovalState,
    Case,
    CaseEvent,
    ExemptionRequest,
    Party,
    PartyKind,
    PartyRole,
    Status,
)
from klageportal.cases.selectors import filer_party, submission_missing
from klageportal.cases.services.create import case_create
from klageportal.cases.services.events import case_event_add
from klageportal.cases.services.exemptions import exemption_request_link
from klageportal.cases.services.parties import party_add
from klageportal.catalog.models import Authority, Channel, ComplaintType
from klageportal.core.phrases import Phrase, label_phrase, phrase
from klageportal.filing.models import Capacity, FilingDraft, Represented
from klageportal.filing.steps import FIRST_STEP, Step, step_after, steps_for
from klageportal.identity.models import Role, User
from klageportal.notifications.models import OutboxEmail
from klageportal.notifications.services import email_queue
from klageportal.payments.fees import fee_status
from klageportal.payments.services import fee_overpayment_record


class FilingError(Exception):
    """A step cannot be taken in the case's present state."""


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _mark_step(draft: FilingDraft, step: Step) -> None:
    """Record the step as done and the person as at the step after it."""
    if step not in draft.steps_done:
        draft.steps_done = [*draft.steps_done, step]
    draft.step = step_after(draft, step)
    draft.save(update_fields=["steps_done", "step", "updated_at"])


def complaint_start(*, by: User, complaint_type: ComplaintType) -> Case:
    """Create the draft (Kladde) once board and complaint type are chosen; only the filer sees it."""
    policies.require(policies.can_start_complaint(by))
    version = complaint_type.version_at()
    if version is None or version.channel != Channel.FILING:
        raise FilingError("complaint type is not filed in the portal")
    if policies.can_file_for_exempt_citizen(by):
        return _exempt_complaint_start(by=by, complaint_type=complaint_type)
    with transaction.atomic():
        case = _draft_create(by=by, complaint_type=complaint_type)
        # The filer is a party from the start: the draft is theirs alone (X-6 Kladde). Whether as complainant
        # or representative is known, and put in the history, once the capacity is chosen.
        Party.objects.create(
            case=case,
            role=PartyRole.COMPLAINANT,
            kind=PartyKind.COMPANY if by.role == Role.COMPANY else PartyKind.PERSON,
            user=by,
            is_filer=True,
            name=by.organisation_name if by.role == Role.COMPANY and by.organisation_name else by.full_name,
            cpr=by.cpr if by.role != Role.COMPANY else "",
            cvr=by.cvr if by.role == Role.COMPANY else "",
        )
    return case


def _draft_create(*, by: User, complaint_type: ComplaintType) -> Case:
    """A new draft case of the type with the flow's own record at its first step; the caller adds the filer."""
    case = case_create(
        channel=Channel.FILING,
        board=complaint_type.board,
        complaint_type=complaint_type,
        created_by=by,
        event_text=phrase(gettext_noop("Klagen er påbegyndt")),
    )
    FilingDraft.objects.create(case=case, step=FIRST_STEP)
    return case


def _exempt_complaint_start(*, by: User, complaint_type: ComplaintType) -> Case:
    """KP-2: a municipality's staff member files for an exempt citizen. The staff member is not a complainant:
    their party represents the citizen for the municipality, so they follow the case and pay its fee; the
    citizen is named on the first step."""
    authority = by.authority
    assert authority is not None  # can_file_for_exempt_citizen
    with transaction.atomic():
        case = _draft_create(by=by, complaint_type=complaint_type)
        Party.objects.create(
            case=case,
            role=PartyRole.REPRESENTATIVE,
            kind=PartyKind.AUTHORITY,
            authority=authority,
            user=by,
            is_filer=True,
            name=f"{by.full_name}, {authority.name}" if by.full_name else authority.name,
            email=by.notification_email or by.email or authority.email,
        )
    return case


def exempt_citizen(*, case: Case) -> Party | None:
    """The exempt citizen a municipality files for: the complaint's one complainant (KP-3)."""
    return case.parties.filter(is_filer=False, role=PartyRole.COMPLAINANT).order_by("pk").first()


def complaint_set_exempt_citizen(*, case: Case, by: User, cpr: str, exemption_reference: str) -> Party:
    """KP-2/KP-3 screen 1 for a municipality: the citizen's CPR ("Repræsenterer") and the granted exemption
    (KP-8). The citizen is the complainant and is not asked to approve (KP-6); the case is marked as filed for
    an exempt citizen. Another CPR number than before names another person: the contact details go."""
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_edit_draft(by, case) and policies.can_file_for_exempt_citizen(by))
        draft = case.filing
        first_time = Step.CAPACITY not in draft.steps_done
        before = draft.exemption_reference
        draft.capacity = Capacity.EXEMPT
        draft.represented = ""
        draft.exemption_reference = exemption_reference.strip()
        draft.save(update_fields=["capacity", "represented", "exemption_reference", "updated_at"])
        case.filed_for_exempt_citizen = True
        case.association_name = ""
        case.association_signing_confirmed = False
        case.save(update_fields=["filed_for_exempt_citizen", "association_name", "association_signing_confirmed"])
        others = case.parties.filter(is_filer=False, role=PartyRole.COMPLAINANT)
        citizen = others.filter(cpr=cpr, kind=PartyKind.PERSON).first()
        (others.exclude(pk=citizen.pk) if citizen else others).delete()
        if citizen is None:
            citizen = Party.objects.create(
                case=case,
                role=PartyRole.COMPLAINANT,
                kind=PartyKind.PERSON,
                cpr=cpr,
                name="",
                approval=ApprovalState.NOT_NEEDED,
            )
            # The contact details are the new person's: the contact step is to be filled in again.
            draft.steps_done = [s for s in draft.steps_done if s != Step.CONTACT]
            draft.save(update_fields=["steps_done", "updated_at"])
        _mark_step(draft, Step.CAPACITY)
        if first_time:
            _filer_role_event(case, filer_party(case=case) or citizen, by)
        if first_time or before != draft.exemption_reference:
            case_event_add(
                case=case,
                kind=CaseEvent.Kind.PARTY,
                actor=by,
                text=phrase(
                    gettext_noop(
                        "Klagen oprettes for en borger, der er fritaget for digital selvbetjening. "
                        "Fritagelsen: %(reference)s"
                    ),
                    reference=draft.exemption_reference,
                ),
            )
        # KP-8: a granted request's number as the reference links the request to this complaint.
        exemption_request_link(case=case, reference=draft.exemption_reference, by=by)
    return citizen


def complaint_start_for_exemption(*, by: User, exemption: ExemptionRequest) -> Case:
    """KP-2, KP-8: "Opret klage for borgeren" on a granted request: the exempt filing, with the citizen, the
    request's number as the exemption reference and the decision filled in from the request; each step is then
    checked and sent by the municipality. A request already filed for opens its complaint instead."""
    with transaction.atomic():
        exemption = ExemptionRequest.objects.select_for_update().get(pk=exemption.pk)
        policies.require(policies.can_file_for_exemption_request(by, exemption))
        if exemption.case is not None:
            return exemption.case
        if exemption.complaint_type is None:
            raise FilingError("the request names no complaint type")
        case = complaint_start(by=by, complaint_type=exemption.complaint_type)
        citizen = complaint_set_exempt_citizen(
            case=case, by=by, cpr=exemption.citizen_cpr, exemption_reference=exemption.number
        )
        citizen.name = exemption.citizen_name
        citizen.address = exemption.citizen_address
        citizen.digital_post_exempt = exemption.digital_post_exempt
        citizen.save(update_fields=["name", "address", "digital_post_exempt"])
        Case.objects.filter(pk=case.pk).update(
            authority=exemption.authority,
            decision_date=exemption.decision_date,
            decision_reference=exemption.decision_reference,
        )
    return Case.objects.get(pk=case.pk)


def complaint_set_citizen_contact(
    *, case: Case, by: User, name: str, email: str, phone: str, address: str, digital_post_exempt: bool
) -> Party:
    """KP-3 step 2 for a municipality: the exempt citizen's contact details. A citizen without e-mail is
    written to by post (`no_email`)."""
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_edit_draft(by, case) and policies.can_file_for_exempt_citizen(by))
        draft = case.filing
        citizen = exempt_citizen(case=case)
        if not draft.is_exempt or citizen is None:
            raise FilingError("no exempt citizen on the draft")
        named = citizen.name
        citizen.name = name.strip()
        citizen.email = email.strip()
        citizen.no_email = not citizen.email
        citizen.phone = phone.strip()
        citizen.address = address.strip()
        citizen.digital_post_exempt = digital_post_exempt
        citizen.save()
        if citizen.name != named:
            case_event_add(
                case=case,
                kind=CaseEvent.Kind.PARTY,
                actor=by,
                data={"party": citizen.pk, "role": citizen.role},
                text=phrase(
                    gettext_noop("%(role)s tilføjet: %(name)s"),
                    role=label_phrase(PartyRole.COMPLAINANT.label),
                    name=citizen.name,
                ),
            )
        _mark_step(draft, Step.CONTACT)
    return citizen


def complaint_set_type(*, case: Case, by: User, complaint_type: ComplaintType) -> Case:
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_edit_draft(by, case))
        version = complaint_type.version_at()
        if version is None or version.channel != Channel.FILING:
            raise FilingError("complaint type is not filed in the portal")
        case.complaint_type = complaint_type
        case.board = complaint_type.board
        case.type_version = version
        case.save(update_fields=["complaint_type", "board", "type_version"])
    return case


def complaint_set_capacity(
    *,
    case: Case,
    by: User,
    capacity: str,
    represented: str = "",
    association_name: str = "",
    association_confirmed: bool = False,
) -> FilingDraft:
    """KP-2: own behalf, or representing persons/companies, or an association without CVR."""
    if capacity not in (Capacity.OWN, Capacity.REPRESENT):
        raise FilingError("the exempt citizen's capacity has a service of its own")
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_edit_draft(by, case) and policies.can_file_complaint(by))
        draft = case.filing
        draft.capacity = capacity
        draft.represented = represented if capacity == Capacity.REPRESENT else ""
        draft.save(update_fields=["capacity", "represented", "updated_at"])
        is_association = draft.is_association
        case.association_name = association_name.strip() if is_association else ""
        case.association_signing_confirmed = bool(association_confirmed) if is_association else False
        case.save(update_fields=["association_name", "association_signing_confirmed"])
        if not draft.represents_others:
            # Complainants entered for an earlier choice no longer apply.
            case.parties.filter(is_filer=False, role=PartyRole.COMPLAINANT).delete()
        first_time = Step.CAPACITY not in draft.steps_done
        _mark_step(draft, Step.CAPACITY)
        filer = filer_party(case=case)
        if filer is not None:
            before = (filer.role, filer.kind)
            _apply_filer_role(case, draft, filer, by)
            filer.save()
            if first_time or (filer.role, filer.kind) != before:
                _filer_role_event(case, filer, by)
    return draft


def _filer_role_event(case: Case, filer: Party, by: User) -> None:
    """The history says what the filer is on the complaint: "Repræsentant tilføjet: Advokatfirmaet Lind & Co"."""
    case_event_add(
        case=case,
        kind=CaseEvent.Kind.PARTY,
        actor=by,
        data={"party": filer.pk, "role": filer.role},
        text=phrase(
            gettext_noop("%(role)s tilføjet: %(name)s"), role=label_phrase(PartyRole(filer.role).label), name=filer.name
        ),
    )


def _apply_filer_role(case: Case, draft: FilingDraft, filer: Party, by: User) -> None:
    """The filer is the complainant on own behalf, the representative otherwise (the chair for an association)."""
    if draft.capacity == Capacity.OWN:
        filer.role = PartyRole.COMPLAINANT
        filer.kind = PartyKind.COMPANY if by.role == Role.COMPANY else PartyKind.PERSON
    elif draft.is_association:
        filer.role = PartyRole.COMPLAINANT
        filer.kind = PartyKind.ASSOCIATION
    else:
        filer.role = PartyRole.REPRESENTATIVE
        filer.kind = PartyKind.COMPANY if by.role == Role.COMPANY else PartyKind.PERSON
    filer.cpr = by.cpr if filer.kind == PartyKind.PERSON else ""
    filer.cvr = by.cvr if filer.kind == PartyKind.COMPANY else ""


def default_contact_name(*, case: Case, by: User) -> str:
    """KP-3: the login's name; an association's chair reads "formand for foreningen <navn>, <navn>"."""
    draft = case.filing
    if draft.is_association and case.association_name:
        return _("formand for foreningen %(association)s, %(name)s") % {
            "association": case.association_name,
            "name": by.full_name,
        }
    if by.role == Role.COMPANY and draft.capacity == Capacity.OWN and by.organisation_name:
        return by.organisation_name
    return by.full_name


def complaint_set_contact(*, case: Case, by: User, name: str, email: str, phone: str, address: str) -> Party:
    """KP-3 step 2: the filer's contact details for this case; the login identity is stored apart and kept."""
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_edit_draft(by, case))
        draft = case.filing
        filer = filer_party(case=case)
        if filer is None:
            raise FilingError("the draft has no filer")
        if draft.is_exempt:
            raise FilingError("the exempt citizen's contact details have a service of their own")
        _apply_filer_role(case, draft, filer, by)
        filer.name = name.strip()
        filer.email = email.strip()
        filer.phone = phone.strip()
        filer.address = address.strip()
        filer.save()
        _mark_step(draft, Step.CONTACT)
    return filer


def complaint_add_complainant(*, case: Case, by: User, kind: str, number: str, name: str, email: str) -> Party:
    """KP-3 step 3: a represented complainant, person by CPR or company by CVR, who must approve (KP-7)."""
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_edit_draft(by, case))
        if not case.filing.represents_others:
            raise FilingError("this complaint does not represent others")
        return party_add(
            case=case,
            by=by,
            role=PartyRole.COMPLAINANT,
            kind=kind,
            name=name.strip(),
            email=email.strip(),
            cpr=number if kind == PartyKind.PERSON else "",
            cvr=number if kind == PartyKind.COMPANY else "",
            approval=ApprovalState.NOT_NEEDED,
        )


def complaint_remove_complainant(*, case: Case, by: User, party_id: int) -> None:
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_edit_draft(by, case))
        party = case.parties.filter(pk=party_id, is_filer=False, role=PartyRole.COMPLAINANT).first()
        if party is not None:
            case_event_add(
                case=case,
                kind=CaseEvent.Kind.PARTY,
                actor=by,
                data={"party": party.pk},
                text=phrase(gettext_noop("Klager fjernet: %(name)s"), name=party.name),
            )
            party.delete()


class LastComplainant(FilingError):
    """The complaint would be left without a complainant."""


def declined_complainant(case: Case, party_id: int) -> Party | None:
    """A complainant named by the filer who declined the representation."""
    return case.parties.filter(
        pk=party_id, is_filer=False, role=PartyRole.COMPLAINANT, approval=ApprovalState.DECLINED
    ).first()


def is_last_complainant(case: Case, party: Party) -> bool:
    return not case.parties.filter(role=PartyRole.COMPLAINANT).exclude(pk=party.pk).exists()


def complaint_remove_declined(*, case: Case, by: User, party_id: int) -> Party:
    """Take a complainant who declined the representation off a submitted complaint; the complaint then goes
    on for the others, and is Indsendt at once if nothing else is missing (KP-6)."""
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_remove_declined_complainant(by, case))
        party = declined_complainant(case, party_id)
        if party is None:
            raise FilingError("no complainant who declined")
        if is_last_complainant(case, party):
            raise LastComplainant("the last complainant")
        case_event_add(
            case=case,
            kind=CaseEvent.Kind.PARTY,
            actor=by,
            data={"party": party.pk, "declined": True},
            text=phrase(gettext_noop("Klager fjernet: %(name)s"), name=party.name),
        )
        party.delete()
        fee_overpayment_record(case=case, by=by)  # a company taken off: the private rate may now apply
    complaint_advance(case=case)
    return party


def complaint_complainants_done(*, case: Case, by: User) -> None:
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_edit_draft(by, case))
        if not case.parties.filter(is_filer=False, role=PartyRole.COMPLAINANT).exists():
            raise FilingError("at least one complainant")
        _mark_step(case.filing, Step.COMPLAINANTS)


def complaint_set_decision(
    *,
    case: Case,
    by: User,
    authority: Authority,
    decision_date: date,
    reference: str,
    complaint_text: str,
    address: str,
    lat: Decimal | None,
    lon: Decimal | None,
) -> Case:
    """KP-4: the decision complained about and the place it concerns."""
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_edit_draft(by, case))
        case.authority = authority
        case.decision_date = decision_date
        case.decision_reference = reference.strip()
        case.complaint_text = complaint_text.strip()
        case.location_address = address.strip()
        case.location_lat = lat
        case.location_lon = lon
        case.save(
            update_fields=[
                "authority",
                "decision_date",
                "decision_reference",
                "complaint_text",
                "location_address",
                "location_lat",
                "location_lon",
            ]
        )
        _mark_step(case.filing, Step.DECISION)
    return case


def complaint_documents_done(*, case: Case, by: User) -> None:
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_edit_draft(by, case))
        _mark_step(case.filing, Step.DOCUMENTS)


def complaint_incomplete_steps(case: Case) -> list[Step]:
    """Steps that must be completed before "Indsend", in flow order."""
    draft = case.filing
    missing: list[Step] = []
    if not draft.capacity:
        missing.append(Step.CAPACITY)
    if draft.is_exempt:
        citizen = exempt_citizen(case=case)
        if citizen is None:
            missing.append(Step.CAPACITY)
        elif not citizen.name or not citizen.address or Step.CONTACT not in draft.steps_done:
            missing.append(Step.CONTACT)
    else:
        filer = filer_party(case=case)
        if filer is None or not filer.email:
            missing.append(Step.CONTACT)
    if draft.represents_others and not case.parties.filter(is_filer=False, role=PartyRole.COMPLAINANT).exists():
        missing.append(Step.COMPLAINANTS)
    if case.authority_id is None or case.decision_date is None or not case.complaint_text:
        missing.append(Step.DECISION)
    return missing


def complaint_submit(*, case: Case, by: User) -> Case:
    """KP-5/KP-6: submit the draft. It waits in Udfyldt until approvals and payment are in."""
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_edit_draft(by, case))
        if complaint_incomplete_steps(case):
            raise FilingError("incomplete")
        # Only complainants a person or company represents approve (KP-7); an exempt citizen is not asked (KP-6).
        named = case.parties.filter(is_filer=False, role=PartyRole.COMPLAINANT)
        represented = list(named) if case.filing.represents_others else []
        for party in represented:
            party.approval = ApprovalState.PENDING
            party.save(update_fields=["approval"])
        workflow.transition(case, to=Status.UDFYLDT, actor=workflow.Actor.FILER, by=by)
        _mark_step(case.filing, Step.SUMMARY)  # the flow goes on at the payment step where the fee is due
        for party in represented:
            _approval_request(case, party)
        complaint_advance(case=case)
    return case


def _approval_request(case: Case, party: Party) -> None:
    """The e-mail that asks a named complainant to approve the representation (KP-7)."""
    filer = filer_party(case=case)
    email_queue(
        to=party.email,
        reason=OutboxEmail.Reason.APPROVAL_REQUEST,
        subject=_("Godkend repræsentation i klagesag %(number)s") % {"number": case.number},
        template="filing/email/approval_request.txt",
        context={
            "case_number": case.number,
            "filer": filer.name if filer is not None else "",
            "filer_email": filer.email if filer is not None else "",
            "link": reverse("filing:approve", kwargs={"number": case.number}),
            "board": case.board.name,
        },
        case=case,
    )


CORRECTABLE = (ApprovalState.PENDING, ApprovalState.DECLINED)
"""A complainant whose approval is awaited, or who declined (perhaps because the number named someone else)."""


def correctable_complainant(case: Case, party_id: int) -> Party | None:
    """A complainant the filer named whose details may still be corrected."""
    named = case.parties.filter(is_filer=False, role=PartyRole.COMPLAINANT, approval__in=CORRECTABLE)
    return named.filter(pk=party_id).first()


def complaint_correct_complainant(
    *, case: Case, by: User, party_id: int, kind: str, number: str, name: str, email: str
) -> Party:
    """Correct a named complainant's number, name or e-mail after submission and ask again (KP-7). The answer
    so far is cleared; the approval link answers only the person or company now named."""
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_correct_complainant(by, case))
        party = correctable_complainant(case, party_id)
        if party is None:
            raise FilingError("no complainant that can be corrected")
        before = party.name
        party.kind = kind
        party.cpr = number if kind == PartyKind.PERSON else ""
        party.cvr = number if kind == PartyKind.COMPANY else ""
        party.name = name.strip()
        party.email = email.strip()
        party.approval = ApprovalState.PENDING
        party.approval_at = None
        party.approved_by = None
        party.save()
        case_event_add(
            case=case,
            kind=CaseEvent.Kind.PARTY,
            actor=by,
            data={"party": party.pk, "corrected": True},
            text=phrase(gettext_noop("Klager rettet: %(before)s er nu %(name)s"), before=before, name=party.name)
            if before != party.name
            else phrase(gettext_noop("Klager rettet: %(name)s"), name=party.name),
        )
        _approval_request(case, party)
    return party


def _submitted_reason(case: Case) -> Phrase:
    """Why the complaint is Indsendt, as the history says it: the approvals, and the fee as it is (paid, due
    when the case is forwarded, or none), never "paid" when nothing was paid (PAY-6)."""
    fee = fee_status(case)
    approved = case.parties.filter(is_filer=False, role=PartyRole.COMPLAINANT).exists()
    if fee.amount and fee.due_at_forwarding and not fee.is_paid:
        text = (
            gettext_noop(
                "Alle klagere har godkendt. Klagegebyret betales, når førsteinstansen sender sagen videre til nævnet."
            )
            if approved
            else gettext_noop("Klagegebyret betales, når førsteinstansen sender sagen videre til nævnet.")
        )
    elif fee.amount:
        text = (
            gettext_noop("Alle klagere har godkendt, og gebyret er betalt.")
            if approved
            else gettext_noop("Klagegebyret er betalt.")
        )
    else:
        text = (
            gettext_noop("Alle klagere har godkendt. Der er intet klagegebyr for klagetypen.")
            if approved
            else gettext_noop("Der er intet klagegebyr for klagetypen.")
        )
    return phrase(text)


def _fee_later(case: Case) -> dict[str, int]:
    """For the e-mail that the complaint is Indsendt: a fee still to be paid when the case is forwarded."""
    fee = fee_status(case)
    return {"fee_later": fee.outstanding} if fee.due_at_forwarding and not fee.is_paid else {}


def complaint_advance(*, case: Case) -> bool:
    """Move Udfyldt → Indsendt when every complainant has approved and the fee is paid; tell who must know."""
    with transaction.atomic():
        case = _locked(case)
        if case.status != Status.UDFYLDT:
            return False
        if submission_missing(case=case, fee=fee_status(case)).anything:
            return False
        workflow.transition(case, to=Status.INDSENDT, actor=workflow.Actor.SYSTEM, reason=_submitted_reason(case))
        link = case.get_absolute_url()
        if case.authority and case.authority.email:
            # FI-2: the first instance hears of a new complaint at its official address.
            email_queue(
                to=case.authority.email,
                reason=OutboxEmail.Reason.NEW_COMPLAINT,
                subject=_("Ny klage i klageportalen: %(number)s") % {"number": case.number},
                template="filing/email/new_complaint.txt",
                context={"case_number": case.number, "board": case.board.name, "link": link},
                case=case,
            )
        filer = filer_party(case=case)
        if filer and filer.email:
            email_queue(
                to=filer.email,
                reason=OutboxEmail.Reason.SUBMITTED,
                subject=_("Din klage %(number)s er indsendt") % {"number": case.number},
                template="filing/email/submitted.txt",
                context={"case_number": case.number, "board": case.board.name, "link": link, **_fee_later(case)},
                case=case,
            )
    return True


def representation_answer(*, case: Case, by: User, approve: bool) -> list[Party]:
    """KP-7: the named complainant (or a signatory of the named company) approves or declines."""
    with transaction.atomic():
        case = _locked(case)
        parties = [
            p
            for p in case.parties.filter(role=PartyRole.COMPLAINANT, approval=ApprovalState.PENDING)
            if policies.can_answer_representation(by, p)
        ]
        policies.require(bool(parties))
        now = timezone.now()
        for party in parties:
            party.approval = ApprovalState.APPROVED if approve else ApprovalState.DECLINED
            party.approval_at = now
            party.approved_by = by
            party.save(update_fields=["approval", "approval_at", "approved_by"])
            text = phrase(
                gettext_noop("%(name)s har godkendt repræsentationen")
                if approve
                else gettext_noop("%(name)s har afvist repræsentationen"),
                name=party.name,
            )
            case_event_add(
                case=case,
                kind=CaseEvent.Kind.APPROVAL,
                text=text,
                actor=by,
                data={"party": party.pk, "approved": approve},
            )
        # The filer hears of the answer in the next daily digest (NT-2); the case page says what is missing.
        if approve:
            complaint_advance(case=case)
    return parties


def complaint_step_keep(*, case: Case, by: User, step: Step, fields: list[list[str]], kept: bool = False) -> None:
    """Keep what is typed on a step without judging it (autosave, or a post after the session ran out): the
    step is not marked as done and nothing on the case changes until the step is sent with "Næste"."""
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_edit_draft(by, case))
        draft = FilingDraft.objects.select_for_update().get(pk=case.pk)
        pending = dict(draft.pending or {})
        if fields:
            pending[step] = {"fields": fields, "kept": kept}
        else:
            pending.pop(step, None)
        draft.pending = pending
        draft.save(update_fields=["pending", "updated_at"])


def complaint_step_forget(*, case: Case, step: Step) -> None:
    """The step was sent: what was typed on it is now the case's, or was replaced by the person's choice."""
    draft = FilingDraft.objects.filter(pk=case.pk).first()
    if draft is not None and step in (draft.pending or {}):
        with transaction.atomic():
            draft = FilingDraft.objects.select_for_update().get(pk=case.pk)
            draft.pending = {key: value for key, value in (draft.pending or {}).items() if key != step}
            draft.save(update_fields=["pending", "updated_at"])


def complaint_step_pending(case: Case, step: Step) -> dict | None:
    """What is typed on the step but not yet sent: {"fields": [[name, value], ...], "kept": bool}, or None."""
    return (case.filing.pending or {}).get(step)


def filing_records_complete() -> int:
    """Give each case filed in the portal without the flow's record (made outside the flow, e.g. demo data) the
    record the flow would have made: the capacity its parties show and the steps done. A draft is filled in up
    to the summary, so its filer can look it over and press "Indsend"; a submitted case has every step before
    the payment step done. Returns how many cases got one."""
    made = 0
    cases = Case.objects.filter(channel=Channel.FILING, filing__isnull=True).select_related("type_version")
    for case in cases:
        with transaction.atomic():
            represents = case.parties.filter(is_filer=True, role=PartyRole.REPRESENTATIVE).exists()
            exempt = case.filed_for_exempt_citizen
            draft = FilingDraft(
                case=case,
                capacity=Capacity.EXEMPT if exempt else Capacity.REPRESENT if represents else Capacity.OWN,
                represented=Represented.PERSONS_COMPANIES if represents and not exempt else "",
            )
            steps = steps_for(draft)
            later = (Step.SUMMARY, Step.PAYMENT) if case.status == Status.KLADDE else (Step.PAYMENT,)
            draft.steps_done = [step.value for step in steps if step not in later]
            draft.step = Step.SUMMARY if case.status == Status.KLADDE or Step.PAYMENT not in steps else Step.PAYMENT
            draft.save()
            made += 1
    return made
