"""Uploads are written to a temporary file in 256 KB chunks, and hashed and scanned on the way in, so the
file is read from disk once more only for its signature, and moved, not copied, into storage.

No file byte is taken from a request that could not be let through: the person must be logged in and the
request must carry a CSRF token that matches its cookie, checked when the first file begins. The uploader sends
the token in the `X-CSRFToken` header; a form without JavaScript sends `csrfmiddlewaretoken` as its first field
(`{% csrf_token %}` stands before the file input), which the parser has read by then. A refused request's
files are neither written, hashed nor scanned, and the rest of its body is not read; CsrfViewMiddleware and
the view then answer as they would for any refused request.
"""

import hashlib
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import StopUpload, TemporaryFileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParser
from django.middleware import csrf

from klageportal.documents.interfaces import ScanSession, StreamingScanner
from klageportal.documents.scanners import get_scanner

CSRF_FIELD = "csrfmiddlewaretoken"
# Django's own comparison, as CsrfViewMiddleware makes it (its helpers are private and have no type stubs).
_csrf: Any = csrf


def _no_response(request: HttpRequest) -> HttpResponse:
    raise AssertionError("only the middleware's checks are used")


def csrf_token_matches(request, token: str) -> bool:
    """Whether `token` (masked or not) is the one of the request's CSRF cookie (or session), as the
    middleware would compare it; the middleware still checks the whole request afterwards."""
    if getattr(request, "_dont_enforce_csrf_checks", False):
        return True  # the test client's default, as CsrfViewMiddleware honours it
    try:
        secret = _csrf.CsrfViewMiddleware(_no_response)._get_secret(request)
        if not secret or not token:
            return False
        _csrf._check_token_format(token)
    except csrf.InvalidTokenFormat:
        return False
    return bool(_csrf._does_token_match(token, secret))


class CheckingUploadHandler(TemporaryFileUploadHandler):
    chunk_size = 256 * 1024  # Django parses multipart fastest near this size (1 MB is slower)

    def __init__(self, request=None):
        super().__init__(request)
        self.parser: MultiPartParser | None = None
        self.admitted: bool | None = None

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        """Parse the body with a parser this handler can see, to read the fields that came before a file."""
        if self.parser is not None or self.request is None:
            return None  # called by the parser started below: it parses
        self.parser = MultiPartParser(META, input_data, self.request.upload_handlers, encoding)
        return self.parser.parse()

    def _fields_so_far(self) -> Any:
        # Django's parser collects the fields it has read in `_post` while it goes through the body.
        return getattr(self.parser, "_post", None) or {}

    def _admit(self) -> bool:
        request = self.request
        if request is None:
            return True  # outside a request (a test feeding the handler directly)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        token = request.META.get(settings.CSRF_HEADER_NAME) or self._fields_so_far().get(CSRF_FIELD, "")
        return csrf_token_matches(request, token)

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        if self.admitted is None:
            self.admitted = self._admit()
        if not self.admitted:
            setattr(self.request, "upload_refused", True)  # noqa: B010
            raise StopUpload(connection_reset=True)  # the rest of the body is not read
        super().new_file(*args, **kwargs)
        self.digest = hashlib.sha256()
        scanner = get_scanner()
        self.scan_session: ScanSession | None = scanner.session() if isinstance(scanner, StreamingScanner) else None

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.digest.update(raw_data)
        if self.scan_session is not None:
            self.scan_session.feed(raw_data)
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size: int) -> UploadedFile | None:
        upload = super().file_complete(file_size)
        if upload is None:
            return None
        # Read by documents.services.document_check, which then neither hashes nor scans the file again.
        setattr(upload, "sha256", self.digest.hexdigest())  # noqa: B010
        setattr(upload, "given_name", self.file_name)  # noqa: B010  (upload.name is cut at 255 characters)
        if self.scan_session is not None:
            setattr(upload, "scan_result", self.scan_session.result())  # noqa: B010
            setattr(upload, "scanned_by", settings.DOCUMENT_SCANNER)  # noqa: B010
        return upload
