"""`manage.py setup_portal` prepares a database and can be run again without changing anything."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from klageportal.cases.models import Case, CaseEvent, Status
from klageportal.site.demo import DEMO_MARK

pytestmark = pytest.mark.django_db


def _setup() -> str:
    out = StringIO()
    call_command("setup_portal", stdout=out)
    return out.getvalue()


def _number(pattern: str, output: str) -> int:
    match = re.search(pattern, output)
    assert match, output
    return int(match.group(1))


def test_first_run_loads_the_catalogue_and_the_demo_cases():
    output = _setup()
    assert _number(r"Katalog: (\d+) nye rækker", output) > 98
    assert _number(r"Demodata: (\d+) nye sager", output) == Case.objects.count() > 0


def test_second_run_creates_nothing():
    """CAT-6: idempotent — zero new rows and zero new demo cases."""
    _setup()
    cases, events = Case.objects.count(), CaseEvent.objects.count()
    output = _setup()
    assert _number(r"Katalog: (\d+) nye rækker", output) == 0
    assert _number(r"Demodata: (\d+) nye sager", output) == 0
    assert (Case.objects.count(), CaseEvent.objects.count()) == (cases, events)


def test_no_demo_skips_the_demo_cases():
    out = StringIO()
    call_command("setup_portal", "--no-demo", stdout=out)
    assert "Demodata" not in out.getvalue()
    assert not Case.objects.exists()


def test_demo_cases_show_each_stage_of_a_filed_complaint():
    """The demo data gives every workspace something to show."""
    _setup()
    statuses = set(Case.objects.filter(decision_reference__startswith=DEMO_MARK).values_list("status", flat=True))
    assert {Status.KLADDE, Status.UDFYLDT, Status.INDSENDT, Status.VIDERESENDT} <= statuses


def test_demo_cases_have_their_history():
    """X-2: demo cases are made through the services, so each has its status changes and events."""
    _setup()
    for case in Case.objects.all():
        assert case.status_changes.last().to_status == case.status, case.number
        assert case.events.filter(kind=CaseEvent.Kind.CREATED).count() == 1, case.number
