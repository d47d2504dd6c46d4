"""The inbox selector (cases/inbox.py): every filter, every kind of search, the scope, the page."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from klageportal.cases.inbox import MAX_PAGES, DateField, InboxFilters, first_instance_scope, inbox_page
from klageportal.cases.models import Case, Status
from tests.factories import (
    AuthorityUserFactory,
    BodyStaffFactory,
    CaseFactory,
    CitizenFactory,
    ComplaintTypeFactory,
    PartyFactory,
)

pytestmark = pytest.mark.django_db

CPR = "0101901234"


@pytest.fixture
def staff(authority):
    return AuthorityUserFactory(authority=authority)


def numbers(staff, **filters) -> list[str]:
    page = inbox_page(scope=first_instance_scope(staff), filters=InboxFilters(**filters), per_page=100)
    return [row.number for row in page.rows]


def test_own_cases_newest_first_never_a_draft_nor_another_authoritys(staff, authority):
    older = CaseFactory(authority=authority, status=Status.INDSENDT)
    newer = CaseFactory(authority=authority, status=Status.UDFYLDT)
    Case.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=3))
    CaseFactory(authority=authority, status=Status.KLADDE)
    CaseFactory(status=Status.INDSENDT)  # another authority's
    assert numbers(staff) == [newer.number, older.number]


def test_no_scope_for_anyone_but_the_first_instances_staff(authority):
    CaseFactory(authority=authority, status=Status.INDSENDT)
    for user in (CitizenFactory(), BodyStaffFactory()):
        assert first_instance_scope(user) is None
        assert inbox_page(scope=first_instance_scope(user)).rows == []


def test_filters_by_status_board_and_complaint_type(staff, authority):
    udfyldt = CaseFactory(authority=authority, status=Status.UDFYLDT)
    indsendt = CaseFactory(authority=authority, status=Status.INDSENDT)
    other_type = ComplaintTypeFactory()
    elsewhere = CaseFactory(authority=authority, status=Status.INDSENDT, complaint_type=other_type)
    assert numbers(staff, statuses=(Status.UDFYLDT,)) == [udfyldt.number]
    assert set(numbers(staff, statuses=(Status.INDSENDT,))) == {indsendt.number, elsewhere.number}
    assert numbers(staff, board_id=other_type.board_id) == [elsewhere.number]
    assert numbers(staff, complaint_type_id=indsendt.complaint_type_id) == [indsendt.number]


def test_filters_by_created_or_submitted_date_both_days_included(staff, authority):
    today = timezone.localdate()
    old = CaseFactory(authority=authority, status=Status.INDSENDT)
    Case.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=10), submitted_at=timezone.now() - timedelta(days=1)
    )
    new = CaseFactory(authority=authority, status=Status.UDFYLDT)
    ten_days_ago = today - timedelta(days=10)
    assert numbers(staff, date_from=ten_days_ago, date_to=ten_days_ago) == [old.number]
    assert numbers(staff, date_from=today) == [new.number]
    assert numbers(staff, date_field=DateField.SUBMITTED, date_from=today - timedelta(days=1)) == [old.number]
    assert numbers(staff, date_field=DateField.SUBMITTED, date_to=today - timedelta(days=2)) == []
    assert numbers(staff, date_to=date(2000, 1, 1)) == []


def test_search_by_case_number_exactly(staff, authority):
    case = CaseFactory(authority=authority, status=Status.INDSENDT, number="NH-2026-004711")
    CaseFactory(authority=authority, status=Status.INDSENDT, number="NH-2026-004712")
    assert numbers(staff, number=" nh-2026-004711 ") == [case.number]
    assert numbers(staff, number="NH-2026-0047") == []


def test_search_by_cpr_is_exact_never_a_part(staff, authority):
    case = CaseFactory(authority=authority, status=Status.INDSENDT)
    PartyFactory(case=case, cpr=CPR, name="Karla Klager")
    CaseFactory(authority=authority, status=Status.INDSENDT)
    assert numbers(staff, cpr=CPR) == [case.number]
    assert numbers(staff, cpr=CPR[:6]) == []
    assert numbers(staff, cpr="0101901235") == []


def test_search_by_cvr(staff, authority):
    case = CaseFactory(authority=authority, status=Status.INDSENDT)
    PartyFactory(case=case, cvr="37042374", name="Byggefirmaet Nord ApS", kind="company")
    CaseFactory(authority=authority, status=Status.INDSENDT)
    assert numbers(staff, cvr="37042374") == [case.number]


def test_search_by_complainant_name_part_any_case(staff, authority):
    case = CaseFactory(authority=authority, status=Status.INDSENDT)
    PartyFactory(case=case, name="Karla Klager")
    CaseFactory(authority=authority, status=Status.INDSENDT)
    assert numbers(staff, name="karla") == [case.number]
    assert numbers(staff, name="Klager") == [case.number]


def test_search_never_finds_another_authoritys_case(staff, authority):
    other = CaseFactory(status=Status.INDSENDT, decision_reference="REF-1")
    PartyFactory(case=other, cpr=CPR)
    assert numbers(staff, cpr=CPR) == []
    assert numbers(staff, matter="REF-1") == []
    assert numbers(staff, number=other.number) == []


def test_removed_complainant_is_not_found(staff, authority):
    case = CaseFactory(authority=authority, status=Status.INDSENDT)
    PartyFactory(case=case, cpr=CPR, removed_at=timezone.now())
    assert numbers(staff, cpr=CPR) == []


def test_search_by_decision_reference_or_address(staff, authority):
    by_reference = CaseFactory(authority=authority, status=Status.INDSENDT, decision_reference="BYG-2026-17")
    by_address = CaseFactory(authority=authority, status=Status.INDSENDT, location_address="Vestergade 12, Viborg")
    draft = CaseFactory(authority=authority, status=Status.KLADDE, decision_reference="BYG-2026-17")
    assert numbers(staff, matter="byg-2026-17") == [by_reference.number]
    assert numbers(staff, matter="BYG-2026") == []  # a reference is compared whole
    assert numbers(staff, matter="vestergade 12") == [by_address.number]
    assert draft.number not in numbers(staff, matter="BYG-2026-17")


def test_row_names_the_complainants_and_the_page_is_bounded(staff, authority):
    case = CaseFactory(authority=authority, status=Status.INDSENDT, location_address="Torvet 1")
    PartyFactory(case=case, name="Anden Klager")
    PartyFactory(case=case, name="Repræsentant", role="representative")
    row = inbox_page(scope=first_instance_scope(staff)).rows[0]
    assert row.complainants == (case.created_by.full_name, "Anden Klager")
    assert row.location_address == "Torvet 1"
    assert row.board_name == case.board.name


def test_pages(staff, authority):
    for _ in range(5):
        CaseFactory(authority=authority, status=Status.INDSENDT)
    scope = first_instance_scope(staff)
    first = inbox_page(scope=scope, per_page=2)
    last = inbox_page(scope=scope, per_page=2, page=3)
    beyond = inbox_page(scope=scope, per_page=2, page=99)
    assert (first.pages, first.count, len(first.rows), first.has_next, first.has_previous) == (3, 5, 2, True, False)
    assert (len(last.rows), last.has_next, last.has_previous) == (1, False, True)
    assert beyond.number == 3
    all_numbers = [r.number for p in (1, 2, 3) for r in inbox_page(scope=scope, per_page=2, page=p).rows]
    assert len(set(all_numbers)) == 5


def test_count_is_bounded(staff, authority):
    for _ in range(5):
        CaseFactory(authority=authority, status=Status.INDSENDT)
    page = inbox_page(scope=first_instance_scope(staff), per_page=1, page=1)
    assert page.pages == 5 and not page.more
    from klageportal.cases import inbox

    original = inbox.MAX_PAGES
    inbox.MAX_PAGES = 3
    try:
        page = inbox_page(scope=first_instance_scope(staff), per_page=1, page=10)
    finally:
        inbox.MAX_PAGES = original
    assert (page.pages, page.more, page.number) == (3, True, 3)
    assert original == MAX_PAGES


def test_narrowed_by_submitted_date_newest_submitted_first(staff, authority):
    now = timezone.now()
    created_first = CaseFactory(authority=authority, status=Status.INDSENDT)
    created_last = CaseFactory(authority=authority, status=Status.INDSENDT)
    Case.objects.filter(pk=created_first.pk).update(created_at=now - timedelta(days=5), submitted_at=now)
    Case.objects.filter(pk=created_last.pk).update(
        created_at=now - timedelta(days=2), submitted_at=now - timedelta(days=1)
    )
    assert numbers(staff) == [created_last.number, created_first.number]
    week_ago = timezone.localdate() - timedelta(days=7)
    assert numbers(staff, date_field=DateField.SUBMITTED, date_from=week_ago) == [
        created_first.number,
        created_last.number,
    ]
