"""The receipt PDF of a sent web appeal form (AS-51): tagged PDF/A, every answer, the løbenummer and the time."""

import io
import itertools
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from pypdf import PdfReader
from pypdf.generic import BooleanObject

from klageportal.cases.services.create import case_create
from klageportal.catalog.models import Board
from klageportal.forwarding.models import AnkeskemaDocument, AnkeskemaDraft, AnkeskemaSubmission
from klageportal.forwarding.receipts import pdf as receipt
from klageportal.identity.models import Right
from tests.factories import AuthorityUserFactory, DocumentFactory

PDFAID = "http://www.aiim.org/pdfa/ns/id/"
_sequence = itertools.count(1)


def answers_complete() -> dict:
    """Answers to every page as the pages store them: a representative, two law areas, two files."""
    from klageportal.catalog.models import LawArea

    plain = LawArea.objects.filter(follow_up=False, catch_all=False).select_related("law").first()
    follow_up = LawArea.objects.filter(follow_up=True).select_related("law").first() or plain
    areas = [{"law": str(plain.law_id), "area": str(plain.pk)}]
    areas.append({"law": str(follow_up.law_id), "area": str(follow_up.pk), "paragraph": "§ 66, stk. 2"})
    return {
        "1": {
            "department": "Ydelseskontoret",
            "caseworker": "Birgitte Andersen",
            "caseworker_phone": "86871234",
            "caseworker_email": "birgitte.andersen@viborg.example",
            "same_department": "nej",
            "reassessing_department": "Handicapafdelingen, Team Vest",
            "journal_number": "27.12.08-P20-1-24",
            "office_hours": "Mandag–torsdag 9.00–12.00",
        },
        "2": {
            "citizen_cpr": "0101801234",
            "citizen_name": "Jens Åge Østergård",
            "citizen_name_source": "register",
            "is_child": "nej",
            "has_parties": "on",
            "parties": [
                {
                    "role": "partsrepraesentant",
                    "number": "37042374",
                    "name": "advokat Mads Ærø",
                    "address": "Søndergade 12",
                    "postcode": "8800",
                    "city": "Viborg",
                    "phone": "86861122",
                    "power_of_attorney": "ja",
                }
            ],
        },
        "3": {"areas": areas},
        "4": {
            "decision_date": "2026-09-01",
            "decision_channel": "letter",
            "complaint_date": "2026-09-15",
            "complaint_channel": "digital",
            "deadline_exceeded": "nej",
            "reassessment_date": "2026-10-01",
            "outcome": "fastholdt",
            "citizen_informed": "ja",
            "citizen_informed_date": "2026-10-02",
        },
        "5": {
            "remarks": "Borgeren har en fremadskridende lidelse; sagen haster.",
            "principled": "on",
            "principled_reason": "Fortolkning af nye regler om hjælpemidler.",
        },
    }


def submission_make(
    *,
    by=None,
    data: dict | None = None,
    citizen_cpr: str = "0101801234",
    journal_number: str = "27.12.08-P20-1-24",
) -> AnkeskemaSubmission:
    """A sent form as `ankeskema_send` leaves it, made straight in the database: answers, løbenummer, case."""
    by = by or AuthorityUserFactory(rights=[Right.ANKESKEMA.value])
    data = data if data is not None else answers_complete()
    draft = AnkeskemaDraft.objects.create(
        owner=by, authority=by.authority, state=AnkeskemaDraft.State.SENT, data=data, page=7
    )
    case = case_create(
        channel="forwarding",
        board=Board.objects.get(slug="ast"),
        created_by=by,
        authority=by.authority,
        event_text="Ankeskema modtaget",
    )
    sequence = next(_sequence)
    year = timezone.localdate().year
    return AnkeskemaSubmission.objects.create(
        draft=draft,
        lobenummer=f"T{year}-{sequence:06d}",
        year=year,
        sequence=sequence,
        sent_at=datetime(year, 11, 23, 14, 5, 9, tzinfo=ZoneInfo("Europe/Copenhagen")),
        sent_by=by,
        authority=by.authority,
        case=case,
        data=data,
        citizen_cpr=citizen_cpr,
        journal_number=journal_number,
    )


def form_send(*, by, answers: dict) -> AnkeskemaSubmission:
    """Send a complete form the way the "Send" button does, with a file for every checklist item."""
    from klageportal.forwarding.form.checklist import checklist_items
    from klageportal.forwarding.services import ankeskema_send

    draft = AnkeskemaDraft.objects.create(owner=by, authority=by.authority, data=answers, page=7)
    for item in checklist_items(answers):
        document = DocumentFactory(original_name=f"{item.key} – bilag.pdf")
        AnkeskemaDocument.objects.create(draft=draft, checklist_item=item.key, document=document)
    return ankeskema_send(draft=draft, by=by)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def squeezed(text: str) -> str:
    """Text without any white space: a value the PDF wraps over two lines is still found."""
    return re.sub(r"\s+", "", str(text))


def pdfa_identification(pdf: bytes) -> dict[str, str]:
    """pdfaid:part and pdfaid:conformance from the XMP metadata, as attributes or as elements."""
    reader = PdfReader(io.BytesIO(pdf))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    root = ET.fromstring(xmp[xmp.index(b"<x:xmpmeta") : xmp.rindex(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")])
    found = {}
    for element in root.iter():
        for key, value in element.attrib.items():
            if key.startswith(f"{{{PDFAID}}}"):
                found[key.removeprefix(f"{{{PDFAID}}}")] = value
        if element.tag.startswith(f"{{{PDFAID}}}"):
            found[element.tag.removeprefix(f"{{{PDFAID}}}")] = (element.text or "").strip()
    return found


@pytest.fixture
def submission(catalogue):
    """A form sent through `ankeskema_send`: a representative, two law areas, a file per checklist item."""
    by = AuthorityUserFactory(rights=[Right.ANKESKEMA.value], email="birgitte.andersen@viborg.example")
    return form_send(by=by, answers=answers_complete())


@pytest.fixture
def pdf(submission) -> bytes:
    return receipt.receipt_pdf(submission)


def test_receipt_is_pdf_a_with_its_identification_in_the_xmp_metadata(pdf):
    """AS-51: an archival format; the XMP metadata declares the PDF/A part and conformance level."""
    assert pdf.startswith(b"%PDF-")
    identification = pdfa_identification(pdf)
    assert identification["part"] == "3"
    assert identification["conformance"] == "A"  # level A: accessible, the structure tree below is required
    reader = PdfReader(io.BytesIO(pdf))
    assert "/OutputIntents" in reader.trailer["/Root"]


def structure_elements(pdf: bytes) -> list[tuple[str, str]]:
    """Every element of the structure tree, depth first, as (type, the text of its marked content)."""
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    found = []

    def visit(node) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                visit(child)
        elif isinstance(node, dict) and "/S" in node:
            found.append(str(node["/S"]))
            if "/K" in node:
                visit(node["/K"])

    visit(root["/K"])
    return found


def test_receipt_is_tagged_for_a_screen_reader(pdf):
    """A tagged PDF: marked content, a structure tree with the title as the first heading, the sections as
    headings below it and the answers as tables with header cells; the viewer shows the title, not the file name."""
    catalog = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    elements = structure_elements(pdf)
    assert elements[0] == "/Document"
    assert elements.count("/H1") == 1
    assert elements.index("/H1") < elements.index("/H2")
    assert elements.count("/H2") >= 6  # one a page of the form, and the files
    assert {"/Table", "/TR", "/TH", "/TD"} <= set(elements)


def test_receipt_embeds_every_font_it_uses(pdf):
    """PDF/A: nothing may depend on the fonts of the machine that opens the receipt."""
    fonts = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for name, font in page["/Resources"]["/Font"].get_object().items():
            font = font.get_object()
            descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font).get(
                "/FontDescriptor"
            )
            fonts[name] = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    assert fonts and all(fonts.values()), fonts


def test_receipt_names_itself_in_danish_in_its_metadata(pdf, submission):
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == "da"
    assert submission.lobenummer in reader.metadata.title
    assert "Kvittering for web-ankeskema" in reader.metadata.title


def test_receipt_contains_every_answer_the_summary_shows(pdf, submission):
    """AS-51: all data entered, page by page, as the summary (AS-42) shows it."""
    from klageportal.forwarding.form.summary import summary_sections

    text = squeezed(pdf_text(pdf))
    sections = summary_sections(submission.data, authority=submission.authority)
    assert sections, "the summary shows no page"
    values = [value for section in sections for _label, value in section.rows if str(value).strip()]
    assert values
    missing = [value for value in values if squeezed(value) not in text]
    assert not missing, f"answers not in the receipt: {missing}"
    for section in sections:
        assert squeezed(section.title) in text


def test_receipt_shows_lobenummer_time_municipality_and_every_file(pdf, submission):
    text = squeezed(pdf_text(pdf))
    assert "Ankestyrelsen" in text
    assert squeezed("Kvittering for web-ankeskema") in text
    assert submission.lobenummer in text
    with translation.override("da"):
        sent_at = dateformat.format(timezone.localtime(submission.sent_at), r"j. F Y \k\l. H:i:s")
    assert squeezed(sent_at) in text
    assert squeezed(submission.authority.name) in text
    files = list(submission.draft.documents.select_related("document"))
    assert len(files) >= 5
    for link in files:
        assert squeezed(link.document.original_name) in text


def test_receipt_time_is_danish_time(catalogue):
    """The time of sending is shown as the caseworker's clock showed it, in words (AS-50)."""
    pdf = receipt.receipt_pdf(submission_make())
    assert squeezed(f"23. november {timezone.localdate().year} kl. 14:05:09") in squeezed(pdf_text(pdf))


def test_receipt_loads_nothing_from_outside(submission):
    """The receipt is made from the template alone: no link, image, stylesheet or font from a URL."""
    html = receipt.receipt_html(submission)
    assert not re.search(r"""(src|href)\s*=|@import|url\(""", html)


def test_download_is_an_attachment_named_by_the_lobenummer(client, submission):
    client.force_login(submission.sent_by)
    response = client.get(reverse("forwarding:receipt_pdf", kwargs={"lobenummer": submission.lobenummer}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="ankeskema-{submission.lobenummer}.pdf"'
    assert response.content.startswith(b"%PDF-")
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_a_colleague_with_the_form_right_may_download(client, submission):
    colleague = AuthorityUserFactory(authority=submission.authority, rights=[Right.ANKESKEMA.value])
    client.force_login(colleague)
    response = client.get(reverse("forwarding:receipt_pdf", kwargs={"lobenummer": submission.lobenummer}))
    assert response.status_code == 200


def test_another_municipality_cannot_find_the_receipt(client, submission):
    other = AuthorityUserFactory(rights=[Right.ANKESKEMA.value])
    assert other.authority_id != submission.authority_id
    client.force_login(other)
    response = client.get(reverse("forwarding:receipt_pdf", kwargs={"lobenummer": submission.lobenummer}))
    assert response.status_code == 404


def test_a_caseworker_without_the_form_right_is_refused(client, submission):
    """AUTH-4: the same municipality, but without the right to use the form."""
    colleague = AuthorityUserFactory(authority=submission.authority, rights=[])
    client.force_login(colleague)
    response = client.get(reverse("forwarding:receipt_pdf", kwargs={"lobenummer": submission.lobenummer}))
    assert response.status_code == 403


def test_anonymous_is_sent_to_log_in(client, submission):
    response = client.get(reverse("forwarding:receipt_pdf", kwargs={"lobenummer": submission.lobenummer}))
    assert response.status_code == 302
