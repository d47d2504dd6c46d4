"""The answer to a download of a stored document, once the view has let the person see it.

The bytes are streamed from storage a block at a time: from a local file, or straight from the bucket's answer
on S3 (no copy first). With KP_S3_SIGNED_DOWNLOADS the answer is instead a redirect to a short-lived signed URL
of the object, which names the file as an attachment; the view's access check is the same either way.
"""

from typing import Any

from django.http import FileResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase

from klageportal.documents.models import Document
from klageportal.documents.storage import signed_downloads

BLOCK = 256 * 1024


class DocumentResponse(FileResponse):
    block_size = BLOCK  # each read from the bucket's stream is one block (FileResponse reads 4 KB)


def document_response(document: Document) -> HttpResponseBase:
    """The document as an attachment under its original name; call only after the access check."""
    content_type = document.content_type or "application/octet-stream"
    storage: Any = document.file.storage
    if signed_downloads():
        name = document.file.name
        url = storage.signed_download_url(name, filename=document.original_name, content_type=content_type)
        response: HttpResponseBase = HttpResponseRedirect(url)
        response["Cache-Control"] = "no-store"  # the URL is the person's, and soon stale
        return response
    stream = storage.open_stream(document.file.name) if hasattr(storage, "open_stream") else document.file.open("rb")
    response = DocumentResponse(stream, as_attachment=True, filename=document.original_name, content_type=content_type)
    if not response.has_header("Content-Length"):
        response["Content-Length"] = str(document.size)
    return response
