"""Delete documents that nothing links any more, with their files (a draft's removed files, say)."""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from klageportal.documents import selectors
from klageportal.documents.models import Document

log = logging.getLogger(__name__)


def _delete_if_unlinked(pk: int, *, uploaded_before) -> bool:
    """Delete one document if it is still old enough and unlinked, checked again under its row lock; its file
    goes after the commit, unless another row shares it. document_store locks the row whose file it reuses,
    and a new link is made in the transaction that stores the document, so neither can slip in between."""
    with transaction.atomic():
        document = Document.objects.select_for_update().filter(pk=pk, uploaded_at__lt=uploaded_before).first()
        if document is None or selectors.document_is_linked(pk):
            return False
        name = document.file.name
        shared = selectors.document_file_shared(document)
        document.delete()
        if name and not shared:
            storage = document.file.storage
            transaction.on_commit(lambda: storage.delete(name))
    return True


@shared_task
def documents_unlinked_delete() -> int:
    """Delete the documents no row has linked for DOCUMENT_UNLINKED_GRACE_SECONDS; the number deleted.

    Beat runs it (CELERY_BEAT_SCHEDULE), or the in-process scheduler of the embedded default."""
    uploaded_before = timezone.now() - timedelta(seconds=settings.DOCUMENT_UNLINKED_GRACE_SECONDS)
    deleted = 0
    for pk in list(selectors.documents_unlinked(uploaded_before=uploaded_before).values_list("pk", flat=True)):
        deleted += _delete_if_unlinked(pk, uploaded_before=uploaded_before)
    if deleted:
        log.info("Deleted %d documents that nothing linked", deleted)
    return deleted
