"""Writes of the web appeal form: drafts, their files, and sending (AS-3, AS-41, AS-50, AS-53)."""

import logging
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klageportal.cases import policies
from klageportal.cases.models import Case, CaseEvent, PartyKind, PartyRole
from klageportal.cases.services.create import case_create, case_number_next
from klageportal.cases.services.events import case_event_add
from klageportal.cases.services.parties import party_add
from klageportal.catalog.models import Authority, Board, Channel, ComplaintType, DocumentCategory, LawArea
from klageportal.core.ids import as_id
from klageportal.core.masking import mask_cpr_in_text
from klageportal.core.phrases import phrase
from klageportal.core.text import without_nul
from klageportal.documents import validation
from klageportal.documents.models import Document
from klageportal.documents.services import case_document_add
from klageportal.documents.uploads import UploadResult, uploads_store
from klageportal.forwarding.constants import LOBENUMMER_SERIES, ContactRole, NameSource, YesNo
from klageportal.forwarding.form import pages
from klageportal.forwarding.form.answers import Answers, PageNumber
from klageportal.forwarding.form.checklist import category_for, checklist_items
from klageportal.forwarding.models import AnkeskemaDocument, AnkeskemaDraft, AnkeskemaSubmission
from klageportal.identity.models import User
from klageportal.notifications.models import OutboxEmail
from klageportal.notifications.services import email_queue

logger = logging.getLogger(__name__)

BOARD = "ast"
EMPLOYMENT_TYPE, SOCIAL_TYPE = "beskaeftigelsessager", "sociale-sager"


class DraftNotOpen(Exception):
    """The draft was sent or replaced by a new form."""


class FormIncomplete(Exception):
    """Pages with missing or invalid answers; nothing is sent."""

    def __init__(self, pages_: list[int]):
        super().__init__(f"incomplete pages: {pages_}")
        self.pages = pages_


# --- drafts ---------------------------------------------------------------------------------------------


def _prefill(by: User) -> dict[str, Any]:
    """AS-10: the municipality, its CVR and the caseworker's name come from the login."""
    assert by.authority is not None
    municipality = {
        "municipality": by.authority.name,
        "municipality_cvr": by.authority.cvr,
        "caseworker": by.display_name,
        "caseworker_email": by.email or "",
    }
    return Answers({}).with_page(PageNumber.MUNICIPALITY, municipality)


def draft_start(*, by) -> AnkeskemaDraft:
    """Start a new form; an open draft is replaced (only the latest is ever offered, AS-3)."""
    policies.require(policies.can_use_ankeskema(by) and by.authority_id is not None)
    with transaction.atomic():
        AnkeskemaDraft.objects.select_for_update().filter(owner=by, state=AnkeskemaDraft.State.OPEN).update(
            state=AnkeskemaDraft.State.DISCARDED
        )
        return AnkeskemaDraft.objects.create(
            owner=by, authority=by.authority, data=_prefill(by), page=PageNumber.MUNICIPALITY
        )


def draft_open_or_start(*, by) -> tuple[AnkeskemaDraft, bool]:
    """The caseworker's open draft, or a new one; True when it was just started."""
    draft = AnkeskemaDraft.objects.filter(owner=by, state=AnkeskemaDraft.State.OPEN).first()
    if draft is not None:
        return draft, False
    return draft_start(by=by), True


def draft_page_save(
    *, draft: AnkeskemaDraft, page: int, answers: dict, done: bool | None = None, current: int | None = None
) -> AnkeskemaDraft:
    """Keep a page's answers as typed, valid or not (AS-3); `done` records whether the page was complete, and
    `current` the page the caseworker goes on to (where "Fortsæt seneste kladde" continues)."""
    with transaction.atomic():
        draft = AnkeskemaDraft.objects.select_for_update().get(pk=draft.pk)
        if draft.state != AnkeskemaDraft.State.OPEN:
            raise DraftNotOpen
        # Answers are kept as typed, valid or not; only what no database column can hold is dropped.
        answers = without_nul(dict(answers))
        if page == PageNumber.MUNICIPALITY:
            # Filled in from the login, never typed (AS-10).
            answers["municipality"] = draft.authority.name
            answers["municipality_cvr"] = draft.authority.cvr
        stored = Answers(draft.data)
        if page == PageNumber.DOCUMENTS:
            # The page has no fields; what it keeps is added to, not replaced.
            answers = {**stored.page(page), **answers}
        stored = Answers(stored.with_page(page, answers))
        if done is not None:
            completed = set(stored.done)
            completed.add(page) if done else completed.discard(page)
            stored = Answers(stored.with_done(completed))
        draft.data = dict(stored.data)
        draft.page = current or page
        draft.save(update_fields=["data", "page", "saved_at"])
    return draft


def draft_page_visit(*, draft: AnkeskemaDraft, page: int) -> None:
    """Remember the page the caseworker is on, to continue there after logging in again."""
    AnkeskemaDraft.objects.filter(pk=draft.pk, state=AnkeskemaDraft.State.OPEN).update(
        page=page, saved_at=timezone.now()
    )


# --- files ----------------------------------------------------------------------------------------------


def ankeskema_limits() -> validation.Limits:
    return validation.Limits(
        max_bytes=settings.ANKESKEMA_MAX_FILE_BYTES, max_name_length=settings.DOCUMENT_MAX_NAME_LENGTH
    )


def total_message() -> str:
    return _(
        "Filerne må højst fylde %(total)s i alt. Send ankeskemaet nu, og send derefter de resterende filer med "
        "Web-ankeskema til supplerende oplysninger. Oplys løbenummeret fra kvitteringen."
    ) % {"total": filesizeformat(settings.ANKESKEMA_MAX_TOTAL_BYTES)}


def draft_total_bytes(draft: AnkeskemaDraft) -> int:
    return draft.documents.aggregate(total=Sum("document__size"))["total"] or 0


def draft_documents_add(
    *, draft: AnkeskemaDraft, item: str, files: Iterable[UploadedFile], by: User
) -> list[UploadResult]:
    """Store files for one checklist item; each file is checked on its own, the total per draft too (AS-41)."""
    keys = {entry.key for entry in checklist_items(draft.data)}

    def admit(upload: UploadedFile) -> None:
        locked = AnkeskemaDraft.objects.select_for_update().get(pk=draft.pk)
        if locked.state != AnkeskemaDraft.State.OPEN:
            raise DraftNotOpen
        if item not in keys:
            raise validation.FileRefused("item", _("Vælg, hvilken akt filen er."))
        if draft_total_bytes(locked) + (upload.size or 0) > settings.ANKESKEMA_MAX_TOTAL_BYTES:
            raise validation.FileRefused("total_too_large", total_message())

    def attach(document: Document) -> None:
        AnkeskemaDocument.objects.create(draft=draft, checklist_item=item, document=document)

    return uploads_store(files=files, by=by, limits=ankeskema_limits(), attach=attach, admit=admit)


def draft_document_remove(*, draft: AnkeskemaDraft, pk: int) -> None:
    with transaction.atomic():
        locked = AnkeskemaDraft.objects.select_for_update().get(pk=draft.pk)
        if locked.state != AnkeskemaDraft.State.OPEN:
            raise DraftNotOpen
        locked.documents.filter(pk=pk).delete()


# --- sending --------------------------------------------------------------------------------------------


def draft_snapshot(draft: AnkeskemaDraft, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """The answers with the files and the checklist, as the summary and the receipt show them."""
    answers = Answers(Answers(data if data is not None else draft.data).without_progress())
    items = checklist_items(answers)
    documents = [
        {"item": link.checklist_item, "name": link.document.original_name, "size": link.document.size}
        for link in draft.documents.select_related("document").order_by("uploaded_at", "pk")
    ]
    files = {"checklist": [item.as_json() for item in items], "documents": documents}
    return answers.with_page(PageNumber.DOCUMENTS, files)


def _with_catalogue_names(answers: dict[str, Any]) -> dict[str, Any]:
    """Freeze the names of the chosen laws and areas, so that a later catalogue edit does not change them."""
    stored = Answers(answers)
    rows = [dict(row) for row in stored.law_areas]
    area_ids = [as_id(row.get("area")) for row in rows]
    areas = LawArea.objects.select_related("law").in_bulk([area_id for area_id in area_ids if area_id is not None])
    for row in rows:
        area_id = as_id(row.get("area"))
        area = areas.get(area_id) if area_id is not None else None
        if area is not None:
            row["law_name"], row["area_name"], row["law_slug"] = area.law.name, area.name, area.law.slug
    return stored.with_law_areas(rows)


def complaint_type_for(answers: Answers) -> ComplaintType:
    """Employment laws make an employment case at Ankestyrelsen; everything else is a social case."""
    laws = {row.get("law_slug") for row in answers.law_areas}
    slug = EMPLOYMENT_TYPE if laws & set(settings.ANKESKEMA_EMPLOYMENT_LAWS) else SOCIAL_TYPE
    return ComplaintType.objects.select_related("board").get(board__slug=BOARD, slug=slug)


def format_lobenummer(year: int, value: int) -> str:
    return f"{year}-{value:06d}"


PARTY_ROLES: dict[str, PartyRole] = {
    ContactRole.REPRESENTATIVE: PartyRole.REPRESENTATIVE,
    ContactRole.GUARDIAN: PartyRole.REPRESENTATIVE,
    ContactRole.OTHER_COMPLAINANT: PartyRole.COMPLAINANT,
}


def _address(answers: dict, *, prefix: str = "") -> str:
    street = answers.get(f"{prefix}address", "")
    place = " ".join(p for p in (answers.get(f"{prefix}postcode", ""), answers.get(f"{prefix}city", "")) if p)
    return ", ".join(p for p in (street, place) if p)


def _holds_power_of_attorney(row: dict) -> bool:
    """AS-25: a representative (not a guardian or a parent) with a power of attorney, written or standing."""
    if row.get("role") != ContactRole.REPRESENTATIVE:
        return False
    return row.get("power_of_attorney") == YesNo.YES or bool(row.get("standing_power"))


def _parties_add(*, case: Case, answers: Answers, authority: Authority, by: User) -> None:
    """The citizen (and a child's custody holder) and a representative with power of attorney see the case
    from the start; every other party the municipality names is proposed, and sees nothing of the case
    until the appeals body confirms it (AS-23, BD-8)."""
    citizen = answers.citizen
    party_add(
        case=case,
        by=by,
        role=PartyRole.COMPLAINANT,
        kind=PartyKind.PERSON,
        name=citizen["citizen_name"],
        cpr=citizen.get("citizen_cpr", ""),
        phone=citizen.get("citizen_phone", ""),
        address=citizen.get("citizen_address", ""),
    )
    if citizen.get("is_child") == YesNo.YES:
        party_add(
            case=case,
            by=by,
            role=PartyRole.REPRESENTATIVE,
            kind=PartyKind.PERSON,
            name=citizen["custody_name"],
            cpr=citizen.get("custody_cpr", ""),
            phone=citizen.get("custody_phone", ""),
            address=citizen.get("custody_address", ""),
        )
    for row in answers.parties:
        number = row.get("number", "")
        party_add(
            case=case,
            by=by,
            role=PARTY_ROLES.get(str(row.get("role") or ""), PartyRole.OTHER),
            proposed=not _holds_power_of_attorney(row),
            kind=PartyKind.COMPANY if len(number) == 8 else PartyKind.PERSON,
            name=row["name"],
            cpr=number if len(number) == 10 else "",
            cvr=number if len(number) == 8 else "",
            email=row.get("email", ""),
            phone=row.get("phone", ""),
            address=_address(row),
        )
    if citizen.get("refusion"):
        party_add(
            case=case,
            by=by,
            role=PartyRole.OTHER,
            proposed=True,
            kind=PartyKind.COMPANY,
            name=citizen["employer_name"],
            cvr=citizen.get("employer_cvr", ""),
            address=_address(citizen, prefix="employer_"),
        )
    party_add(
        case=case,
        by=by,
        role=PartyRole.FIRST_INSTANCE,
        kind=PartyKind.AUTHORITY,
        authority=authority,
        name=authority.name,
        cvr=authority.cvr,
        email=authority.email,
        phone=answers.municipality.get("caseworker_phone", ""),
    )


def _documents_attach(*, case, draft: AnkeskemaDraft, items, by) -> None:
    labels = {item.key: item.label for item in items}
    categories = {category.slug: category for category in DocumentCategory.objects.all()}
    for link in draft.documents.select_related("document").order_by("uploaded_at", "pk"):
        category = categories.get(category_for(link.checklist_item, labels.get(link.checklist_item, "")))
        case_document_add(
            case=case,
            document=link.document,
            by=by,
            role=PartyRole.FIRST_INSTANCE,
            categories=[category] if category else [],
        )


def ankeskema_send(*, draft: AnkeskemaDraft, by) -> AnkeskemaSubmission:
    """Send a complete form: a løbenummer, a case at Ankestyrelsen with parties and files, a receipt e-mail."""
    policies.require(policies.can_use_ankeskema(by) and draft.owner_id == by.pk)
    with transaction.atomic():
        draft = AnkeskemaDraft.objects.select_for_update().select_related("authority").get(pk=draft.pk)
        if draft.state != AnkeskemaDraft.State.OPEN:
            raise DraftNotOpen
        incomplete, cleaned = pages.validate_all(draft.data or {}, authority=draft.authority)
        if incomplete:
            raise FormIncomplete(incomplete)
        answers = Answers(_with_catalogue_names(cleaned))
        data = draft_snapshot(draft, dict(answers.data))
        items = checklist_items(data)
        authority = draft.authority
        page1, page2, page4 = answers.municipality, answers.citizen, answers.dates
        case = case_create(
            channel=Channel.FORWARDING,
            board=Board.objects.select_related("body").get(slug=BOARD),
            complaint_type=complaint_type_for(answers),
            authority=authority,
            created_by=by,
            event_text=phrase(gettext_noop("Modtaget fra %(authority)s med web-ankeskemaet"), authority=authority.name),
            decision_date=page4.get("decision_date") or None,
            decision_reference=mask_cpr_in_text(page1.get("journal_number", ""))[:200],
        )
        _parties_add(case=case, answers=answers, authority=authority, by=by)
        _documents_attach(case=case, draft=draft, items=items, by=by)
        # The number is taken last, so that its row lock is held for as short a time as the transaction allows.
        year, value = case_number_next(series=LOBENUMMER_SERIES, year=timezone.localdate().year)
        submission = AnkeskemaSubmission.objects.create(
            draft=draft,
            lobenummer=format_lobenummer(year, value),
            year=year,
            sequence=value,
            sent_at=timezone.now(),
            sent_by=by,
            authority=authority,
            case=case,
            data=data,
            citizen_cpr=page2.get("citizen_cpr", ""),
            journal_number=page1.get("journal_number", ""),
        )
        draft.state = AnkeskemaDraft.State.SENT
        draft.save(update_fields=["state", "saved_at"])
        _events_add(case=case, submission=submission, answers=answers, by=by)
        _receipt_email(submission=submission, answers=answers, by=by)
    return submission


def _events_add(*, case: Case, submission: AnkeskemaSubmission, answers: Answers, by: User) -> None:
    remarks = answers.remarks
    case_event_add(
        case=case,
        kind=CaseEvent.Kind.NOTE,
        actor=by,
        text=phrase(gettext_noop("Web-ankeskema med løbenummer %(number)s"), number=submission.lobenummer),
        data={
            "lobenummer": submission.lobenummer,
            "principled": bool(remarks.get("principled")),
            "citizen_name_typed": answers.citizen.get("citizen_name_source") == NameSource.TYPED,
        },
    )
    reason = answers.dates
    informed = reason.get("citizen_informed") or reason.get("citizen_informed_forwarded")
    if informed:
        # AS-35: whether and when the citizen was told, on the case as on the receipt.
        told = (
            phrase(
                gettext_noop("Kommunen har underrettet borgeren den %(day)s."),
                day=date.fromisoformat(reason["citizen_informed_date"]),
            )
            if informed == YesNo.YES and reason.get("citizen_informed_date")
            else phrase(gettext_noop("Kommunen har ikke underrettet borgeren."))
        )
        case_event_add(case=case, kind=CaseEvent.Kind.NOTE, actor=by, text=told, data={"citizen_informed": informed})
    if answers.citizen.get("citizen_name_source") == NameSource.TYPED:
        case_event_add(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            actor=by,
            text=phrase(gettext_noop("Borgerens navn er skrevet af kommunen, fordi CPR-registret ikke svarede.")),
        )
    if remarks.get("principled"):
        case_event_add(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            actor=by,
            text=phrase(gettext_noop("Kommunen mener, at sagen indeholder en principiel problemstilling.")),
            data={"principled": True, "reason": remarks.get("principled_reason", "")},
        )


def _receipt_email(*, submission: AnkeskemaSubmission, answers: Answers, by: User) -> None:
    """AS-50: the løbenummer by e-mail to the caseworker named on page 1 (and the sender, when another)."""
    recipients: list[str] = []
    for address in (answers.municipality.get("caseworker_email", ""), by.email):
        if address and address.lower() not in {r.lower() for r in recipients}:
            recipients.append(address)
    for address in recipients:
        email_queue(
            to=address,
            reason=OutboxEmail.Reason.RECEIPT,
            subject=_("Kvittering for web-ankeskema – løbenummer %(number)s") % {"number": submission.lobenummer},
            template="forwarding/email/receipt.txt",
            context={
                "submission": submission,
                "receipt_path": reverse("forwarding:receipt", kwargs={"lobenummer": submission.lobenummer}),
                "supplement_path": reverse("forwarding:supplement"),
            },
            case=submission.case,
        )
