"""CW-4, CW-6: a changed contact detail or representative puts a document on the case and tells its parties."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from klageportal.cases import policies
from klageportal.cases.models import CaseEvent, PartyKind, PartyRole, Status
from klageportal.cases.services.parties import party_propose
from klageportal.casework.services.parties import (
    new_documents_recipients,
    party_email_change,
    representative_remove,
    representative_replace,
)
from klageportal.documents.models import CaseDocument, Document
from klageportal.notifications.models import OutboxEmail
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def _state(case) -> tuple:
    parties = tuple(case.parties.order_by("pk").values_list("pk", "email", "removed_at"))
    return (
        parties,
        CaseEvent.objects.filter(case=case).count(),
        CaseDocument.objects.filter(case=case).count(),
        Document.objects.count(),
        OutboxEmail.objects.filter(case=case).count(),
    )


def test_email_change_adds_a_pdf_with_the_new_details_and_tells_the_other_parties(make_case, complainant, filer):
    """CW-5, CW-6: the document is the party's, a PDF; every other party and the first instance get a link."""
    case = make_case(Status.VIDERESENDT)
    party = case.parties.get(cpr=complainant.cpr)
    link = party_email_change(party=party, by=complainant, email="karla.ny@example.dk")
    assert link is not None
    assert (link.case, link.added_by, link.added_by_role) == (case, complainant, PartyRole.COMPLAINANT)
    document = link.document
    assert document.original_name.startswith("kontaktoplysninger-") and document.original_name.endswith(".pdf")
    with document.file.open("rb") as stream:
        assert stream.read(5) == b"%PDF-"
    assert policies.can_view_document(filer, link)
    emails = OutboxEmail.objects.filter(case=case)
    recipients = sorted(emails.values_list("to", flat=True))
    others = sorted([case.authority.email, *case.parties.exclude(pk=party.pk).values_list("email", flat=True)])
    assert recipients == others
    assert "karla.ny@example.dk" not in recipients
    body = emails.first().body
    assert f"/sag/{case.number}/dokumenter/" in body and "karla.ny@example.dk" not in body
    party.refresh_from_db()
    assert party.email == "karla.ny@example.dk"


def test_nobody_without_email_or_not_yet_confirmed_is_told(make_case, complainant, fi_staff):
    """FI-5, BD-8: a party without e-mail gets letters by post; a proposed party hears nothing yet."""
    case = make_case(Status.INDSENDT)
    party_propose(case=case, by=fi_staff, name="Uden E-mail", kind=PartyKind.PERSON, no_email=True)
    party_propose(case=case, by=fi_staff, name="Foreslået", kind=PartyKind.PERSON, email="foreslaaet@example.dk")
    recipients = new_documents_recipients(case=case, role=PartyRole.COMPLAINANT)
    assert "foreslaaet@example.dk" not in recipients
    assert recipients.count(case.authority.email) == 1  # once, though the party without e-mail carries it


def test_first_instance_documents_are_announced_only_to_it_before_forwarding(make_case):
    """X-6: what the first instance adds stays with it until it forwards the case."""
    case = make_case(Status.INDSENDT)
    assert new_documents_recipients(case=case, role=PartyRole.FIRST_INSTANCE) == [case.authority.email]


def test_unchanged_email_adds_nothing(make_case, complainant):
    case = make_case(Status.INDSENDT)
    party = case.parties.get(cpr=complainant.cpr)
    before = _state(case)
    assert party_email_change(party=party, by=complainant, email=party.email) is None
    assert _state(case) == before


def test_email_change_refused_changes_nothing(make_case, complainant, filer, stranger, fi_staff, caseworker):
    case = make_case(Status.VIDERESENDT)
    party = case.parties.get(cpr=complainant.cpr)
    before = _state(case)
    for user in (filer, stranger, fi_staff, caseworker, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            party_email_change(party=party, by=user, email="x@example.dk")
    assert _state(case) == before


def test_representative_replace_adds_a_document_and_tells_the_new_representative(make_case, complainant, filer):
    """CW-4, CW-6: the new representative hears of the case by e-mail; the removed one hears only that it no longer
    represents the complainant, without a link to the case."""
    case = make_case(Status.INDSENDT)
    former = case.parties.get(is_filer=True)
    lawyer = CitizenFactory()
    party, link = representative_replace(
        case=case, by=complainant, name="Advokat Ny", kind=PartyKind.PERSON, cpr=lawyer.cpr, email="ny@advokat.dk"
    )
    assert link.document.original_name.startswith("repraesentation-")
    assert link.added_by_role == PartyRole.COMPLAINANT
    emails = OutboxEmail.objects.filter(case=case)
    recipients = set(emails.exclude(to=former.email).values_list("to", flat=True))
    assert "ny@advokat.dk" in recipients and case.authority.email in recipients
    (notice,) = emails.filter(to=former.email)
    assert "ikke længere" in notice.subject and case.number in notice.body
    assert "/sag/" not in notice.body
    assert policies.can_view_document(lawyer, link)
    assert not policies.can_view_case(filer, case)


def test_representative_remove_adds_a_document(make_case, complainant):
    case = make_case(Status.INDSENDT)
    link = representative_remove(case=case, by=complainant)
    assert link.document.original_name.endswith(".pdf")
    assert not case.parties.filter(role=PartyRole.REPRESENTATIVE, removed_at__isnull=True).exists()
    assert OutboxEmail.objects.filter(case=case, to=case.authority.email).exists()


def test_the_removed_representative_is_told_once_that_it_no_longer_has_access(make_case, complainant):
    case = make_case(Status.INDSENDT)
    former = case.parties.get(role=PartyRole.REPRESENTATIVE)
    representative_remove(case=case, by=complainant)
    (notice,) = OutboxEmail.objects.filter(case=case, to=former.email)
    assert notice.subject == f"Du repræsenterer ikke længere klageren i sag {case.number}"
    assert "ikke længere adgang til sagen" in notice.body and "/sag/" not in notice.body


@pytest.mark.parametrize("status", [Status.UDFYLDT, Status.VIDERESENDT])
def test_representative_change_refused_changes_nothing(make_case, complainant, filer, fi_staff, caseworker, status):
    case = make_case(status)
    before = _state(case)
    for user in (complainant, filer, fi_staff, caseworker, AnonymousUser()):
        if status == Status.INDSENDT and user == complainant:
            continue
        with pytest.raises(PermissionDenied):
            representative_remove(case=case, by=user)
        with pytest.raises(PermissionDenied):
            representative_replace(case=case, by=user, name="X", kind=PartyKind.PERSON, email="x@example.dk")
    assert _state(case) == before
