"""A grouping's documents (FI-8, DOC-6): one stored file linked to every case, labels and history on each,
in a number of queries that does not grow with the number of cases."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from klageportal.cases.models import Case, CaseEvent, Grouping, PartyKind, PartyRole, Status
from klageportal.casework.services.groupings import grouping_documents_add
from klageportal.catalog.models import Channel, DocumentCategory
from klageportal.documents.models import CaseDocument, Document
from tests.factories import (
    AuthorityUserFactory,
    BodyStaffFactory,
    CitizenFactory,
    ComplaintTypeFactory,
    PartyFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf(name: str = "svar-til-klagerne.pdf", extra: bytes = b"") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF + extra, content_type="application/pdf")


def grouping_of(size: int, *, staff, complaint_type, status: str = Status.INDSENDT, tag: str = "") -> Grouping:
    """A grouping of `size` complaints of the staff member's authority, written in one go."""
    grouping = Grouping.objects.create(
        authority=staff.authority, complaint_type=complaint_type, name=f"Lokalplan {size}{tag}", created_by=staff
    )
    filer = CitizenFactory()
    now = timezone.now()
    Case.objects.bulk_create(
        Case(
            number=f"GR{size}{tag}-2026-{index:06d}",
            channel=Channel.FILING,
            status=status,
            board=complaint_type.board,
            complaint_type=complaint_type,
            authority=staff.authority,
            created_by=filer,
            submitted_at=now,
            grouping=grouping,
        )
        for index in range(size)
    )
    return grouping


@pytest.fixture
def complaint_type(db):
    return ComplaintTypeFactory()


@pytest.fixture
def staff(db):
    return AuthorityUserFactory(full_name="Birgitte Kommune")


@pytest.fixture
def categories(catalogue):
    return list(DocumentCategory.objects.filter(slug__in=["svarskema", "afgoerelse"]))


def _add(grouping, staff, categories, name="svar-til-klagerne.pdf", extra=b""):
    with CaptureQueriesContext(connection) as queries:
        results = grouping_documents_add(grouping=grouping, files=[pdf(name, extra)], by=staff, categories=categories)
    assert [r.ok for r in results] == [True], results
    return len(queries)


def test_a_document_added_to_a_grouping_is_stored_once_and_on_every_case_with_labels_and_history(
    staff, complaint_type, categories
):
    grouping = grouping_of(5, staff=staff, complaint_type=complaint_type)
    _add(grouping, staff, categories)

    assert Document.objects.count() == 1
    document = Document.objects.get()
    links = CaseDocument.objects.filter(document=document).prefetch_related("categories")
    assert links.count() == 5
    for link in links:
        assert link.added_by == staff and link.added_by_role == PartyRole.FIRST_INSTANCE
        assert {c.slug for c in link.categories.all()} == {"svarskema", "afgoerelse"}
    events = CaseEvent.objects.filter(kind=CaseEvent.Kind.DOCUMENT)
    assert sorted(events.values_list("case_id", flat=True)) == sorted(grouping.cases.values_list("pk", flat=True))
    for event in events:
        assert event.data["document"] == document.pk
        assert event.actor == staff and event.actor_name == "Birgitte Kommune"
        assert event.display_text == "Dokument tilføjet: svar-til-klagerne.pdf"


def test_queries_to_add_a_document_are_the_same_for_5_and_500_cases(staff, complaint_type, categories):
    """FI-8: one request, one stored file, a number of queries that does not grow with the cases."""
    small = grouping_of(5, staff=staff, complaint_type=complaint_type, tag="a")
    big = grouping_of(500, staff=staff, complaint_type=complaint_type, tag="b")
    # The first upload of the test warms what is cached once per process; then the two are compared.
    _add(small, staff, categories, name="opvarmning.pdf", extra=b"0")
    few = _add(small, staff, categories, extra=b"1")
    many = _add(big, staff, categories, extra=b"2")

    assert few == many
    big_document = Document.objects.filter(case_links__case__grouping=big).distinct()
    assert big_document.count() == 1
    assert CaseDocument.objects.filter(document=big_document.get()).count() == 500
    assert CaseEvent.objects.filter(case__grouping=big, kind=CaseEvent.Kind.DOCUMENT).count() == 500
    stored = {d.file.name for d in Document.objects.all()}
    assert len(stored) == Document.objects.count() == 3  # one file per upload, none per case


def test_the_same_content_again_shares_the_stored_file(staff, complaint_type, categories):
    """DOC-6: content already stored is not stored twice."""
    grouping = grouping_of(3, staff=staff, complaint_type=complaint_type)
    _add(grouping, staff, categories)
    _add(grouping, staff, [], name="samme-indhold.pdf")
    files = set(Document.objects.values_list("file", flat=True))
    assert len(files) == 1
    assert CaseDocument.objects.count() == 6


def test_a_closed_case_of_the_grouping_gets_nothing(staff, complaint_type, categories):
    grouping = grouping_of(3, staff=staff, complaint_type=complaint_type)
    closed = grouping.cases.order_by("number").first()
    Case.objects.filter(pk=closed.pk).update(status=Status.GENOPTAGET)
    _add(grouping, staff, categories)
    assert not CaseDocument.objects.filter(case=closed).exists()
    assert not CaseEvent.objects.filter(case=closed).exists()
    assert CaseDocument.objects.count() == 2


def test_a_grouping_without_open_cases_refuses_the_file_and_stores_nothing(staff, complaint_type):
    grouping = grouping_of(2, staff=staff, complaint_type=complaint_type, status=Status.GENOPTAGET)
    results = grouping_documents_add(grouping=grouping, files=[pdf()], by=staff)
    assert [(r.ok, r.code) for r in results] == [(False, "grouping_no_cases")]
    assert not Document.objects.exists() and not CaseDocument.objects.exists()


def test_a_document_of_a_grouping_is_seen_by_every_complainant_once_the_case_is_forwarded(
    staff, complaint_type, categories
):
    """X-6: while Indsendt only the first instance sees it; from forwarding every complainant of each case."""
    from klageportal.cases import policies

    grouping = grouping_of(2, staff=staff, complaint_type=complaint_type)
    people = []
    for case in grouping.cases.all():
        person = CitizenFactory()
        PartyFactory(case=case, role=PartyRole.COMPLAINANT, kind=PartyKind.PERSON, cpr=person.cpr)
        people.append((case, person))
    _add(grouping, staff, categories)
    for case, person in people:
        assert not case.documents.filter(policies.documents_visible_to(person, case)).exists()
        Case.objects.filter(pk=case.pk).update(status=Status.VIDERESENDT, forwarded_at=timezone.now())
        case.refresh_from_db()
        assert case.documents.filter(policies.documents_visible_to(person, case)).count() == 1


@pytest.mark.parametrize("who", ["other_authority", "complainant", "caseworker", "anonymous"])
def test_others_cannot_add_a_document_to_a_grouping(who, staff, complaint_type):
    from django.contrib.auth.models import AnonymousUser

    grouping = grouping_of(2, staff=staff, complaint_type=complaint_type)
    person = {
        "other_authority": lambda: AuthorityUserFactory(),
        "complainant": lambda: CitizenFactory(),
        "caseworker": lambda: BodyStaffFactory(boards=[complaint_type.board]),
        "anonymous": AnonymousUser,
    }[who]()
    with pytest.raises(PermissionDenied):
        grouping_documents_add(grouping=grouping, files=[pdf()], by=person)
    assert not Document.objects.exists() and not CaseDocument.objects.exists() and not CaseEvent.objects.exists()
