"""Per-case and per-person limits on stored bytes (settings), with the figure in the refusal."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone, translation

from klageportal.documents.models import Document
from klageportal.documents.uploads import uploads_accept
from tests.documents.test_uploads import Upload
from tests.factories import CaseDocumentFactory, CaseFactory, DocumentFactory


def _pdf(name: str, size: int) -> Upload:
    return Upload(name, b"%PDF-1.4\n" + name.encode() + b"x" * (size - 9 - len(name)))


@pytest.mark.django_db
def test_an_upload_that_takes_the_case_over_its_limit_is_refused_with_the_figure(settings):
    settings.QUOTA_CASE_BYTES = 1000
    case = CaseFactory()
    CaseDocumentFactory(case=case, document=DocumentFactory(size=800))
    with translation.override("da"):
        results = uploads_accept(
            files=[_pdf("a.pdf", 300), _pdf("b.pdf", 200)], case=case, by=case.created_by, role="klager"
        )
    assert [(r.name, r.ok, r.code) for r in results] == [("a.pdf", False, "quota_case"), ("b.pdf", True, "")]
    assert "1000 bytes" in results[0].message.replace("\xa0", " ")
    assert "Filen er ikke gemt" in results[0].message
    assert case.documents.count() == 2


@pytest.mark.django_db
def test_the_case_limit_is_told_in_english_too(settings):
    settings.QUOTA_CASE_BYTES = 1000
    case = CaseFactory()
    with translation.override("en"):
        results = uploads_accept(files=[_pdf("a.pdf", 1001)], case=case, by=case.created_by, role="klager")
    assert (
        not results[0].ok
        and "at most" in results[0].message
        and "1000 bytes" in results[0].message.replace("\xa0", " ")
    )


@pytest.mark.django_db
def test_a_person_who_uploaded_their_daily_bytes_is_refused_on_any_case_until_a_day_has_passed(settings):
    settings.QUOTA_USER_BYTES_PER_DAY = 1000
    case = CaseFactory()
    other = CaseFactory(created_by=case.created_by)
    old = DocumentFactory(size=900, uploaded_by=case.created_by)
    results = uploads_accept(files=[_pdf("a.pdf", 200)], case=other, by=case.created_by, role="klager")
    assert not results[0].ok and results[0].code == "quota_user"
    assert "1000 bytes" in results[0].message.replace("\xa0", " ")
    Document.objects.filter(pk=old.pk).update(uploaded_at=timezone.now() - timedelta(days=1, minutes=1))
    results = uploads_accept(files=[_pdf("a.pdf", 200)], case=other, by=case.created_by, role="klager")
    assert results[0].ok


@pytest.mark.django_db(transaction=True)
def test_two_uploads_at_the_same_time_cannot_both_pass_the_case_limit(settings):
    """Each file's transaction locks the case row before counting: the second counts the first."""
    settings.QUOTA_CASE_BYTES = 1500
    case = CaseFactory()
    barrier = threading.Barrier(2)
    results = []

    def upload(name):
        try:
            barrier.wait()
            results.extend(uploads_accept(files=[_pdf(name, 1000)], case=case, by=case.created_by, role="klager"))
        finally:
            connection.close()

    threads = [threading.Thread(target=upload, args=(name,)) for name in ("a.pdf", "b.pdf")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.ok for r in results) == [False, True]
    assert case.documents.count() == 1
