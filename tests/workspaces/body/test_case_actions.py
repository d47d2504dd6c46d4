"""The appeals body's pages on a case's status: "Skift status" (BD-2), "Træf afgørelse" (BD-3, BD-9), "Afvis: ikke
indgivet via klageportalen" (BD-7), principled treatment (BD-9), "Afslut sagen", "Genåbn sagen" (FI-6, BD-5); and
what the parties see of the status and the decision on the overview."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from klageportal.cases.models import Case, Status
from klageportal.cases.statuses import GUIDE
from klageportal.casework.models import Decision, ResponseForm
from tests.casework.services.test_decisions import PDF, snapshot
from tests.factories import AuthorityUserFactory, BodyStaffFactory, CaseFactory, CitizenFactory, ComplaintTypeFactory

pytestmark = pytest.mark.django_db


def url(name: str, case: Case) -> str:
    return reverse(f"workspaces:{name}", kwargs={"number": case.number})


@pytest.fixture
def complainant(db):
    return CitizenFactory(full_name="Karla Klager")


@pytest.fixture
def case(complainant) -> Case:
    return CaseFactory(status=Status.VIDERESENDT, submitted_at=timezone.now(), created_by=complainant)


@pytest.fixture
def caseworker(case):
    return BodyStaffFactory(boards=[case.board], full_name="Nina Nævn")


def checked(page: str, value: str) -> bool:
    return f'value="{value}" checked' in page


# --- BD-2: Skift status ---------------------------------------------------------------------------------------


def test_the_status_page_offers_only_the_moves_the_table_allows(client, case, caseworker):
    client.force_login(caseworker)
    page = client.get(url("body_status_change", case)).content.decode()
    for offered in ("under_behandling", "afventer_naevn", "tilbagekaldt"):
        assert f'value="{offered}"' in page
    for not_offered in ("videresendt", "afgjort", "afvist", "afsluttet"):
        assert f'name="to" id="id_to_0" value="{not_offered}"' not in page
        assert f'value="{not_offered}"' not in page


def test_a_status_without_a_choice_shows_the_error_at_the_field_and_keeps_the_note(client, case, caseworker):
    client.force_login(caseworker)
    before = snapshot(case)
    response = client.post(url("body_status_change", case), {"reason": "Min note"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_to_0"' in page and 'id="group-id_to"' in page and "form-error" in page
    assert "Min note" in page
    assert snapshot(case) == before


def test_a_withdrawal_without_the_reason_shows_the_error_at_the_reason_and_keeps_the_choice(client, case, caseworker):
    client.force_login(caseworker)
    before = snapshot(case)
    page = client.post(url("body_status_change", case), {"to": "tilbagekaldt", "reason": " "}).content.decode()
    assert 'href="#id_reason"' in page and "hvordan klageren har trukket klagen tilbage" in page
    assert checked(page, "tilbagekaldt")
    assert snapshot(case) == before


def test_a_status_change_moves_the_case_and_the_parties_see_its_meaning(client, case, caseworker, complainant):
    client.force_login(caseworker)
    response = client.post(url("body_status_change", case), {"to": "afventer_naevn", "reason": ""})
    assert response.status_code == 302 and response["Location"] == url("case_detail", case)
    case.refresh_from_db()
    assert case.status == Status.AFVENTER_NAEVN
    client.force_login(complainant)
    page = client.get(url("case_detail", case)).content.decode()
    assert 'data-case-status="afventer_naevn"' in page
    assert escape(str({g.status: g.meaning for g in GUIDE}[Status.AFVENTER_NAEVN])) in page
    assert "Nina Nævn" in client.get(url("case_history", case)).content.decode()


BODY_STATUSES = [
    Status.VIDERESENDT,
    Status.UNDER_BEHANDLING,
    Status.AFVENTER_NAEVN,
    Status.AFGJORT,
    Status.AFVIST,
    Status.TILBAGEKALDT,
    Status.AFSLUTTET,
]


@pytest.mark.parametrize("status", BODY_STATUSES)
def test_the_parties_see_every_body_status_with_its_plain_explanation(client, complainant, status):
    """BD-2: the case page shows what the status means, for each status after forwarding."""
    case = CaseFactory(status=status, created_by=complainant, forwarded_at=timezone.now())
    client.force_login(complainant)
    page = client.get(url("case_detail", case)).content.decode()
    meaning = next(guide.meaning for guide in GUIDE if guide.status == status)
    assert f'data-case-status="{status}"' in page
    assert escape(str(meaning)) in page


def test_a_case_not_yet_forwarded_shows_no_body_status(client, complainant):
    case = CaseFactory(status=Status.INDSENDT, created_by=complainant)
    client.force_login(complainant)
    assert "data-case-status" not in client.get(url("case_detail", case)).content.decode()


# --- BD-3, BD-9: Træf afgørelse -------------------------------------------------------------------------------


def test_a_decision_without_its_document_shows_the_error_at_the_field_and_keeps_the_outcome(client, case, caseworker):
    client.force_login(caseworker)
    before = snapshot(case)
    page = client.post(url("body_decision", case), {"outcome": "hjemvist", "principle_decision": "on"}).content.decode()
    assert 'href="#id_document"' in page and "Vælg afgørelsen som PDF-fil." in page
    assert checked(page, "hjemvist") and 'id="id_principle_decision" checked' in page
    assert snapshot(case) == before


def test_a_decision_that_is_no_pdf_is_refused_at_the_field(client, case, caseworker):
    client.force_login(caseworker)
    before = snapshot(case)
    upload = SimpleUploadedFile("afgoerelse.docx", b"PK\x03\x04", content_type="application/octet-stream")
    page = client.post(url("body_decision", case), {"outcome": "stadfaestet", "document": upload}).content.decode()
    assert 'id="group-id_document"' in page and "Afgørelsen skal være en PDF-fil." in page
    assert checked(page, "stadfaestet")
    assert snapshot(case) == before


def test_a_decision_is_uploaded_and_the_complainant_sees_the_outcome_and_the_document(
    client, case, caseworker, complainant
):
    client.force_login(caseworker)
    upload = SimpleUploadedFile("afgoerelse.pdf", PDF, content_type="application/pdf")
    response = client.post(url("body_decision", case), {"outcome": "aendret", "document": upload})
    assert response.status_code == 302
    case.refresh_from_db()
    decision = Decision.objects.get(case=case)
    assert case.status == Status.AFGJORT and case.closed_at is not None
    client.force_login(complainant)
    page = client.get(url("case_detail", case)).content.decode()
    assert 'data-decision-outcome="aendret"' in page and "Ændret eller ophævet" in page
    download = reverse("workspaces:case_document_download", kwargs={"number": case.number, "pk": decision.document_id})
    assert download in page
    assert client.get(download).status_code == 200
    assert "afgoerelse.pdf" in client.get(url("case_documents", case)).content.decode()


# --- Afslut sagen ---------------------------------------------------------------------------------------------


def test_afslut_sagen_closes_a_decided_case_and_is_refused_before(client, case, caseworker):
    client.force_login(caseworker)
    before = snapshot(case)
    response = client.post(url("body_case_close", case), follow=True)
    assert "kan ikke bruges, når sagen har status" in response.content.decode()
    assert snapshot(case) == before
    Case.objects.filter(pk=case.pk).update(status=Status.AFGJORT, closed_at=timezone.now())
    assert "Afslut sagen" in client.get(url("case_detail", case)).content.decode()
    assert client.post(url("body_case_close", case)).status_code == 302
    case.refresh_from_db()
    assert case.status == Status.AFSLUTTET


def test_the_panel_marks_the_decision_a_principle_decision(client, case, caseworker):
    """BD-9."""
    client.force_login(caseworker)
    before = snapshot(case)
    response = client.post(url("body_principle_decision", case), {"principle_decision": "ja"}, follow=True)
    assert "kan ikke bruges, når sagen har status" in response.content.decode()  # no decision yet
    assert snapshot(case) == before
    upload = SimpleUploadedFile("afgoerelse.pdf", PDF, content_type="application/pdf")
    client.post(url("body_decision", case), {"outcome": "stadfaestet", "document": upload})
    page = client.get(url("case_detail", case)).content.decode()
    assert "Markér afgørelsen som principafgørelse" in page
    assert client.post(url("body_principle_decision", case), {"principle_decision": "ja"}).status_code == 302
    assert Decision.objects.get(case=case).principle_decision
    page = client.get(url("case_detail", case)).content.decode()
    assert "Fjern markeringen som principafgørelse" in page
    assert "Afgørelsen er en principafgørelse og offentliggøres." in page


# --- BD-9: principled treatment -------------------------------------------------------------------------------


def test_the_panel_shows_the_municipalitys_flag_and_marks_the_case(client, case, caseworker, complainant):
    ResponseForm.objects.create(case=case, principled=True, principled_reason="Ny praksis for tilskud")
    client.force_login(caseworker)
    page = client.get(url("case_detail", case)).content.decode()
    assert "data-municipality-principled" in page and "Ny praksis for tilskud" in page
    assert 'data-principled-treatment="nej"' in page
    assert client.post(url("body_principled", case), {"principled": "ja"}).status_code == 302
    case.refresh_from_db()
    assert case.principled_treatment
    assert 'data-principled-treatment="ja"' in client.get(url("case_detail", case)).content.decode()
    before = snapshot(case)
    client.post(url("body_principled", case), {"principled": "maaske"})
    assert snapshot(case) == before
    client.force_login(complainant)
    assert "data-body-status-panel" not in client.get(url("case_detail", case)).content.decode()


# --- BD-7: Afvis: ikke indgivet via klageportalen -------------------------------------------------------------


def test_dismissal_needs_the_confirmation_then_the_case_is_afvist(client, case, caseworker):
    client.force_login(caseworker)
    before = snapshot(case)
    page = client.post(url("body_dismiss_not_via_portal", case), {}).content.decode()
    assert 'href="#id_confirmed"' in page
    assert snapshot(case) == before
    assert client.post(url("body_dismiss_not_via_portal", case), {"confirmed": "on"}).status_code == 302
    case.refresh_from_db()
    assert case.status == Status.AFVIST


def test_dismissal_of_an_exempt_complainants_complaint_is_refused_with_why(client, case, caseworker):
    Case.objects.filter(pk=case.pk).update(filed_for_exempt_citizen=True)
    client.force_login(caseworker)
    assert "data-dismiss-obstacle" in client.get(url("case_detail", case)).content.decode()
    before = snapshot(case)
    page = client.post(url("body_dismiss_not_via_portal", case), {"confirmed": "on"}).content.decode()
    assert "data-dismiss-obstacle" in page and "fritaget for digital selvbetjening" in page
    assert snapshot(case) == before


# --- FI-6, BD-5: Genåbn sagen ---------------------------------------------------------------------------------


def test_a_case_reopened_by_mistake_is_restored_with_a_reason(client, complainant):
    case = CaseFactory(
        status=Status.GENOPTAGET, submitted_at=timezone.now(), closed_at=timezone.now(), created_by=complainant
    )
    caseworker = BodyStaffFactory(boards=[case.board])
    client.force_login(caseworker)
    page = client.get(url("case_detail", case)).content.decode()
    assert "data-reopened-board" in page and url("body_case_restore", case) in page
    before = snapshot(case)
    page = client.post(url("body_case_restore", case), {"reason": "  "}).content.decode()
    assert 'href="#id_reason"' in page
    assert snapshot(case) == before
    response = client.post(url("body_case_restore", case), {"reason": "Kommunen ringede"})
    assert response.status_code == 302 and response["Location"] == reverse("workspaces:body_inbox")
    case.refresh_from_db()
    assert case.status == Status.INDSENDT and case.closed_at is None
    staff = AuthorityUserFactory(authority=case.authority)
    client.force_login(staff)
    assert case.number in client.get(reverse("workspaces:authority_inbox")).content.decode()
    client.force_login(complainant)
    assert "Kommunen ringede" in client.get(url("case_history", case)).content.decode()


def test_restoring_is_offered_only_on_a_reopened_case(client, case, caseworker):
    client.force_login(caseworker)
    before = snapshot(case)
    response = client.post(url("body_case_restore", case), {"reason": "Fejl"}, follow=True)
    assert "kan ikke bruges, når sagen har status" in response.content.decode()
    assert snapshot(case) == before


# --- Everyone else is refused ---------------------------------------------------------------------------------

PAGES = [
    ("body_status_change", {"to": "under_behandling", "reason": "x"}),
    ("body_decision", {"outcome": "stadfaestet"}),
    ("body_dismiss_not_via_portal", {"confirmed": "on"}),
    ("body_case_close", {}),
    ("body_principled", {"principled": "ja"}),
    ("body_case_restore", {"reason": "x"}),
    ("body_principle_decision", {"principle_decision": "ja"}),
]


@pytest.mark.parametrize(("name", "data"), PAGES)
@pytest.mark.parametrize("who", ["other_caseworker", "first_instance", "complainant"])
def test_the_pages_are_refused_to_everyone_else(client, case, complainant, name, data, who):
    person = {
        "other_caseworker": BodyStaffFactory(boards=[ComplaintTypeFactory().board]),
        "first_instance": AuthorityUserFactory(authority=case.authority),
        "complainant": complainant,
    }[who]
    client.force_login(person)
    before = snapshot(case)
    assert client.get(url(name, case)).status_code in (403, 404, 405)
    assert client.post(url(name, case), data).status_code in (403, 404)
    assert snapshot(case) == before


@pytest.mark.parametrize(("name", "data"), PAGES)
def test_the_pages_send_the_anonymous_to_the_login(client, case, name, data):
    before = snapshot(case)
    response = client.post(url(name, case), data)
    assert response.status_code == 302 and "/sag/" not in response["Location"].split("?")[0]
    assert snapshot(case) == before
