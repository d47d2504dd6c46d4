"""The receipt of a sent web appeal form as a tagged PDF/A (AS-51): every answer page by page, the løbenummer, the time
of sending and the attached files, for the municipality to file on the citizen's case.

WeasyPrint renders it from templates/forwarding/receipt_pdf.html. Nothing is fetched: the stylesheet is in the
template, the font is the system's (DejaVu Sans through fontconfig) and every URL is refused, so a receipt
never depends on, or leaks to, the network.
"""

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from klageportal.forwarding.form.checklist import checklist_items
from klageportal.forwarding.form.summary import summary_sections
from klageportal.forwarding.models import AnkeskemaSubmission

PDF_VARIANT = "pdf/a-3a"
"""PDF/A-3, level A (accessible): the archival format, tagged. WeasyPrint writes the XMP identification
(pdfaid:part, pdfaid:conformance), the sRGB output intent, embeds every font and, for level A, the structure
tree a screen reader follows (headings, paragraphs, tables with their header cells) with /MarkInfo, the
document's language and /DisplayDocTitle."""

# Not declared PDF/UA-1 (pdfuaid:part): WeasyPrint writes one variant's identification, and a pdfuaid property in
# a PDF/A file needs a PDF/A extension schema for it in the XMP metadata, which WeasyPrint does not write.

# WeasyPrint reports every rendering step at INFO; the portal's log keeps its warnings only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

RECEIPT_LANGUAGE = "da"
"""The receipt is the authority's record of what was sent: always in Danish, like the form itself."""


def receipt_filename(submission: AnkeskemaSubmission) -> str:
    return f"ankeskema-{submission.lobenummer}.pdf"


def receipt_files(submission: AnkeskemaSubmission) -> list[dict]:
    """The files sent with the form, in the order they were uploaded, with what each covers."""
    documents = submission.draft.documents.select_related("document").order_by("uploaded_at", "pk")
    labels = {item.key: item.label for item in checklist_items(submission.data)}
    return [
        {
            "name": item.document.original_name,
            "size": item.document.size,
            "covers": labels.get(item.checklist_item, item.checklist_item),
        }
        for item in documents
    ]


def receipt_context(submission: AnkeskemaSubmission) -> dict:
    files = receipt_files(submission)
    return {
        "submission": submission,
        "authority": submission.authority,
        "sections": summary_sections(submission.data, authority=submission.authority),
        "files": files,
        "files_bytes": sum(file["size"] for file in files),
        "sent_at": timezone.localtime(submission.sent_at),
    }


def receipt_html(submission: AnkeskemaSubmission) -> str:
    with translation.override(RECEIPT_LANGUAGE):
        return render_to_string("forwarding/receipt_pdf.html", receipt_context(submission))


def receipt_pdf(submission: AnkeskemaSubmission) -> bytes:
    """The receipt as a tagged PDF/A document, made from the answers exactly as they were sent."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # No protocol is allowed, and a refused fetch stops the rendering instead of leaving a gap in the receipt.
    fetcher = URLFetcher(allowed_protocols=(), fail_on_errors=True)
    html = HTML(string=receipt_html(submission), base_url=str(settings.BASE_DIR), url_fetcher=fetcher)
    return html.write_pdf(pdf_variant=PDF_VARIANT)
