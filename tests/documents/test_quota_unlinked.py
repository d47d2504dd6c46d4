"""Documents that nothing links are deleted with their file by a task; linked and shared files stay."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from klageportal.documents.models import Document
from klageportal.documents.selectors import document_links
from klageportal.documents.tasks import documents_unlinked_delete
from klageportal.forwarding.models import AnkeskemaDocument, AnkeskemaSupplement
from klageportal.forwarding.services import draft_document_remove
from tests.factories import AnkeskemaDraftFactory, CaseDocumentFactory, DocumentFactory


def _aged(*documents: Document, days: int = 2) -> None:
    Document.objects.filter(pk__in=[d.pk for d in documents]).update(uploaded_at=timezone.now() - timedelta(days=days))


def _stored(document: Document) -> bool:
    return default_storage.exists(document.file.name)


def test_every_model_that_links_a_document_is_found_hidden_relations_included():
    found = {(model._meta.label, column) for model, column in document_links()}
    assert ("documents.CaseDocument", "document_id") in found
    assert ("forwarding.AnkeskemaDocument", "document_id") in found  # related_name="+"
    assert ("forwarding.AnkeskemaSupplement_documents", "document_id") in found  # the many-to-many's table


@pytest.mark.django_db
def test_a_document_removed_from_a_draft_is_deleted_with_its_file_once_the_grace_period_has_passed(
    settings, django_capture_on_commit_callbacks
):
    settings.DOCUMENT_UNLINKED_GRACE_SECONDS = 24 * 60 * 60
    draft = AnkeskemaDraftFactory()
    document = DocumentFactory()
    link = AnkeskemaDocument.objects.create(draft=draft, checklist_item="afgorelse", document=document)
    draft_document_remove(draft=draft, pk=link.pk)
    assert documents_unlinked_delete() == 0  # younger than the grace period: it may be linked in a moment
    assert _stored(document)
    _aged(document)
    with django_capture_on_commit_callbacks(execute=True):
        assert documents_unlinked_delete() == 1
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not _stored(document)


@pytest.mark.django_db(transaction=True)
def test_linked_documents_and_a_file_shared_with_a_linked_document_stay():
    on_case = CaseDocumentFactory().document
    on_draft = DocumentFactory()
    AnkeskemaDocument.objects.create(draft=AnkeskemaDraftFactory(), checklist_item="x", document=on_draft)
    in_supplement = DocumentFactory()
    supplement = AnkeskemaSupplement.objects.create(
        authority=AnkeskemaDraftFactory().authority,
        sent_by=on_case.case_links.get().added_by,
    )
    supplement.documents.add(in_supplement)
    sharing = DocumentFactory(sha256=on_case.sha256, file=on_case.file.name)  # same content, stored once
    alone = DocumentFactory()
    _aged(on_case, on_draft, in_supplement, sharing, alone)

    assert documents_unlinked_delete() == 2
    assert set(Document.objects.values_list("pk", flat=True)) == {on_case.pk, on_draft.pk, in_supplement.pk}
    assert _stored(on_case) and _stored(on_draft) and _stored(in_supplement)
    assert not _stored(alone)


def test_the_clean_up_is_scheduled_for_beat_and_the_embedded_scheduler(settings):
    from django.utils.module_loading import import_string

    entry = settings.CELERY_BEAT_SCHEDULE["documents-unlinked-delete"]
    assert import_string(entry["task"]) is documents_unlinked_delete
    assert entry["schedule"].total_seconds() == settings.DOCUMENT_UNLINKED_INTERVAL_SECONDS


@pytest.mark.django_db
def test_the_clean_up_run_twice_deletes_once(settings, django_capture_on_commit_callbacks):
    """A task delivered twice (a worker lost mid-task): the second run finds nothing more to delete."""
    settings.DOCUMENT_UNLINKED_GRACE_SECONDS = 60
    kept, gone = CaseDocumentFactory().document, DocumentFactory()
    _aged(kept, gone)
    with django_capture_on_commit_callbacks(execute=True):
        assert documents_unlinked_delete() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert documents_unlinked_delete() == 0
    assert list(Document.objects.values_list("pk", flat=True)) == [kept.pk]
    assert _stored(kept) and not _stored(gone)
