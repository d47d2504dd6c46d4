"""The transition table is the only way a case's status changes (STYLE: one transition table; SPEC §12, BD-2)."""

from collections import deque

import pytest
from django.utils import timezone

from klageportal.cases import workflow
from klageportal.cases.models import CaseEvent, Status, StatusChange
from klageportal.cases.workflow import ALLOWED, CLOSED, Actor, TransitionNotAllowed
from klageportal.catalog.models import Channel

pytestmark = pytest.mark.django_db

ALLOWED_MOVES = [
    (from_status, to, actor)
    for from_status, moves in ALLOWED.items()
    for to, actors in moves.items()
    for actor in sorted(actors)
]
TIMESTAMPS = ("submitted_at", "forwarded_at", "closed_at")


def _snapshot(case) -> dict:
    case.refresh_from_db()
    return {
        "status": case.status,
        **{field: getattr(case, field) for field in TIMESTAMPS},
        "changes": StatusChange.objects.filter(case=case).count(),
        "events": CaseEvent.objects.filter(case=case).count(),
    }


def test_table_covers_every_status():
    assert set(ALLOWED) == set(Status)
    for moves in ALLOWED.values():
        assert set(moves) <= set(Status)
        assert all(actors and set(actors) <= set(Actor) for actors in moves.values())


def test_no_status_moves_to_itself():
    assert all(status not in moves for status, moves in ALLOWED.items())


@pytest.mark.parametrize(
    ("from_status", "to", "actor"), ALLOWED_MOVES, ids=[f"{f}->{t}-by-{a}" for f, t, a in ALLOWED_MOVES]
)
def test_every_allowed_move_succeeds_and_is_recorded(make_case, fi_staff, from_status, to, actor):
    """X-2, BD-2: each allowed move writes one StatusChange and one CaseEvent, with who and when."""
    case = make_case(from_status)
    before = _snapshot(case)
    by = None if actor == Actor.SYSTEM else fi_staff
    started = timezone.now()

    change = workflow.transition(case, to=to, actor=actor, by=by, reason="Begrundelse")

    after = _snapshot(case)
    assert after["status"] == to
    assert (after["changes"], after["events"]) == (before["changes"] + 1, before["events"] + 1)
    assert (change.from_status, change.to_status, change.by, change.reason) == (from_status, to, by, "Begrundelse")
    event = CaseEvent.objects.filter(case=case).latest("pk")
    assert event.kind == CaseEvent.Kind.STATUS
    assert event.actor == by
    assert event.actor_name == (by.display_name if by else "Klageportalen")
    assert {key: event.data[key] for key in ("from", "to", "actor")} == {"from": from_status, "to": to, "actor": actor}
    assert event.text == f"Status ændret fra {Status(from_status).label} til {Status(to).label}. Begrundelse"

    for field, reached in (("submitted_at", {Status.INDSENDT}), ("forwarded_at", {Status.VIDERESENDT})):
        if to in reached and before[field] is None:
            assert started <= after[field] <= timezone.now(), field
        else:
            assert after[field] == before[field], field
    if from_status == Status.GENOPTAGET and to == Status.INDSENDT:
        assert after["closed_at"] is None  # FI-6: restored, so open again
    elif to in CLOSED:
        assert after["closed_at"] is not None
    else:
        assert after["closed_at"] is None


@pytest.mark.parametrize("from_status", list(Status), ids=str)
def test_every_other_move_is_refused_and_changes_nothing(make_case, fi_staff, from_status):
    """Every (target, actor) pair not in the table raises and leaves the case, its history and its dates alone."""
    case = make_case(from_status)
    before = _snapshot(case)
    refused = 0
    for to in Status:
        for actor in Actor:
            if actor in ALLOWED[from_status].get(to, ()):
                continue
            with pytest.raises(TransitionNotAllowed):
                workflow.transition(case, to=to, actor=actor, by=fi_staff)
            assert case.status == from_status, (to, actor)
            refused += 1
    assert refused == len(Status) * len(Actor) - sum(len(actors) for actors in ALLOWED[from_status].values())
    assert _snapshot(case) == before


def test_every_status_is_reachable_from_a_channel_start():
    """No status in the table is a dead letter."""
    seen, todo = set(), deque(workflow.INITIAL.values())
    while todo:
        status = todo.popleft()
        if status not in seen:
            seen.add(status)
            todo.extend(ALLOWED[status])
    assert seen == set(Status)


def test_every_status_but_afsluttet_can_still_end_in_afsluttet():
    """SPEC §12: Afsluttet for every closed case; nothing gets stuck on the way."""
    for start in Status:
        seen, todo = set(), deque([start])
        while todo:
            status = todo.popleft()
            if status not in seen:
                seen.add(status)
                todo.extend(ALLOWED[status])
        assert Status.AFSLUTTET in seen, start


def test_afsluttet_is_final():
    assert ALLOWED[Status.AFSLUTTET] == {}


def test_draft_is_completed_only_by_the_filer():
    """KP-6: Kladde becomes Udfyldt when the filer submits, and only then."""
    assert ALLOWED[Status.KLADDE] == {Status.UDFYLDT: {Actor.FILER}}


def test_only_the_portal_moves_udfyldt_to_indsendt():
    """KP-6, X-6: the last approval or the payment submits the case; the first instance cannot act yet."""
    assert ALLOWED[Status.UDFYLDT][Status.INDSENDT] == {Actor.SYSTEM}


def test_only_the_first_instance_forwards_or_reopens():
    """FI-6, FI-7"""
    assert ALLOWED[Status.INDSENDT][Status.VIDERESENDT] == {Actor.FIRST_INSTANCE}
    assert ALLOWED[Status.INDSENDT][Status.GENOPTAGET] == {Actor.FIRST_INSTANCE}


def test_only_the_appeals_body_restores_a_case_reopened_by_mistake():
    """FI-6, BD-5"""
    assert ALLOWED[Status.GENOPTAGET][Status.INDSENDT] == {Actor.BODY}


def test_body_cannot_decide_before_the_case_is_forwarded():
    """BD-2: the body's own statuses follow Videresendt til nævn."""
    for status in (Status.KLADDE, Status.UDFYLDT, Status.INDSENDT):
        for to in (Status.UNDER_BEHANDLING, Status.AFVENTER_NAEVN, Status.AFGJORT, Status.AFVIST):
            assert Actor.BODY not in ALLOWED[status].get(to, ())


def test_first_instance_cannot_move_a_case_after_forwarding():
    for status in workflow.BODY_OPEN:
        assert all(Actor.FIRST_INSTANCE not in actors for actors in ALLOWED[status].values())


def test_reopen_then_restore_keeps_the_submission_date(make_case, fi_staff, caseworker):
    """FI-6: Genoptaget closes the case; restoring it reopens it without losing when it was submitted."""
    case = make_case(Status.INDSENDT)
    submitted_at = case.submitted_at
    workflow.transition(case, to=Status.GENOPTAGET, actor=Actor.FIRST_INSTANCE, by=fi_staff)
    assert case.closed_at is not None
    workflow.transition(case, to=Status.INDSENDT, actor=Actor.BODY, by=caseworker, reason="Genoptaget ved en fejl")
    case.refresh_from_db()
    assert (case.status, case.closed_at, case.submitted_at) == (Status.INDSENDT, None, submitted_at)


def test_closing_after_a_decision_keeps_the_first_closing_date(make_case, caseworker):
    case = make_case(Status.UNDER_BEHANDLING)
    workflow.transition(case, to=Status.AFGJORT, actor=Actor.BODY, by=caseworker)
    decided_at = case.closed_at
    workflow.transition(case, to=Status.AFSLUTTET, actor=Actor.SYSTEM)
    case.refresh_from_db()
    assert case.closed_at == decided_at


@pytest.mark.parametrize(
    ("channel", "status"), [(Channel.FILING, Status.KLADDE), (Channel.FORWARDING, Status.VIDERESENDT)]
)
def test_initial_status_per_channel(channel, status):
    """SPEC §12, AS-53: a filed complaint starts as a draft; a forwarded form arrives at the board."""
    assert workflow.initial_status(channel) == status


def test_types_filed_outside_the_portal_have_no_initial_status():
    """CAT-2, KP-1"""
    with pytest.raises(TransitionNotAllowed):
        workflow.initial_status(Channel.OUTSIDE)


def test_every_channel_that_files_cases_has_an_initial_status():
    assert set(workflow.INITIAL) == {Channel.FILING, Channel.FORWARDING}


def test_record_start_refuses_a_case_not_in_its_channels_first_status(make_case, filer):
    case = make_case(Status.INDSENDT)
    with pytest.raises(TransitionNotAllowed):
        workflow.record_start(case, by=filer)
    assert not StatusChange.objects.filter(case=case).exists()
