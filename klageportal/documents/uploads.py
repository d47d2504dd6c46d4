"""Take several uploaded files at once: each is checked on its own, so one refusal loses nothing else (DOC-3/4).

Every page that takes files goes through `uploads_store`; what a stored file is then tied to (a case, a draft
of the web appeal form) is the caller's `attach`, and a caller's own rule (a total per draft) its `admit`.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import BinaryIO, cast

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from klageportal.cases.models import Case
from klageportal.catalog.models import DocumentCategory
from klageportal.documents import validation
from klageportal.documents.models import CaseDocument, Document
from klageportal.documents.services import (
    case_document_add,
    case_document_labels_add,
    document_quota_check,
    document_store,
)
from klageportal.identity.models import User


@dataclass(frozen=True)
class UploadResult:
    name: str
    ok: bool
    message: str = ""
    code: str = ""
    link: CaseDocument | None = None


def uploads_store(
    *,
    files: Iterable[UploadedFile],
    by: User,
    limits: validation.Limits,
    attach: Callable[[Document], CaseDocument | None],
    admit: Callable[[UploadedFile], None] | None = None,
    case: Case | None = None,
) -> list[UploadResult]:
    """Check, store and attach each file in a transaction of its own; a refused file leaves nothing behind.

    `admit` runs first inside the file's transaction and refuses with `validation.FileRefused` (it may lock
    what it checks); then the person's quota and, with `case`, the case's (document_quota_check, under row
    locks); `attach` ties the stored document to whatever the page is about.
    """
    results = []
    for upload in files:
        name = getattr(upload, "given_name", None) or upload.name or ""  # Django cuts names at 255 characters
        try:
            with transaction.atomic():
                if admit is not None:
                    admit(upload)
                document_quota_check(by=by, size=upload.size or 0, case=case)
                # An uploaded file is read as the binary stream it wraps; the upload handler's hash and scan
                # verdict travel on it.
                stream = cast(BinaryIO, upload)
                document = document_store(name=name, size=upload.size or 0, stream=stream, by=by, limits=limits)
                link = attach(document)
        except validation.FileRefused as refusal:
            results.append(UploadResult(name=name, ok=False, message=refusal.message, code=refusal.code))
        else:
            note = validation.renamed_note(name, document.original_name)
            results.append(UploadResult(name=document.original_name, ok=True, message=note, link=link))
        finally:
            upload.close()
    return results


def uploads_accept(
    *,
    files: Iterable[UploadedFile],
    case: Case,
    by: User,
    role: str,
    limits: validation.Limits | None = None,
    categories: Sequence[DocumentCategory] = (),
) -> list[UploadResult]:
    """Add files to a case (complaint filing's limits unless others are given), each labelled with `categories`
    (FI-3: the first instance labels as it uploads; the labelling service asks the policy)."""

    def attach(document: Document) -> CaseDocument:
        link = case_document_add(case=case, document=document, by=by, role=role)
        if categories:
            link = case_document_labels_add(link=link, categories=categories, by=by)
        return link

    return uploads_store(
        files=files,
        by=by,
        limits=limits or validation.filing_limits(),
        attach=attach,
        case=case,
    )
