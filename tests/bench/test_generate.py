"""The benchmark data generator writes cases the portal itself could have written."""

import itertools
import re

from stdnum.dk import cpr as stdnum_cpr

from bench.generate import cvr_is_valid, generate_cases
from klageportal.cases import workflow
from klageportal.cases.models import Case, CaseEvent, CaseNumberSequence, Party, PartyRole, StatusChange
from klageportal.cases.services.create import case_create
from klageportal.catalog.models import Channel, ComplaintType


def test_fifty_cases_with_consistent_parties_history_and_numbers(db):
    result = generate_cases(50, seed=7)

    assert result.cases == 50
    cases = list(Case.objects.prefetch_related("parties", "status_changes", "events"))
    assert len(cases) == 50
    numbers = [case.number for case in cases]
    assert len(set(numbers)) == 50
    assert all(re.fullmatch(r"(NH|AST)-\d{4}-\d{6}", number) for number in numbers)
    for case in cases:
        parties = list(case.parties.all())
        assert 2 <= len(parties) <= 4
        filers = [p for p in parties if p.is_filer]
        assert len(filers) == 1 and filers[0].user_id == case.created_by_id
        assert any(p.role == PartyRole.COMPLAINANT and not p.is_filer for p in parties)
        for party in parties:
            if party.cpr:
                stdnum_cpr.get_birth_date(party.cpr)  # a real date, in the past
            if party.cvr:
                assert cvr_is_valid(party.cvr)

        changes = sorted(case.status_changes.all(), key=lambda c: (c.at, c.pk))
        assert changes[0].from_status == "" and changes[0].to_status == workflow.initial_status(case.channel)
        for before, after in itertools.pairwise(changes):
            assert after.from_status == before.to_status
            assert workflow.allowed_moves(after.from_status).get(after.to_status)
            assert before.at <= after.at
        assert changes[-1].to_status == case.status
        reached = {c.to_status for c in changes}
        assert (case.submitted_at is not None) == ("indsendt" in reached or case.channel == Channel.FORWARDING)
        assert (case.closed_at is not None) == bool(reached & workflow.CLOSED)

        events = list(case.events.all())
        kinds = [e.kind for e in events]
        assert kinds[0] == CaseEvent.Kind.CREATED and kinds.count(CaseEvent.Kind.CREATED) == 1
        assert kinds.count(CaseEvent.Kind.PARTY) == len(parties)
        assert kinds.count(CaseEvent.Kind.STATUS) == len(changes) - 1
        assert [e.data["to"] for e in events if e.kind == CaseEvent.Kind.STATUS] == [c.to_status for c in changes[1:]]
        assert events[0].at == case.created_at <= events[-1].at

    assert Party.objects.count() == result.parties
    assert StatusChange.objects.count() == result.status_changes


def test_the_portal_numbers_on_after_generated_cases(db):
    generate_cases(20, seed=3)
    existing = set(Case.objects.values_list("number", flat=True))
    complaint_type = ComplaintType.objects.select_related("board").get(slug="husdyrbrug")
    filer = Case.objects.filter(channel=Channel.FILING).first().created_by

    case = case_create(
        channel=Channel.FILING,
        board=complaint_type.board,
        complaint_type=complaint_type,
        created_by=filer,
        event_text="Klagen er påbegyndt",
    )

    assert case.number not in existing
    series, year, value = case.number.split("-")
    assert CaseNumberSequence.objects.get(series=series, year=int(year)).last_value == int(value)
    same_series = [int(n.rsplit("-", 1)[1]) for n in existing if n.startswith(f"{series}-{year}-")]
    assert int(value) == max(same_series, default=0) + 1
