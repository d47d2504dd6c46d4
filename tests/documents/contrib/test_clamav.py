"""Against a real ClamAV daemon (Debian's clamav-daemon with a signature file for the EICAR test file): the
EICAR test file is refused on its own and inside an office file, clean files pass, bombs never reach it."""

import io
import os
import random

import pytest
from django.urls import reverse

from klageportal.documents.contrib.eicar.scanner import EICAR
from klageportal.documents.models import Document
from klageportal.documents.scanners import get_scanner
from klageportal.documents.services import document_store
from klageportal.documents.validation import FileRefused
from tests.documents.conftest import REQUIRE_CLAMD_ENV
from tests.documents.zips import MIB, Zeros, docx, odt
from tests.factories import CaseFactory


def _upload(client, case, name, data):
    client.force_login(case.created_by)
    upload = io.BytesIO(data)
    upload.name = name
    url = reverse("workspaces:case_documents", kwargs={"number": case.number})
    return client.post(url, {"files": upload}, HTTP_ACCEPT="application/json")


def test_a_run_that_requires_clamav_scans_every_upload_with_it(settings):
    """In `.ci/run` the upload tests run with KP_DOCUMENT_SCANNER=clamd; a run that lost the setting fails."""
    if not os.environ.get(REQUIRE_CLAMD_ENV):
        pytest.skip(f"only where {REQUIRE_CLAMD_ENV} is set (.ci/run)")
    assert settings.DOCUMENT_SCANNER == "clamd"
    assert os.environ.get("KP_CLAMD_ADDRESS") == settings.CLAMD_ADDRESS


def test_clamav_finds_the_eicar_test_file_alone_and_inside_office_files(clamav):
    scanner = get_scanner()
    assert "Eicar" in scanner.scan(io.BytesIO(EICAR)).signature
    assert not scanner.scan(io.BytesIO(docx(("word/embeddings/oleObject1.bin", EICAR)))).clean
    assert not scanner.scan(io.BytesIO(odt(b"application/vnd.oasis.opendocument.text", ("x.txt", EICAR)))).clean
    assert scanner.scan(io.BytesIO(docx())).clean


@pytest.mark.django_db
def test_the_eicar_test_file_is_refused_through_clamav(clamav):
    with pytest.raises(FileRefused) as refusal:
        document_store(name="virus.txt", size=len(EICAR), stream=io.BytesIO(EICAR), by=None)
    assert refusal.value.code == "malware"
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_a_docx_holding_the_eicar_test_file_is_refused_on_the_case_page_and_a_clean_one_stored(client, clamav):
    case = CaseFactory()
    infected = _upload(client, case, "bilag.docx", docx(("word/embeddings/oleObject1.bin", EICAR)))
    clean = _upload(client, case, "notat.docx", docx())

    assert infected.json()["files"][0]["code"] == "malware"
    assert clean.json()["files"][0]["ok"]
    assert list(Document.objects.values_list("original_name", flat=True)) == ["notat.docx"]


@pytest.mark.django_db
def test_a_bomb_is_refused_before_it_reaches_clamav(client, clamav):
    case = CaseFactory()
    response = _upload(client, case, "bilag.odt", odt(Zeros(1024 * MIB)))
    assert response.json()["files"][0]["code"] == "archive_ratio"


def test_clamav_takes_a_file_larger_than_its_default_stream_limit(clamav):
    """clamd stops at 25 MB of stream by default; uploads may be 100 MB, and the daemon is configured for it."""
    data = b"%PDF-1.4\n" + random.Random(1).randbytes(30 * MIB)
    assert get_scanner().scan(io.BytesIO(data)).clean
