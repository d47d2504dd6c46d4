"""Who may see and do what. One function per question, used by views, selectors and the API alike.

X-3: a person sees exactly the cases they are a party to, represent, or handle for their organisation.
X-6: visibility follows the status (Kladde: only the filer; Udfyldt: complainants, representative and,
read-only, the first instance; Indsendt: the first instance can act; Videresendt and later: the board).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol, TypeGuard, cast

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Model, OuterRef, Q

from klageportal.cases.models import (
    ApprovalState,
    Case,
    ExemptionRequest,
    Grouping,
    Message,
    Party,
    PartyKind,
    PartyRole,
    Status,
)
from klageportal.cases.workflow import BODY_OPEN, CLOSED
from klageportal.catalog.models import Authority
from klageportal.identity.models import Role, User

AnyUser = User | AnonymousUser
"""Whoever makes the request, logged in or not; every policy answers no for the anonymous and the inactive."""

NOBODY = Q(pk__in=[])
CASE_SIDE_ROLES = (PartyRole.COMPLAINANT, PartyRole.REPRESENTATIVE, PartyRole.OTHER)
SEES_CASE = Q(proposed=False) | Q(confirmed_at__isnull=False)
"""A filter on Party: a party the first instance proposed sees nothing until the appeals body confirms it (BD-8)."""
ACTIVE = Q(removed_at__isnull=True)
"""A filter on Party: a party taken off the case (a representative the complainant removed, CW-4) has no access."""


def require(allowed: bool) -> None:
    """Raise PermissionDenied unless a policy said yes."""
    if not allowed:
        raise PermissionDenied


def _is_person(user: AnyUser | None) -> TypeGuard[User]:
    return isinstance(user, User) and user.is_authenticated and user.is_active


def own_party_q(user: User) -> Q:
    """Parties on the complainant's side that are this person or their company, and that see the case.

    X-3: a company's party is this person's only with signing authority or the company's complaint-cases
    right; BD-8: a party the first instance proposed is nobody's until the appeals body confirms it; CW-4: a
    party taken off the case (a removed representative) is nobody's any more.
    """
    mine = Q(user=user)
    if user.cpr and user.role == Role.CITIZEN:
        mine |= Q(kind=PartyKind.PERSON, cpr=user.cpr)
    if user.cvr and user.role == Role.COMPANY and user.acts_on_company_cases:
        mine |= Q(kind=PartyKind.COMPANY, cvr=user.cvr)
    return mine & Q(role__in=CASE_SIDE_ROLES) & SEES_CASE & ACTIVE


def cases_visible_to(user: AnyUser) -> Q:
    """A filter on Case for every case this person may open."""
    if not _is_person(user):
        return NOBODY
    parties = Party.objects.filter(own_party_q(user), case=OuterRef("pk"))
    filer = Party.objects.filter(ACTIVE, case=OuterRef("pk"), is_filer=True, user=user)
    visible = Q(Exists(filer)) | (Q(Exists(parties)) & ~Q(status=Status.KLADDE))
    if user.role == Role.AUTHORITY and user.authority_id:
        visible |= Q(authority_id=user.authority_id) & ~Q(status=Status.KLADDE)
    if user.role == Role.BODY_STAFF:
        board_ids = list(user.boards.values_list("pk", flat=True))
        if board_ids:
            visible |= Q(board_id__in=board_ids) & (Q(forwarded_at__isnull=False) | Q(status=Status.GENOPTAGET))
    return visible


def can_view_case(user: AnyUser, case: Case) -> bool:
    """cases_visible_to asked of one case already at hand: at most one short query on its parties."""
    if not _is_person(user):
        return False
    after_draft = case.status != Status.KLADDE
    if after_draft and user.role == Role.AUTHORITY and user.authority_id and user.authority_id == case.authority_id:
        return True
    if (
        user.role == Role.BODY_STAFF
        and (case.forwarded_at is not None or case.status == Status.GENOPTAGET)
        and user.boards.filter(pk=case.board_id).exists()
    ):
        return True
    own = Q(is_filer=True, user=user) & ACTIVE
    if after_draft:
        own |= own_party_q(user)
    return case.parties.filter(own).exists()


def is_filer(user: AnyUser, case: Case) -> bool:
    return _is_person(user) and case.parties.filter(ACTIVE, is_filer=True, user=user).exists()


def can_edit_draft(user: AnyUser, case: Case) -> bool:
    return case.status == Status.KLADDE and is_filer(user, case)


def is_case_side_party(user: AnyUser, case: Case) -> bool:
    """The person is a complainant, a representative or another party on the complainant's side."""
    return _is_person(user) and case.parties.filter(own_party_q(user)).exists()


def is_first_instance_staff(user: AnyUser, case: Case) -> bool:
    return (
        _is_person(user)
        and user.role == Role.AUTHORITY
        and user.authority_id is not None
        and user.authority_id == case.authority_id
    )


def is_board_caseworker(user: AnyUser, case: Case) -> bool:
    return _is_person(user) and user.role == Role.BODY_STAFF and user.boards.filter(pk=case.board_id).exists()


def can_act_as_first_instance(user: AnyUser, case: Case) -> bool:
    """The first instance sees a case from Udfyldt but may act on it only once it is Indsendt (X-6)."""
    return case.status == Status.INDSENDT and is_first_instance_staff(user, case)


def can_act_as_body(user: AnyUser, case: Case) -> bool:
    return case.status in BODY_OPEN and is_board_caseworker(user, case)


def can_add_documents(user: AnyUser, case: Case) -> bool:
    """CW-3: parties add documents at any open status; the first instance once it may act; the board while open."""
    if case.status in CLOSED or case.status == Status.KLADDE:
        return case.status == Status.KLADDE and is_filer(user, case)
    if is_case_side_party(user, case):
        return True
    if is_first_instance_staff(user, case):
        return case.status != Status.UDFYLDT
    return can_act_as_body(user, case)


def can_confirm_party(user: AnyUser, party: Party) -> bool:
    """BD-8: the board's caseworker confirms a party the first instance proposed, while the body has the case."""
    return party.awaits_confirmation and can_act_as_body(user, party.case)


def can_remove_declined_complainant(user: AnyUser, case: Case) -> bool:
    """After a complainant has declined (KP-7), the filer may take them off the complaint and go on for the rest."""
    return case.status == Status.UDFYLDT and is_filer(user, case)


def can_correct_complainant(user: AnyUser, case: Case) -> bool:
    """While a submitted complaint waits for approvals, the filer may correct a complainant they named (KP-7)."""
    return case.status == Status.UDFYLDT and is_filer(user, case)


def can_answer_representation(user: AnyUser, party: Party) -> bool:
    """KP-7: only the person whose CPR was named, or a signatory of the company whose CVR was named."""
    if not _is_person(user) or party.approval != ApprovalState.PENDING:
        return False
    if party.case.status != Status.UDFYLDT or party.role != PartyRole.COMPLAINANT:
        return False
    if party.kind == PartyKind.PERSON:
        return user.role == Role.CITIZEN and bool(party.cpr) and user.cpr == party.cpr
    if party.kind == PartyKind.COMPANY:
        return user.role == Role.COMPANY and bool(party.cvr) and user.cvr == party.cvr and user.can_sign_for_company
    return False


def documents_visible_to(user: AnyUser, case: Case, *, case_checked: bool = False) -> Q:
    """A filter on CaseDocument for the documents of a case this person may see (DOC-5, X-6).

    `case_checked` says the caller has just asked can_view_case for this person and case.
    """
    if not case_checked and not can_view_case(user, case):
        return NOBODY
    if is_board_caseworker(user, case):
        return Q(case=case)
    visible = Q(case=case, restricted=False) | Q(case=case, added_by=user)
    released = case.forwarded_at is not None or case.status_changes.filter(to_status=Status.GENOPTAGET).exists()
    if not released and not is_first_instance_staff(user, case):
        # What the first instance adds stays with it until it forwards the case or reopens it.
        visible &= ~Q(added_by_role=PartyRole.FIRST_INSTANCE) | Q(added_by=user)
    return visible


def parties_visible_to(user: AnyUser, case: Case, *, case_checked: bool = False) -> Q:
    """A filter on Party for the parties of a case this person may see: every party, to whoever sees the case."""
    if not case_checked and not can_view_case(user, case):
        return NOBODY
    return Q(case=case)


@dataclass(frozen=True, slots=True)
class HistorySubjects:
    """What the lines of one case's history may be about for one person: the documents, parties and messages
    they see."""

    case: bool
    """The person may see the case at all (without it, no line shows)."""
    documents: frozenset[int]
    """Primary keys of documents.Document (a history line names the document, not its link to the case)."""
    parties: frozenset[int]
    messages: frozenset[int] = frozenset()
    """Primary keys of the messages the person may read (CW-7): a line about a message shows only to them."""

    def shows(self, data: object) -> bool:
        """X-3: a history line is shown only if the person may see every document and party it is about."""
        if not self.case:
            return False
        if not isinstance(data, dict):
            return True
        documents = [data.get("document"), data.get("text_document"), *(data.get("documents") or [])]
        if any(pk is not None and pk not in self.documents for pk in documents):
            return False
        party = data.get("party")
        if party is not None and party not in self.parties:
            return False
        message = data.get("message")
        return message is None or message in self.messages


def history_subjects_visible_to(user: AnyUser, case: Case, *, case_checked: bool = False) -> HistorySubjects:
    """The documents and parties of the case this person may see, for filtering its history (X-3, X-6).

    A bounded number of queries whatever the size of the case; `case_checked` as for documents_visible_to.
    """
    if not case_checked and not can_view_case(user, case):
        return HistorySubjects(case=False, documents=frozenset(), parties=frozenset())
    links = case.documents.filter(documents_visible_to(user, case, case_checked=True))
    parties = Party.objects.filter(parties_visible_to(user, case, case_checked=True))
    messages = Message.objects.filter(messages_visible_to(user, case, case_checked=True))
    return HistorySubjects(
        case=True,
        documents=frozenset(links.values_list("document_id", flat=True)),
        parties=frozenset(parties.values_list("pk", flat=True)),
        messages=frozenset(messages.values_list("pk", flat=True)),
    )


class CaseDocumentLink(Protocol):
    """A document's link to a case (documents.CaseDocument; the case domain does not import documents)."""

    @property
    def pk(self) -> Any: ...

    @property
    def case(self) -> Case: ...


def can_view_document(user: AnyUser, case_document: CaseDocumentLink) -> bool:
    manager = cast(type[Model], type(case_document))._default_manager
    visible = documents_visible_to(user, case_document.case)
    return manager.filter(pk=case_document.pk).filter(visible).exists()


def can_use_party_workspace(user: AnyUser) -> TypeGuard[User]:
    """CW-1: "Mine klager" is for people and companies, who file and are parties to complaints."""
    return _is_person(user) and user.role in (Role.CITIZEN, Role.COMPANY)


def can_file_complaint(user: AnyUser) -> TypeGuard[User]:
    """KP-1: complaints are filed by a person or a company logged in as itself."""
    return _is_person(user) and user.role in (Role.CITIZEN, Role.COMPANY)


def can_use_authority_inbox(user: AnyUser) -> TypeGuard[User]:
    """FI-1: the inbox of complaints against decisions is for the first instance's staff."""
    return _is_person(user) and user.role == Role.AUTHORITY


def can_use_body_inbox(user: AnyUser) -> TypeGuard[User]:
    """BD-1: the inbox of forwarded cases is for the appeals body's caseworkers."""
    return _is_person(user) and user.role == Role.BODY_STAFF


def upload_role(user: AnyUser, case: Case) -> PartyRole:
    """The side a document this person adds to the case comes from (DOC-5, X-6).

    The first instance's staff add as the first instance (kept from the others until it forwards); the board's
    caseworkers and anyone without a party of their own as "other"; a party in their own role.
    """
    if is_first_instance_staff(user, case):
        return PartyRole.FIRST_INSTANCE
    if not _is_person(user) or is_board_caseworker(user, case):
        return PartyRole.OTHER
    role = case.parties.filter(own_party_q(user)).order_by("-is_filer", "pk").values_list("role", flat=True).first()
    return PartyRole(role) if role else PartyRole.OTHER


def can_use_ankeskema(user: AnyUser) -> bool:
    """AUTH-4: the web appeal form needs the right granted by the municipality's local administrator."""
    return _is_person(user) and user.can_use_ankeskema


def can_administer_catalogue(user: AnyUser) -> bool:
    return _is_person(user) and user.role == Role.ADMIN


def can_file_for_exempt_citizen(user: AnyUser) -> TypeGuard[User]:
    """KP-2, KP-8: a municipality's staff file a complaint for a citizen exempted from digital self-service (the
    municipality's duty, whichever authority made the decision); no other authority does."""
    return (
        _is_person(user)
        and user.role == Role.AUTHORITY
        and user.authority_id is not None
        and user.authority is not None
        and user.authority.kind == Authority.Kind.MUNICIPALITY
    )


def can_start_complaint(user: AnyUser) -> TypeGuard[User]:
    """KP-1: who may open the filing flow: a person or company for themselves or others (KP-2), or a
    municipality's staff for an exempt citizen."""
    return can_file_complaint(user) or can_file_for_exempt_citizen(user)


def can_label_documents(user: AnyUser, case: Case) -> bool:
    """FI-3: the first instance's staff label the case's documents while they prepare it (Indsendt)."""
    return can_act_as_first_instance(user, case)


class LabelledDocumentLink(CaseDocumentLink, Protocol):
    """A document's link to a case with what labelling asks of it (documents.CaseDocument)."""

    @property
    def added_at(self) -> Any: ...

    @property
    def added_by_id(self) -> Any: ...

    @property
    def restricted(self) -> bool: ...


def can_label_document(user: AnyUser, case_document: LabelledDocumentLink) -> bool:
    """FI-3: a document the first instance may label: one it sees, added before the case was first forwarded
    (a document added after that cannot be labelled, also when the board has sent the case back)."""
    case = case_document.case
    if not can_label_documents(user, case) or not added_before_forwarding(case, case_document.added_at):
        return False
    return not case_document.restricted or case_document.added_by_id == getattr(user, "pk", None)


def added_before_forwarding(case: Case, added_at: Any) -> bool:
    """FI-3: a document added before the case was first forwarded to the board (only such can be labelled)."""
    return case.forwarded_at is None or added_at <= case.forwarded_at


def can_manage_groupings(user: AnyUser) -> TypeGuard[User]:
    """FI-8: "Opret gruppering" and "Mine grupperinger" are for the first instance's staff."""
    return _is_person(user) and user.role == Role.AUTHORITY and user.authority_id is not None


def can_manage_grouping(user: AnyUser, grouping: Grouping) -> bool:
    """FI-8: a grouping belongs to its authority; any of its staff may add, remove, add documents and delete."""
    return can_manage_groupings(user) and grouping.authority_id == user.authority_id


def can_follow_case(user: AnyUser, case: Case) -> bool:
    """FI-9: the first instance's staff, and the board's caseworkers, follow a case they may see."""
    if not (is_first_instance_staff(user, case) or is_board_caseworker(user, case)):
        return False
    return can_view_case(user, case)


def can_use_staff_profile(user: AnyUser) -> TypeGuard[User]:
    """FI-9: staff of a first instance or an appeals body set where their notifications go."""
    return _is_person(user) and user.role in (Role.AUTHORITY, Role.BODY_STAFF)


# --- Parties on the Parter tab (FI-5, CW-4, CW-5) ------------------------------------------------------------


def can_add_party(user: AnyUser, case: Case) -> bool:
    """FI-5: the first instance's staff add the case's other parties while it is Indsendt; each is proposed (BD-8)."""
    return can_act_as_first_instance(user, case)


def _acts_as_complainant(user: AnyUser, case: Case) -> bool:
    """The person is a complainant on the case: themselves, or a company they may sign for (as in KP-7)."""
    if not _is_person(user):
        return False
    if not case.parties.filter(own_party_q(user), role=PartyRole.COMPLAINANT).exists():
        return False
    return user.role != Role.COMPANY or user.can_sign_for_company


def can_change_representative(user: AnyUser, case: Case) -> bool:
    """CW-4: while the case is Indsendt a complainant may remove the representative or name another one."""
    return case.status == Status.INDSENDT and _acts_as_complainant(user, case)


def can_report_representative(user: AnyUser, case: Case) -> bool:
    """CW-4: once the board has the case, a complainant tells it by a document who represents them now."""
    return case.status in BODY_OPEN and _acts_as_complainant(user, case)


def can_change_party_email(user: AnyUser, party: Party) -> bool:
    """CW-5: a party changes the e-mail used for its own row on the case, while the case is open.

    The first instance changes its own row (an authority party, AS-53) once it may act on the case.
    """
    return party.pk in party_emails_changeable(user, party.case, [party])


def party_emails_changeable(user: AnyUser, case: Case, parties: Iterable[Party]) -> set[int]:
    """can_change_party_email for several rows of one case, in at most three queries whatever their number."""
    if not _is_person(user) or case.status == Status.KLADDE or case.status in CLOSED:
        return set()
    rows = [party for party in parties if party.removed_at is None and party.case_id == case.pk]
    if not rows:
        return set()
    own = set(case.parties.filter(own_party_q(user)).values_list("pk", flat=True))
    authority_id = user.authority_id if case.status != Status.UDFYLDT and is_first_instance_staff(user, case) else None
    return {
        party.pk
        for party in rows
        if (party.role == PartyRole.FIRST_INSTANCE and authority_id and party.authority_id == authority_id)
        or (party.role != PartyRole.FIRST_INSTANCE and party.pk in own)
    }


# --- The appeals body: party status, hearings and restricted documents (BD-5, BD-8, X-6) ----------------------

HEARING_PARTIES = SEES_CASE & ACTIVE & ~Q(role=PartyRole.PAYER)
"""A filter on Party: who may be heard (BD-8): a party that sees the case; not a proposed party before the body
confirms it, not a removed one, not one who only paid the fee."""


def can_add_party_as_body(user: AnyUser, case: Case) -> bool:
    """BD-5: the board's caseworker adds a party while the body has the case; the body's own decision, so the
    party is not proposed but has party status at once."""
    return can_act_as_body(user, case)


def can_remove_party(user: AnyUser, party: Party) -> bool:
    """BD-8: the board's caseworker takes a party off the case (with a reason), while the body has the case.

    Only a party whose status the body decides: another party (proposed or not). The complainant, the first
    instance and the representative (CW-4) are not removed this way.
    """
    return party.removed_at is None and party.role == PartyRole.OTHER and can_act_as_body(user, party.case)


def can_send_hearing(user: AnyUser, case: Case) -> bool:
    """BD-8: the board's caseworker sends documents of the case to parties for comments, while the body has it."""
    return can_act_as_body(user, case)


def can_restrict_document(user: AnyUser, case_document: CaseDocumentLink) -> bool:
    """X-6: the board's caseworker restricts who sees a document of the case (with a reason), or lifts it."""
    return can_act_as_body(user, case_document.case)


def own_parties_q(user: AnyUser, case: Case) -> Q:
    """A filter on Party for this person's own rows on the case: a party on the complainant's side (own_party_q)
    or, for the first instance's staff, the first instance's row (who a hearing, BD-8, is addressed to)."""
    if not _is_person(user):
        return NOBODY
    mine = own_party_q(user)
    if is_first_instance_staff(user, case):
        mine |= Q(role=PartyRole.FIRST_INSTANCE, authority_id=user.authority_id) & ACTIVE
    return Q(case=case) & mine


# --- Exemption from digital self-service (KP-8, BD-4) --------------------------------------------------


def can_request_exemption(user: AnyUser) -> TypeGuard[User]:
    """KP-8: a representative (a person or a firm acting for the citizen) asks the board for an exemption."""
    return can_use_party_workspace(user)


def exemption_requests_of_requester(user: AnyUser) -> Q:
    """A filter on ExemptionRequest: the requests this person sent, for their list (KP-8)."""
    if not can_request_exemption(user):
        return NOBODY
    return Q(requested_by=user)


def exemption_requests_for_body(user: AnyUser) -> Q:
    """A filter on ExemptionRequest: the requests to the boards this caseworker works for (BD-4)."""
    if not can_use_body_inbox(user):
        return NOBODY
    return Q(board__in=user.boards.all())


def exemption_requests_for_authority(user: AnyUser) -> Q:
    """A filter on ExemptionRequest: the granted requests that name this staff member's authority, whose
    complaint it is to file for the citizen (KP-2, KP-8)."""
    if not can_use_authority_inbox(user) or user.authority_id is None:
        return NOBODY
    return Q(authority_id=user.authority_id, state=ExemptionRequest.State.GRANTED)


def can_view_exemption_request_as_body(user: AnyUser, request: ExemptionRequest) -> bool:
    return can_use_body_inbox(user) and user.boards.filter(pk=request.board_id).exists()


def can_decide_exemption_request(user: AnyUser, request: ExemptionRequest) -> bool:
    """BD-4: a caseworker of the board the request was sent to decides it, once."""
    return request.state == ExemptionRequest.State.PENDING and can_view_exemption_request_as_body(user, request)


def can_file_for_exemption_request(user: AnyUser, request: ExemptionRequest) -> TypeGuard[User]:
    """KP-2, KP-8: the municipality the granted request names files the complaint for the citizen."""
    return (
        request.state == ExemptionRequest.State.GRANTED
        and can_file_for_exempt_citizen(user)
        and user.authority_id == request.authority_id
    )


# --- The appeals body's statuses and decisions (BD-2, BD-3, BD-5, BD-7, BD-9) --------------------------------


def can_change_body_status(user: AnyUser, case: Case) -> bool:
    """BD-2: the board's caseworker moves a case it has between its statuses, or to Tilbagekaldt."""
    return can_act_as_body(user, case)


def can_decide(user: AnyUser, case: Case) -> bool:
    """BD-3: the board's caseworker decides a case it has (Afgjort, or Afvist when dismissed)."""
    return can_act_as_body(user, case)


def can_dismiss_not_via_portal(user: AnyUser, case: Case) -> bool:
    """BD-7: the board's caseworker dismisses a complaint not filed through the portal (the exceptions are the
    service's to explain)."""
    return can_act_as_body(user, case)


def can_mark_principled(user: AnyUser, case: Case) -> bool:
    """BD-9: the board's caseworker marks a case it has for principled treatment, or takes the mark off."""
    return can_act_as_body(user, case)


def can_close_case(user: AnyUser, case: Case) -> bool:
    """ "Afslut sagen": the board's caseworker closes a forwarded case it has decided, dismissed or seen withdrawn."""
    return (
        case.status in (Status.AFGJORT, Status.AFVIST, Status.TILBAGEKALDT)
        and case.forwarded_at is not None
        and is_board_caseworker(user, case)
    )


def can_restore_case(user: AnyUser, case: Case) -> bool:
    """FI-6, BD-5: only the board restores a case its first instance reopened (Genoptag) by mistake."""
    return case.status == Status.GENOPTAGET and is_board_caseworker(user, case)


def can_mark_principle_decision(user: AnyUser, case: Case) -> bool:
    """BD-9: the board's caseworker marks its decision on the case as a principafgørelse for publication, or takes
    the mark off, also after the case is closed (publication follows the decision)."""
    return case.status in (Status.AFGJORT, Status.AFVIST, Status.AFSLUTTET) and is_board_caseworker(user, case)


# --- "Skriv besked" (CW-7) -----------------------------------------------------------------------------------


MESSAGES_OPEN = frozenset(Status) - {Status.KLADDE, Status.UDFYLDT, Status.AFSLUTTET}
"""CW-7: a party writes to the appeals body, and the body answers, from Indsendt until the case is Afsluttet."""


def message_party(user: AnyUser, case: Case) -> Party | None:
    """The party a message from this person is written as: their own party on the complainant's side (the filer's
    first), else the first instance's party row for the first instance's staff; None where there is none."""
    if not _is_person(user):
        return None
    own = case.parties.filter(own_party_q(user)).order_by("-is_filer", "pk").first()
    authority_id = user.authority_id
    if own is not None or authority_id is None or not is_first_instance_staff(user, case):
        return own
    return case.parties.filter(ACTIVE, role=PartyRole.FIRST_INSTANCE, authority_id=authority_id).first()


def can_write_message(user: AnyUser, case: Case) -> bool:
    """CW-7: every party that sees the case (complainant, representative, a company's people who see its cases, a
    confirmed other party) and the first instance as a party, from Indsendt until Afsluttet."""
    if case.status not in MESSAGES_OPEN:
        return False
    return is_case_side_party(user, case) or is_first_instance_staff(user, case)


def can_handle_messages(user: AnyUser, case: Case) -> bool:
    """CW-7: the board's caseworker answers and shares the case's messages while it is open to messages, once the
    body has the case (it sees a case only once forwarded or reopened)."""
    return case.status in MESSAGES_OPEN and is_board_caseworker(user, case) and can_view_case(user, case)


def can_answer_message(user: AnyUser, message: Message) -> bool:
    """CW-7: the board's caseworker answers a party's message while the case is open to messages."""
    return not message.from_body and can_handle_messages(user, message.case)


def can_share_message(user: AnyUser, message: Message) -> bool:
    """CW-7: the board's caseworker shares a message, or its own answer, with the case's other parties."""
    return not message.shared and can_handle_messages(user, message.case)


def messages_visible_to(user: AnyUser, case: Case, *, case_checked: bool = False) -> Q:
    """A filter on Message for the messages of a case this person may read (CW-7, X-3).

    The board's caseworkers read them all. A party's message is read by its side: the people who act for the party
    it was written as (a company's people who see its cases) and its author; the first instance reads what its
    staff wrote. An answer goes to the side of the message it answers. A shared message or answer is read by
    everyone who sees the case. `case_checked` as for documents_visible_to.
    """
    if not case_checked and not can_view_case(user, case):
        return NOBODY
    if is_board_caseworker(user, case):
        return Q(case=case)
    assert isinstance(user, User)  # can_view_case said yes
    own = Party.objects.filter(own_party_q(user), case=case).values("pk")
    visible = Q(shared=True) | Q(author=user) | Q(from_body=False, party__in=own)
    visible |= Q(from_body=True, in_reply_to__from_body=False, in_reply_to__party__in=own)
    if is_first_instance_staff(user, case):
        # The first instance writes as its party row where the case has one, else as no party (message_party).
        by_first_instance = Q(party__isnull=True) | Q(party__role=PartyRole.FIRST_INSTANCE)
        visible |= Q(from_body=False) & by_first_instance
        visible |= Q(from_body=True, in_reply_to__from_body=False) & (
            Q(in_reply_to__party__isnull=True) | Q(in_reply_to__party__role=PartyRole.FIRST_INSTANCE)
        )
    return Q(case=case) & visible


def can_see_message(user: AnyUser, message: Message) -> bool:
    """messages_visible_to asked of one message at hand."""
    return Message.objects.filter(messages_visible_to(user, message.case), pk=message.pk).exists()


def can_assign_case(user: AnyUser, case: Case, *, to: AnyUser | None) -> bool:
    """BD-1: a caseworker of the board the case is at gives it, while the body works it, to a caseworker of
    that board (themselves or a colleague), or releases it (`to` None)."""
    if not can_act_as_body(user, case):
        return False
    return to is None or (is_board_caseworker(to, case))
