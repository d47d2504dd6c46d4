"""The response form as documents (FI-4): the PDF attached to the case when the form is filled in in the portal,
and the Word template to fill in and upload when the form cannot be used.

The PDF is rendered by `documents.pdf` as the web appeal form's receipts are (tagged PDF/A, nothing fetched),
always in Danish.
"""

import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from klageportal.cases.models import Case
from klageportal.casework.models import ResponseForm
from klageportal.documents.pdf import html_to_pdf

RECORD_LANGUAGE = "da"
"""The response form is the first instance's answer on the case's record: always in Danish."""
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Question:
    label: str
    field: str
    hint: str = ""
    long: bool = True


def questions() -> list[Question]:
    """The response form's questions in order, as the page, the PDF and the Word template ask them."""
    return [
        Question(_("Fastholder førsteinstansen afgørelsen?"), "maintains_decision", long=False),
        Question(
            _("Bemærkninger til klagen"),
            "comments",
            _("Førsteinstansens bemærkninger til det, klageren skriver."),
        ),
        Question(_("Sagens faktiske omstændigheder"), "facts", _("De faktiske forhold, afgørelsen bygger på.")),
        Question(_("Anvendte regler"), "rules", _("Love, bekendtgørelser og vejledninger, afgørelsen bygger på.")),
        Question(_("Rejser sagen en principiel problemstilling?"), "principled", long=False),
        Question(_("Begrundelse for den principielle problemstilling"), "principled_reason"),
        Question(_("Kontaktperson hos førsteinstansen"), "contact_name", long=False),
        Question(_("Kontaktpersonens e-mail"), "contact_email", long=False),
        Question(_("Kontaktpersonens telefon"), "contact_phone", long=False),
        Question(_("Øvrige bemærkninger"), "other"),
    ]


def _answer(form: ResponseForm, field: str) -> str:
    value = getattr(form, field)
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    return "" if value is None else str(value)


def response_form_filename(case: Case) -> str:
    return f"svarskema-{case.number}.pdf"


def response_form_html(form: ResponseForm) -> str:
    with translation.override(RECORD_LANGUAGE):
        rows = [(question.label, _answer(form, question.field)) for question in questions()]
        return render_to_string(
            "casework/response_form_pdf.html",
            {"case": form.case, "authority": form.case.authority, "rows": rows, "at": timezone.localtime()},
        )


def response_form_pdf(form: ResponseForm) -> bytes:
    """The response form as a tagged PDF/A, made from the answers as they are now."""
    return html_to_pdf(response_form_html(form))


def response_form_template_filename(case: Case) -> str:
    return f"svarskema-{case.number}.docx"


def response_form_docx(case: Case) -> bytes:
    """FI-4: the Word template of the response form for this case, its questions with room for the answers."""
    from docx import Document as WordDocument

    with translation.override(RECORD_LANGUAGE):
        word = WordDocument()
        word.core_properties.title = _("Svarskema for sag %(number)s") % {"number": case.number}
        word.core_properties.language = "da-DK"
        word.add_heading(_("Svarskema"), level=1)
        facts = word.add_table(rows=0, cols=2)
        facts.style = "Table Grid"
        for label, value in (
            (_("Sagsnummer"), case.number),
            (_("Klagenævn"), case.board.name),
            (_("Førsteinstans"), case.authority.name if case.authority else ""),
            (_("Klagetype"), case.complaint_type.label if case.complaint_type else ""),
        ):
            cells = facts.add_row().cells
            cells[0].text, cells[1].text = label, value
        word.add_paragraph(
            _(
                "Udfyld skemaet, gem det, og upload det på sagen i Klageportalen under fanen Dokumenter med "
                "mærkningen Svarskema. Klageren og sagens øvrige parter kan se dokumentet, når sagen er sendt "
                "videre til klagenævnet."
            )
        )
        for question in questions():
            word.add_heading(question.label, level=2)
            if question.hint:
                word.add_paragraph().add_run(question.hint).italic = True
            if question.field in ("maintains_decision", "principled"):
                word.add_paragraph(_("☐ Ja    ☐ Nej"))
            else:
                word.add_paragraph("")
        out = io.BytesIO()
        word.save(out)
    return out.getvalue()
