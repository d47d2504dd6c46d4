"""Case numbers, case creation and the complaint type version a case keeps (CAT-6)."""

import threading
from datetime import date, timedelta

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from klageportal.cases import policies
from klageportal.cases.models import Case, CaseEvent, CaseNumberSequence, Status, StatusChange
from klageportal.cases.services.create import case_create, case_number_next, format_case_number
from klageportal.cases.workflow import TransitionNotAllowed
from klageportal.catalog.models import Channel
from tests.factories import (
    AppealsBodyFactory,
    BoardFactory,
    BodyStaffFactory,
    ComplaintTypeFactory,
    ComplaintTypeVersionFactory,
)

pytestmark = pytest.mark.django_db


def _file(complaint_type, filer, authority, **fields) -> Case:
    return case_create(
        channel=Channel.FILING,
        board=complaint_type.board,
        complaint_type=complaint_type,
        authority=authority,
        created_by=filer,
        event_text="Klagen er påbegyndt",
        **fields,
    )


@pytest.fixture
def ankestyrelsen_type(db):
    board = BoardFactory(body=AppealsBodyFactory(slug="ankestyrelsen"), slug="ast")
    return ComplaintTypeFactory(board=board, version__channel=Channel.FORWARDING)


# --- Case numbers --------------------------------------------------------------------------------


def test_case_numbers_are_unique_and_gap_free(complaint_type, filer, authority):
    year = timezone.localdate().year
    numbers = [_file(complaint_type, filer, authority).number for _ in range(25)]
    assert numbers == [format_case_number("NH", year, value) for value in range(1, 26)]


def test_each_series_and_year_counts_on_its_own(db):
    assert [case_number_next(series="NH", year=2026) for _ in range(3)] == [(2026, 1), (2026, 2), (2026, 3)]
    assert case_number_next(series="AST", year=2026) == (2026, 1)
    assert case_number_next(series="NH", year=2027) == (2027, 1)
    assert case_number_next(series="NH", year=2026) == (2026, 4)
    assert CaseNumberSequence.objects.count() == 3


def test_number_of_a_rolled_back_case_is_reused(db):
    """Gap-free: a transaction that fails gives its number back."""
    case_number_next(series="NH", year=2026)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert case_number_next(series="NH", year=2026) == (2026, 2)
        raise RuntimeError("the case could not be saved")
    assert case_number_next(series="NH", year=2026) == (2026, 2)


def test_ankestyrelsen_cases_have_their_own_series(ankestyrelsen_type, complaint_type, fi_staff, filer, authority):
    ast = case_create(
        channel=Channel.FORWARDING,
        board=ankestyrelsen_type.board,
        complaint_type=ankestyrelsen_type,
        authority=authority,
        created_by=fi_staff,
        event_text="Modtaget via web-ankeskema",
    )
    nh = _file(complaint_type, filer, authority)
    year = timezone.localdate().year
    assert (ast.number, nh.number) == (f"AST-{year}-000001", f"NH-{year}-000001")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks under real concurrency need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_case_numbers_are_unique_and_gap_free():
    """Twenty requests at once, each on its own connection, get 1..20 exactly once."""
    workers = 20
    start = threading.Barrier(workers)
    results, errors = [], []

    def take():
        try:
            start.wait(timeout=30)
            with transaction.atomic():
                results.append(case_number_next(series="NH", year=2031)[1])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(results) == list(range(1, workers + 1))
    assert CaseNumberSequence.objects.get(series="NH", year=2031).last_value == workers


# --- case_create ---------------------------------------------------------------------------------


def test_case_create_starts_a_filed_complaint_as_a_draft_with_its_history(complaint_type, filer, authority):
    """X-2: the first StatusChange and a CREATED event, by the filer."""
    case = _file(complaint_type, filer, authority, complaint_text="Klagen")
    assert (case.status, case.channel, case.created_by, case.complaint_text) == (
        Status.KLADDE,
        Channel.FILING,
        filer,
        "Klagen",
    )
    change = StatusChange.objects.get(case=case)
    assert (change.from_status, change.to_status, change.by) == ("", Status.KLADDE, filer)
    event = CaseEvent.objects.get(case=case)
    assert (event.kind, event.text, event.actor, event.actor_name) == (
        CaseEvent.Kind.CREATED,
        "Klagen er påbegyndt",
        filer,
        filer.display_name,
    )
    assert (case.submitted_at, case.forwarded_at, case.closed_at) == (None, None, None)


def test_forwarded_form_arrives_at_the_board_as_forwarded(ankestyrelsen_type, fi_staff, authority):
    """AS-53, BD-1: a web-ankeskema case is forwarded on arrival and in the board's inbox at once."""
    case = case_create(
        channel=Channel.FORWARDING,
        board=ankestyrelsen_type.board,
        complaint_type=ankestyrelsen_type,
        authority=authority,
        created_by=fi_staff,
        event_text="Modtaget via web-ankeskema",
    )
    case.refresh_from_db()
    assert case.status == Status.VIDERESENDT
    assert case.submitted_at is not None and case.forwarded_at is not None
    assert StatusChange.objects.get(case=case).to_status == Status.VIDERESENDT
    assert policies.can_view_case(BodyStaffFactory(boards=[ankestyrelsen_type.board]), case)


def test_case_create_refuses_a_type_filed_outside_the_portal(db, filer, authority):
    """CAT-2, KP-1: such types say where to go instead; they never become a case."""
    outside = ComplaintTypeFactory(version__channel=Channel.OUTSIDE, version__outside_text="Send den til …")
    with pytest.raises(TransitionNotAllowed):
        _file(outside, filer, authority)
    assert not Case.objects.exists()
    assert not CaseNumberSequence.objects.filter(last_value__gt=0).exists()


def test_case_create_refuses_a_type_of_the_other_channel(ankestyrelsen_type, filer, authority):
    """CAT-2: a type forwarded by the municipality is not filed by the complainant."""
    with pytest.raises(TransitionNotAllowed):
        _file(ankestyrelsen_type, filer, authority)


def test_case_keeps_the_type_version_in_force_when_it_was_created(complaint_type, filer, authority):
    """CAT-6: a newer version later on does not change an existing case."""
    first = complaint_type.versions.get()
    case = _file(complaint_type, filer, authority)
    assert case.type_version == first
    ComplaintTypeVersionFactory(
        complaint_type=complaint_type, valid_from=timezone.localdate() + timedelta(days=30), fee_private=950
    )
    ComplaintTypeVersionFactory(complaint_type=complaint_type, valid_from=timezone.localdate(), fee_private=925)
    case.refresh_from_db()
    assert case.type_version == first
    assert case.type_version.fee_private == 900


def test_new_case_gets_the_newest_version_already_in_force(complaint_type, filer, authority):
    """CAT-6"""
    today = timezone.localdate()
    ComplaintTypeVersionFactory(complaint_type=complaint_type, valid_from=today + timedelta(days=1), fee_private=999)
    current = ComplaintTypeVersionFactory(complaint_type=complaint_type, valid_from=today, fee_private=925)
    assert _file(complaint_type, filer, authority).type_version == current


def test_version_at_picks_the_version_in_force_on_the_day(db):
    """CAT-6"""
    complaint_type = ComplaintTypeFactory(version__valid_from=date(2025, 1, 1), version__fee_private=900)
    v2026 = ComplaintTypeVersionFactory(complaint_type=complaint_type, valid_from=date(2026, 1, 1), fee_private=925)
    v2025 = complaint_type.versions.get(valid_from=date(2025, 1, 1))
    assert complaint_type.version_at(date(2024, 12, 31)) is None
    assert complaint_type.version_at(date(2025, 1, 1)) == v2025
    assert complaint_type.version_at(date(2025, 12, 31)) == v2025
    assert complaint_type.version_at(date(2026, 1, 1)) == v2026
    assert complaint_type.version_at(date(2030, 6, 1)) == v2026
