"""Step "Dokumenter": files still chosen in the field when "Næste" is pressed go with the step (issue 12, item 3)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from klageportal.cases.models import Case
from klageportal.documents.models import Document
from klageportal.filing.steps import Step

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def _step(case, step):
    return reverse("filing:step", kwargs={"number": case.number, "step": step})


def _pdf(name: str = "afgoerelse.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def _names(case) -> list[str]:
    return sorted(case.documents.values_list("document__original_name", flat=True))


@pytest.fixture
def draft(client, filing_world, person):
    """Mette's draft, on own behalf, up to step "Dokumenter"."""
    client.force_login(person("mette"))
    client.post(reverse("filing:start"), {"complaint_type": filing_world["type"].pk})
    case = Case.objects.order_by("-pk").first()
    client.post(_step(case, "klager"), {"capacity": "own"})
    client.post(_step(case, "kontakt"), {"email": "mette@example.dk", "phone": "", "address": "Skovvej 4"})
    return case


@pytest.mark.django_db
def test_next_uploads_the_files_still_chosen_and_moves_on(client, draft):
    """Without JavaScript "Næste" posts the upload form: the chosen files are stored and the step is done."""
    response = client.post(_step(draft, "dokumenter"), {"action": "next", "files": [_pdf(), _pdf("kort.pdf")]})
    assert response.status_code == 302
    assert response["Location"] == _step(draft, "opsummering")
    assert _names(draft) == ["afgoerelse.pdf", "kort.pdf"]
    draft.filing.refresh_from_db()
    assert Step.DOCUMENTS in draft.filing.steps_done
    summary = client.get(response["Location"]).content.decode()
    assert "afgoerelse.pdf" in summary and "Ingen dokumenter" not in summary


@pytest.mark.django_db
def test_a_refused_file_stops_the_step_with_its_reason_at_the_field_and_the_accepted_one_is_kept(client, draft):
    virus = SimpleUploadedFile("eicar.txt", EICAR, content_type="text/plain")
    response = client.post(_step(draft, "dokumenter"), {"action": "next", "files": [_pdf(), virus]})
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"<title>\s*Fejl:", html)
    group = re.search(r'<div class="form-group mt-0 form-error" data-upload-group>(.*?)</div>\s*</div>', html, re.S)
    assert group, "the file field is not in its error state"
    assert 'id="id_files-error"' in group.group(1)
    assert "eicar.txt: Filen indeholder virus eller anden skadelig kode og er afvist" in group.group(1)
    assert 'aria-describedby="id_files_hint id_files-error" aria-invalid="true"' in group.group(1)
    assert "afgoerelse.pdf er uploadet." in html
    assert _names(draft) == ["afgoerelse.pdf"]  # the accepted file is not lost
    assert not Document.objects.filter(original_name="eicar.txt").exists()
    draft.filing.refresh_from_db()
    assert Step.DOCUMENTS not in draft.filing.steps_done


@pytest.mark.django_db
def test_next_without_files_moves_on_as_before(client, draft):
    response = client.post(_step(draft, "dokumenter"), {"action": "next"})
    assert response["Location"] == _step(draft, "opsummering")
    assert _names(draft) == []


@pytest.mark.django_db
def test_next_is_a_button_of_the_upload_form(client, draft):
    """The "Næste" button names the upload form, so the browser sends the chosen files with it."""
    html = client.get(_step(draft, "dokumenter")).content.decode()
    form = re.search(r"<form [^>]*>", html[html.index('id="upload-form"') - 200 :]).group(0)
    assert 'enctype="multipart/form-data"' in form and 'id="upload-form"' in form
    next_button = re.search(r'<button [^>]*value="next"[^>]*>', html).group(0)
    assert 'form="upload-form"' in next_button
    assert 'name="action" value="upload" data-upload-button' in html


@pytest.mark.django_db
def test_nobody_else_can_send_files_with_next_on_the_draft(client, draft, person):
    for other in ("jens", "birgitte"):
        client.force_login(person(other))
        response = client.post(_step(draft, "dokumenter"), {"action": "next", "files": [_pdf()]})
        assert response.status_code in (403, 404), other
    assert _names(draft) == []
    assert not Document.objects.exists()
    draft.filing.refresh_from_db()
    assert Step.DOCUMENTS not in draft.filing.steps_done
