"""Reads on cases: each list holds exactly what the person may see, ready for its page (CW-1, FI-1, BD-1)."""

import pytest

from klageportal.cases import selectors
from klageportal.cases.models import CaseEvent, Status
from klageportal.cases.services.events import case_event_add
from tests.factories import CaseFactory, ComplaintTypeFactory

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


def test_authority_inbox_holds_its_own_cases_past_the_draft(make_case, fi_staff, other_fi_staff, complainant):
    """FI-1"""
    cases = {status: make_case(status) for status in Status}
    expected = {case.number for status, case in cases.items() if status != Status.KLADDE}
    assert set(numbers(selectors.inbox_for_authority(user=fi_staff))) == expected
    assert numbers(selectors.inbox_for_authority(user=other_fi_staff)) == []
    assert numbers(selectors.inbox_for_authority(user=complainant)) == []


def test_body_inbox_holds_forwarded_cases_of_its_boards(make_case, caseworker, other_caseworker, fi_staff):
    """BD-1"""
    forwarded = make_case(Status.VIDERESENDT)
    make_case(Status.INDSENDT)
    assert numbers(selectors.inbox_for_body(user=caseworker)) == [forwarded.number]
    assert numbers(selectors.inbox_for_body(user=other_caseworker)) == []
    assert numbers(selectors.inbox_for_body(user=fi_staff)) == []


def test_lists_need_no_query_per_row(make_case, fi_staff, django_assert_num_queries):
    """STYLE: a selector returns a queryset ready for its page."""
    for _ in range(5):
        make_case(Status.INDSENDT)
    with django_assert_num_queries(1):
        rows = [
            (c.board.name, c.complaint_type.name, c.authority.name)
            for c in selectors.inbox_for_authority(user=fi_staff)
        ]
    assert len(rows) == 5


def test_history_is_in_the_order_it_happened(make_case, filer):
    """X-2"""
    case = make_case(Status.UDFYLDT)
    texts = [f"Hændelse {n}" for n in range(5)]
    for text in texts:
        case_event_add(case=case, kind=CaseEvent.Kind.NOTE, text=text, actor=filer)
    assert [event.text for event in selectors.case_history(case=case)] == texts


def test_case_for_page_finds_by_number_or_nothing(make_case):
    case = make_case(Status.UDFYLDT)
    assert selectors.case_for_page(number=case.number) == case
    assert selectors.case_for_page(number="NH-1999-000001") is None
