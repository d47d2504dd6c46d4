"""The document list of a case: plain rows with their categories, only what the person may see, in two queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from klageportal.cases import policies
from klageportal.cases.models import PartyRole, Status
from klageportal.catalog.models import DocumentCategory
from klageportal.documents.models import CaseDocument
from klageportal.documents.selectors import document_rows
from tests.factories import CaseDocumentFactory, CaseFactory

pytestmark = pytest.mark.django_db


def _added(link, minutes_ago: int):
    CaseDocument.objects.filter(pk=link.pk).update(added_at=timezone.now() - timedelta(minutes=minutes_ago))


def test_rows_come_oldest_first_with_name_size_role_and_sorted_categories():
    case = CaseFactory(status=Status.VIDERESENDT)
    late = CaseDocumentFactory(case=case, document__original_name="b.pdf", document__size=2048)
    early = CaseDocumentFactory(case=case, document__original_name="a.pdf", added_by_role=PartyRole.FIRST_INSTANCE)
    _added(late, 5)
    _added(early, 10)
    second = DocumentCategory.objects.create(slug="foto", name="Foto", position=2)
    first = DocumentCategory.objects.create(slug="afg", name="Afgørelse", position=1)
    late.categories.set([second, first])

    with translation.override("da"):
        rows = document_rows(case=case, visible=Q())

    assert [row.name for row in rows] == ["a.pdf", "b.pdf"]
    assert rows[0].categories == ()
    assert rows[1].categories == ("Afgørelse", "Foto")
    assert rows[1].size == 2048
    assert rows[0].role == PartyRole.FIRST_INSTANCE
    assert rows[0].role_label == "Førsteinstans"


def test_only_documents_of_this_case_that_the_filter_lets_through():
    case = CaseFactory(status=Status.UDFYLDT)
    mine = CaseDocumentFactory(case=case, document__original_name="synlig.pdf")
    CaseDocumentFactory(case=case, document__original_name="skjult.pdf", restricted=True, added_by=None)
    CaseDocumentFactory(document__original_name="anden-sag.pdf")
    stranger_filter = policies.documents_visible_to(case.created_by, case)

    rows = document_rows(case=case, visible=stranger_filter)

    assert [row.pk for row in rows] == [mine.pk]


def test_two_queries_for_any_number_of_documents_and_one_for_none():
    case = CaseFactory(status=Status.VIDERESENDT)
    with CaptureQueriesContext(connection) as none:
        assert document_rows(case=case, visible=Q()) == []
    category = DocumentCategory.objects.create(slug="bilag", name="Bilag")
    for index in range(12):
        CaseDocumentFactory(case=case, document__sha256=f"{index:064x}").categories.set([category])
    with CaptureQueriesContext(connection) as many:
        assert len(document_rows(case=case, visible=Q())) == 12
    assert (len(none), len(many)) == (1, 2)


@pytest.mark.django_db
def test_complaint_documents_unlabelled_lists_the_complainants_documents_without_the_klage_label():
    """FI-3: the complaint and its attachments must be labelled "klage"; the first instance's own are not asked."""
    from klageportal.catalog.models import DocumentCategory
    from klageportal.documents.selectors import complaint_documents_unlabelled

    klage, _ = DocumentCategory.objects.get_or_create(slug="klage", defaults={"name": "Klage"})
    case = CaseFactory()
    labelled = CaseDocumentFactory(case=case, added_by_role=PartyRole.COMPLAINANT)
    labelled.categories.add(klage)
    unlabelled = CaseDocumentFactory(case=case, added_by_role=PartyRole.REPRESENTATIVE)
    CaseDocumentFactory(case=case, added_by_role=PartyRole.FIRST_INSTANCE)
    CaseDocumentFactory(added_by_role=PartyRole.COMPLAINANT)  # another case's

    assert list(complaint_documents_unlabelled(case=case)) == [unlabelled]
