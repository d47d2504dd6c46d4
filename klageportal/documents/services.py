"""Accept, store and link documents. A file is checked (type, content, malware) before it is stored,
stored once by its content (DOC-6), and linked to a case with a line in the case's history."""

import hashlib
import logging
from collections.abc import Iterable
from datetime import timedelta
from typing import BinaryIO, cast

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klageportal.cases import policies
from klageportal.cases.models import Case, CaseEvent
from klageportal.cases.services.events import case_event_add
from klageportal.catalog.models import DocumentCategory
from klageportal.core.phrases import phrase
from klageportal.documents import validation
from klageportal.documents.models import CaseDocument, Document
from klageportal.documents.scanners import ScannerUnavailable, get_scanner
from klageportal.documents.storage import storage_errors
from klageportal.identity.models import User

CHUNK = 1024 * 1024

log = logging.getLogger(__name__)


def _sha256(stream: BinaryIO) -> str:
    stream.seek(0)
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def document_check(*, name: str, size: int, stream: BinaryIO, limits: validation.Limits | None = None) -> str:
    """Raise FileRefused with the person's message unless the file may be stored; return its extension."""
    limits = limits or validation.filing_limits()
    extension = validation.check_name_and_size(name, size, limits)
    validation.check_content(extension, stream)
    try:
        # An upload scanned on its way in by the configured scanner is not read again.
        result = (
            getattr(stream, "scan_result", None)
            if getattr(stream, "scanned_by", None) == settings.DOCUMENT_SCANNER
            else None
        )
        result = result or get_scanner().scan(stream)
    except ScannerUnavailable:
        raise validation.FileRefused(
            "scan_unavailable",
            _("Filen kunne ikke virusscannes lige nu. Prøv igen om lidt; dine andre oplysninger er gemt."),
        )
    if not result.clean:
        raise validation.FileRefused(
            "malware",
            _("Filen indeholder virus eller anden skadelig kode og er afvist. Den er ikke gemt."),
        )
    stream.seek(0)
    return extension


def _stored_copy(*, sha256: str, size: int) -> Document | None:
    """A document whose file has this content, its row locked until the caller's transaction ends: documents.tasks
    then cannot delete the file while a new row that shares it is being added (uploads_store's transaction)."""
    with transaction.atomic():
        return Document.objects.select_for_update().filter(sha256=sha256, size=size).order_by("pk").first()


def document_store(*, name: str, size: int, stream: BinaryIO, by, limits: validation.Limits | None = None) -> Document:
    """Check a file and store it, streamed to storage in chunks; the same content is stored only once.

    The name is stored cleaned (`validation.clean_name`); `Document.original_name` tells the name it got.
    """
    name = validation.clean_name(name)
    extension = document_check(name=name, size=size, stream=stream, limits=limits)
    sha256 = getattr(stream, "sha256", None) or _sha256(stream)
    existing = _stored_copy(sha256=sha256, size=size)
    document = Document(
        original_name=name,
        size=size,
        sha256=sha256,
        content_type=validation.guess_content_type(extension),
        uploaded_by=by,
    )
    if existing is not None:
        document.file.name = existing.file.name  # the bytes are already stored
        document.save()
    else:
        # An uploaded temporary file is moved into storage; anything else is copied in chunks.
        content = cast(File, stream) if hasattr(stream, "temporary_file_path") else File(stream, name=name)
        try:
            document.file.save(f"{sha256}.{extension}", content, save=False)
        except storage_errors() as error:
            log.warning("A file could not be stored: %s", type(error).__name__)
            message = _("Filen kunne ikke gemmes lige nu. Prøv igen om lidt.")
            raise validation.FileRefused("storage_unavailable", message) from None
        document.save()
    return document


def document_quota_check(*, by: User, size: int, case: Case | None = None) -> None:
    """Raise FileRefused when `size` more bytes would take the person over their bytes per 24 hours, or the case
    over its bytes. Run inside the file's transaction: the person's row (and the case's) is locked, so that
    two uploads at the same time are counted one after the other."""
    User.objects.select_for_update().values_list("pk").get(pk=by.pk)
    since = timezone.now() - timedelta(days=1)
    used = Document.objects.filter(uploaded_by=by, uploaded_at__gte=since).aggregate(total=Sum("size"))["total"] or 0
    if used + size > settings.QUOTA_USER_BYTES_PER_DAY:
        raise validation.FileRefused(
            "quota_user",
            _(
                "Du kan højst uploade %(limit)s på 24 timer, og du har uploadet %(used)s. Filen er ikke gemt; "
                "prøv igen senere, eller kontakt os, hvis du skal sende mere."
            )
            % {"limit": filesizeformat(settings.QUOTA_USER_BYTES_PER_DAY), "used": filesizeformat(used)},
        )
    if case is None:
        return
    Case.objects.select_for_update().values_list("pk").get(pk=case.pk)
    stored = Document.objects.filter(case_links__case=case).aggregate(total=Sum("size"))["total"] or 0
    if stored + size > settings.QUOTA_CASE_BYTES:
        raise validation.FileRefused(
            "quota_case",
            _(
                "En sag kan højst have dokumenter for %(limit)s, og denne sag har %(used)s. Filen er ikke gemt; "
                "kontakt os, hvis du skal sende mere."
            )
            % {"limit": filesizeformat(settings.QUOTA_CASE_BYTES), "used": filesizeformat(stored)},
        )


def case_document_add(*, case: Case, document: Document, by, role: str, categories=()) -> CaseDocument:
    with transaction.atomic():
        link, created = CaseDocument.objects.get_or_create(
            case=case, document=document, defaults={"added_by": by, "added_by_role": role}
        )
        if categories:
            link.categories.add(*categories)
        if created:
            case_event_add(
                case=case,
                kind=CaseEvent.Kind.DOCUMENT,
                text=phrase(gettext_noop("Dokument tilføjet: %(name)s"), name=document.original_name),
                actor=by,
                data={"document": document.pk},
            )
    return link


def _locked_for_labelling(link: CaseDocument, by: User) -> CaseDocument:
    """The link and its case locked (forwarding changes what may be labelled), after the policy said yes."""
    Case.objects.select_for_update().values_list("pk").get(pk=link.case_id)
    locked = CaseDocument.objects.select_for_update(of=("self",)).select_related("case", "document").get(pk=link.pk)
    policies.require(policies.can_label_document(by, locked))
    return locked


def _labels_change(
    *, link: CaseDocument, add: Iterable[DocumentCategory], remove: Iterable[DocumentCategory], by: User
) -> CaseDocument:
    """Add and remove labels in one go, with a line in the case's history for each change (FI-3, X-2)."""
    with transaction.atomic():
        link = _locked_for_labelling(link, by)
        present = set(link.categories.all())
        added = sorted(set(add) - present, key=lambda c: (c.position, c.name))
        removed = sorted((set(remove) & present) - set(added), key=lambda c: (c.position, c.name))
        if added:
            link.categories.add(*added)
            case_event_add(
                case=link.case,
                kind=CaseEvent.Kind.DOCUMENT,
                text=phrase(
                    gettext_noop("Dokumentet %(name)s er mærket med: %(categories)s"),
                    name=link.document.original_name,
                    categories=", ".join(category.name for category in added),
                ),
                actor=by,
                data={"document": link.document_id},
            )
        if removed:
            link.categories.remove(*removed)
            case_event_add(
                case=link.case,
                kind=CaseEvent.Kind.DOCUMENT,
                text=phrase(
                    gettext_noop("Mærkningen %(categories)s er fjernet fra dokumentet %(name)s"),
                    name=link.document.original_name,
                    categories=", ".join(category.name for category in removed),
                ),
                actor=by,
                data={"document": link.document_id},
            )
    return link


def case_document_labels_set(*, link: CaseDocument, categories: Iterable[DocumentCategory], by: User) -> CaseDocument:
    """FI-3: give the document exactly these labels (the pencil's form)."""
    wanted = set(categories)
    return _labels_change(link=link, add=wanted, remove=set(DocumentCategory.objects.all()) - wanted, by=by)


def case_document_labels_add(*, link: CaseDocument, categories: Iterable[DocumentCategory], by: User) -> CaseDocument:
    """FI-3: add labels, keeping those the document has (chosen at upload; "Markér som Klage")."""
    return _labels_change(link=link, add=categories, remove=(), by=by)


def case_document_label_remove(*, link: CaseDocument, category: DocumentCategory, by: User) -> CaseDocument:
    """FI-3: take one label off the document (the label's cross)."""
    return _labels_change(link=link, add=(), remove=(category,), by=by)


def case_document_restrict(*, link: CaseDocument, reason: str, by: User) -> CaseDocument:
    """X-6: the board's caseworker restricts who sees a document of the case: from now on only the board and
    whoever added it. The history line names the reason and is shown only to those who see the document.

    Raises PermissionDenied unless `by` may (policies.can_restrict_document); ValueError without a reason.
    """
    reason = reason.strip()
    if not reason:
        raise ValueError("A document is restricted with a reason (X-6).")
    with transaction.atomic():
        link = CaseDocument.objects.select_for_update().select_related("case", "document").get(pk=link.pk)
        policies.require(policies.can_restrict_document(by, link))
        link.restricted = True
        link.restricted_reason = reason
        link.save(update_fields=["restricted", "restricted_reason"])
        case_event_add(
            case=link.case,
            kind=CaseEvent.Kind.DOCUMENT,
            text=phrase(
                gettext_noop("Adgangen til dokumentet %(name)s er begrænset. Begrundelse: %(reason)s"),
                name=link.document.original_name,
                reason=reason,
            ),
            actor=by,
            data={"document": link.document_id, "restricted": True},
        )
    return link


def case_document_unrestrict(*, link: CaseDocument, by: User) -> CaseDocument:
    """X-6: lift a document's restriction: every party who sees the case sees it again.

    Raises PermissionDenied unless `by` may (policies.can_restrict_document). A document that is not restricted
    is left as it is, with no history line.
    """
    with transaction.atomic():
        link = CaseDocument.objects.select_for_update().select_related("case", "document").get(pk=link.pk)
        policies.require(policies.can_restrict_document(by, link))
        if not link.restricted:
            return link
        link.restricted = False
        link.restricted_reason = ""
        link.save(update_fields=["restricted", "restricted_reason"])
        case_event_add(
            case=link.case,
            kind=CaseEvent.Kind.DOCUMENT,
            text=phrase(
                gettext_noop("Begrænsningen af adgangen til dokumentet %(name)s er ophævet"),
                name=link.document.original_name,
            ),
            actor=by,
            data={"document": link.document_id, "restricted": False},
        )
    return link
