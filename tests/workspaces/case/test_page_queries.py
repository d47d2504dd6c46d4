"""A case's tabs cost the same number of queries whatever the size of the case: no query per row."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from klageportal.cases.models import ApprovalState, CaseEvent, PartyKind, PartyRole, Status
from klageportal.catalog.models import DocumentCategory
from tests.factories import CaseDocumentFactory, CaseFactory, PartyFactory

pytestmark = pytest.mark.django_db

TABS = {
    "overview": "workspaces:case_detail",
    "documents": "workspaces:case_documents",
    "parties": "workspaces:case_parties",
    "history": "workspaces:case_history",
}


def make_case(*, parties: int, documents: int, events: int, status: str = Status.VIDERESENDT, pending: bool = False):
    """A case filed by a citizen, with `parties` parties in all (the filer among them)."""
    case = CaseFactory(status=status, submitted_at=timezone.now() if status != Status.KLADDE else None)
    approval = ApprovalState.PENDING if pending else ApprovalState.APPROVED
    for index in range(parties - 1):
        kind = PartyKind.COMPANY if index % 2 else PartyKind.PERSON
        PartyFactory(
            case=case,
            kind=kind,
            cvr="37042374" if kind == PartyKind.COMPANY else "",
            cpr="" if kind == PartyKind.COMPANY else f"{index % 28 + 1:02d}0280{index:04d}",
            approval=approval,
        )
    categories = [
        DocumentCategory.objects.get_or_create(slug=slug, defaults={"name": slug.title()})[0]
        for slug in ("bilag", "afgoerelse")
    ]
    for index in range(documents):
        link = CaseDocumentFactory(case=case, document__sha256=f"{case.pk:032x}{index:032x}")
        link.categories.set(categories[: index % 3])
    start = timezone.now() - timedelta(days=30)
    CaseEvent.objects.bulk_create(
        CaseEvent(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            actor=case.created_by if index % 2 else None,
            actor_name=case.created_by.full_name,
            text=f"Hændelse {index + 1}",
            at=start + timedelta(minutes=index),
        )
        for index in range(events)
    )
    return case


def queries(client, url: str) -> tuple[int, str]:
    """Queries of one request, after a first request has warmed caches and the session."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def login_as_filer(client, case):
    client.force_login(case.created_by)
    return client


@pytest.mark.parametrize("tab", list(TABS))
def test_tab_makes_as_many_queries_for_a_big_case_as_for_a_small_one(client, tab):
    small = make_case(parties=1, documents=1, events=2)
    big = make_case(parties=5, documents=50, events=200)
    url = {case: reverse(TABS[tab], kwargs={"number": case.number}) for case in (small, big)}

    login_as_filer(client, small)
    small_queries, small_html = queries(client, url[small])
    login_as_filer(client, big)
    big_queries, big_html = queries(client, url[big])

    assert big_queries == small_queries
    if tab == "documents":
        assert len(re.findall(r'href="/sag/[^"]+/dokumenter/\d+/"', small_html)) == 1
        assert len(re.findall(r'href="/sag/[^"]+/dokumenter/\d+/"', big_html)) == 50
        assert "Afgoerelse" in big_html
    elif tab == "parties":
        assert big_html.count("<tr>") - 1 == 5  # the header row, then one row a party
        assert small_html.count("<tr>") - 1 == 1
    elif tab == "history":
        assert big_html.count("<time datetime=") == 200
        assert small_html.count("<time datetime=") == 2
    else:
        assert f"Sag {big.number}" in big_html
        assert 'data-status="videresendt"' in big_html


def test_overview_of_a_complaint_awaiting_approvals_costs_the_same_for_one_party_as_for_four(client):
    """In Udfyldt the overview lists every complainant who has not approved the representation yet."""
    one = make_case(parties=2, documents=0, events=2, status=Status.UDFYLDT, pending=True)
    four = make_case(parties=5, documents=50, events=200, status=Status.UDFYLDT, pending=True)

    login_as_filer(client, one)
    one_queries, one_html = queries(client, reverse("workspaces:case_detail", kwargs={"number": one.number}))
    login_as_filer(client, four)
    four_queries, four_html = queries(client, reverse("workspaces:case_detail", kwargs={"number": four.number}))

    assert four_queries == one_queries
    assert one_html.count("data-missing-approval") == 1
    assert four_html.count("data-missing-approval") == 4


def test_documents_tab_lists_only_the_documents_the_person_may_see(client):
    case = make_case(parties=2, documents=3, events=0, status=Status.INDSENDT)
    CaseDocumentFactory(case=case, added_by=None, added_by_role=PartyRole.FIRST_INSTANCE, document__sha256="f" * 64)

    login_as_filer(client, case)
    count, html = queries(client, reverse("workspaces:case_documents", kwargs={"number": case.number}))

    assert len(re.findall(r'href="/sag/[^"]+/dokumenter/\d+/"', html)) == 3  # not the first instance's, yet
