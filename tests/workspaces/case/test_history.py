"""The history tab tells no more than the documents tab (X-3, X-6)."""

import pytest
from django.urls import reverse

from klageportal.cases.models import PartyKind, PartyRole, Status
from klageportal.documents.services import case_document_add
from tests.factories import AuthorityUserFactory, CaseFactory, CitizenFactory, DocumentFactory, PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted_case():
    """A complaint in Indsendt; the municipality has added an internal note it has not forwarded yet."""
    complainant = CitizenFactory(full_name="Mette Hansen")
    case = CaseFactory(status=Status.INDSENDT, created_by=complainant, filer__user=complainant)
    PartyFactory(case=case, role=PartyRole.COMPLAINANT, kind=PartyKind.PERSON, cpr=complainant.cpr)
    staff = AuthorityUserFactory(authority=case.authority)
    note = DocumentFactory(original_name="intern-notat-viborg.pdf", sha256="a" * 64)
    case_document_add(case=case, document=note, by=staff, role=PartyRole.FIRST_INSTANCE)
    appeal = DocumentFactory(original_name="min-klage.pdf", sha256="b" * 64)
    case_document_add(case=case, document=appeal, by=complainant, role=PartyRole.COMPLAINANT)
    return case, complainant, staff


def page(client, user, case, tab: str) -> str:
    client.force_login(user)
    response = client.get(reverse(f"workspaces:case_{tab}", kwargs={"number": case.number}))
    assert response.status_code == 200
    return response.content.decode()


def test_complainants_history_does_not_name_a_first_instance_document_they_may_not_see_yet(client, submitted_case):
    case, complainant, _staff = submitted_case
    assert "intern-notat-viborg.pdf" not in page(client, complainant, case, "documents")
    history = page(client, complainant, case, "history")
    assert "intern-notat-viborg.pdf" not in history
    assert "Dokument tilføjet: min-klage.pdf" in history


def test_first_instance_history_names_its_own_document(client, submitted_case):
    case, _complainant, staff = submitted_case
    history = page(client, staff, case, "history")
    assert "Dokument tilføjet: intern-notat-viborg.pdf" in history
    assert "Dokument tilføjet: min-klage.pdf" in history
