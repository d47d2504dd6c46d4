"""FI-3: the first instance labels the case's documents while it prepares the case; every change is in the history."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from klageportal.cases.models import CaseEvent, PartyRole, Status
from klageportal.catalog.models import DocumentCategory
from klageportal.documents.models import CaseDocument
from klageportal.documents.services import (
    case_document_label_remove,
    case_document_labels_add,
    case_document_labels_set,
)
from klageportal.documents.uploads import uploads_accept
from tests.factories import (
    AuthorityUserFactory,
    BodyStaffFactory,
    CaseDocumentFactory,
    CaseFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def categories(db):
    def category(slug, name, position):
        return DocumentCategory.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})[0]

    return {
        "afgoerelse": category("afgoerelse", "Afgørelse", 1),
        "klage": category("klage", "Klage", 2),
        "aktliste": category("aktliste", "Aktliste", 3),
    }


@pytest.fixture
def case(db):
    return CaseFactory(status=Status.INDSENDT, submitted_at=timezone.now())


@pytest.fixture
def staff(case):
    return AuthorityUserFactory(authority=case.authority)


@pytest.fixture
def link(case):
    return CaseDocumentFactory(case=case, document__original_name="klage.pdf", added_by_role=PartyRole.COMPLAINANT)


def slugs(link) -> set[str]:
    return set(CaseDocument.objects.get(pk=link.pk).categories.values_list("slug", flat=True))


def label_events(case) -> list[CaseEvent]:
    return list(case.events.filter(kind=CaseEvent.Kind.DOCUMENT).order_by("pk"))


def test_setting_labels_adds_and_removes_with_a_history_line_naming_the_document(case, staff, link, categories):
    link.categories.add(categories["aktliste"])

    case_document_labels_set(link=link, categories=[categories["klage"], categories["afgoerelse"]], by=staff)

    assert slugs(link) == {"klage", "afgoerelse"}
    added, removed = label_events(case)
    assert added.text == "Dokumentet klage.pdf er mærket med: Afgørelse, Klage"
    assert removed.text == "Mærkningen Aktliste er fjernet fra dokumentet klage.pdf"
    assert added.data["document"] == removed.data["document"] == link.document_id
    assert added.actor == staff


def test_setting_the_same_labels_again_changes_nothing_and_writes_no_line(case, staff, link, categories):
    link.categories.add(categories["klage"])

    case_document_labels_set(link=link, categories=[categories["klage"]], by=staff)

    assert slugs(link) == {"klage"}
    assert label_events(case) == []


def test_removing_a_label_keeps_the_others(case, staff, link, categories):
    link.categories.add(categories["klage"], categories["aktliste"])

    case_document_label_remove(link=link, category=categories["aktliste"], by=staff)

    assert slugs(link) == {"klage"}
    assert [event.text for event in label_events(case)] == ["Mærkningen Aktliste er fjernet fra dokumentet klage.pdf"]


def test_adding_a_label_keeps_the_others(case, staff, link, categories):
    link.categories.add(categories["aktliste"])

    case_document_labels_add(link=link, categories=[categories["klage"]], by=staff)

    assert slugs(link) == {"klage", "aktliste"}
    assert [event.text for event in label_events(case)] == ["Dokumentet klage.pdf er mærket med: Klage"]


def _refused_for(who, link, categories):
    before = (slugs(link), CaseEvent.objects.count())
    for change in (
        lambda: case_document_labels_set(link=link, categories=[categories["afgoerelse"]], by=who),
        lambda: case_document_labels_add(link=link, categories=[categories["afgoerelse"]], by=who),
        lambda: case_document_label_remove(link=link, category=categories["klage"], by=who),
    ):
        with pytest.raises(PermissionDenied):
            change()
    assert (slugs(link), CaseEvent.objects.count()) == before


@pytest.mark.parametrize("who", ["other_authority", "complainant", "board_caseworker", "anonymous"])
def test_refused_for_anyone_but_the_first_instance_and_nothing_changes(case, link, categories, who):
    from django.contrib.auth.models import AnonymousUser

    link.categories.add(categories["klage"])
    person = {
        "other_authority": lambda: AuthorityUserFactory(),
        "complainant": lambda: case.created_by,
        "board_caseworker": lambda: BodyStaffFactory(boards=[case.board]),
        "anonymous": AnonymousUser,
    }[who]()

    _refused_for(person, link, categories)


def test_refused_once_the_case_is_forwarded(case, staff, link, categories):
    link.categories.add(categories["klage"])
    case.status, case.forwarded_at = Status.VIDERESENDT, timezone.now()
    case.save()

    _refused_for(staff, link, categories)


def test_refused_before_the_first_instance_may_act(case, staff, link, categories):
    """X-6: in Udfyldt the first instance sees the case but cannot act."""
    link.categories.add(categories["klage"])
    case.status = Status.UDFYLDT
    case.save()

    _refused_for(staff, link, categories)


def test_a_document_added_after_the_case_was_forwarded_cannot_be_labelled(case, staff, categories):
    """FI-3: also when the board has sent the case back to the first instance (Indsendt again)."""
    forwarded = timezone.now() - timedelta(days=2)
    case.forwarded_at = forwarded
    case.save()
    before = CaseDocumentFactory(case=case, document__original_name="før.pdf")
    after = CaseDocumentFactory(case=case, document__original_name="efter.pdf")
    CaseDocument.objects.filter(pk=before.pk).update(added_at=forwarded - timedelta(hours=1))
    after.categories.add(categories["klage"])

    case_document_labels_add(link=before, categories=[categories["klage"]], by=staff)
    _refused_for(staff, after, categories)

    assert slugs(before) == {"klage"}


class Upload(io.BytesIO):
    def __init__(self, name, data):
        super().__init__(data)
        self.name, self.size, self.file = name, len(data), self


def test_files_uploaded_with_categories_carry_them_with_a_history_line_each(case, staff, categories):
    results = uploads_accept(
        files=[Upload("afgoerelse.txt", b"Afgoerelsen"), Upload("aktliste.txt", b"Aktlisten")],
        case=case,
        by=staff,
        role=PartyRole.FIRST_INSTANCE,
        categories=[categories["afgoerelse"], categories["aktliste"]],
    )

    assert all(result.ok for result in results)
    for result in results:
        assert slugs(result.link) == {"afgoerelse", "aktliste"}
    assert [event.text for event in label_events(case)] == [
        "Dokument tilføjet: afgoerelse.txt",
        "Dokumentet afgoerelse.txt er mærket med: Afgørelse, Aktliste",
        "Dokument tilføjet: aktliste.txt",
        "Dokumentet aktliste.txt er mærket med: Afgørelse, Aktliste",
    ]


def test_an_upload_with_categories_by_someone_who_may_not_label_stores_nothing(case, categories):
    complainant = case.created_by

    with pytest.raises(PermissionDenied):
        uploads_accept(
            files=[Upload("bilag.txt", b"Bilag")],
            case=case,
            by=complainant,
            role=PartyRole.COMPLAINANT,
            categories=[categories["klage"]],
        )

    assert not case.documents.exists()
