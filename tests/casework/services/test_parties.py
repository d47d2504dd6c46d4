"""CW-4, CW-6: a changed contact detail or representative puts a document on the case and tells its parties
(in their next daily digest, NT-2)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from klageportal.cases import policies
from klageportal.cases.models import CaseEvent, PartyKind, PartyRole, Status
from klageportal.cases.services.parties import party_propose
from klageportal.casework.digest import digest_compose
from klageportal.casework.services.parties import (
    party_email_change,
    representative_remove,
    representative_replace,
)
from klageportal.documents.models import CaseDocument, Document
from klageportal.notifications.models import OutboxEmail
from tests.factories import CaseDocumentFactory, CitizenFactory

pytestmark = pytest.mark.django_db


def digest() -> dict[str, tuple[str, ...]]:
    """Who the next daily digest tells, and of which cases."""
    now = timezone.now()
    return {item.to: item.case_numbers for item in digest_compose(since=now - timedelta(hours=1), until=now)}


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
    """CW-5, CW-6: the document is the party's, a PDF; every other party and the first instance hear of it in the
    daily digest."""
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
    assert not OutboxEmail.objects.filter(case=case).exists()  # no e-mail at once: news waits for the digest
    told = digest()
    others = {case.authority.email, *case.parties.exclude(pk=party.pk).values_list("email", flat=True)}
    assert set(told) == others
    assert "karla.ny@example.dk" not in told  # the party made the change itself
    assert all(numbers == (case.number,) for numbers in told.values())
    party.refresh_from_db()
    assert party.email == "karla.ny@example.dk"


def test_nobody_without_email_or_not_yet_confirmed_is_told(make_case, complainant, fi_staff):
    """FI-5, BD-8: a party without e-mail gets letters by post; a proposed party hears nothing yet."""
    case = make_case(Status.INDSENDT)
    party_propose(case=case, by=fi_staff, name="Uden E-mail", kind=PartyKind.PERSON, no_email=True)
    party_propose(case=case, by=fi_staff, name="Foreslået", kind=PartyKind.PERSON, email="foreslaaet@example.dk")
    party_email_change(party=case.parties.get(cpr=complainant.cpr), by=complainant, email="karla.ny@example.dk")
    told = digest()
    assert "foreslaaet@example.dk" not in told
    assert told[case.authority.email] == (case.number,)  # once, though the party without e-mail carries it


def test_first_instance_documents_are_announced_only_to_it_before_forwarding(make_case, fi_staff, complainant):
    """X-6: what the first instance adds stays with it until it forwards the case."""
    case = make_case(Status.INDSENDT)
    link = CaseDocumentFactory(case=case, added_by=fi_staff, added_by_role=PartyRole.FIRST_INSTANCE)
    CaseEvent.record(
        case=case, kind=CaseEvent.Kind.DOCUMENT, text="Dokument tilføjet", data={"document": link.document_id}
    )
    assert set(digest()) == {case.authority.email}


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
    assert not emails.exclude(to=former.email).exists()  # the others hear of it in the digest
    told = digest()
    assert told["ny@advokat.dk"] == told[case.authority.email] == (case.number,)
    assert former.email not in told
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
    assert not OutboxEmail.objects.filter(case=case, to=case.authority.email).exists()
    assert digest()[case.authority.email] == (case.number,)


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
