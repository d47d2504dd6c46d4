"""The answer to a download of a stored document, once the view has let the person see it.

The bytes are streamed from storage a block at a time: from a local file, or straight from the bucket's answer
on S3 (no copy first). With KP_S3_SIGNED_DOWNLOADS the answer is instead a redirect to a short-lived signed URL
of the object, which names the file as an attachment; the view's access check is the same either way. A storage
that cannot be reached is answered with 503 and a page that says to try again.
"""

import logging
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from klageportal.documents.models import Document
from klageportal.documents.storage import signed_downloads, storage_errors

log = logging.getLogger(__name__)

BLOCK = 256 * 1024


class DocumentResponse(FileResponse):
    block_size = BLOCK  # each read from the bucket's stream is one block (FileResponse reads 4 KB)


def document_response(request: HttpRequest, document: Document) -> HttpResponseBase:
    """The document as an attachment under its original name; call only after the access check."""
    content_type = document.content_type or "application/octet-stream"
    storage: Any = document.file.storage
    if signed_downloads():
        name = document.file.name
        url = storage.signed_download_url(name, filename=document.original_name, content_type=content_type)
        response: HttpResponseBase = HttpResponseRedirect(url)
        response["Cache-Control"] = "no-store"  # the URL is the person's, and soon stale
        return response
    try:
        streams = hasattr(storage, "open_stream")
        stream = storage.open_stream(document.file.name) if streams else document.file.open("rb")
    except FileNotFoundError:
        raise  # a row without its file is an error of ours, not a storage that is away
    except storage_errors() as error:
        log.warning("A stored file could not be read: %s", type(error).__name__)
        message = _("Filen kunne ikke hentes lige nu. Prøv igen om lidt.")
        unavailable = render(request, "errors/503.html", {"message": message}, status=503)
        unavailable["Retry-After"] = "30"
        return unavailable
    response = DocumentResponse(stream, as_attachment=True, filename=document.original_name, content_type=content_type)
    if not response.has_header("Content-Length"):
        response["Content-Length"] = str(document.size)
    return response
