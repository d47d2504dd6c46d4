"""Issue 15: documents, and the files the portal writes itself, on S3-compatible storage (a real moto server).

Uploads go to the bucket through the real upload view, large ones in parts from the upload's temporary file;
downloads stream the object after the same access check; the same content is one object; an unlinked
document's object is deleted with it; /readyz asks the bucket.
"""

import os
import tracemalloc
from datetime import timedelta
from io import StringIO
from urllib.request import urlopen

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from klageportal.cases.models import CaseEvent, Status
from klageportal.casework.services.parties import party_email_change
from klageportal.documents.models import CaseDocument, Document
from klageportal.documents.storage import S3Storage
from klageportal.documents.tasks import documents_unlinked_delete
from klageportal.documents.validation import FileRefused
from klageportal.forwarding.models import AnkeskemaSupplement
from klageportal.identity.models import Right
from klageportal.notifications.models import OutboxEmail
from tests.factories import AuthorityUserFactory
from tests.filing.test_documents_step import _step
from tests.forwarding.receipts.test_receipt_pdf import submission_make
from tests.storage_s3.conftest import free_port, storage_settings

pytestmark = [pytest.mark.s3, pytest.mark.django_db]

MB = 1024 * 1024


def _pdf_bytes(size: int) -> bytes:
    body = os.urandom(max(size - 32, 0))
    return b"%PDF-1.4\n" + body + b"\n%%EOF\n"


def _upload(client, case, data: bytes, name: str = "afgoerelse.pdf", action: str = "upload"):
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    return client.post(_step(case, "dokumenter"), {"action": action, "files": [upload]})


def _download_url(link: CaseDocument) -> str:
    return reverse("workspaces:case_document_download", kwargs={"number": link.case.number, "pk": link.pk})


def test_an_upload_lands_in_the_bucket_and_streams_back_only_to_those_who_may_see_it(client, s3, draft, person):
    data = _pdf_bytes(300 * 1024)
    assert _upload(client, draft, data).status_code == 302
    link = draft.documents.select_related("document").get()
    key = link.document.file.name
    assert s3.objects() == [key]
    assert s3.read(key) == data

    response = client.get(_download_url(link))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="afgoerelse.pdf"'
    assert response["Content-Length"] == str(len(data))
    assert b"".join(response.streaming_content) == data

    client.force_login(person("jens"))
    refused = client.get(_download_url(link))
    assert refused.status_code == 404
    assert not refused.streaming and data[:64] not in refused.content


def test_a_signed_download_redirects_to_the_object_only_after_the_access_check(client, s3, draft, person, settings):
    settings.S3_SIGNED_DOWNLOADS = True
    data = _pdf_bytes(64 * 1024)
    _upload(client, draft, data)
    link = draft.documents.select_related("document").get()
    response = client.get(_download_url(link))
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{s3.endpoint}/{s3.name}/{link.document.file.name}?")
    assert "X-Amz-Signature=" in location and "X-Amz-Expires=60" in location
    with urlopen(location, timeout=10) as signed:  # noqa: S310 (the moto server's address)
        assert signed.read() == data
        assert signed.headers["Content-Disposition"] == 'attachment; filename="afgoerelse.pdf"'
        assert signed.headers["Content-Type"] == "application/pdf"

    client.force_login(person("jens"))
    refused = client.get(_download_url(link))
    assert refused.status_code == 404 and "Location" not in refused


def test_the_same_content_uploaded_twice_is_one_object(client, s3, draft):
    data = _pdf_bytes(50 * 1024)
    _upload(client, draft, data, name="afgoerelse.pdf")
    _upload(client, draft, data, name="kopi.pdf")
    documents = Document.objects.order_by("pk")
    assert [d.original_name for d in documents] == ["afgoerelse.pdf", "kopi.pdf"]
    assert documents[0].file.name == documents[1].file.name
    assert s3.objects() == [documents[0].file.name]


def test_an_unlinked_document_is_deleted_with_its_object(
    client, s3, draft, settings, django_capture_on_commit_callbacks
):
    settings.DOCUMENT_UNLINKED_GRACE_SECONDS = 60
    _upload(client, draft, _pdf_bytes(20 * 1024))
    link = draft.documents.get()
    assert s3.objects() == [link.document.file.name]
    client.post(_step(draft, "dokumenter"), {"action": f"remove-{link.pk}"})
    assert not draft.documents.exists()
    Document.objects.update(uploaded_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert documents_unlinked_delete() == 1
    assert not Document.objects.exists()
    assert s3.objects() == []


def test_a_pdf_the_portal_writes_lands_in_the_bucket(s3, make_case, complainant):
    """CW-6: the PDF with a party's new contact details is a document of the case, stored in the bucket."""
    case = make_case(Status.VIDERESENDT)
    link = party_email_change(party=case.parties.get(cpr=complainant.cpr), by=complainant, email="karla.ny@example.dk")
    assert link is not None
    key = link.document.file.name
    assert link.document.original_name.endswith(".pdf") and s3.objects() == [key]
    assert s3.read(key).startswith(b"%PDF-")
    with link.document.file.open("rb") as stream:
        assert stream.read(5) == b"%PDF-"


def test_a_large_upload_goes_up_in_parts_from_its_temporary_file(client, s3, draft, monkeypatch):
    """20 MB go up as a multipart upload of 8 MB parts, read from the upload's temporary file: storing it never
    holds more than about one part in memory (Python's allocations counted while the storage saves)."""
    peaks: list[int] = []
    save = S3Storage._save

    def measured(storage, name, content):
        tracemalloc.start()
        try:
            return save(storage, name, content)
        finally:
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()

    monkeypatch.setattr(S3Storage, "_save", measured)
    data = _pdf_bytes(20 * MB)
    assert _upload(client, draft, data).status_code == 302
    key = draft.documents.get().document.file.name
    head = s3.client.head_object(Bucket=s3.name, Key=key)
    assert head["ContentLength"] == len(data)
    assert head["ETag"].strip('"').endswith("-3")  # a multipart upload of 8 MB parts: 8 + 8 + 4
    assert len(peaks) == 1 and peaks[0] < 12 * MB  # the file is 20 MB
    assert s3.read(key) == data


def test_readyz_asks_the_bucket_and_names_the_storage_when_it_is_down(client, s3, settings):
    response = client.get("/readyz")
    assert response.json()["checks"]["storage"]["status"] == "ok"
    assert s3.objects() == []  # the probe is deleted again

    settings.STORAGES = {**settings.STORAGES, "default": storage_settings(bucket=s3.name, endpoint=_closed())}
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert "storage" in body["failed"]
    assert body["checks"]["storage"]["status"] in {"failed", "timeout"}


def _closed() -> str:
    return f"http://127.0.0.1:{free_port()}"


def test_an_upload_while_the_storage_is_down_is_refused_at_the_field_and_leaves_nothing(client, s3, draft, settings):
    """The person is told at the file field; no document, link, history line or quota is used; once the storage
    answers again the same upload is stored."""
    working = settings.STORAGES["default"]
    settings.STORAGES = {**settings.STORAGES, "default": storage_settings(bucket=s3.name, endpoint=_closed())}
    events = CaseEvent.objects.filter(case=draft).count()
    data = _pdf_bytes(40 * 1024)

    response = _upload(client, draft, data, action="next")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_files-error"' in html
    assert "afgoerelse.pdf: Filen kunne ikke gemmes lige nu. Prøv igen om lidt." in html
    # No document row: the person's quota (the bytes of her documents of the last 24 hours) is not used either.
    assert not Document.objects.exists() and not CaseDocument.objects.exists()
    assert CaseEvent.objects.filter(case=draft).count() == events
    draft.filing.refresh_from_db()
    assert "dokumenter" not in draft.filing.steps_done

    settings.STORAGES = {**settings.STORAGES, "default": working}
    response = _upload(client, draft, data, action="next")
    assert response.status_code == 302
    document = Document.objects.get()
    assert s3.read(document.file.name) == data
    assert CaseEvent.objects.filter(case=draft).count() == events + 1


def test_a_supplement_sent_while_the_storage_is_down_keeps_its_text_and_stores_nothing(client, s3, settings, catalogue):
    """AS-52's form: the refusal is told at the files, the text stays in the form; nothing is recorded, no e-mail
    goes out. Once the storage answers again the same supplement reaches the case with its file."""
    submission = submission_make(citizen_cpr="0101801234", journal_number="27.12.08-P20-1-24")
    client.force_login(AuthorityUserFactory(authority=submission.authority, rights=[Right.ANKESKEMA.value]))
    working = settings.STORAGES["default"]
    settings.STORAGES = {**settings.STORAGES, "default": storage_settings(bucket=s3.name, endpoint=_closed())}
    events = CaseEvent.objects.count()
    data = _pdf_bytes(30 * 1024)

    def send():
        upload = SimpleUploadedFile("notat.pdf", data, content_type="application/pdf")
        fields = {"lobenummer": submission.lobenummer, "text": "Ny lægeerklæring", "files": [upload]}
        return client.post(reverse("forwarding:supplement"), {**fields, "receipt_email": "sb@kommune.example"})

    response = send()
    assert response.status_code == 200
    refusal = "notat.pdf: Filen kunne ikke gemmes lige nu. Prøv igen om lidt."
    assert response.context["form"].errors["files"] == [refusal]
    assert "Ny lægeerklæring" in response.content.decode()
    assert not AnkeskemaSupplement.objects.exists() and not Document.objects.exists()
    assert CaseEvent.objects.count() == events and not OutboxEmail.objects.exists()

    settings.STORAGES = {**settings.STORAGES, "default": working}
    assert send().status_code == 302
    supplement = AnkeskemaSupplement.objects.get()
    stored = {document.original_name: document.file.name for document in Document.objects.all()}
    assert supplement.case == submission.case and "notat.pdf" in stored
    assert s3.read(stored["notat.pdf"]) == data
    assert sorted(s3.objects()) == sorted(set(stored.values()))  # the file and the text as a document


def test_s3_bucket_create_creates_the_bucket_once(s3, settings):
    name = f"{s3.name}-new"
    settings.S3_BUCKET = name
    settings.STORAGES = {**settings.STORAGES, "default": storage_settings(bucket=name, endpoint=s3.endpoint)}
    out = StringIO()
    call_command("s3_bucket_create", stdout=out)
    assert name in [bucket["Name"] for bucket in s3.client.list_buckets()["Buckets"]]
    call_command("s3_bucket_create", stdout=out)
    assert out.getvalue().splitlines() == [f"S3: bucket {name} oprettet", f"S3: bucket {name} findes"]


def test_setup_portal_creates_the_bucket(s3, settings):
    name = f"{s3.name}-setup"
    settings.S3_BUCKET = name
    settings.STORAGES = {**settings.STORAGES, "default": storage_settings(bucket=name, endpoint=s3.endpoint)}
    out = StringIO()
    call_command("setup_portal", "--no-demo", stdout=out)
    assert f"S3: bucket {name} oprettet" in out.getvalue()
    assert name in [bucket["Name"] for bucket in s3.client.list_buckets()["Buckets"]]


def test_a_download_while_the_storage_is_down_says_to_try_again(client, s3, draft, settings):
    _upload(client, draft, _pdf_bytes(10 * 1024))
    link = draft.documents.get()
    settings.STORAGES = {**settings.STORAGES, "default": storage_settings(bucket=s3.name, endpoint=_closed())}
    response = client.get(_download_url(link))
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "Filen kunne ikke hentes lige nu. Prøv igen om lidt." in response.content.decode()


def test_the_uploader_hears_of_a_storage_that_is_down_in_its_answer(client, s3, draft, settings):
    """The page's uploader (one file per request, JSON): the file's message, and nothing stored."""
    settings.STORAGES = {**settings.STORAGES, "default": storage_settings(bucket=s3.name, endpoint=_closed())}
    upload = SimpleUploadedFile("kort.pdf", _pdf_bytes(8 * 1024), content_type="application/pdf")
    response = client.post(
        _step(draft, "dokumenter"), {"action": "upload", "files": [upload]}, headers={"accept": "application/json"}
    )
    assert response.status_code == 422
    assert response.json() == {
        "files": [
            {
                "name": "kort.pdf",
                "ok": False,
                "message": "Filen kunne ikke gemmes lige nu. Prøv igen om lidt.",
                "code": "storage_unavailable",
            }
        ]
    }
    assert not Document.objects.exists() and not CaseDocument.objects.exists()


def test_a_change_whose_pdf_cannot_be_stored_is_not_made(s3, make_case, complainant, settings):
    """CW-6: the e-mail change and its PDF are one transaction: with the storage down neither happens."""
    case = make_case(Status.VIDERESENDT)
    party = case.parties.get(cpr=complainant.cpr)
    email, events = party.email, CaseEvent.objects.filter(case=case).count()
    settings.STORAGES = {**settings.STORAGES, "default": storage_settings(bucket=s3.name, endpoint=_closed())}
    with pytest.raises(FileRefused):
        party_email_change(party=party, by=complainant, email="karla.ny@example.dk")
    party.refresh_from_db()
    assert party.email == email
    assert CaseEvent.objects.filter(case=case).count() == events and not Document.objects.exists()
