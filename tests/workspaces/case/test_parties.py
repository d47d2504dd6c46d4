"""The Parter tab: "Tilføj parter" (FI-5), the representative (CW-4) and a party's e-mail (CW-5, CW-6)."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from klageportal.cases.models import CaseEvent, Party, PartyRole, Status
from klageportal.casework.digest import digest_compose
from klageportal.documents.models import CaseDocument
from klageportal.notifications.models import OutboxEmail
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def url(name: str, case, **kwargs) -> str:
    return reverse(f"workspaces:{name}", kwargs={"number": case.number, **kwargs})


def digest_addresses() -> set[str]:
    """Who the next daily digest tells of news in the last hour."""
    now = timezone.now()
    return {item.to for item in digest_compose(since=now - timedelta(hours=1), until=now)}


def parties_page(client, user, case) -> str:
    client.force_login(user)
    response = client.get(url("case_parties", case))
    assert response.status_code == 200
    return response.content.decode()


def test_first_instance_adds_a_party_without_email_and_the_flags_show(client, make_case, fi_staff):
    """FI-5: the authority's address is used, the party is flagged, and the tab shows it to the first instance."""
    case = make_case(Status.INDSENDT)
    assert "Tilføj parter" in parties_page(client, fi_staff, case)
    response = client.post(
        url("case_party_add", case),
        {
            "name": "Nabo Uden Mail",
            "kind": "person",
            "no_email": "on",
            "digital_post_exempt": "on",
            "address": "Skovvej 2, 8800 Viborg",
        },
    )
    assert response.status_code == 302 and response["Location"] == url("case_parties", case)
    party = Party.objects.get(case=case, name="Nabo Uden Mail")
    assert (party.email, party.no_email, party.digital_post_exempt, party.proposed, party.role) == (
        case.authority.email,
        True,
        True,
        True,
        PartyRole.OTHER,
    )
    html = parties_page(client, fi_staff, case)
    assert "Har ingen e-mail – skriv med post" in html and "Fritaget for Digital Post" in html
    assert "afventer nævnets bekræftelse" in html


def test_add_party_form_asks_for_an_email_or_the_no_email_box_and_a_valid_number(client, make_case, fi_staff):
    case = make_case(Status.INDSENDT)
    client.force_login(fi_staff)
    response = client.post(url("case_party_add", case), {"name": "X", "kind": "person", "number": "123"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Skriv partens e-mail, eller sæt kryds ved „Parten har ingen e-mail“." in html
    assert "CPR-nummeret skal have 10 cifre" in html
    response = client.post(url("case_party_add", case), {"name": "X", "kind": "person", "no_email": "on"})
    assert "Skriv partens adresse" in response.content.decode()
    assert not Party.objects.filter(case=case, name="X").exists()


def test_add_party_page_is_refused_once_forwarded(client, make_case, fi_staff):
    case = make_case(Status.VIDERESENDT)
    client.force_login(fi_staff)
    assert client.get(url("case_party_add", case)).status_code == 403
    assert "Tilføj parter" not in parties_page(client, fi_staff, case)


def test_complainant_replaces_the_representative(client, make_case, complainant, filer):
    """CW-4: the new representative, a document on the case, and news for the daily digest."""
    case = make_case(Status.INDSENDT)
    html = parties_page(client, complainant, case)
    assert "Skift repræsentant" in html and "Fjern repræsentant" in html
    lawyer = CitizenFactory()
    response = client.post(
        url("case_representative", case),
        {"kind": "person", "number": lawyer.cpr, "name": "Advokat Ny", "email": "ny@advokat.dk"},
    )
    assert response.status_code == 302
    assert case.parties.get(role=PartyRole.REPRESENTATIVE, removed_at__isnull=True).name == "Advokat Ny"
    assert CaseDocument.objects.filter(case=case, document__original_name__startswith="repraesentation-").exists()
    assert not OutboxEmail.objects.filter(case=case, to="ny@advokat.dk").exists()  # told in the daily digest
    assert "ny@advokat.dk" in digest_addresses()
    client.force_login(filer)
    assert client.get(url("case_parties", case)).status_code == 404  # the former representative: no access


def test_removing_the_representative_asks_first(client, make_case, complainant):
    """CW-4: a page of its own asks before anything changes (no script needed)."""
    case = make_case(Status.INDSENDT)
    client.force_login(complainant)
    response = client.get(url("case_representative_remove", case))
    assert "Vil du fjerne din repræsentant?" in response.content.decode()
    assert case.parties.filter(role=PartyRole.REPRESENTATIVE, removed_at__isnull=True).exists()
    response = client.post(url("case_representative_remove", case))
    assert response.status_code == 302
    assert not case.parties.filter(role=PartyRole.REPRESENTATIVE, removed_at__isnull=True).exists()
    assert CaseEvent.objects.filter(case=case, data__removed=True).exists()
    html = parties_page(client, complainant, case)
    assert "Angiv en repræsentant" in html and "Fjern repræsentant" not in html


def test_after_forwarding_the_complainant_sends_a_power_of_attorney(client, make_case, complainant, catalogue):
    """CW-4: after Videresendt til nævn the page takes a document instead, labelled "fuldmagt"."""
    case = make_case(Status.VIDERESENDT)
    html = parties_page(client, complainant, case)
    assert "Oplys om ny repræsentant" in html and "Fjern repræsentant" not in html
    page = client.get(url("case_representative", case)).content.decode()
    assert "Fuldmagt eller oplysning om, hvem der repræsenterer dig" in page
    assert client.get(url("case_representative_remove", case)).status_code == 403
    upload = SimpleUploadedFile("fuldmagt.pdf", b"%PDF-1.4 fuldmagt", content_type="application/pdf")
    response = client.post(url("case_representative", case), {"files": [upload]})
    assert response.status_code == 302
    link = CaseDocument.objects.get(case=case, document__original_name="fuldmagt.pdf")
    assert list(link.categories.values_list("slug", flat=True)) == ["fuldmagt"]
    assert case.parties.filter(role=PartyRole.REPRESENTATIVE, removed_at__isnull=True).exists()


def test_representative_may_not_change_itself(client, make_case, filer):
    case = make_case(Status.INDSENDT)
    html = parties_page(client, filer, case)
    assert "Skift repræsentant" not in html
    assert client.get(url("case_representative", case)).status_code == 403
    assert client.post(url("case_representative_remove", case)).status_code == 403


def test_party_changes_its_email_with_the_pencil(client, make_case, complainant):
    """CW-5, CW-6: "Ret e-mail for <navn>" on the own row only; the new document is on the documents tab."""
    case = make_case(Status.INDSENDT)
    own = case.parties.get(cpr=complainant.cpr)
    html = parties_page(client, complainant, case)
    assert html.count("Ret e-mail for") == 1 and f"Ret e-mail for {own.name}" in html
    response = client.post(url("case_party_email", case, party=own.pk), {"email": "karla@ny.dk"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.email == "karla@ny.dk"
    documents = client.get(url("case_documents", case)).content.decode()
    assert "kontaktoplysninger-" in documents
    assert case.authority.email in digest_addresses()  # CW-6: told in the daily digest (NT-2)


def test_email_page_of_another_partys_row_is_refused(client, make_case, complainant):
    case = make_case(Status.INDSENDT)
    other = case.parties.get(is_filer=True)
    client.force_login(complainant)
    assert client.get(url("case_party_email", case, party=other.pk)).status_code == 403
    response = client.post(url("case_party_email", case, party=other.pk), {"email": "x@example.dk"})
    assert response.status_code == 403
    assert Party.objects.get(pk=other.pk).email != "x@example.dk"


def test_email_form_refuses_an_invalid_address(client, make_case, complainant):
    case = make_case(Status.INDSENDT)
    own = case.parties.get(cpr=complainant.cpr)
    client.force_login(complainant)
    response = client.post(url("case_party_email", case, party=own.pk), {"email": "ikke-en-adresse"})
    assert response.status_code == 200 and "form-error" in response.content.decode()
    assert Party.objects.get(pk=own.pk).email == own.email
