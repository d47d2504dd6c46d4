"""The inbox selector (cases/inbox.py): every filter, every kind of search, the scope, the page."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from klageportal.cases.inbox import (
    BODY_STATUSES,
    MAX_PAGES,
    Assignment,
    DateField,
    InboxFilters,
    body_board_ids,
    body_scope,
    first_instance_scope,
    inbox_page,
)
from klageportal.cases.models import Case, Status
from klageportal.casework.models import ResponseForm
from klageportal.catalog.models import Channel
from klageportal.forwarding.models import AnkeskemaDraft, AnkeskemaSubmission
from tests.factories import (
    AuthorityUserFactory,
    BoardFactory,
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


# --- the appeals body's inbox (BD-1, BD-9): body_scope and the body's filters -------------------------------


@pytest.fixture
def body_type():
    return ComplaintTypeFactory()


@pytest.fixture
def body_worker(body_type):
    return BodyStaffFactory(boards=[body_type.board], full_name="Rikke Nævn")


def forwarded(body_type, *, days_ago: int = 0, status=Status.VIDERESENDT, **fields) -> Case:
    case = CaseFactory(complaint_type=body_type, status=status, **fields)
    if days_ago:
        Case.objects.filter(pk=case.pk).update(forwarded_at=timezone.now() - timedelta(days=days_ago))
        case.refresh_from_db()
    return case


def body_numbers(user, **filters) -> list[str]:
    boards = body_board_ids(user)
    page = inbox_page(
        scope=body_scope(user, board_ids=boards),
        filters=InboxFilters(date_field=DateField.FORWARDED, **filters),
        per_page=100,
        body=True,
        boards=boards,
    )
    return [row.number for row in page.rows]


def test_body_scope_is_the_forwarded_cases_of_the_caseworkers_boards_newest_received_first(body_type, body_worker):
    """BD-1: both channels, in one list, by the date received; never another board's, never one not forwarded."""
    older = forwarded(body_type, days_ago=9)
    newer = forwarded(body_type, days_ago=1, channel=Channel.FORWARDING)
    decided = forwarded(body_type, days_ago=3, status=Status.AFGJORT)
    Case.objects.filter(pk=older.pk).update(created_at=timezone.now())  # created last, received first
    CaseFactory(complaint_type=body_type, status=Status.INDSENDT)  # still at the first instance
    CaseFactory(complaint_type=body_type, status=Status.GENOPTAGET)  # reopened, never forwarded
    elsewhere = CaseFactory(status=Status.VIDERESENDT)  # another board's
    assert body_numbers(body_worker) == [newer.number, decided.number, older.number]
    assert elsewhere.number not in body_numbers(body_worker)


def test_no_body_scope_for_anyone_but_the_bodys_caseworkers_with_boards(body_type, authority):
    forwarded(body_type)
    for user in (CitizenFactory(), AuthorityUserFactory(authority=authority), BodyStaffFactory()):
        assert body_scope(user) is None
        assert inbox_page(scope=body_scope(user), body=True).rows == []


def test_another_bodys_caseworker_never_sees_the_cases_not_even_by_search(body_type, body_worker):
    case = forwarded(body_type, decision_reference="REF-9")
    PartyFactory(case=case, cpr=CPR, name="Karla Klager")
    other = BodyStaffFactory(boards=[BoardFactory()])
    assert body_numbers(other) == []
    assert body_numbers(other, cpr=CPR) == []
    assert body_numbers(other, number=case.number) == []
    assert body_numbers(other, name="Karla") == []
    assert body_numbers(body_worker, cpr=CPR) == [case.number]


def test_body_filters_by_board_status_and_complaint_type(body_type):
    second_type = ComplaintTypeFactory()
    worker = BodyStaffFactory(boards=[body_type.board, second_type.board])
    videresendt = forwarded(body_type)
    under = forwarded(body_type, status=Status.UNDER_BEHANDLING)
    at_second = forwarded(second_type, status=Status.AFVENTER_NAEVN)
    assert set(body_numbers(worker)) == {videresendt.number, under.number, at_second.number}
    assert body_numbers(worker, statuses=(Status.UNDER_BEHANDLING,)) == [under.number]
    assert body_numbers(worker, board_id=second_type.board_id) == [at_second.number]
    assert set(body_numbers(worker, complaint_type_id=body_type.pk)) == {videresendt.number, under.number}
    assert set(BODY_STATUSES) >= {Status.VIDERESENDT, Status.AFSLUTTET} and Status.INDSENDT not in BODY_STATUSES


def test_body_filters_by_channel(body_type, body_worker):
    filed = forwarded(body_type)
    web_form = forwarded(body_type, channel=Channel.FORWARDING)
    assert body_numbers(body_worker, channel=Channel.FILING) == [filed.number]
    assert body_numbers(body_worker, channel=Channel.FORWARDING) == [web_form.number]


def test_body_filters_by_received_date_both_days_included(body_type, body_worker):
    today = timezone.localdate()
    old = forwarded(body_type, days_ago=10)
    new = forwarded(body_type)
    assert body_numbers(body_worker, date_from=today - timedelta(days=10), date_to=today - timedelta(days=10)) == [
        old.number
    ]
    assert body_numbers(body_worker, date_from=today) == [new.number]
    assert body_numbers(body_worker, date_to=today - timedelta(days=11)) == []


def test_overdue_is_received_longer_ago_than_the_boards_expected_time_and_not_closed(body_type, body_worker):
    board = body_type.board
    board.expected_processing_days = 30
    board.save()
    late = forwarded(body_type, days_ago=31)
    forwarded(body_type, days_ago=29)  # in time
    forwarded(body_type, days_ago=40, status=Status.AFGJORT)  # late, but decided
    no_time = ComplaintTypeFactory()  # a board without an expected time: never overdue
    body_worker.boards.add(no_time.board)
    forwarded(no_time, days_ago=400)
    assert body_numbers(body_worker, overdue=True) == [late.number]
    rows = {row.number: row.overdue for row in inbox_page(scope=body_scope(body_worker), body=True).rows}
    assert rows[late.number] and sum(rows.values()) == 1


def test_principled_is_the_municipalitys_flag_in_its_response_form(body_type, body_worker):
    """BD-9: the body filters by the municipality's "Principiel problemstilling" and sees it on the row."""
    principled = forwarded(body_type)
    ResponseForm.objects.create(case=principled, principled=True, principled_reason="Mange kommuner")
    not_principled = forwarded(body_type)
    ResponseForm.objects.create(case=not_principled, principled=False)
    forwarded(body_type)  # no response form at all (a web appeal form case)
    assert body_numbers(body_worker, principled=True) == [principled.number]
    rows = {row.number: row for row in inbox_page(scope=body_scope(body_worker), body=True).rows}
    assert rows[principled.number].principled and not rows[not_principled.number].principled


def test_mine_and_unassigned(body_type, body_worker):
    colleague = BodyStaffFactory(boards=[body_type.board], full_name="Anders Kollega")
    mine = forwarded(body_type, assigned_to=body_worker)
    theirs = forwarded(body_type, assigned_to=colleague)
    nobodys = forwarded(body_type)
    assert body_numbers(body_worker, assignment=Assignment.MINE, assignee_id=body_worker.pk) == [mine.number]
    assert body_numbers(body_worker, assignment=Assignment.NONE) == [nobodys.number]
    assert body_numbers(body_worker, assignment=Assignment.MINE) == []  # no one to be "me"
    rows = {row.number: row.assigned_to for row in inbox_page(scope=body_scope(body_worker), body=True).rows}
    assert rows == {mine.number: "Rikke Nævn", theirs.number: "Anders Kollega", nobodys.number: ""}


def _submission(case: Case, lobenummer: str) -> AnkeskemaSubmission:
    staff = AuthorityUserFactory()
    draft = AnkeskemaDraft.objects.create(owner=staff, authority=staff.authority, state=AnkeskemaDraft.State.SENT)
    number, sequence = lobenummer.split("-")
    return AnkeskemaSubmission.objects.create(
        draft=draft,
        lobenummer=lobenummer,
        year=int(number),
        sequence=int(sequence),
        sent_at=timezone.now(),
        sent_by=staff,
        authority=staff.authority,
        case=case,
    )


def test_body_search_by_case_number_lobenummer_name_cpr_and_cvr(body_type, body_worker):
    web_form = forwarded(body_type, channel=Channel.FORWARDING)
    _submission(web_form, "2026-000042")
    PartyFactory(case=web_form, cpr=CPR, name="Karla Klager")
    company = forwarded(body_type)
    PartyFactory(case=company, cvr="37042374", kind="company", name="Byggefirmaet Nord ApS")
    forwarded(body_type)
    assert body_numbers(body_worker, lobenummer=" 2026-000042 ") == [web_form.number]
    assert body_numbers(body_worker, lobenummer="2026-00004") == []
    assert body_numbers(body_worker, number=company.number.lower()) == [company.number]
    assert body_numbers(body_worker, name="karla") == [web_form.number]
    assert body_numbers(body_worker, cpr=CPR) == [web_form.number]
    assert body_numbers(body_worker, cpr=CPR[:6]) == []
    assert body_numbers(body_worker, cvr="37042374") == [company.number]
    row = inbox_page(scope=body_scope(body_worker), filters=InboxFilters(lobenummer="2026-000042"), body=True).rows[0]
    assert (row.lobenummer, row.channel) == ("2026-000042", Channel.FORWARDING)


def test_body_page_costs_a_fixed_number_of_queries_whatever_its_size(body_type, body_worker, django_assert_num_queries):
    """BD-1 at scale (SPEC §12): the caseworker's boards, the bounded count, the rows, their complainants."""
    body_type.board.expected_processing_days = 30
    body_type.board.save()
    for n in range(3):
        case = forwarded(body_type, days_ago=40 + n, assigned_to=body_worker)
        ResponseForm.objects.create(case=case, principled=True)
        PartyFactory(case=case, name=f"Klager {n}")
    filters = InboxFilters(
        date_field=DateField.FORWARDED, principled=True, assignment=Assignment.MINE, assignee_id=body_worker.pk
    )
    with django_assert_num_queries(4):
        page = inbox_page(scope=body_scope(body_worker), filters=filters, body=True)
    assert len(page.rows) == 3
    for _ in range(10):
        case = forwarded(body_type, days_ago=50, assigned_to=body_worker)
        ResponseForm.objects.create(case=case, principled=True)
        PartyFactory(case=case)
    overdue = InboxFilters(date_field=DateField.FORWARDED, overdue=True, principled=True, cpr=CPR, name="a")
    with django_assert_num_queries(3):  # boards, their expected times, the count: nothing found, nothing more
        inbox_page(scope=body_scope(body_worker), filters=overdue, body=True)
    with django_assert_num_queries(5):
        page = inbox_page(
            scope=body_scope(body_worker), filters=InboxFilters(overdue=True, date_field=DateField.FORWARDED), body=True
        )
    assert len(page.rows) == 13 and all(row.overdue for row in page.rows)
