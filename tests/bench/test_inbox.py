"""The inbox benchmark's writer (bench/inbox.py): cases and parties the inbox reads like any others."""

import pytest

from bench.inbox import InboxResult, Writer, figures
from klageportal.cases.inbox import InboxFilters, first_instance_scope, inbox_page
from klageportal.cases.models import Case, Party
from klageportal.catalog.models import Authority
from klageportal.catalog.services import catalog_load_defaults
from tests.factories import AuthorityUserFactory, CitizenFactory

pytestmark = pytest.mark.django_db


def test_written_cases_are_read_by_the_inbox():
    catalog_load_defaults()
    authority = Authority.objects.order_by("pk").first()
    writer = Writer(seed=3, authority_id=authority.pk, user_id=CitizenFactory().pk)
    writer.write(300, batch=120)
    writer.write(50)
    assert Case.objects.count() == 350
    per_case = Party.objects.values("case_id").distinct().count()
    assert per_case == 350
    assert 350 <= Party.objects.count() <= 3 * 350
    staff = AuthorityUserFactory(authority=authority)
    page = inbox_page(scope=first_instance_scope(staff), filters=InboxFilters(), per_page=10)
    own = Case.objects.filter(authority=authority).exclude(status="kladde").count()
    assert 0 < own < 100  # about a twentieth of the cases
    assert page.count == own
    assert all(row.complainants for row in page.rows)
    party = Party.objects.filter(case__authority=authority).exclude(cpr="").first()
    found = inbox_page(scope=first_instance_scope(staff), filters=InboxFilters(cpr=party.cpr))
    assert party.case.number in [row.number for row in found.rows] or party.case.status == "kladde"


def test_figures():
    result = InboxResult(
        small_ms={"a": 10.0, "b": 20.0}, large_ms={"a": 15.0, "b": 20.0}, queries_small=7, queries_large=7
    )
    lines = dict(figures(result))
    assert lines["inbox_1m_vs_1k"] == pytest.approx(35 / 30)
    assert lines["inbox_1m_vs_1k_worst"] == pytest.approx(1.5)
    assert lines["inbox_queries"] == 7
    assert "inbox_1m_vs_1k_vs_baseline" not in lines  # no baseline measured
