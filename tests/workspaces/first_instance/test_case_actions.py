"""The first instance's pages on a case: the orange box, the response form, Genoptag and Videresend (FI-4/6/7)."""

import io
import zipfile

import pytest
from django.urls import reverse

from klageportal.cases.models import PartyRole, Status
from klageportal.casework.models import ResponseForm
from klageportal.documents.models import CaseDocument
from klageportal.notifications.models import OutboxEmail
from tests.casework.conftest import FILLED, category, first_instance_document, snapshot
from tests.factories import CaseDocumentFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


def url(name: str, case) -> str:
    return reverse(f"workspaces:{name}", kwargs={"number": case.number})


def form_data(**answers) -> dict:
    data = {**FILLED, **answers}
    for name in ("maintains_decision", "principled"):
        if isinstance(data.get(name), bool):
            data[name] = "ja" if data[name] else "nej"
    return data


def test_the_orange_box_lists_what_is_left_and_the_actions(client, case, staff, complainant_user):
    """FI-4/FI-7: for the first instance of an Indsendt case; the complainant sees no such box."""
    CaseDocumentFactory(case=case, added_by=complainant_user, added_by_role=PartyRole.COMPLAINANT)
    client.force_login(staff)
    page = client.get(url("case_detail", case)).content.decode()
    assert 'data-todo-response-form="todo"' in page and 'data-todo-labels="todo"' in page
    for name in ("response_form", "case_forward", "case_reopen", "response_form_template", "case_documents"):
        assert url(name, case) in page
    client.force_login(complainant_user)
    assert "data-first-instance-box" not in client.get(url("case_detail", case)).content.decode()


def test_the_response_form_is_saved_as_a_draft_then_attached(client, case, staff):
    client.force_login(staff)
    response = client.post(url("response_form", case), {"comments": "Udkast", "handling": "gem"})
    assert response.status_code == 302 and response["Location"] == url("response_form", case)
    assert ResponseForm.objects.get(case=case).comments == "Udkast"
    page = client.get(url("case_detail", case)).content.decode()
    assert 'data-todo-response-form="draft"' in page
    # Attaching an incomplete form keeps the draft and says at the field what is missing.
    response = client.post(url("response_form", case), {"comments": "Udkast 2", "handling": "vedhaeft"})
    assert response.status_code == 200
    assert "#id_maintains_decision_0" in response.content.decode()
    assert ResponseForm.objects.get(case=case).comments == "Udkast 2"
    response = client.post(url("response_form", case), {**form_data(), "handling": "vedhaeft"})
    assert response.status_code == 302 and response["Location"] == url("case_detail", case)
    assert CaseDocument.objects.filter(case=case, categories__slug="svarskema").count() == 1
    assert 'data-todo-response-form="done"' in client.get(url("case_detail", case)).content.decode()
    assert "data-response-form-attached" in client.get(url("response_form", case)).content.decode()


def test_the_word_template_is_a_word_document_with_the_questions(client, case, staff):
    client.force_login(staff)
    response = client.get(url("response_form_template", case))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'filename="svarskema-{case.number}.docx"')
    with zipfile.ZipFile(io.BytesIO(response.content)) as docx:
        body = docx.read("word/document.xml").decode()
    assert case.number in body
    assert "Rejser sagen en principiel problemstilling?" in body and "Bemærkninger til klagen" in body


def test_forwarding_page_refuses_clearly_when_something_is_missing(client, case, staff):
    client.force_login(staff)
    page = client.get(url("case_forward", case)).content.decode()
    assert "data-forwarding-missing" in page and "data-missing-response-form" in page
    before = snapshot(case)
    response = client.post(url("case_forward", case), {"maintains_decision": "on"})
    assert response.status_code == 200 and "Svarskemaet mangler" in response.content.decode()
    assert snapshot(case) == before


def test_forwarding_needs_the_ticked_confirmation(client, case, staff):
    first_instance_document(case, staff, labels=["svarskema"])
    client.force_login(staff)
    before = snapshot(case)
    response = client.post(url("case_forward", case), {})
    assert response.status_code == 200 and 'href="#id_maintains_decision"' in response.content.decode()
    assert snapshot(case) == before
    response = client.post(url("case_forward", case), {"maintains_decision": "on"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.VIDERESENDT
    assert OutboxEmail.objects.filter(case=case, reason=OutboxEmail.Reason.FORWARDED).exists()
    # Back on a forwarded case, the page sends the caseworker to the overview with why.
    response = client.get(url("case_forward", case), follow=True)
    assert "kan kun bruges, mens sagen har status Indsendt" in response.content.decode()


def test_genoptag_needs_the_reasons_and_the_reminder(client, case, staff, complainant_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff)
    before = snapshot(case)
    response = client.post(url("case_reopen", case), {"parties_informed": "on"})
    assert response.status_code == 200 and 'href="#id_reasons"' in response.content.decode()
    assert snapshot(case) == before
    upload = SimpleUploadedFile("begrundelse.pdf", PDF, content_type="application/pdf")
    response = client.post(url("case_reopen", case), {"parties_informed": "on", "reasons": upload})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.GENOPTAGET
    page = client.get(url("case_detail", case)).content.decode()
    assert "data-reopened-mistake" in page
    client.force_login(complainant_user)
    page = client.get(url("case_detail", case)).content.decode()
    assert "data-genaabning" in page and f"mailto:{case.board.email}" in page
    assert "begrundelse.pdf" in client.get(url("case_documents", case)).content.decode()


@pytest.mark.parametrize("name", ["response_form", "case_reopen", "case_forward", "response_form_template"])
@pytest.mark.parametrize("who", ["other_authority", "complainant", "board_caseworker"])
def test_the_pages_are_refused_to_everyone_else(client, case, outsiders, name, who):
    client.force_login(outsiders[who])
    before = snapshot(case)
    assert client.get(url(name, case)).status_code in (403, 404)
    assert client.post(url(name, case), {**form_data(), "handling": "vedhaeft"}).status_code in (403, 404, 405)
    assert snapshot(case) == before


def test_labels_set_in_the_data_satisfy_the_forwarding_check(client, case, staff, complainant_user):
    link = CaseDocumentFactory(case=case, added_by=complainant_user, added_by_role=PartyRole.COMPLAINANT)
    first_instance_document(case, staff, labels=["svarskema"])
    client.force_login(staff)
    assert "data-forwarding-missing" in client.get(url("case_forward", case)).content.decode()
    link.categories.add(category("klage"))
    assert "data-forwarding-missing" not in client.get(url("case_forward", case)).content.decode()


def test_the_pages_speak_english_when_english_is_chosen(client, case, staff, settings):
    client.force_login(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Before the case can be forwarded to the board" in client.get(url("case_detail", case)).content.decode()
    assert "Does the first instance maintain its decision?" in client.get(url("response_form", case)).content.decode()
    assert "Reopen the case" in client.get(url("case_reopen", case)).content.decode()
    assert "Forward to the board" in client.get(url("case_forward", case)).content.decode()
