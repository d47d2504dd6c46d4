"""File names: refused over the configured length with the limit shown, stored whole up to it, and cleaned of
characters that cannot be part of a name, the person being told the name the file is stored under (DOC-2)."""

import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from klageportal.documents import validation
from klageportal.documents.models import Document
from klageportal.documents.uploads import uploads_accept
from tests.factories import CaseFactory

PDF = b"%PDF-1.4 bilag"


class Upload(io.BytesIO):
    def __init__(self, name, data):
        super().__init__(data)
        self.name, self.size, self.file = name, len(data), self


def _named(name: str, data: bytes = PDF) -> io.BytesIO:
    """A file for the test client that keeps its name whole (SimpleUploadedFile cuts it at 255)."""
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def _upload(client, case, name, *, json=True):
    client.force_login(case.created_by)
    url = reverse("workspaces:case_documents", kwargs={"number": case.number})
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    with translation.override("da"):
        return client.post(url, {"files": _named(name)}, HTTP_ACCEPT_LANGUAGE="da", **headers)


@pytest.mark.django_db
def test_a_name_of_261_characters_sent_by_a_browser_is_refused_with_the_limit(client):
    """Django cuts uploaded names to 255 characters; the portal's limit is judged on the name as sent."""
    case = CaseFactory()
    response = _upload(client, case, "a" * 257 + ".pdf")

    assert response.status_code == 422
    [result] = response.json()["files"]
    assert result["code"] == "name_too_long"
    assert "260" in result["message"]
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_a_name_of_260_characters_is_stored_whole(client):
    case = CaseFactory()
    name = "b" * 256 + ".pdf"
    response = _upload(client, case, name)

    assert response.status_code == 200
    assert list(Document.objects.values_list("original_name", flat=True)) == [name]


@pytest.mark.django_db
def test_a_name_over_a_higher_configured_limit_is_refused_with_that_limit(client, settings):
    settings.DOCUMENT_MAX_NAME_LENGTH = 200
    case = CaseFactory()
    response = _upload(client, case, "c" * 197 + ".pdf")

    assert response.json()["files"][0]["code"] == "name_too_long"
    assert "200" in response.json()["files"][0]["message"]


@pytest.mark.django_db
def test_control_characters_and_path_separators_are_removed_and_the_stored_name_is_given():
    case = CaseFactory()
    with translation.override("da"):
        [result] = uploads_accept(
            files=[Upload("af\x07gø\x1brelse/2024\\\u202ekopi.pdf", PDF)], case=case, by=case.created_by, role="klager"
        )

    assert result.ok
    stored = Document.objects.get().original_name
    assert stored == "afgørelse_2024_kopi.pdf"
    assert result.name == stored
    assert "»afgørelse_2024_kopi.pdf«" in result.message


@pytest.mark.django_db
def test_a_clean_name_is_stored_as_given_without_a_note():
    case = CaseFactory()
    [result] = uploads_accept(files=[Upload("Afgørelse 2024.pdf", PDF)], case=case, by=case.created_by, role="klager")

    assert result.ok and result.message == ""
    assert Document.objects.get().original_name == "Afgørelse 2024.pdf"


@pytest.mark.django_db
def test_the_page_tells_the_name_a_cleaned_file_is_stored_under(client):
    """Spaces around a name are dropped; the page says so, with the stored name, with and without JavaScript."""
    case = CaseFactory()
    response = _upload(client, case, "  bilag.pdf ")
    [result] = response.json()["files"]
    assert result["ok"] and result["name"] == "bilag.pdf"
    assert "»bilag.pdf«" in result["message"]

    response = _upload(client, case, " bilag 2.pdf", json=False)
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("»bilag 2.pdf«" in text for text in texts), texts


def test_clean_name_keeps_letters_of_every_language_and_joins_decomposed_ones():
    assert validation.clean_name("A\u030angstrøm – Ærø.pdf") == "Ångstrøm – Ærø.pdf"


def test_the_name_limit_is_held_to_what_the_column_stores(settings):
    """A higher configured limit cannot store names the database column would cut or refuse."""
    assert Document._meta.get_field("original_name").max_length == validation.NAME_COLUMN_LENGTH
    settings.DOCUMENT_MAX_NAME_LENGTH = 400
    assert validation.filing_limits().max_name_length == validation.NAME_COLUMN_LENGTH
