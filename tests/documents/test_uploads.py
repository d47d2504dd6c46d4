"""One upload path for every page: each file on its own, the caller's rule first, the limits in force shown."""

import io

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

from klageportal.documents import validation
from klageportal.documents.models import Document
from klageportal.documents.uploads import uploads_store
from tests.factories import CaseFactory, CitizenFactory


class Upload(io.BytesIO):
    def __init__(self, name, data):
        super().__init__(data)
        self.name, self.size, self.file = name, len(data), self


def _refuse_big(upload):
    if upload.size > 10:
        raise validation.FileRefused("total_too_large", "For meget i alt.")


@pytest.mark.django_db
def test_a_file_the_callers_rule_refuses_is_not_stored_and_the_others_are():
    """DOC-3/AS-41: the caller's own rule (a draft's total) refuses one file; the next is still stored."""
    attached = []
    results = uploads_store(
        files=[Upload("stor.txt", b"x" * 11), Upload("lille.txt", b"kort")],
        by=CitizenFactory(),
        limits=validation.filing_limits(),
        attach=attached.append,
        admit=_refuse_big,
    )
    assert [(r.name, r.ok, r.code) for r in results] == [
        ("stor.txt", False, "total_too_large"),
        ("lille.txt", True, ""),
    ]
    assert results[0].message == "For meget i alt."
    assert list(Document.objects.values_list("original_name", flat=True)) == ["lille.txt"]
    assert [document.original_name for document in attached] == ["lille.txt"]


@pytest.mark.django_db
def test_a_file_refused_while_attaching_leaves_no_document_behind():
    """The file's transaction covers storing and attaching: a refusal in `attach` keeps nothing."""
    case = CaseFactory()

    def attach(document):
        raise validation.FileRefused("item", "Vælg, hvilken akt filen er.")

    results = uploads_store(
        files=[Upload("bilag.txt", b"tekst")], by=case.created_by, limits=validation.filing_limits(), attach=attach
    )
    assert not results[0].ok and results[0].code == "item"
    assert not Document.objects.exists()
    assert not case.documents.exists()


def _render(snippet: str, **context) -> str:
    with translation.override("da"):
        return Template("{% load uploads %}" + snippet).render(Context(context)).replace("\xa0", " ")


@override_settings(DOCUMENT_MAX_BYTES=5 * 1024 * 1024, DOCUMENT_MAX_NAME_LENGTH=120)
def test_upload_hint_states_the_filing_limits_in_force():
    """DOC-2: the limits are configuration, and the hint shows the configured figures, not fixed ones."""
    html = _render('{% upload_form action="/sag/" assets=False %}')
    assert "Højst 5,0 MB pr. fil og 120 tegn i filnavnet." in html
    assert "100 MB" not in html and "260 tegn" not in html
    assert "Video kan ikke uploades" in html


def test_upload_form_for_one_checklist_item_has_its_own_field_and_total():
    """AS-41: several forms on one page each have their own field; the hint gives the file and total limits."""
    limits = validation.Limits(max_bytes=25 * 1024 * 1024)
    html = _render(
        '{% upload_form action="/a/" limits=limits max_total_bytes=total key="afgorelse" label="Afgørelsen" '
        "pdf_hint=True video_note=False assets=False %}",
        limits=limits,
        total=200 * 1024 * 1024,
    )
    assert 'id="id_files_afgorelse"' in html and 'aria-describedby="id_files_afgorelse_hint"' in html
    assert "Gerne én pdf-fil med yngste først." in html
    assert "Højst 25,0 MB pr. fil og 200,0 MB i alt." in html
    assert "Vælg filer: Afgørelsen" in html
    assert "Video kan ikke uploades" not in html


def test_refusals_are_shown_at_the_file_field_in_its_error_state():
    """Files refused when "Næste" sent them: the DKFDS error state, each reason in the field's description."""
    html = _render('{% upload_form action="/sag/" errors=errors assets=False %}', errors=["eicar.txt: Virus."])
    assert '<div class="form-group mt-0 form-error" data-upload-group>' in html
    assert '<span class="form-error-message" id="id_files-error">' in html
    assert '<span class="sr-only">Fejl: </span>eicar.txt: Virus.' in html
    assert 'aria-describedby="id_files_hint id_files-error" aria-invalid="true"' in html
    plain = _render('{% upload_form action="/sag/" assets=False %}')
    assert "form-error" not in plain and "aria-invalid" not in plain


def test_each_upload_form_has_an_id_a_page_button_can_name():
    """A page's "Næste" names the upload form in its `form` attribute (`upload_form_id`) to send chosen files."""
    assert 'id="upload-form"' in _render('{% upload_form action="/sag/" assets=False %}')
    html = _render('{% upload_form action="/a/" key="klage" label="Klagen" assets=False %}')
    assert 'id="upload-form_klage"' in html
    assert _render('{% upload_form_id "klage" %}') == "upload-form_klage"
    assert _render("{% upload_form_id %}") == "upload-form"


# --- Bodies before checks: no file byte from a request that cannot be let through ---------------------

BOUNDARY = "kp-test-boundary"
FILE_BYTES = 4 * 1024 * 1024


def _multipart(*, token: str | None = None, token_after_file: bool = False) -> bytes:
    field = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'.encode()
        if token is not None
        else b""
    )
    file_part = (
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="bilag.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + b"%PDF-1.4\n"
        + b"x" * FILE_BYTES
        + b"\r\n"
    )
    parts = file_part + field if token_after_file else field + file_part
    return parts + f"--{BOUNDARY}--\r\n".encode()


def _upload_request(body: bytes, *, user=None, cookie: str | None = None, header: str | None = None):
    """A WSGI request as the server hands it over, with the CheckingUploadHandler of the settings."""
    from django.contrib.auth.models import AnonymousUser
    from django.core.handlers.wsgi import WSGIRequest
    from django.test import RequestFactory

    from klageportal.documents.upload_handlers import CheckingUploadHandler

    environ = RequestFactory()._base_environ(
        PATH_INFO="/sag/NH-2026-000001/dokumenter/",
        REQUEST_METHOD="POST",
        CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(len(body)),
    )
    stream = io.BytesIO(body)  # its position tells how much of the body was read
    environ["wsgi.input"] = stream
    if cookie is not None:
        environ["HTTP_COOKIE"] = f"csrftoken={cookie}"
    if header is not None:
        environ["HTTP_X_CSRFTOKEN"] = header
    request = WSGIRequest(environ)
    request.user = user or AnonymousUser()
    request.upload_handlers = [CheckingUploadHandler(request)]
    return request, stream


@pytest.fixture
def scans(monkeypatch):
    """Every chunk a scanner is fed or a temporary file is written with."""
    from django.core.files.uploadhandler import TemporaryFileUploadHandler

    seen = []
    original = TemporaryFileUploadHandler.new_file

    def new_file(handler, *args, **kwargs):
        seen.append(args[1])
        return original(handler, *args, **kwargs)

    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", new_file)
    return seen


def _token_pair():
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

    secret = _get_new_csrf_string()
    return secret, _mask_cipher_secret(secret)


@pytest.mark.django_db
def test_an_anonymous_upload_is_refused_before_its_file_is_read(scans):
    secret, token = _token_pair()
    request, stream = _upload_request(_multipart(token=token), cookie=secret)
    assert not request.FILES
    assert scans == []
    assert stream.tell() < 1024 * 1024  # of a body over 4 MB: the parser's first chunk at most
    assert request.upload_refused


@pytest.mark.django_db
def test_an_upload_with_a_made_up_csrf_cookie_is_refused_before_its_file_is_read(scans):
    _, token = _token_pair()
    other_secret, _ = _token_pair()
    request, stream = _upload_request(_multipart(token=token), user=CitizenFactory(), cookie=other_secret)
    assert not request.FILES and scans == [] and stream.tell() < 1024 * 1024


@pytest.mark.django_db
def test_an_upload_whose_csrf_token_comes_after_the_file_is_refused(scans):
    secret, token = _token_pair()
    request, stream = _upload_request(
        _multipart(token=token, token_after_file=True), user=CitizenFactory(), cookie=secret
    )
    assert not request.FILES and scans == [] and stream.tell() < 1024 * 1024


@pytest.mark.django_db
def test_the_form_without_javascript_sends_the_token_first_and_its_file_is_taken(scans):
    secret, token = _token_pair()
    request, stream = _upload_request(_multipart(token=token), user=CitizenFactory(), cookie=secret)
    upload = request.FILES["files"]
    assert upload.size == FILE_BYTES + len(b"%PDF-1.4\n")
    assert request.POST["csrfmiddlewaretoken"] == token
    assert scans == ["bilag.pdf"] and len(getattr(upload, "sha256", "")) == 64
    assert stream.tell() == len(stream.getvalue())


@pytest.mark.django_db
def test_the_uploader_sends_the_token_in_its_header_and_its_file_is_taken(scans):
    secret, token = _token_pair()
    request, _ = _upload_request(_multipart(), user=CitizenFactory(), cookie=secret, header=token)
    assert request.FILES["files"].size == FILE_BYTES + len(b"%PDF-1.4\n")
    assert scans == ["bilag.pdf"]


def test_the_upload_form_puts_the_csrf_token_before_the_file_input():
    html = _render('{% upload_form action="/sag/" assets=False %}', csrf_token="t" * 64)
    assert 0 < html.index('name="csrfmiddlewaretoken"') < html.index('type="file"')


@pytest.mark.django_db
def test_a_logged_in_upload_with_a_made_up_csrf_pair_is_answered_403_and_nothing_is_stored(scans):
    from django.test import Client

    case = CaseFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(case.created_by)
    client.cookies["csrftoken"] = "a" * 32
    response = client.post(
        f"/sag/{case.number}/dokumenter/",
        data=_multipart(token="b" * 32),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )
    assert response.status_code == 403
    assert scans == [] and not Document.objects.exists()
