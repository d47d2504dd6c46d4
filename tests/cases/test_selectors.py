"""Reads on cases: each list holds exactly what the person may see, ready for its page (CW-1, FI-1, BD-1)."""

from dataclasses import dataclass

import pytest

from klageportal.cases import selectors
from klageportal.cases.models import ApprovalState, CaseEvent, PartyRole, Status
from klageportal.cases.services.events import case_event_add
from tests.factories import CaseDocumentFactory, CaseFactory, ComplaintTypeFactory, PartyFactory

pytestmark = pytest.mark.django_db


def numbers(qs) -> list[str]:
    return [case.number for case in qs]


def test_my_cases_lists_the_persons_cases_newest_first(make_case, complainant):
    """CW-1"""
    older, newer = make_case(Status.UDFYLDT), make_case(Status.INDSENDT)
    make_case(Status.KLADDE)
    assert numbers(selectors.cases_for_party(user=complainant)) == [newer.number, older.number]


def test_my_cases_filters_by_board(make_case, complainant, filer, authority):
    """CW-1: "Alle klagenævn" or one board."""
    mine = make_case(Status.UDFYLDT)
    elsewhere = CaseFactory(status=Status.UDFYLDT, complaint_type=ComplaintTypeFactory(), created_by=filer)
    assert set(numbers(selectors.cases_for_party(user=filer))) == {mine.number, elsewhere.number}
    assert numbers(selectors.cases_for_party(user=filer, board_slug=mine.board.slug)) == [mine.number]


def test_body_inbox_holds_forwarded_cases_of_its_boards(make_case, caseworker, other_caseworker, fi_staff):
    """BD-1"""
    forwarded = make_case(Status.VIDERESENDT)
    make_case(Status.INDSENDT)
    assert numbers(selectors.inbox_for_body(user=caseworker)) == [forwarded.number]
    assert numbers(selectors.inbox_for_body(user=other_caseworker)) == []
    assert numbers(selectors.inbox_for_body(user=fi_staff)) == []


def test_lists_need_no_query_per_row(make_case, caseworker, django_assert_num_queries):
    """STYLE: a selector returns a queryset ready for its page."""
    for _ in range(5):
        make_case(Status.VIDERESENDT)
    with django_assert_num_queries(2):  # the caseworker's boards, then the cases
        rows = [
            (c.board.name, c.complaint_type.name, c.authority.name) for c in selectors.inbox_for_body(user=caseworker)
        ]
    assert len(rows) == 5


def test_history_is_in_the_order_it_happened(make_case, filer):
    """X-2"""
    case = make_case(Status.UDFYLDT)
    texts = [f"Hændelse {n}" for n in range(5)]
    for text in texts:
        case_event_add(case=case, kind=CaseEvent.Kind.NOTE, text=text, actor=filer)
    assert [event.text for event in selectors.case_history(case=case, user=filer)] == texts


def _document_added(case, *, by, role, name: str):
    """A document on the case with its history line, as documents.services.case_document_add writes them."""
    link = CaseDocumentFactory(
        case=case, added_by=by, added_by_role=role, document__original_name=name, document__sha256=name.ljust(64, "0")
    )
    case_event_add(
        case=case,
        kind=CaseEvent.Kind.DOCUMENT,
        text=f"Dokument tilføjet: {name}",
        actor=by,
        data={"document": link.document_id},
    )
    return link


def test_history_hides_the_line_of_a_first_instance_document_the_complainant_may_not_see_yet(
    make_case, fi_staff, complainant, filer
):
    """X-3, X-6: in Indsendt the first instance's note is its own; so is the line that names it."""
    case = make_case(Status.INDSENDT)
    _document_added(case, by=fi_staff, role=PartyRole.FIRST_INSTANCE, name="intern-notat-viborg.pdf")
    _document_added(case, by=filer, role=PartyRole.REPRESENTATIVE, name="klage.pdf")
    case_event_add(case=case, kind=CaseEvent.Kind.NOTE, text="Sagen er modtaget", actor=fi_staff)

    def texts(user):
        return [line.text for line in selectors.case_history(case=case, user=user)]

    for user in (complainant, filer):
        assert texts(user) == ["Dokument tilføjet: klage.pdf", "Sagen er modtaget"]
    assert texts(fi_staff) == [
        "Dokument tilføjet: intern-notat-viborg.pdf",
        "Dokument tilføjet: klage.pdf",
        "Sagen er modtaget",
    ]


def test_history_shows_the_line_once_the_document_is_released_by_forwarding(make_case, fi_staff, complainant):
    case = make_case(Status.VIDERESENDT)
    _document_added(case, by=fi_staff, role=PartyRole.FIRST_INSTANCE, name="intern-notat-viborg.pdf")
    assert [line.text for line in selectors.case_history(case=case, user=complainant)] == [
        "Dokument tilføjet: intern-notat-viborg.pdf"
    ]


def test_history_hides_the_line_of_a_restricted_document_and_of_a_message_naming_it(
    make_case, caseworker, complainant, fi_staff
):
    """X-6: the appeals body restricts a document; the lines naming it go with it."""
    case = make_case(Status.VIDERESENDT)
    link = _document_added(case, by=fi_staff, role=PartyRole.FIRST_INSTANCE, name="helbredsoplysninger.pdf")
    link.restricted = True
    link.save()
    case_event_add(
        case=case,
        kind=CaseEvent.Kind.MESSAGE,
        text="Supplerende oplysninger: 1 fil(er)",
        data={"supplement": 1, "documents": [link.document_id], "text_document": None},
    )
    assert selectors.case_history(case=case, user=complainant) == []
    assert len(selectors.case_history(case=case, user=caseworker)) == 2


def test_history_is_empty_for_someone_who_cannot_see_the_case(make_case, stranger):
    case = make_case(Status.VIDERESENDT)
    case_event_add(case=case, kind=CaseEvent.Kind.NOTE, text="Noget")
    assert selectors.case_history(case=case, user=stranger) == []


def test_case_for_page_finds_by_number_or_nothing(make_case):
    case = make_case(Status.UDFYLDT)
    assert selectors.case_for_page(number=case.number) == case
    assert selectors.case_for_page(number="NH-1999-000001") is None


def test_filer_party_is_the_party_who_filed_the_case(make_case, filer):
    case = make_case(Status.UDFYLDT)
    party = selectors.filer_party(case=case)
    assert party is not None and party.is_filer and party.user == filer


def test_filer_party_is_none_for_a_case_without_a_filer(db):
    assert selectors.filer_party(case=CaseFactory(filer=None)) is None


def test_own_party_finds_a_complainant_named_by_cpr(make_case, complainant):
    """X-3: the person named by CPR is a party although someone else filed the case."""
    case = make_case(Status.UDFYLDT)
    party = selectors.own_party(case=case, user=complainant)
    assert party is not None and party.cpr == complainant.cpr and not party.is_filer


def test_own_party_prefers_the_filers_own_party(make_case, filer):
    case = make_case(Status.UDFYLDT)
    PartyFactory(case=case, user=filer, name="Also the filer")
    assert selectors.own_party(case=case, user=filer) == selectors.filer_party(case=case)


def test_own_party_is_none_for_staff_of_the_first_instance(make_case, fi_staff):
    assert selectors.own_party(case=make_case(Status.INDSENDT), user=fi_staff) is None


@dataclass(frozen=True)
class Fee:
    amount: int = 900
    is_paid: bool = False
    required_before_submission: bool = True


def test_submission_missing_names_who_has_not_answered_and_who_declined(make_case):
    """KP-6"""
    case = make_case(Status.UDFYLDT)
    karla, firma = case.parties.filter(is_filer=False).order_by("pk")
    karla.approval, firma.approval = ApprovalState.PENDING, ApprovalState.DECLINED
    karla.save(), firma.save()
    missing = selectors.submission_missing(case=case, fee=Fee(is_paid=True))
    assert (missing.pending, missing.declined, missing.fee_unpaid) == ([karla], [firma], False)
    assert missing.anything


def test_submission_missing_takes_the_fee_as_the_caller_worked_it_out(make_case):
    case = make_case(Status.UDFYLDT)
    assert selectors.submission_missing(case=case, fee=Fee()).fee_unpaid
    assert selectors.submission_missing(case=case, fee=Fee()).fee == 900
    assert not selectors.submission_missing(case=case, fee=Fee(required_before_submission=False)).anything
