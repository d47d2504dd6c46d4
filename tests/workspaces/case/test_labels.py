"""FI-3, DOC-5 on the case's documents tab: the first instance labels documents on upload, with the pencil and the
label's cross, is told which of the complaint's documents lack "Klage", and is warned before it uploads."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from klageportal.cases.models import CaseEvent, PartyRole, Status
from klageportal.catalog.models import DocumentCategory
from klageportal.documents.models import CaseDocument
from tests.factories import AuthorityUserFactory, BodyStaffFactory, CaseDocumentFactory, CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def categories(db):
    def category(slug, name, position):
        return DocumentCategory.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})[0]

    return {"afgoerelse": category("afgoerelse", "Afgørelse", 1), "klage": category("klage", "Klage", 2)}


@pytest.fixture
def case(db):
    return CaseFactory(status=Status.INDSENDT, submitted_at=timezone.now())


@pytest.fixture
def staff(case):
    return AuthorityUserFactory(authority=case.authority)


@pytest.fixture
def complaint(case, categories):
    link = CaseDocumentFactory(case=case, document__original_name="klage.pdf", added_by_role=PartyRole.COMPLAINANT)
    link.categories.add(categories["afgoerelse"])
    return link


def tab(case) -> str:
    return reverse("workspaces:case_documents", kwargs={"number": case.number})


def labels_url(link, action: str = "") -> str:
    name = {"": "case_document_labels", "remove": "case_document_label_remove", "add": "case_document_label_add"}
    return reverse(f"workspaces:{name[action]}", kwargs={"number": link.case.number, "pk": link.pk})


def slugs(link) -> set[str]:
    return set(CaseDocument.objects.get(pk=link.pk).categories.values_list("slug", flat=True))


def text(html: str) -> str:
    """The page's text as a screen reader reads it run together: tags out, spaces joined."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_first_instance_sees_the_cross_the_pencil_and_what_still_needs_klage(client, case, staff, complaint):
    client.force_login(staff)
    html = client.get(tab(case)).content.decode()
    read = text(html)

    assert "Fjern kategorien Afgørelse fra klage.pdf" in read
    assert "Rediger kategorier for klage.pdf" in read
    assert 'id="mangler-klage"' in html
    assert "Markér som Klage – klage.pdf" in read
    assert labels_url(complaint, "add") in html


def test_the_complaint_labelled_klage_is_no_longer_listed(client, case, staff, complaint, categories):
    complaint.categories.add(categories["klage"])
    client.force_login(staff)

    assert 'id="mangler-klage"' not in client.get(tab(case)).content.decode()


def test_doc5_warning_says_when_the_complainant_sees_and_where_internal_documents_go(client, case, staff):
    """DOC-5, X-6: seen by all from forwarding; internal documents by e-Boks with the case number to copy."""
    client.force_login(staff)
    html = client.get(tab(case)).content.decode()
    read = text(html)

    assert "fra det øjeblik I videresender sagen til nævnet" in read
    assert f"Send dem i stedet til {case.board.name} via e-Boks" in read
    assert (
        f'id="case-number-copy" class="form-input input-width-s d-inline-block" readonly value="{case.number}"' in html
    )
    assert 'data-copy="case-number-copy"' in html
    assert "js/copy.js" in html


def test_the_complainant_sees_labels_but_can_change_none(client, case, complaint):
    client.force_login(case.created_by)
    html = client.get(tab(case)).content.decode()

    assert "Afgørelse" in html
    assert "Fjern kategorien" not in html and "kategorier for" not in html
    assert 'id="mangler-klage"' not in html and 'id="foer-upload"' not in html
    assert client.get(labels_url(complaint)).status_code == 403


def test_after_forwarding_no_pencil_no_cross(client, case, staff, complaint):
    case.status, case.forwarded_at = Status.VIDERESENDT, timezone.now()
    case.save()
    client.force_login(staff)
    html = client.get(tab(case)).content.decode()

    assert "Fjern kategorien" not in html and "kategorier for" not in html and 'id="mangler-klage"' not in html
    assert "kan se de dokumenter, I tilføjer her, med det samme" in text(html)
    assert client.get(labels_url(complaint)).status_code == 403


def test_a_document_added_after_forwarding_has_no_pencil_when_the_case_is_back(client, case, staff, complaint):
    forwarded = timezone.now() - timedelta(days=1)
    CaseDocument.objects.filter(pk=complaint.pk).update(added_at=forwarded - timedelta(days=1))
    case.forwarded_at = forwarded
    case.save()
    late = CaseDocumentFactory(case=case, document__original_name="sen.pdf", added_by_role=PartyRole.COMPLAINANT)
    client.force_login(staff)
    read = text(client.get(tab(case)).content.decode())

    assert "Rediger kategorier for klage.pdf" in read
    assert "Rediger kategorier for sen.pdf" not in read and "Markér som Klage – sen.pdf" not in read
    assert client.post(labels_url(late, "add"), {"category": "klage"}).status_code == 403
    assert slugs(late) == set()


def test_uploading_without_javascript_labels_every_file(client, case, staff, categories):
    client.force_login(staff)
    response = client.post(
        tab(case),
        {
            "action": "upload",
            "files": [SimpleUploadedFile("a.txt", b"Afgoerelse"), SimpleUploadedFile("b.txt", b"Bilag")],
            "categories": ["afgoerelse", "klage"],
        },
    )

    assert response.status_code == 302
    links = CaseDocument.objects.filter(case=case)
    assert links.count() == 2
    assert all(slugs(link) == {"afgoerelse", "klage"} for link in links)
    assert all(link.added_by_role == PartyRole.FIRST_INSTANCE for link in links)


def test_the_upload_form_offers_the_categories_to_the_first_instance_only(client, case, staff, categories):
    client.force_login(staff)
    html = client.get(tab(case)).content.decode()
    assert 'name="categories" id="id_upload_categories_0" value="afgoerelse"' in html
    client.force_login(case.created_by)
    assert 'name="categories"' not in client.get(tab(case)).content.decode()


def test_the_uploader_script_sends_one_file_with_its_categories(client, case, staff, categories):
    client.force_login(staff)
    response = client.post(
        tab(case),
        {"action": "upload", "files": SimpleUploadedFile("a.txt", b"Afgoerelse"), "categories": "klage"},
        headers={"accept": "application/json"},
    )

    assert response.status_code == 200 and response.json()["files"][0]["ok"]
    assert slugs(CaseDocument.objects.get(case=case)) == {"klage"}


def test_an_unknown_category_refuses_the_upload_and_stores_nothing(client, case, staff, categories):
    client.force_login(staff)
    response = client.post(
        tab(case),
        {"action": "upload", "files": SimpleUploadedFile("a.txt", b"Afgoerelse"), "categories": "findes-ikke"},
        headers={"accept": "application/json"},
    )

    assert response.status_code == 422
    assert response.json()["files"][0]["message"] == "Vælg kategorier fra listen."
    assert not CaseDocument.objects.filter(case=case).exists()


def test_categories_a_complainant_sends_are_ignored(client, case, categories):
    client.force_login(case.created_by)
    client.post(tab(case), {"action": "upload", "files": SimpleUploadedFile("a.txt", b"Bilag"), "categories": "klage"})

    assert slugs(CaseDocument.objects.get(case=case)) == set()


def test_the_pencils_page_shows_the_labels_and_saves_the_choice(client, case, staff, complaint):
    client.force_login(staff)
    page = client.get(labels_url(complaint)).content.decode()
    assert "Rediger kategorier for klage.pdf" in page
    assert re.search(r'value="afgoerelse" checked', page)
    assert not re.search(r'value="klage" checked', page)

    response = client.post(labels_url(complaint), {"categories": ["klage"]}, follow=True)

    assert response.redirect_chain[-1][0] == tab(case)
    assert slugs(complaint) == {"klage"}
    assert "Kategorierne for klage.pdf er gemt." in response.content.decode()
    assert case.events.filter(kind=CaseEvent.Kind.DOCUMENT, data__document=complaint.document_id).count() == 2


def test_the_pencils_page_with_an_unknown_category_shows_the_error_and_changes_nothing(client, case, staff, complaint):
    client.force_login(staff)
    response = client.post(labels_url(complaint), {"categories": ["findes-ikke"]})

    assert response.status_code == 200
    assert "Vælg kategorier fra listen." in response.content.decode()
    assert slugs(complaint) == {"afgoerelse"}


def test_the_cross_removes_the_label_and_says_so(client, case, staff, complaint):
    client.force_login(staff)
    response = client.post(labels_url(complaint, "remove"), {"category": "afgoerelse"}, follow=True)

    assert slugs(complaint) == set()
    assert "Kategorien Afgørelse er fjernet fra klage.pdf." in response.content.decode()


def test_mark_as_klage_adds_the_label(client, case, staff, complaint):
    client.force_login(staff)
    response = client.post(labels_url(complaint, "add"), {"category": "klage"}, follow=True)

    assert slugs(complaint) == {"afgoerelse", "klage"}
    assert "klage.pdf er mærket med kategorien Klage." in response.content.decode()


def test_the_cross_without_a_category_changes_nothing(client, case, staff, complaint):
    client.force_login(staff)
    response = client.post(labels_url(complaint, "remove"), {}, follow=True)

    assert slugs(complaint) == {"afgoerelse"}
    assert "Vælg den kategori, der skal fjernes fra klage.pdf." in response.content.decode()


@pytest.mark.parametrize("who", ["other_authority", "complainant", "board_caseworker", "anonymous"])
def test_label_pages_refuse_everyone_else_and_nothing_changes(client, case, complaint, who):
    person = {
        "other_authority": lambda: AuthorityUserFactory(),
        "complainant": lambda: case.created_by,
        "board_caseworker": lambda: BodyStaffFactory(boards=[case.board]),
        "anonymous": lambda: None,
    }[who]()
    if person is not None:
        client.force_login(person)
    events = CaseEvent.objects.count()

    for url, data in (
        (labels_url(complaint), {"categories": ["klage"]}),
        (labels_url(complaint, "remove"), {"category": "afgoerelse"}),
        (labels_url(complaint, "add"), {"category": "klage"}),
    ):
        response = client.post(url, data)
        assert response.status_code in (302, 403, 404)
        if response.status_code == 302:
            assert response["Location"].startswith("/oidc/") or "login" in response["Location"]

    assert slugs(complaint) == {"afgoerelse"}
    assert CaseEvent.objects.count() == events


def _fi_case(documents: int):
    case = CaseFactory(status=Status.INDSENDT, submitted_at=timezone.now())
    categories = [
        DocumentCategory.objects.get_or_create(slug=slug, defaults={"name": slug.title()})[0]
        for slug in ("afgoerelse", "aktliste")
    ]
    for index in range(documents):
        link = CaseDocumentFactory(case=case, document__sha256=f"{case.pk:032x}{index:032x}")
        link.categories.set(categories[: index % 3])
    return case


def test_the_first_instances_documents_tab_costs_the_same_for_many_documents(client, categories):
    """Labels, crosses, pencils and the unlabelled warning: no query per document."""
    small, big = _fi_case(1), _fi_case(30)

    def queries(case):
        client.force_login(AuthorityUserFactory(authority=case.authority))
        assert client.get(tab(case)).status_code == 200
        with CaptureQueriesContext(connection) as captured:
            html = client.get(tab(case)).content.decode()
        return len(captured.captured_queries), html

    small_count, _ = queries(small)
    big_count, big_html = queries(big)

    assert big_count == small_count
    assert text(big_html).count("Rediger kategorier for") == 30
