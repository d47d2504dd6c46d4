"""CaseEvent.record_many writes the line record() writes, on every case, in one statement (FI-8)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from klageportal.cases.models import Case, CaseEvent, Status
from klageportal.core.phrases import phrase
from tests.factories import AuthorityUserFactory, CaseFactory

pytestmark = pytest.mark.django_db


def test_the_same_line_as_record_on_every_case_in_one_statement():
    cases = [CaseFactory(status=Status.INDSENDT) for _ in range(3)]
    actor = AuthorityUserFactory(full_name="Birgitte Kommune")
    text = phrase("Dokument tilføjet: %(name)s", name="svar.pdf")
    one = CaseEvent.record(case=cases[0], kind=CaseEvent.Kind.DOCUMENT, text=text, actor=actor, data={"document": 7})
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        written = CaseEvent.record_many(
            cases=Case.objects.filter(pk__in=[c.pk for c in cases]),
            kind=CaseEvent.Kind.DOCUMENT,
            text=text,
            actor=actor,
            data={"document": 7},
        )
    assert written == 3 and len(queries) == 1
    for case in cases:
        line = CaseEvent.objects.filter(case=case).exclude(pk=one.pk).get()
        assert (line.kind, line.text, line.actor, line.actor_name, line.data) == (
            one.kind,
            one.text,
            one.actor,
            one.actor_name,
            one.data,
        )
        assert line.at is not None


def test_the_portal_as_actor_is_named_in_danish():
    case = CaseFactory()
    CaseEvent.record_many(cases=Case.objects.filter(pk=case.pk), kind=CaseEvent.Kind.NOTE, text="Hej")
    line = CaseEvent.objects.get(case=case)
    assert line.actor is None and line.actor_name == "Klageportalen"
