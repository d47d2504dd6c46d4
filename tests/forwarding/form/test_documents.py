"""Page 6 (AS-40, AS-41): files tied to checklist items, the limits per file and in total."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from klageportal.forwarding.models import AnkeskemaDocument, AnkeskemaDraft

pytestmark = pytest.mark.django_db


def _pdf(name: str = "afgoerelse.pdf", size: int = 100) -> SimpleUploadedFile:
    body = b"%PDF-1.4 " + b"x" * max(size - 9, 0)
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def _upload(client, item: str, *files, json: bool = False):
    headers = {"Accept": "application/json"} if json else {}
    return client.post(reverse("forwarding:upload", kwargs={"item": item}), {"files": list(files)}, headers=headers)


@pytest.fixture
def started(as_birgitte):
    as_birgitte.get(reverse("forwarding:start"))
    return as_birgitte


def test_files_are_tied_to_the_item_they_cover(started, birgitte):
    response = _upload(started, "afgoerelse", _pdf("a.pdf"), _pdf("b.pdf", 120))
    assert response["Location"] == reverse("forwarding:page", kwargs={"number": 6}) + "#item-afgoerelse"
    assert list(AnkeskemaDocument.objects.values_list("checklist_item", "document__original_name")) == [
        ("afgoerelse", "a.pdf"),
        ("afgoerelse", "b.pdf"),
    ]


def test_an_item_not_on_the_list_is_refused(started):
    response = _upload(started, "noget-andet", _pdf(), json=True)
    assert response.status_code == 422
    assert not AnkeskemaDocument.objects.exists()


def test_the_page_says_what_is_still_missing_and_that_everything_relevant_goes(started):
    _upload(started, "afgoerelse", _pdf())
    html = started.get(reverse("forwarding:page", kwargs={"number": 6})).content.decode()
    assert "Der mangler filer til disse akter" in html
    missing = html.split("Der mangler filer til disse akter")[1].split("</ul>")[0]
    assert "Klagen over kommunens afgørelse" in missing and "Kommunens afgørelse<" not in missing
    assert "også dem, kommunen ikke har lagt vægt på" in html
    assert "Bilagene skal ligge i kronologisk orden med yngste først." in html


def test_hint_and_message_give_the_same_per_file_limit(started, settings):
    """AS-41: the limit is configuration; the hint and the refusal quote the same figure."""
    settings.ANKESKEMA_MAX_FILE_BYTES = 1000
    figure = filesizeformat(1000)
    html = started.get(reverse("forwarding:page", kwargs={"number": 6})).content.decode()
    assert f"Højst {figure} pr. fil" in html
    response = _upload(started, "klage", _pdf("stor.pdf", 1001), json=True)
    assert response.status_code == 422
    assert response.json()["files"][0]["message"] == f"Filen er for stor. En fil må højst fylde {figure}."


def test_the_default_limits_are_25_and_200_mb(settings):
    assert settings.ANKESKEMA_MAX_FILE_BYTES == 25 * 1024 * 1024
    assert settings.ANKESKEMA_MAX_TOTAL_BYTES == 200 * 1024 * 1024


def test_past_the_total_the_message_points_to_the_supplementary_form(started, settings):
    """AS-41: past the total, send the form and then the rest with the supplementary form, with the løbenummer."""
    settings.ANKESKEMA_MAX_TOTAL_BYTES = 250
    assert _upload(started, "afgoerelse", _pdf("a.pdf", 200)).status_code == 302
    response = _upload(started, "klage", _pdf("b.pdf", 100), json=True)
    message = response.json()["files"][0]["message"]
    assert f"højst fylde {filesizeformat(250)} i alt" in message
    assert "Web-ankeskema til supplerende oplysninger" in message and "løbenummeret" in message
    assert AnkeskemaDocument.objects.count() == 1
    html = started.get(reverse("forwarding:page", kwargs={"number": 6})).content.decode()
    assert f"{filesizeformat(250)} i alt" in html


def test_a_file_whose_content_is_not_its_type_is_refused(started):
    fake = SimpleUploadedFile("afgoerelse.pdf", b"not a pdf at all", content_type="application/pdf")
    response = _upload(started, "afgoerelse", fake, json=True)
    assert response.json()["files"][0]["code"] == "content_mismatch"


def test_a_file_can_be_removed(started, birgitte):
    _upload(started, "afgoerelse", _pdf())
    link = AnkeskemaDocument.objects.get()
    started.post(reverse("forwarding:page", kwargs={"number": 6}), {"action": f"remove-doc-{link.pk}"})
    assert not AnkeskemaDocument.objects.exists()


def test_files_cannot_be_added_to_a_sent_form(started, birgitte):
    AnkeskemaDraft.objects.filter(owner=birgitte).update(state=AnkeskemaDraft.State.SENT)
    assert _upload(started, "afgoerelse", _pdf()).status_code == 404


def _region(html: str, region_id: str) -> str:
    """The markup of an element the page's uploader fetches again after an upload, up to the next region."""
    start = html.index(f'id="{region_id}" data-upload-refresh>')
    return html[start : html.index("data-upload", start + len(region_id) + 25)]


def test_the_parts_the_uploader_fetches_again_show_an_upload_at_once(started):
    """Issue 12, item 3: the warning, the total and the item's state and files are in elements with ids that
    the uploader (static/js/upload.js) takes from the page after an upload; they show the new file."""
    page = reverse("forwarding:page", kwargs={"number": 6})
    before = started.get(page).content.decode()
    assert f"Uploadet i alt: {filesizeformat(0)}" in _region(before, "documents-state")
    assert 'href="#item-afgoerelse"' in _region(before, "documents-state")
    assert "Mangler" in _region(before, "item-afgoerelse-state")

    _upload(started, "afgoerelse", _pdf("a.pdf", 150), json=True)
    after = started.get(page).content.decode()
    state = _region(after, "documents-state")
    assert f"Uploadet i alt: {filesizeformat(150)}" in state
    assert 'href="#item-afgoerelse"' not in state and 'href="#item-klage"' in state
    assert "Vedlagt" in _region(after, "item-afgoerelse-state")
    assert f"a.pdf ({filesizeformat(150)})" in _region(after, "item-afgoerelse-files")
    assert "a.pdf" not in _region(after, "item-klage-files")
