"""What the first instance does with an Indsendt complaint: answer it with the response form (FI-4), reconsider
its decision and close the case (Genoptag, FI-6), or forward the case to the board (FI-7, PAY-6).

Every function locks the case, asks the policies, and writes the case's history in the same transaction; the
e-mails go through the outbox, sent after commit.
"""

import io
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klageportal.cases import policies, workflow
from klageportal.cases.models import Case, CaseEvent, PartyRole, Status
from klageportal.cases.services.events import case_event_add
from klageportal.casework import response_documents
from klageportal.casework.models import ResponseForm
from klageportal.casework.selectors import REASONS_CATEGORY, RESPONSE_FORM_CATEGORY, forwarding_missing
from klageportal.catalog.models import DocumentCategory
from klageportal.core.phrases import phrase
from klageportal.documents import validation
from klageportal.documents.models import CaseDocument
from klageportal.documents.services import case_document_add, document_store
from klageportal.documents.uploads import UploadResult, uploads_store
from klageportal.identity.models import User
from klageportal.notifications.models import OutboxEmail
from klageportal.notifications.services import email_queue
from klageportal.payments.services import fee_request_at_forwarding

RESPONSE_FORM_FIELDS = (
    "maintains_decision",
    "comments",
    "facts",
    "rules",
    "principled",
    "principled_reason",
    "contact_name",
    "contact_email",
    "contact_phone",
    "other",
)


class CaseworkRefused(Exception):
    """The action cannot be done as things are; the message says why, for the person who tried."""

    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _category(slug: str) -> DocumentCategory:
    category, _created = DocumentCategory.objects.get_or_create(slug=slug, defaults={"name": slug.capitalize()})
    return category


def response_form_save(*, case: Case, by: User, answers: Mapping[str, Any]) -> ResponseForm:
    """FI-4: keep the response form as a draft, as often as the caseworker likes, until it is attached."""
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_act_as_first_instance(by, case))
        form, created = ResponseForm.objects.select_for_update().get_or_create(case=case)
        if form.is_attached:
            raise CaseworkRefused(_("Svarskemaet er vedhæftet sagen og kan ikke ændres."))
        for name in RESPONSE_FORM_FIELDS:
            if name in answers:
                setattr(form, name, answers[name])
        form.updated_by = by
        form.save()
        if created:
            case_event_add(
                case=case,
                kind=CaseEvent.Kind.NOTE,
                text=phrase(gettext_noop("Svarskemaet er påbegyndt.")),
                actor=by,
                data={"action": "response_form_started"},
            )
    return form


def response_form_problems(form: ResponseForm) -> dict[str, str]:
    """What the response form lacks before it can be attached: by field, the message that names it."""
    problems: dict[str, str] = {}
    if form.maintains_decision is None:
        problems["maintains_decision"] = _("Svar på, om førsteinstansen fastholder afgørelsen.")
    if not form.comments.strip():
        problems["comments"] = _("Skriv førsteinstansens bemærkninger til klagen.")
    if form.principled is None:
        problems["principled"] = _("Svar på, om sagen rejser en principiel problemstilling.")
    elif form.principled and not form.principled_reason.strip():
        problems["principled_reason"] = _("Begrund, hvorfor sagen rejser en principiel problemstilling.")
    if not form.contact_name.strip():
        problems["contact_name"] = _("Skriv navnet på en kontaktperson hos førsteinstansen.")
    return problems


def response_form_attach(*, case: Case, by: User) -> CaseDocument:
    """FI-4: attach the filled-in response form to the case as a PDF labelled "svarskema"; it is kept as attached.

    The parties see it once the case is forwarded (X-6), like everything else the first instance adds.
    """
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_act_as_first_instance(by, case))
        form = ResponseForm.objects.select_for_update().filter(case=case).first()
        if form is None:
            raise CaseworkRefused(_("Udfyld og gem svarskemaet, før du vedhæfter det."))
        if form.is_attached:
            raise CaseworkRefused(_("Svarskemaet er allerede vedhæftet sagen."))
        problems = response_form_problems(form)
        if problems:
            field, message = next(iter(problems.items()))
            raise CaseworkRefused(message, field=field)
        content = response_documents.response_form_pdf(form)
        document = document_store(
            name=response_documents.response_form_filename(case),
            size=len(content),
            stream=io.BytesIO(content),
            by=by,
        )
        link = case_document_add(
            case=case,
            document=document,
            by=by,
            role=PartyRole.FIRST_INSTANCE,
            categories=[_category(RESPONSE_FORM_CATEGORY)],
        )
        form.attached_at = timezone.now()
        form.attached_document = link
        form.updated_by = by
        form.save(update_fields=["attached_at", "attached_document", "updated_by", "updated_at"])
        case_event_add(
            case=case,
            kind=CaseEvent.Kind.DOCUMENT,
            text=phrase(gettext_noop("Svarskemaet er vedhæftet sagen.")),
            actor=by,
            data={"action": "response_form_attached", "document": document.pk},
        )
    return link


def case_reopen(
    *, case: Case, by: User, files: Iterable[UploadedFile], limits: validation.Limits | None = None
) -> list[UploadResult]:
    """FI-6 "Genoptag": the first instance reconsiders its decision; the case closes in the portal.

    The reasons come first, as a document uploaded with the request (labelled "genvurdering"; DOC-5: the
    parties see it). Without one file accepted nothing changes; the upload's results say why.
    """
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_act_as_first_instance(by, case))
        category = _category(REASONS_CATEGORY)
        results = uploads_store(
            files=files,
            by=by,
            limits=limits or validation.filing_limits(),
            attach=lambda document: case_document_add(
                case=case, document=document, by=by, role=PartyRole.FIRST_INSTANCE, categories=[category]
            ),
            case=case,
        )
        accepted = [result for result in results if result.ok]
        if not accepted:
            transaction.set_rollback(True)
            return results
        workflow.transition(
            case,
            to=Status.GENOPTAGET,
            actor=workflow.Actor.FIRST_INSTANCE,
            by=by,
            reason=phrase(gettext_noop("Førsteinstansen har genoptaget sagen og genvurderer sin afgørelse.")),
        )
    return results


def case_forward(*, case: Case, by: User, maintains_decision: bool) -> Case:
    """FI-7 "Videresend til nævn": the first instance maintains its decision and sends the case to the board.

    Needs the response form on the case and every complaint document labelled "klage". The first instance's
    documents are then released to the parties (X-6); the board and the parties are told by e-mail (a link,
    never the content); a fee due at forwarding is asked for (PAY-6).
    """
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_act_as_first_instance(by, case))
        if not maintains_decision:
            raise CaseworkRefused(
                _("Bekræft, at førsteinstansen fastholder sin afgørelse. Ellers skal sagen genoptages."),
                field="maintains_decision",
            )
        missing = forwarding_missing(case=case)
        if missing.response_form:
            raise CaseworkRefused(_("Svarskemaet mangler. Vedhæft det, eller upload det udfyldte Word-skema."))
        if missing.unlabelled:
            raise CaseworkRefused(
                _("%(count)s af klagens dokumenter mangler mærkningen Klage.") % {"count": len(missing.unlabelled)}
            )
        workflow.transition(
            case,
            to=Status.VIDERESENDT,
            actor=workflow.Actor.FIRST_INSTANCE,
            by=by,
            reason=phrase(gettext_noop("Førsteinstansen fastholder sin afgørelse.")),
        )
        link = case.get_absolute_url()
        context = {
            "case_number": case.number,
            "board": case.board.name,
            "authority": case.authority.name if case.authority else "",
            "link": link,
        }
        if case.board.email:
            email_queue(
                to=case.board.email,
                reason=OutboxEmail.Reason.FORWARDED,
                subject=_("Ny sag fra førsteinstansen: %(number)s") % {"number": case.number},
                template="casework/email/forwarded_board.txt",
                context=context,
                case=case,
            )
        # The parties hear of it in the next daily digest (NT-2): it is news, nothing they must act on.
        fee_request_at_forwarding(case=case)
    return case
