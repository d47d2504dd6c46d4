"""Who sees and does what (X-3, X-6, KP-7, DOC-5, AUTH-4): each rule, tried with the wrong role."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from klageportal.cases import policies, workflow
from klageportal.cases.models import ApprovalState, Case, PartyKind, PartyRole, Status
from klageportal.cases.workflow import BODY_OPEN, FORWARDED
from klageportal.documents.models import CaseDocument
from klageportal.identity.models import Right
from tests.cases.conftest import OTHER_CVR
from tests.factories import (
    AdminFactory,
    AuthorityUserFactory,
    BoardFactory,
    BodyStaffFactory,
    CaseDocumentFactory,
    CitizenFactory,
    CompanyUserFactory,
    PartyFactory,
)

pytestmark = pytest.mark.django_db

AFTER_DRAFT = [status for status in Status if status != Status.KLADDE]


def visible(user) -> set[str]:
    return set(Case.objects.filter(policies.cases_visible_to(user)).values_list("number", flat=True))


def visible_documents(user, case) -> set[int]:
    return set(CaseDocument.objects.filter(policies.documents_visible_to(user, case)).values_list("pk", flat=True))


# --- Kladde: only the filer (X-6) ---------------------------------------------------------------


def test_draft_is_visible_to_its_filer(make_case, filer):
    """X-6"""
    case = make_case(Status.KLADDE)
    assert policies.can_view_case(filer, case)
    assert visible(filer) == {case.number}


def test_draft_is_hidden_from_the_complainant_named_by_cpr(make_case, complainant):
    """X-6: Kladde — only the filer."""
    case = make_case(Status.KLADDE)
    assert not policies.can_view_case(complainant, case)


def test_draft_is_hidden_from_a_complainant_linked_by_login(make_case, complainant):
    """X-6: even a party row pointing at the person's own login does not open a draft."""
    case = make_case(Status.KLADDE)
    case.parties.filter(cpr=complainant.cpr).update(user=complainant)
    assert not policies.can_view_case(complainant, case)


def test_draft_is_hidden_from_the_named_company(make_case, signer):
    """X-6"""
    assert not policies.can_view_case(signer, make_case(Status.KLADDE))


def test_draft_is_hidden_from_the_first_instance(make_case, fi_staff):
    """X-6"""
    assert not policies.can_view_case(fi_staff, make_case(Status.KLADDE))


def test_draft_is_hidden_from_the_boards_caseworkers(make_case, caseworker):
    """X-6"""
    assert not policies.can_view_case(caseworker, make_case(Status.KLADDE))


def test_draft_is_edited_only_by_its_filer(make_case, filer, complainant, fi_staff):
    case = make_case(Status.KLADDE)
    assert policies.can_edit_draft(filer, case)
    assert not policies.can_edit_draft(complainant, case)
    assert not policies.can_edit_draft(fi_staff, case)
    assert not policies.can_edit_draft(filer, make_case(Status.UDFYLDT))


# --- Udfyldt and later: parties and the first instance (X-3, X-6) -----------------------------


@pytest.mark.parametrize("status", AFTER_DRAFT, ids=str)
def test_complainant_sees_the_case_by_cpr(make_case, complainant, status):
    """X-3, X-6: a citizen named by CPR sees the case through a login with that CPR."""
    assert policies.can_view_case(complainant, make_case(status))


@pytest.mark.parametrize("user_fixture", ["signer", "employee_with_right"])
def test_company_people_with_signing_authority_or_the_complaint_right_see_the_case_by_cvr(
    make_case, request, user_fixture
):
    """X-3: a company's case is open to its people with tegningsret or the right for complaint cases."""
    user = request.getfixturevalue(user_fixture)
    case = make_case(Status.UDFYLDT)
    assert policies.can_view_case(user, case)
    assert visible(user) == {case.number}
    assert policies.can_add_documents(user, case)


def test_company_employee_without_signing_authority_or_the_right_sees_nothing(make_case, employee):
    """X-3: never to every employee: no case, no document, no upload."""
    cases = [make_case(status) for status in Status]
    document = CaseDocumentFactory(case=cases[-1])
    assert visible(employee) == set()
    for case in cases:
        assert not policies.can_view_case(employee, case)
        assert not policies.can_add_documents(employee, case)
        assert visible_documents(employee, case) == set()
    assert not policies.can_view_document(employee, document)


def test_company_employee_without_rights_still_sees_the_complaint_they_filed(make_case, employee):
    """The filer keeps their own complaint: the link is to their login, not to the company's number."""
    case = make_case(Status.UDFYLDT)
    PartyFactory(case=case, role=PartyRole.COMPLAINANT, kind=PartyKind.COMPANY, user=employee, is_filer=True)
    assert policies.can_view_case(employee, case) and visible(employee) == {case.number}


# --- Parties the first instance proposed (AS-23, BD-8) -------------------------------------------


@pytest.fixture
def forwarded_case(make_case):
    return make_case(Status.VIDERESENDT)


@pytest.fixture
def proposed_parent(forwarded_case, stranger):
    """A parent the municipality named in the web appeal form; not yet confirmed by the appeals body."""
    return PartyFactory(
        case=forwarded_case, role=PartyRole.OTHER, kind=PartyKind.PERSON, cpr=stranger.cpr, proposed=True
    )


@pytest.fixture
def proposed_company(forwarded_case, other_company_signer):
    return PartyFactory(
        case=forwarded_case, role=PartyRole.OTHER, kind=PartyKind.COMPANY, cvr=other_company_signer.cvr, proposed=True
    )


def test_proposed_party_sees_nothing_of_the_case(forwarded_case, proposed_parent, stranger):
    """AS-23, BD-8: not the case, not a document, not the upload."""
    CaseDocumentFactory(case=forwarded_case)
    assert not policies.can_view_case(stranger, forwarded_case)
    assert visible(stranger) == set()
    assert visible_documents(stranger, forwarded_case) == set()
    assert not policies.can_add_documents(stranger, forwarded_case)
    assert not policies.is_case_side_party(stranger, forwarded_case)
    assert policies.upload_role(stranger, forwarded_case) == PartyRole.OTHER


@pytest.mark.parametrize("rights", [[Right.SIGNING.value], [Right.COMPLAINT_CASES.value], []], ids=str)
def test_no_employee_of_a_proposed_company_sees_the_case(
    forwarded_case, proposed_company, other_company_signer, rights
):
    """AS-23, BD-8: whatever rights the company has given its people."""
    user = CompanyUserFactory(cvr=other_company_signer.cvr, rights=rights)
    assert not policies.can_view_case(user, forwarded_case)
    assert visible(user) == set()


def test_proposed_party_linked_by_login_sees_nothing(forwarded_case, stranger):
    PartyFactory(case=forwarded_case, role=PartyRole.REPRESENTATIVE, user=stranger, proposed=True)
    assert not policies.can_view_case(stranger, forwarded_case)


def test_confirmed_party_sees_the_case(forwarded_case, proposed_parent, stranger, caseworker):
    """BD-8: from the appeals body's confirmation on."""
    CaseDocumentFactory(case=forwarded_case)
    proposed_parent.confirmed_at = timezone.now()
    proposed_parent.save()
    assert policies.can_view_case(stranger, forwarded_case)
    assert visible(stranger) == {forwarded_case.number}
    assert len(visible_documents(stranger, forwarded_case)) == 1
    assert policies.can_add_documents(stranger, forwarded_case)


def test_only_the_boards_caseworker_confirms_a_proposed_party_while_the_body_has_the_case(
    forwarded_case, proposed_parent, caseworker, other_caseworker, fi_staff, complainant, stranger
):
    """BD-8"""
    assert policies.can_confirm_party(caseworker, proposed_parent)
    for user in (other_caseworker, fi_staff, complainant, stranger, AdminFactory()):
        assert not policies.can_confirm_party(user, proposed_parent)
    proposed_parent.confirmed_at = timezone.now()
    assert not policies.can_confirm_party(caseworker, proposed_parent)


def test_a_party_that_was_not_proposed_has_nothing_to_confirm(forwarded_case, caseworker):
    party = forwarded_case.parties.filter(role=PartyRole.COMPLAINANT).first()
    assert not policies.can_confirm_party(caseworker, party)


@pytest.mark.parametrize("status", [s for s in Status if s not in BODY_OPEN], ids=str)
def test_a_proposed_party_is_confirmed_only_while_the_body_has_the_case_open(make_case, caseworker, stranger, status):
    case = make_case(status)
    party = PartyFactory(case=case, role=PartyRole.OTHER, cpr=stranger.cpr, proposed=True)
    assert not policies.can_confirm_party(caseworker, party)


def test_representative_sees_the_case(make_case, filer):
    """X-3"""
    case = make_case(Status.UDFYLDT)
    assert case.parties.get(user=filer).role == PartyRole.REPRESENTATIVE
    assert policies.can_view_case(filer, case)


def test_representative_named_without_being_the_filer_sees_the_case(make_case, stranger):
    """X-3"""
    case = make_case(Status.UDFYLDT)
    PartyFactory(case=case, role=PartyRole.REPRESENTATIVE, user=stranger, cpr=stranger.cpr)
    assert policies.can_view_case(stranger, case)


@pytest.mark.parametrize("status", AFTER_DRAFT, ids=str)
def test_first_instance_sees_the_case_from_udfyldt(make_case, fi_staff, status):
    """X-6: the first instance sees the case from Udfyldt on."""
    assert policies.can_view_case(fi_staff, make_case(status))


def test_another_municipalitys_staff_see_nothing(make_case, other_fi_staff):
    """X-3"""
    for status in Status:
        make_case(status)
    assert visible(other_fi_staff) == set()


def test_company_of_another_cvr_sees_nothing(make_case, other_company_signer):
    """X-3"""
    for status in Status:
        make_case(status)
    assert visible(other_company_signer) == set()


def test_unrelated_citizen_sees_nothing(make_case, stranger):
    """X-3"""
    for status in Status:
        make_case(status)
    assert visible(stranger) == set()


def test_company_login_is_not_matched_by_the_employees_own_cpr(make_case, complainant):
    """X-3: a person logged in for a company acts for the company, not for themselves."""
    case = make_case(Status.UDFYLDT)
    at_work = CompanyUserFactory(cvr="29876541", cpr=complainant.cpr, rights=[Right.SIGNING.value])
    assert not policies.can_view_case(at_work, case)


def test_citizen_is_not_matched_by_a_company_party(make_case, signer):
    """X-3: a company party is matched by CVR through a company login only."""
    case = make_case(Status.UDFYLDT)
    citizen = CitizenFactory(cvr=signer.cvr)
    assert not policies.can_view_case(citizen, case)


def test_first_instance_staff_are_not_matched_by_the_authoritys_cvr_on_a_party(make_case, fi_staff, other_fi_staff):
    """X-3: authority staff see their own authority's cases, not cases where a party shares their CVR."""
    case = make_case(Status.UDFYLDT)
    PartyFactory(case=case, role=PartyRole.OTHER, kind=PartyKind.COMPANY, cvr=other_fi_staff.cvr)
    assert not policies.can_view_case(other_fi_staff, case)


def test_anonymous_and_inactive_users_see_nothing(make_case, complainant):
    make_case(Status.UDFYLDT)
    assert visible(AnonymousUser()) == set()
    complainant.is_active = False
    complainant.save()
    assert visible(complainant) == set()


def test_administrator_sees_no_cases_through_the_portal(make_case):
    """X-3: administrators configure the catalogue; they are no party to cases."""
    for status in Status:
        make_case(status)
    assert visible(AdminFactory()) == set()


VIEWERS = [
    "filer",
    "complainant",
    "signer",
    "employee",
    "employee_with_right",
    "other_company_signer",
    "fi_staff",
    "other_fi_staff",
    "caseworker",
    "other_caseworker",
    "stranger",
]


@pytest.mark.parametrize("status", list(Status), ids=str)
def test_one_case_is_judged_exactly_as_the_case_lists_filter_it(make_case, request, status):
    """can_view_case answers for one case without the list filter's subqueries; both must say the same,
    for every role, in every status, forwarded or not, for a case the person is and is not tied to."""
    cases = [make_case(status), make_case(status, forwarded_at=None), make_case(status, board=BoardFactory())]
    proposed, confirmed = CitizenFactory(full_name="Foreslået"), CitizenFactory(full_name="Bekræftet")
    proposed_company = CompanyUserFactory(cvr=OTHER_CVR, full_name="Foreslået virksomhed", rights=[])
    for case in cases[:2]:
        PartyFactory(case=case, role=PartyRole.OTHER, cpr=proposed.cpr, proposed=True)
        PartyFactory(case=case, role=PartyRole.OTHER, kind=PartyKind.COMPANY, cvr=OTHER_CVR, proposed=True)
        PartyFactory(case=case, role=PartyRole.OTHER, cpr=confirmed.cpr, proposed=True, confirmed_at=timezone.now())
    users = [request.getfixturevalue(name) for name in VIEWERS]
    users += [AdminFactory(), proposed, confirmed, proposed_company]
    for user in users:
        for case in cases:
            listed = Case.objects.filter(pk=case.pk).filter(policies.cases_visible_to(user)).exists()
            assert policies.can_view_case(user, case) == listed, (user.full_name, case.status, case.forwarded_at)


# --- First instance acts only in Indsendt (X-6) -------------------------------------------------


@pytest.mark.parametrize("status", list(Status), ids=str)
def test_first_instance_may_act_only_in_indsendt(make_case, fi_staff, status):
    """X-6: Udfyldt — sees but cannot act; Indsendt — can act."""
    assert policies.can_act_as_first_instance(fi_staff, make_case(status)) == (status == Status.INDSENDT)


def test_other_roles_never_act_as_first_instance(make_case, other_fi_staff, filer, complainant, caseworker):
    case = make_case(Status.INDSENDT)
    for user in (other_fi_staff, filer, complainant, caseworker):
        assert not policies.can_act_as_first_instance(user, case), user


def test_first_instance_adds_documents_only_once_it_may_act(make_case, fi_staff):
    """X-6, CW-3"""
    assert not policies.can_add_documents(fi_staff, make_case(Status.UDFYLDT))
    assert policies.can_add_documents(fi_staff, make_case(Status.INDSENDT))


def test_parties_add_documents_at_open_statuses_only(make_case, complainant):
    """CW-3"""
    assert policies.can_add_documents(complainant, make_case(Status.UDFYLDT))
    assert policies.can_add_documents(complainant, make_case(Status.UNDER_BEHANDLING))
    assert not policies.can_add_documents(complainant, make_case(Status.AFGJORT))
    assert not policies.can_add_documents(complainant, make_case(Status.KLADDE))


# --- Appeals body: own boards, once forwarded (X-3, BD-1) ---------------------------------------


@pytest.mark.parametrize("status", list(Status), ids=str)
def test_caseworker_sees_own_boards_case_once_forwarded_or_reopened(make_case, caseworker, status):
    """X-3, BD-1, FI-6"""
    expected = status in FORWARDED or status == Status.GENOPTAGET
    assert policies.can_view_case(caseworker, make_case(status)) == expected


def test_caseworker_keeps_seeing_a_forwarded_case_after_it_is_closed(make_case, caseworker):
    """BD-2: a withdrawn or finished case stays with the board that had it."""
    case = make_case(Status.AFSLUTTET, forwarded_at=None)
    assert not policies.can_view_case(caseworker, case)
    Case.objects.filter(pk=case.pk).update(forwarded_at=case.created_at)
    case.refresh_from_db()
    assert policies.can_view_case(caseworker, case)


def test_caseworker_of_another_board_sees_nothing(make_case, other_caseworker):
    """X-3"""
    for status in Status:
        make_case(status)
    assert visible(other_caseworker) == set()


def test_body_employee_without_a_board_sees_nothing(make_case):
    """X-3"""
    for status in Status:
        make_case(status)
    assert visible(BodyStaffFactory()) == set()


@pytest.mark.parametrize("status", list(Status), ids=str)
def test_caseworker_acts_only_while_the_body_has_the_case_open(make_case, caseworker, other_caseworker, status):
    case = make_case(status)
    assert policies.can_act_as_body(caseworker, case) == (status in BODY_OPEN)
    assert not policies.can_act_as_body(other_caseworker, case)


# --- Approving a representation (KP-7) ---------------------------------------------------------


@pytest.fixture
def person_party(make_case, complainant):
    case = make_case(Status.UDFYLDT)
    case.parties.filter(kind=PartyKind.PERSON, role=PartyRole.COMPLAINANT).update(approval=ApprovalState.PENDING)
    return case.parties.get(kind=PartyKind.PERSON, role=PartyRole.COMPLAINANT)


@pytest.fixture
def company_party(make_case):
    case = make_case(Status.UDFYLDT)
    case.parties.filter(kind=PartyKind.COMPANY).update(approval=ApprovalState.PENDING)
    return case.parties.get(kind=PartyKind.COMPANY)


def test_named_citizen_may_answer_the_representation(person_party, complainant):
    """KP-7"""
    assert policies.can_answer_representation(complainant, person_party)


def test_another_citizen_may_not_answer_the_representation(person_party, stranger, filer):
    """KP-7: not a stranger, not the representative who asks."""
    assert not policies.can_answer_representation(stranger, person_party)
    assert not policies.can_answer_representation(filer, person_party)


def test_company_login_with_the_named_cpr_may_not_answer_for_the_person(person_party, complainant, signer):
    """KP-7: a person approves with their own (private) MitID, not as an employee."""
    at_work = CompanyUserFactory(cvr=signer.cvr, cpr=complainant.cpr, rights=[Right.SIGNING.value])
    assert not policies.can_answer_representation(at_work, person_party)


def test_authority_login_with_the_named_cpr_may_not_answer_for_the_person(person_party, complainant, authority):
    """KP-7"""
    at_work = AuthorityUserFactory(authority=authority, cpr=complainant.cpr)
    assert not policies.can_answer_representation(at_work, person_party)


def test_company_signatory_may_answer_for_the_company(company_party, signer):
    """KP-7, AUTH-4"""
    assert policies.can_answer_representation(signer, company_party)


def test_company_employee_without_signing_authority_is_refused(company_party, employee):
    """KP-7: other employees are refused."""
    assert not policies.can_answer_representation(employee, company_party)


def test_signatory_of_another_company_is_refused(company_party, other_company_signer):
    """KP-7"""
    assert not policies.can_answer_representation(other_company_signer, company_party)


def test_citizen_cannot_answer_for_a_company(company_party, complainant, signer):
    """KP-7"""
    citizen_with_cvr = CitizenFactory(cvr=signer.cvr, rights=[Right.SIGNING.value])
    assert not policies.can_answer_representation(citizen_with_cvr, company_party)
    assert not policies.can_answer_representation(complainant, company_party)


def test_company_signatory_cannot_answer_for_a_person_party(person_party, signer):
    assert not policies.can_answer_representation(signer, person_party)


@pytest.mark.parametrize("status", AFTER_DRAFT + [Status.KLADDE], ids=str)
def test_representation_is_answered_only_while_udfyldt(person_party, complainant, status):
    """KP-6, KP-7"""
    Case.objects.filter(pk=person_party.case_id).update(status=status)
    person_party.refresh_from_db()
    assert policies.can_answer_representation(complainant, person_party) == (status == Status.UDFYLDT)


@pytest.mark.parametrize("approval", [ApprovalState.APPROVED, ApprovalState.DECLINED, ApprovalState.NOT_NEEDED])
def test_representation_is_answered_only_while_pending(person_party, complainant, approval):
    """KP-7: an answer is given once."""
    person_party.approval = approval
    assert not policies.can_answer_representation(complainant, person_party)


def test_only_complainants_are_asked_to_approve(person_party, complainant):
    person_party.role = PartyRole.OTHER
    assert not policies.can_answer_representation(complainant, person_party)


# --- Documents (DOC-5, X-6) ---------------------------------------------------------------------


def _fi_document(case, fi_staff, **fields):
    return CaseDocumentFactory(case=case, added_by=fi_staff, added_by_role=PartyRole.FIRST_INSTANCE, **fields)


def test_first_instance_document_is_hidden_from_the_complainant_while_indsendt(make_case, fi_staff, complainant, filer):
    """X-6: what the first instance adds stays with it while it prepares the case."""
    case = make_case(Status.INDSENDT)
    document = _fi_document(case, fi_staff)
    for party in (complainant, filer):
        assert not policies.can_view_document(party, document)


def test_first_instance_document_is_visible_to_its_colleagues(make_case, fi_staff, authority):
    """X-6"""
    case = make_case(Status.INDSENDT)
    document = _fi_document(case, fi_staff)
    assert policies.can_view_document(AuthorityUserFactory(authority=authority), document)


@pytest.mark.parametrize("to", [Status.VIDERESENDT, Status.GENOPTAGET], ids=str)
def test_first_instance_document_is_released_by_forwarding_or_genoptag(make_case, fi_staff, complainant, to):
    """X-6: visible to every party from the moment it forwards the case or closes it by Genoptag."""
    case = make_case(Status.INDSENDT)
    document = _fi_document(case, fi_staff)
    workflow.transition(case, to=to, actor=workflow.Actor.FIRST_INSTANCE, by=fi_staff)
    assert policies.can_view_document(complainant, document)


def test_genoptag_keeps_documents_released_after_the_body_restores_the_case(make_case, fi_staff, complainant):
    """X-6, FI-6"""
    case = make_case(Status.INDSENDT)
    document = _fi_document(case, fi_staff)
    workflow.transition(case, to=Status.GENOPTAGET, actor=workflow.Actor.FIRST_INSTANCE, by=fi_staff)
    workflow.transition(case, to=Status.INDSENDT, actor=workflow.Actor.BODY)
    assert policies.can_view_document(complainant, document)


def test_complainants_documents_are_visible_to_the_first_instance_in_udfyldt(make_case, filer, fi_staff):
    """X-6: the first instance sees the case and the complainant's documents from Udfyldt."""
    case = make_case(Status.UDFYLDT)
    document = CaseDocumentFactory(case=case, added_by=filer)
    assert policies.can_view_document(fi_staff, document)


def test_restricted_document_is_seen_only_by_board_caseworkers_and_its_uploader(
    make_case, filer, complainant, fi_staff, caseworker
):
    """X-6: the appeals body may restrict a document."""
    case = make_case(Status.UNDER_BEHANDLING)
    document = CaseDocumentFactory(case=case, added_by=filer, restricted=True, restricted_reason="Helbredsoplysninger")
    assert policies.can_view_document(caseworker, document)
    assert policies.can_view_document(filer, document)
    assert not policies.can_view_document(complainant, document)
    assert not policies.can_view_document(fi_staff, document)


def test_caseworker_sees_every_document_of_a_forwarded_case(make_case, filer, fi_staff, caseworker):
    case = make_case(Status.VIDERESENDT)
    documents = {
        CaseDocumentFactory(case=case, added_by=filer).pk,
        _fi_document(case, fi_staff).pk,
        CaseDocumentFactory(case=case, added_by=filer, restricted=True).pk,
    }
    assert visible_documents(caseworker, case) == documents


def test_nobody_sees_documents_of_a_case_they_cannot_see(
    make_case, filer, fi_staff, caseworker, other_fi_staff, stranger, complainant
):
    """X-3: a document only through a case the person may see."""
    indsendt = make_case(Status.INDSENDT)
    draft = make_case(Status.KLADDE)
    for case in (indsendt, draft):
        CaseDocumentFactory(case=case, added_by=filer)
        _fi_document(case, fi_staff)
    for user in (other_fi_staff, stranger, caseworker):
        assert visible_documents(user, indsendt) == set(), user
    for user in (complainant, fi_staff, caseworker):
        assert visible_documents(user, draft) == set(), user
    assert not policies.can_view_document(caseworker, indsendt.documents.first())


def test_uploader_who_loses_access_to_the_case_loses_the_document(make_case, fi_staff, authority):
    """X-3: having uploaded a document opens nothing once the person no longer handles the case."""
    case = make_case(Status.INDSENDT)
    document = _fi_document(case, fi_staff)
    fi_staff.authority = None
    fi_staff.save()
    assert not policies.can_view_document(fi_staff, document)


def test_documents_of_another_case_are_never_included(make_case, filer, complainant):
    first, second = make_case(Status.UDFYLDT), make_case(Status.UDFYLDT)
    own = CaseDocumentFactory(case=first, added_by=filer)
    CaseDocumentFactory(case=second, added_by=filer)
    assert visible_documents(complainant, first) == {own.pk}


# --- No duplicates, and the web appeal form (AUTH-4) -------------------------------------------


def test_cases_visible_to_returns_each_case_once(make_case, filer, complainant, board, authority):
    """X-3: a person who is party several times over, and staff with several boards, see each case once."""
    case = make_case(Status.VIDERESENDT)
    PartyFactory(case=case, role=PartyRole.COMPLAINANT, user=filer, cpr=filer.cpr)
    PartyFactory(case=case, role=PartyRole.OTHER, user=complainant, cpr=complainant.cpr)
    PartyFactory(case=case, role=PartyRole.OTHER, kind=PartyKind.PERSON, cpr=complainant.cpr)
    other = make_case(Status.UDFYLDT)
    staff = AuthorityUserFactory(authority=authority, cpr=complainant.cpr)
    PartyFactory(case=case, role=PartyRole.COMPLAINANT, user=staff)
    body = BodyStaffFactory(boards=[board, other.board])
    for user in (filer, complainant, staff, body):
        numbers = list(Case.objects.filter(policies.cases_visible_to(user)).values_list("number", flat=True))
        assert len(numbers) == len(set(numbers)), user
        assert case.number in numbers, user


def test_authority_user_with_the_right_may_use_the_ankeskema(authority):
    """AUTH-4"""
    assert policies.can_use_ankeskema(AuthorityUserFactory(authority=authority, rights=[Right.ANKESKEMA.value]))


def test_authority_user_without_the_right_may_not_use_the_ankeskema(authority):
    """AUTH-4: the right is granted by the municipality's local administrator."""
    assert not policies.can_use_ankeskema(AuthorityUserFactory(authority=authority, rights=[]))


@pytest.mark.parametrize("factory", [CitizenFactory, CompanyUserFactory, BodyStaffFactory, AdminFactory])
def test_only_authority_users_may_use_the_ankeskema_whatever_their_rights(factory):
    """AUTH-4"""
    assert not policies.can_use_ankeskema(factory(rights=[Right.ANKESKEMA.value, Right.SIGNING.value]))


def test_inactive_authority_user_may_not_use_the_ankeskema(authority):
    user = AuthorityUserFactory(authority=authority, rights=[Right.ANKESKEMA.value], is_active=False)
    assert not policies.can_use_ankeskema(user)
    assert not policies.can_use_ankeskema(AnonymousUser())


# --- Workspaces by audience (CW-1, FI-1, BD-1) and the side an upload comes from (DOC-5) -----------

WORKSPACE_USERS = ["filer", "signer", "fi_staff", "caseworker", "admin"]
WORKSPACE_POLICIES = {
    "party": (policies.can_use_party_workspace, {"filer", "signer"}),
    "filing": (policies.can_file_complaint, {"filer", "signer"}),
    "authority_inbox": (policies.can_use_authority_inbox, {"fi_staff"}),
    "body_inbox": (policies.can_use_body_inbox, {"caseworker"}),
}


@pytest.fixture
def admin(db):
    return AdminFactory()


@pytest.mark.parametrize("workspace", list(WORKSPACE_POLICIES))
def test_each_workspace_is_open_to_its_audience_only(request, workspace):
    policy, audience = WORKSPACE_POLICIES[workspace]
    allowed = {name for name in WORKSPACE_USERS if policy(request.getfixturevalue(name))}
    assert allowed == audience


@pytest.mark.parametrize("workspace", list(WORKSPACE_POLICIES))
def test_no_workspace_opens_to_an_anonymous_or_deactivated_user(request, workspace):
    policy, audience = WORKSPACE_POLICIES[workspace]
    assert not policy(AnonymousUser())
    for name in audience:
        user = request.getfixturevalue(name)
        user.is_active = False
        assert not policy(user)


def test_first_instance_staff_without_an_authority_get_the_inbox_but_no_cases(make_case):
    """The inbox opens, and the list it shows is empty (FI-1)."""
    make_case(Status.INDSENDT)
    loose = AuthorityUserFactory(authority=None, cvr="", organisation_name="")
    assert policies.can_use_authority_inbox(loose)
    assert visible(loose) == set()


def test_upload_by_the_first_instance_is_marked_as_the_first_instances(make_case, fi_staff):
    assert policies.upload_role(fi_staff, make_case(Status.INDSENDT)) == PartyRole.FIRST_INSTANCE


def test_upload_by_staff_of_another_authority_is_not_marked_as_the_first_instances(make_case, other_fi_staff):
    assert policies.upload_role(other_fi_staff, make_case(Status.INDSENDT)) == PartyRole.OTHER


def test_upload_by_the_boards_caseworker_is_marked_other(make_case, caseworker):
    assert policies.upload_role(caseworker, make_case(Status.VIDERESENDT)) == PartyRole.OTHER


def test_upload_by_a_party_carries_their_own_role(make_case, filer, complainant, signer):
    case = make_case(Status.INDSENDT)
    assert policies.upload_role(filer, case) == PartyRole.REPRESENTATIVE
    assert policies.upload_role(complainant, case) == PartyRole.COMPLAINANT
    assert policies.upload_role(signer, case) == PartyRole.COMPLAINANT


def test_upload_by_the_filer_takes_the_filers_role_over_another_party_of_theirs(make_case, filer):
    case = make_case(Status.INDSENDT)
    PartyFactory(case=case, user=filer, role=PartyRole.OTHER, name="Rita som anden part")
    assert policies.upload_role(filer, case) == PartyRole.REPRESENTATIVE


def test_upload_by_someone_without_a_party_is_marked_other(make_case, stranger):
    assert policies.upload_role(stranger, make_case(Status.INDSENDT)) == PartyRole.OTHER


def test_a_party_with_the_authoritys_role_does_not_make_a_citizen_the_first_instance(make_case, complainant):
    """Only the authority's own staff add as the first instance, whatever a party row says."""
    case = make_case(Status.INDSENDT)
    PartyFactory(case=case, user=complainant, role=PartyRole.FIRST_INSTANCE, name="Forkert rolle")
    assert policies.upload_role(complainant, case) == PartyRole.COMPLAINANT
