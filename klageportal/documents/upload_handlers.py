"""Uploads are written to a temporary file in 256 KB chunks, and hashed and scanned on the way in, so the
file is read from disk once more only for its signature, and moved, not copied, into storage."""

import hashlib
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler

from klageportal.documents.interfaces import ScanSession, StreamingScanner
from klageportal.documents.scanners import get_scanner


class CheckingUploadHandler(TemporaryFileUploadHandler):
    chunk_size = 256 * 1024  # Django parses multipart fastest near this size (1 MB is slower)

    def new_file(self, *args: Any, **kwargs: Any) -> None:
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
