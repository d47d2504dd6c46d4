"""The grouping pages (FI-8): "Opret gruppering" keeps what was typed and names each bad number at the field;
the grouping's page adds documents to all cases, adds and removes cases; deleting asks first. No one else
gets in, and their requests change nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from klageportal.cases.models import Case, CaseEvent, Grouping, PartyKind, PartyRole, Status
from klageportal.catalog.models import DocumentCategory
from klageportal.documents.models import CaseDocument, Document
from tests.factories import (
    AuthorityUserFactory,
    BodyStaffFactory,
    CaseFactory,
    CitizenFactory,
    ComplaintTypeFactory,
    PartyFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def complaint_type(db):
    return ComplaintTypeFactory()


@pytest.fixture
def staff(authority):
    return AuthorityUserFactory(authority=authority, full_name="Birgitte Kommune")


@pytest.fixture
def complaints(authority, complaint_type):
    cases = []
    for index in range(3):
        case = CaseFactory(status=Status.INDSENDT, authority=authority, complaint_type=complaint_type)
        PartyFactory(case=case, role=PartyRole.COMPLAINANT, kind=PartyKind.PERSON, name=f"Klager {index}")
        cases.append(case)
    return cases


@pytest.fixture
def grouping(client, staff, complaints):
    client.force_login(staff)
    response = client.post(
        reverse("workspaces:grouping_create"),
        {"name": "Lokalplan 123", "numbers": "\n".join(c.number for c in complaints)},
    )
    assert response.status_code == 302
    return Grouping.objects.get()


def state():
    return (
        list(Grouping.objects.values_list("pk", "name")),
        list(Case.objects.order_by("pk").values_list("pk", "grouping_id")),
        CaseEvent.objects.count(),
        Document.objects.count(),
        CaseDocument.objects.count(),
    )


def test_create_groups_the_cases_and_shows_the_grouping(client, grouping, complaints):
    page = client.get(reverse("workspaces:grouping_detail", kwargs={"grouping": grouping.pk})).content.decode()
    assert "Lokalplan 123" in page
    for case in complaints:
        assert case.number in page
    assert "Svarskemaet udfyldes på hver sag for sig" in page
    assert "bliver synlige for alle klagere" in page
    listing = client.get(reverse("workspaces:grouping_list")).content.decode()
    assert "Lokalplan 123" in listing


def test_bad_numbers_are_named_at_the_field_and_what_was_typed_stays(client, staff, complaints, authority):
    foreign = CaseFactory(status=Status.INDSENDT)
    client.force_login(staff)
    typed = f"{complaints[0].number}\n{foreign.number}\nNH-0000-999999"
    response = client.post(reverse("workspaces:grouping_create"), {"name": "Lokalplan", "numbers": typed})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Sag {foreign.number} findes ikke blandt jeres sager." in page
    assert "Sag NH-0000-999999 findes ikke blandt jeres sager." in page
    assert 'href="#id_numbers"' in page  # the summary leads to the field
    assert typed in page and 'value="Lokalplan"' in page
    assert not Grouping.objects.exists()


def test_a_document_added_on_the_grouping_page_goes_to_every_case_with_its_labels(
    client, grouping, complaints, catalogue
):
    category = DocumentCategory.objects.get(slug="afgoerelse")
    response = client.post(
        reverse("workspaces:grouping_documents", kwargs={"grouping": grouping.pk}),
        {
            "dokumenter-uploads": SimpleUploadedFile("svar.pdf", PDF, content_type="application/pdf"),
            "dokumenter-categories": [category.pk],
            "dokumenter-understood": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Document.objects.count() == 1
    links = CaseDocument.objects.filter(document=Document.objects.get())
    assert sorted(links.values_list("case_id", flat=True)) == sorted(c.pk for c in complaints)
    assert all(list(link.categories.all()) == [category] for link in links)
    page = client.get(reverse("workspaces:grouping_detail", kwargs={"grouping": grouping.pk})).content.decode()
    assert "svar.pdf" in page  # in the grouping's own list of its documents
    for case in complaints:
        history = client.get(reverse("workspaces:case_history", kwargs={"number": case.number})).content.decode()
        assert "Dokument tilføjet: svar.pdf" in history


def test_without_the_confirmation_nothing_is_stored_and_the_labels_stay_ticked(client, grouping, catalogue):
    category = DocumentCategory.objects.get(slug="afgoerelse")
    before = state()
    response = client.post(
        reverse("workspaces:grouping_documents", kwargs={"grouping": grouping.pk}),
        {
            "dokumenter-uploads": SimpleUploadedFile("svar.pdf", PDF, content_type="application/pdf"),
            "dokumenter-categories": [category.pk],
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bekræft, at dokumenterne må tilføjes til alle sagerne i grupperingen." in page
    assert f'value="{category.pk}" checked' in page
    assert state() == before


def test_add_remove_and_delete(client, grouping, complaints, authority, complaint_type):
    later = CaseFactory(status=Status.INDSENDT, authority=authority, complaint_type=complaint_type)
    detail = reverse("workspaces:grouping_detail", kwargs={"grouping": grouping.pk})
    assert client.post(detail, {"tilfoej-numbers": later.number}).status_code == 302
    assert grouping.cases.count() == 4

    remove = reverse("workspaces:grouping_case_remove", kwargs={"grouping": grouping.pk})
    assert client.post(remove, {"sag": complaints[0].number}).status_code == 302
    assert grouping.cases.count() == 3

    delete = reverse("workspaces:grouping_delete", kwargs={"grouping": grouping.pk})
    confirm = client.get(delete).content.decode()
    assert "bliver ikke slettet" in confirm and Grouping.objects.exists()
    assert client.post(delete).status_code == 302
    assert not Grouping.objects.exists()
    assert Case.objects.count() == 4


def test_the_case_header_tells_the_first_instance_the_case_is_in_a_grouping(client, grouping, complaints):
    page = client.get(complaints[0].get_absolute_url()).content.decode()
    assert "Sagen er i grupperingen" in page and "Lokalplan 123" in page


@pytest.mark.parametrize("who", ["other_authority", "complainant", "caseworker", "anonymous"])
def test_others_are_refused_and_change_nothing(who, client, grouping, complaints, complaint_type, catalogue):
    client.logout()
    person = {
        "other_authority": lambda: AuthorityUserFactory(),
        "complainant": lambda: CitizenFactory(),
        "caseworker": lambda: BodyStaffFactory(boards=[complaint_type.board]),
        "anonymous": lambda: None,
    }[who]()
    if person is not None:
        client.force_login(person)
    before = state()
    pk = {"grouping": grouping.pk}
    upload = {
        "dokumenter-uploads": SimpleUploadedFile("svar.pdf", PDF, content_type="application/pdf"),
        "dokumenter-understood": "on",
    }
    for url, data in (
        (reverse("workspaces:grouping_detail", kwargs=pk), {"tilfoej-numbers": complaints[0].number}),
        (reverse("workspaces:grouping_documents", kwargs=pk), upload),
        (reverse("workspaces:grouping_case_remove", kwargs=pk), {"sag": complaints[0].number}),
        (reverse("workspaces:grouping_delete", kwargs=pk), {}),
    ):
        response = client.post(url, data)
        assert response.status_code in (302, 403, 404)
        if response.status_code == 302:
            assert response["Location"].startswith("/oidc/") or "login" in response["Location"]
    # Another authority's staff may make groupings of their own, but not of these cases.
    response = client.post(reverse("workspaces:grouping_create"), {"name": "X", "numbers": complaints[0].number})
    if who == "other_authority":
        assert f"Sag {complaints[0].number} findes ikke blandt jeres sager." in response.content.decode()
    else:
        assert response.status_code in (302, 403)
    assert state() == before


def test_the_grouping_page_takes_files_larger_than_a_form_without_files(client, grouping, complaints, settings):
    """The page is one of the pages that take files (UPLOAD_URL_NAMES): a 2 MB file is not refused with 413."""
    big = PDF + b"0" * (2 * 1024 * 1024)
    assert len(big) > settings.REQUEST_MAX_BODY_BYTES
    response = client.post(
        reverse("workspaces:grouping_documents", kwargs={"grouping": grouping.pk}),
        {
            "dokumenter-uploads": SimpleUploadedFile("stor.pdf", big, content_type="application/pdf"),
            "dokumenter-understood": "on",
        },
    )
    assert response.status_code == 302
    assert CaseDocument.objects.filter(document__original_name="stor.pdf").count() == len(complaints)


def test_a_grouping_whose_cases_are_all_closed_refuses_the_file_at_the_field(client, grouping, complaints):
    Case.objects.filter(grouping=grouping).update(status=Status.GENOPTAGET)
    before = state()
    response = client.post(
        reverse("workspaces:grouping_documents", kwargs={"grouping": grouping.pk}),
        {
            "dokumenter-uploads": SimpleUploadedFile("svar.pdf", PDF, content_type="application/pdf"),
            "dokumenter-understood": "on",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "svar.pdf: Ingen af grupperingens sager kan få dokumenter nu." in page
    assert 'id="id_dokumenter-uploads"' in page  # the summary's link has its field
    assert state() == before
