"""The receipt of a sent web appeal form as a tagged PDF/A (AS-51): every answer page by page, the løbenummer, the time
of sending and the attached files, for the municipality to file on the citizen's case.

Rendered from templates/forwarding/receipt_pdf.html by `documents.pdf`, which fetches nothing.
"""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from klageportal.documents.pdf import html_to_pdf
from klageportal.forwarding.form.checklist import checklist_items
from klageportal.forwarding.form.summary import summary_sections
from klageportal.forwarding.models import AnkeskemaSubmission

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
    return html_to_pdf(receipt_html(submission))
