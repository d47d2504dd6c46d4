"""The body's inbox asks, on every request, which of its boards' cases have an overpayment (PAY-5): the database
finds those events by an index of their own, not by reading every event of the boards' cases (at a million cases
that read took 0.8 s a request, bench/README.md "The mixed load at national scale")."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from klageportal.cases.models import CaseEvent, Status
from klageportal.payments.selectors import cases_with_overpayment
from tests.factories import BodyStaffFactory, CaseFactory


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ") + sql)
        return "\n".join(" ".join(str(column) for column in row) for row in cursor.fetchall())


def test_the_overpaid_cases_of_a_caseworkers_boards_are_found_by_their_own_index(db):
    overpaid = CaseFactory(status=Status.UNDER_BEHANDLING)
    other = CaseFactory(status=Status.UNDER_BEHANDLING, complaint_type__board=overpaid.board)
    caseworker = BodyStaffFactory(boards=[overpaid.board])
    CaseEvent.record(case=overpaid, kind=CaseEvent.Kind.PAYMENT, text="Overbetaling", data={"action": "overpaid"})
    CaseEvent.record(case=other, kind=CaseEvent.Kind.PAYMENT, text="Betalt", data={"action": "paid"})
    CaseEvent.record(case=other, kind=CaseEvent.Kind.NOTE, text="Notat", data={"action": "overpaid"})

    with CaptureQueriesContext(connection) as captured:
        cases_with_overpayment(boards=caseworker.boards.all())

    events = next(q["sql"] for q in captured.captured_queries if 'FROM "cases_caseevent"' in q["sql"])
    assert "caseevent_overpaid" in _plan(events)
