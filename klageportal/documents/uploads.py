"""Take several uploaded files at once: each is checked on its own, so one refusal loses nothing else (DOC-3/4)."""

from dataclasses import dataclass

from django.db import transaction

from klageportal.documents import validation
from klageportal.documents.models import CaseDocument
from klageportal.documents.services import case_document_add, document_store


@dataclass
class UploadResult:
    name: str
    ok: bool
    message: str = ""
    link: CaseDocument | None = None
    code: str = ""


def uploads_accept(*, files, case, by, role: str, limits: validation.Limits | None = None) -> list[UploadResult]:
    results = []
    for upload in files:
        name = upload.name or ""
        try:
            with transaction.atomic():
                document = document_store(name=name, size=upload.size, stream=upload, by=by, limits=limits)
                link = case_document_add(case=case, document=document, by=by, role=role)
        except validation.FileRefused as refusal:
            results.append(UploadResult(name=name, ok=False, message=refusal.message, code=refusal.code))
        else:
            results.append(UploadResult(name=name, ok=True, link=link))
        finally:
            upload.close()
    return results
