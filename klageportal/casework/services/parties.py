"""Changes to a case's parties that also add a document to the case and tell the parties (CW-4, CW-6).

When a party changes its contact details, or a complainant changes who represents them, the portal puts a
document with the new details on the case; its history line tells the case's parties in their next daily
digest (casework.digest: a link, never the content, NT-1, NT-2; nothing to a party without e-mail, FI-5).
A removed representative, who can no longer open the case, is told at once that it no longer has access.
"""

import io
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from klageportal.cases import policies
from klageportal.cases.models import Case, Party, PartyRole
from klageportal.cases.services import parties as party_services
from klageportal.catalog.models import DocumentCategory
from klageportal.documents import validation
from klageportal.documents.models import CaseDocument
from klageportal.documents.pdf import html_to_pdf
from klageportal.documents.services import case_document_add, document_store
from klageportal.documents.uploads import UploadResult, uploads_store
from klageportal.identity.models import User
from klageportal.notifications.models import OutboxEmail
from klageportal.notifications.services import email_queue

# WeasyPrint reports every rendering step at INFO; the portal's log keeps its warnings only.

DOCUMENT_LANGUAGE = "da"
"""The document is part of the case's record: in Danish, whatever language the person uses the portal in."""


@dataclass(frozen=True, slots=True)
class DetailRow:
    label: str
    value: str


def _party_rows(party: Party) -> list[DetailRow]:
    rows = [DetailRow(_("Navn"), party.name), DetailRow(_("Rolle"), str(PartyRole(party.role).label))]
    if party.cvr:
        rows.append(DetailRow(_("CVR-nummer"), party.cvr))
    elif party.cpr:
        rows.append(DetailRow(_("CPR-nummer"), party.masked_cpr))
    rows.append(DetailRow(_("E-mail"), party.email or "–"))
    return rows


def _pdf(*, title: str, case: Case, by: User, sections: list[tuple[str, list[DetailRow]]]) -> bytes:
    """The details as a small tagged PDF/A (as the web appeal form's receipt)."""
    html = render_to_string(
        "casework/contact_details_pdf.html",
        {"title": title, "case": case, "by": by, "at": timezone.localtime(), "sections": sections},
    )
    return html_to_pdf(html)


def _document_add(*, case: Case, by: User, role: str, name: str, data: bytes) -> CaseDocument:
    document = document_store(name=name, size=len(data), stream=io.BytesIO(data), by=by)
    return case_document_add(case=case, document=document, by=by, role=role)


def party_email_change(*, party: Party, by: User, email: str) -> CaseDocument | None:
    """CW-5, CW-6: change the e-mail used for a party on its case; add a document with the new details (the
    parties hear of it in the daily digest). Returns the document, or None when the address was unchanged (then
    nothing happens).

    Raises PermissionDenied unless `by` may change this party's e-mail (policies.can_change_party_email).
    """
    with transaction.atomic():
        changed, done = party_services.party_email_set(party=party, by=by, email=email)
        if not done:
            return None
        case = changed.case
        with translation.override(DOCUMENT_LANGUAGE):
            data = _pdf(
                title=_("Ændrede kontaktoplysninger"),
                case=case,
                by=by,
                sections=[(_("Nye kontaktoplysninger"), _party_rows(changed))],
            )
            name = f"kontaktoplysninger-{timezone.localtime():%Y%m%d-%H%M%S}.pdf"
        # The case's parties hear of the new document in the next daily digest (NT-2), the party itself not.
        link = _document_add(case=case, by=by, role=changed.role, name=name, data=data)
    return link


def _representation_document(
    *, case: Case, by: User, new: Party | None, removed: list[Party]
) -> tuple[CaseDocument, set[str]]:
    acting = case.parties.filter(policies.own_party_q(by), role=PartyRole.COMPLAINANT).order_by("-is_filer", "pk")
    sections: list[tuple[str, list[DetailRow]]] = []
    with translation.override(DOCUMENT_LANGUAGE):
        sections.extend((_("Klager"), _party_rows(party)) for party in acting)
        sections.extend((_("Tidligere repræsentant"), _party_rows(party)) for party in removed)
        if new is not None:
            sections.append((_("Ny repræsentant"), _party_rows(new)))
        else:
            sections.append(
                (_("Ny repræsentant"), [DetailRow(_("Repræsentant"), _("Klageren er ikke længere repræsenteret."))])
            )
        data = _pdf(title=_("Ændret repræsentation"), case=case, by=by, sections=sections)
        name = f"repraesentation-{timezone.localtime():%Y%m%d-%H%M%S}.pdf"
    link = _document_add(case=case, by=by, role=PartyRole.COMPLAINANT, name=name, data=data)
    return link, {party.email for party in acting if party.email}


def _tell_removed(*, case: Case, removed: list[Party]) -> None:
    """A representative taken off the case hears that it no longer has access (no link: it can no longer open it)."""
    for address in {party.email.casefold(): party.email for party in removed if party.email}.values():
        email_queue(
            to=address,
            reason=OutboxEmail.Reason.OTHER,
            subject=_("Du repræsenterer ikke længere klageren i sag %(number)s") % {"number": case.number},
            template="casework/email/representation_ended.txt",
            context={"case_number": case.number, "board": case.board.name},
            case=case,
        )


def representative_remove(*, case: Case, by: User) -> CaseDocument:
    """CW-4, CW-6: a complainant removes the representative of a case that is Indsendt; a document on the case says
    so and the case's parties are told. Raises PermissionDenied as cases.services.parties.representative_remove."""
    with transaction.atomic():
        removed = party_services.representative_remove(case=case, by=by)
        # The case's parties hear of it in the next daily digest (NT-2); the removed one no longer sees the case.
        link, _acting = _representation_document(case=case, by=by, new=None, removed=removed)
        _tell_removed(case=case, removed=removed)
    return link


def representative_replace(
    *, case: Case, by: User, name: str, kind: str, cpr: str = "", cvr: str = "", email: str
) -> tuple[Party, CaseDocument]:
    """CW-4, CW-6: a complainant names a new representative for a case that is Indsendt; the former one loses
    access, a document on the case says who represents the complainant now, and the case's parties are told
    (the new representative with them: the e-mail is how they learn they may log in and see the case).

    Raises PermissionDenied as cases.services.parties.representative_replace.
    """
    with transaction.atomic():
        party, removed = party_services.representative_replace(
            case=case, by=by, name=name, kind=kind, cpr=cpr, cvr=cvr, email=email
        )
        # The case's parties, the new representative with them, hear of it in the next daily digest (NT-2).
        link, _acting = _representation_document(case=case, by=by, new=party, removed=removed)
        _tell_removed(case=case, removed=removed)
    return party, link


def representation_documents_add(*, case: Case, by: User, files: list[UploadedFile]) -> list[UploadResult]:
    """CW-4: once the board has the case, a complainant sends a document saying who represents them now (a power
    of attorney, or that nobody does); it is labelled "fuldmagt" for the board.

    Raises PermissionDenied unless `by` may do so (policies.can_report_representative). Returns each file's
    documents.uploads.UploadResult: a refused file leaves nothing behind, the others are added.
    """
    policies.require(policies.can_report_representative(by, case))
    categories = list(DocumentCategory.objects.filter(slug="fuldmagt"))
    role = policies.upload_role(by, case)
    return uploads_store(
        files=files,
        by=by,
        limits=validation.filing_limits(),
        attach=lambda document: case_document_add(
            case=case, document=document, by=by, role=role, categories=categories
        ),
        case=case,
    )
