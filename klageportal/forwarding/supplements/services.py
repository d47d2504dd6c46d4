"""Supplementary information to a sent web appeal form (AS-52, "Web-ankeskema til supplerende oplysninger").

A caseworker with the form right sends files and/or text to an earlier form. The løbenummer identifies the
form (recommended, not required); without it, the citizen's CPR number and the municipality's journal number
do. A løbenummer of another municipality is refused, an unknown one is told as such. A supplement that no
form matches is still recorded, without a form, for Ankestyrelsen to match (`supplement_match`).

What is sent reaches the case as documents, so Ankestyrelsen's caseworkers find it with the case's other
documents and the parties see it as X-6 says: each file becomes a CaseDocument added by the first instance,
and the text is kept on the supplement and also attached as a .txt document. The case's history gets one
line naming the supplement (the text itself is not put in the history). The sender gets a receipt e-mail
that, like every e-mail, carries no content (NT-1) and no CPR number (X-4).
"""

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klageportal.cases import policies
from klageportal.cases.models import Case, CaseEvent, PartyRole
from klageportal.cases.services.events import case_event_add
from klageportal.catalog.models import Channel
from klageportal.core.phrases import phrase
from klageportal.documents import validation
from klageportal.documents.models import Document
from klageportal.documents.services import case_document_add, document_quota_check, document_store
from klageportal.forwarding import access
from klageportal.forwarding.form.answers import Answers
from klageportal.forwarding.models import AnkeskemaSubmission, AnkeskemaSupplement
from klageportal.notifications.models import OutboxEmail
from klageportal.notifications.services import email_queue
from klageportal.registers.numbers import clean_cpr

MB = 1024 * 1024
TEXT_MAX_LENGTH = 20_000
LOBENUMMER_NOISE = re.compile(r"\s+")
JOURNAL_NOISE = re.compile(r"[\s-]+")


@dataclass(frozen=True)
class SupplementLimits:
    """AS-41: the same limits as the form's own upload (configuration), the same figures in hint and message."""

    max_file_bytes: int
    max_total_bytes: int

    @property
    def file_limits(self) -> validation.Limits:
        return validation.Limits(
            max_bytes=self.max_file_bytes,
            max_name_length=getattr(settings, "DOCUMENT_MAX_NAME_LENGTH", 260),
        )


def supplement_limits() -> SupplementLimits:
    return SupplementLimits(
        max_file_bytes=getattr(settings, "ANKESKEMA_MAX_FILE_BYTES", 25 * MB),
        max_total_bytes=getattr(settings, "ANKESKEMA_MAX_TOTAL_BYTES", 200 * MB),
    )


class SupplementRefused(Exception):
    """What stops a supplement, each message tied to the field it is about."""

    def __init__(self, errors: Sequence[tuple[str, str]]):
        super().__init__("; ".join(field for field, _message in errors))
        self.errors = list(errors)


def lobenummer_normalise(value: str) -> str:
    return LOBENUMMER_NOISE.sub("", value or "").upper()


def _journal_key(value: str) -> str:
    """Journal numbers as typed differ in case, spaces and hyphens only."""
    return JOURNAL_NOISE.sub("", value or "").casefold()


def supplement_find(
    *, by, lobenummer: str = "", citizen_cpr: str = "", journal_number: str = ""
) -> AnkeskemaSubmission | None:
    """The sent form the supplement belongs to, or None when Ankestyrelsen must match it.

    Raises SupplementRefused for another municipality's løbenummer, an unknown one, a CPR number that does
    not fit the form, and, without a løbenummer, a missing CPR or journal number."""
    lobenummer = lobenummer_normalise(lobenummer)
    cpr_typed = (citizen_cpr or "").strip()
    cpr = clean_cpr(cpr_typed) if cpr_typed else ""
    errors: list[tuple[str, str]] = []
    if cpr is None:
        errors.append(("citizen_cpr", _("Skriv CPR-nummeret med 10 cifre, med eller uden bindestreg.")))
    if lobenummer:
        submission = AnkeskemaSubmission.objects.filter(lobenummer__iexact=lobenummer).first()
        if submission is None:
            errors.append(
                (
                    "lobenummer",
                    _(
                        "Vi kan ikke finde et ankeskema med løbenummeret %(number)s. Kontrollér nummeret i "
                        "kvitteringsmailen, eller lad feltet stå tomt og skriv borgerens CPR-nummer og "
                        "journalnummeret i stedet."
                    )
                    % {"number": lobenummer},
                )
            )
        elif submission.authority_id != by.authority_id:
            errors.append(
                (
                    "lobenummer",
                    _(
                        "Løbenummeret %(number)s hører til et ankeskema fra en anden kommune. Du kan kun sende "
                        "supplerende oplysninger til ankeskemaer, som din egen kommune har sendt."
                    )
                    % {"number": lobenummer},
                )
            )
        elif cpr and submission.citizen_cpr and cpr != submission.citizen_cpr:
            errors.append(
                (
                    "citizen_cpr",
                    _(
                        "CPR-nummeret passer ikke til ankeskemaet med løbenummeret %(number)s. Ret eller slet "
                        "CPR-nummeret."
                    )
                    % {"number": lobenummer},
                )
            )
        if errors:
            raise SupplementRefused(errors)
        return submission
    if not cpr_typed:
        errors.append(("citizen_cpr", _("Skriv borgerens CPR-nummer, når du ikke kender løbenummeret.")))
    if not (journal_number or "").strip():
        errors.append(("journal_number", _("Skriv kommunens journalnummer, når du ikke kender løbenummeret.")))
    if errors:
        raise SupplementRefused(errors)
    key = _journal_key(journal_number)
    candidates = [
        submission
        for submission in AnkeskemaSubmission.objects.filter(authority_id=by.authority_id, citizen_cpr=cpr)
        if _journal_key(submission.journal_number) == key
    ]
    # Two forms with the same citizen and journal number cannot be told apart: Ankestyrelsen decides.
    return candidates[0] if len(candidates) == 1 else None


def supplement_files_check(files: Sequence, limits: SupplementLimits | None = None) -> list[tuple[str, str]]:
    """Errors of the chosen files by name and size, before any byte is stored."""
    limits = limits or supplement_limits()
    errors = []
    for upload in files:
        try:
            validation.check_name_and_size(_given_name(upload), upload.size, limits.file_limits)
        except validation.FileRefused as refusal:
            errors.append(("files", f"{upload.name}: {refusal.message}"))
    total = sum(upload.size for upload in files)
    if total > limits.max_total_bytes:
        errors.append(
            (
                "files",
                _(
                    "Filerne fylder %(total)s i alt. Du kan højst sende %(max)s ad gangen. Send nogle af filerne "
                    "nu, og send de resterende med et nyt supplerende skema, hvor du oplyser løbenummeret."
                )
                % {"total": filesizeformat(total), "max": filesizeformat(limits.max_total_bytes)},
            )
        )
    return errors


def supplement_send(
    *,
    by,
    text: str = "",
    files: Sequence = (),
    lobenummer: str = "",
    citizen_cpr: str = "",
    journal_number: str = "",
    receipt_email: str = "",
) -> AnkeskemaSupplement:
    """Record a supplement; attach it to its form's case when one is found, otherwise leave it for matching."""
    policies.require(policies.can_use_ankeskema(by) and by.authority_id is not None)
    text = (text or "").strip()
    limits = supplement_limits()
    errors: list[tuple[str, str]] = []
    if not text and not files:
        errors.append(("text", _("Skriv de supplerende oplysninger, eller vedhæft mindst én fil.")))
    if len(text) > TEXT_MAX_LENGTH:
        errors.append(
            ("text", _("Teksten må højst være %(max)s tegn. Vedhæft resten som fil.") % {"max": TEXT_MAX_LENGTH})
        )
    errors.extend(supplement_files_check(files, limits))
    try:
        submission = supplement_find(
            by=by, lobenummer=lobenummer, citizen_cpr=citizen_cpr, journal_number=journal_number
        )
    except SupplementRefused as refusal:
        errors = refusal.errors + errors
        submission = None
    if errors:
        raise SupplementRefused(errors)
    cpr = clean_cpr(citizen_cpr) if (citizen_cpr or "").strip() else ""
    written: list[str] = []
    try:
        with transaction.atomic():
            documents = []
            for upload in files:
                document = _store(upload, by=by, limits=limits, written=written)
                documents.append(document)
            supplement = AnkeskemaSupplement.objects.create(
                submission=submission,
                authority_id=by.authority_id,
                sent_by=by,
                lobenummer=submission.lobenummer if submission else "",
                citizen_cpr=cpr or (submission.citizen_cpr if submission else ""),
                journal_number=(journal_number or "").strip() or (submission.journal_number if submission else ""),
                text=text,
                case_id=submission.case_id if submission else None,
            )
            supplement.documents.set(documents)
            if submission is not None:
                _attach(supplement, by=by)
            address = receipt_address(by=by, submission=submission, typed=receipt_email)
            if address:
                _receipt_email(supplement, to=address)
    except Exception:
        _forget_files(written)
        raise
    return supplement


def _given_name(upload) -> str:
    """The name as the browser sent it: Django cuts names to 255 characters before the length check can."""
    return getattr(upload, "given_name", None) or upload.name or ""


def _store(upload, *, by, limits: SupplementLimits, written: list[str]) -> Document:
    try:
        # The person's bytes per 24 hours hold here too (counted under a lock inside the caller's transaction).
        document_quota_check(by=by, size=upload.size or 0)
        # The upload itself, not its file: what was hashed and scanned on the way in is not read again.
        document = document_store(
            name=_given_name(upload), size=upload.size, stream=upload, by=by, limits=limits.file_limits
        )
    except validation.FileRefused as refusal:
        raise SupplementRefused([("files", f"{upload.name}: {refusal.message}")]) from None
    if document.file.name:
        written.append(document.file.name)
    return document


def _forget_files(names: list[str]) -> None:
    """After a rollback, remove the stored bytes that no saved document points to (content stored once)."""
    for name in names:
        if not Document.objects.filter(file=name).exists():
            default_storage.delete(name)


def _text_document(supplement: AnkeskemaSupplement) -> Document:
    sent_at = timezone.localtime(supplement.sent_at)
    name = f"supplerende-oplysninger-{supplement.lobenummer or supplement.pk}-{sent_at:%Y%m%d-%H%M%S}.txt"
    data = supplement.text.encode("utf-8")
    return document_store(name=name, size=len(data), stream=io.BytesIO(data), by=supplement.sent_by)


def _attach(supplement: AnkeskemaSupplement, *, by, matched: bool = False) -> None:
    """Put the supplement's files and text on its case, with a line in the case's history."""
    case = supplement.case
    assert case is not None, "only a supplement tied to its case is attached"
    # The municipality supplied the documents, whoever links them: they count as the first instance's.
    added_by = supplement.sent_by
    document_ids = []
    for document in supplement.documents.all():
        case_document_add(case=case, document=document, by=added_by, role=PartyRole.FIRST_INSTANCE)
        document_ids.append(document.pk)
    text_document_id = None
    if supplement.text:
        try:
            text_document = _text_document(supplement)
        except validation.FileRefused as refusal:
            raise SupplementRefused([("text", refusal.message)]) from None
        case_document_add(case=case, document=text_document, by=added_by, role=PartyRole.FIRST_INSTANCE)
        text_document_id = text_document.pk
    if document_ids and supplement.text:
        summary = phrase(gettext_noop("%(count)s fil(er) og en tekst"), count=len(document_ids))
    elif document_ids:
        summary = phrase(gettext_noop("%(count)s fil(er)"), count=len(document_ids))
    else:
        summary = phrase(gettext_noop("en tekst"))
    if matched:
        text = phrase(
            gettext_noop(
                "Supplerende oplysninger fra %(authority)s, sendt %(sent)s, er knyttet til sagen af "
                "Ankestyrelsen: %(summary)s"
            ),
            authority=supplement.authority.name,
            sent=timezone.localdate(supplement.sent_at),
            summary=summary,
        )
    else:
        text = phrase(
            gettext_noop("Supplerende oplysninger fra %(authority)s til ankeskema %(number)s: %(summary)s"),
            authority=supplement.authority.name,
            number=supplement.lobenummer,
            summary=summary,
        )
    case_event_add(
        case=case,
        kind=CaseEvent.Kind.MESSAGE,
        text=text,
        actor=by,
        data={
            "supplement": supplement.pk,
            "documents": document_ids,
            "text_document": text_document_id,
            "matched": matched,
        },
    )


def supplement_match(*, supplement: AnkeskemaSupplement, submission: AnkeskemaSubmission, by) -> AnkeskemaSupplement:
    """Ankestyrelsen ties a supplement that no form matched to the right form and its case."""
    return supplement_match_case(supplement=supplement, case=submission.case, by=by)


def receipt_address(*, by, submission: AnkeskemaSubmission | None, typed: str = "") -> str:
    """Where the receipt goes: the address typed, else the caseworker's own, else the form's caseworker's."""
    if typed:
        return typed
    if by.email:
        return by.email
    return str(Answers(submission.data).municipality.get("caseworker_email", "")) if submission else ""


def _receipt_email(supplement: AnkeskemaSupplement, *, to: str) -> OutboxEmail:
    submission = supplement.submission
    if submission is not None:
        subject = _("Kvittering for supplerende oplysninger til ankeskema %(number)s") % {
            "number": submission.lobenummer
        }
    else:
        subject = _("Kvittering for supplerende oplysninger til Ankestyrelsen")
    return email_queue(
        to=to,
        reason=OutboxEmail.Reason.RECEIPT,
        subject=subject,
        template="forwarding/supplement_email.txt",
        context={
            "supplement": supplement,
            "sent_at": timezone.localtime(supplement.sent_at),
            "file_count": supplement.documents.count(),
            "has_text": bool(supplement.text),
        },
        case=submission.case if submission else None,
    )


def supplement_visible_to(user, supplement: AnkeskemaSupplement) -> bool:
    """The sender's municipality sees its receipt, as long as its caseworker has the form right."""
    return policies.can_use_ankeskema(user) and user.authority_id == supplement.authority_id


# --- Ankestyrelsen matches what no form matched (AS-52) --------------------------------------------------------


class SupplementAlreadyMatched(Exception):
    """The supplement is attached to a case already; a supplement is attached once."""


@dataclass(frozen=True)
class Candidate:
    """A case the supplement may belong to, and what about it fits."""

    case: Case
    lobenummer: str
    cpr_fits: bool
    journal_fits: bool


def supplements_unmatched(*, user) -> QuerySet[AnkeskemaSupplement]:
    """The supplements no form matched, oldest first, for those who match them; nothing for anyone else."""
    if not access.can_match_supplements(user):
        return AnkeskemaSupplement.objects.none()
    return (
        AnkeskemaSupplement.objects.filter(submission__isnull=True, case__isnull=True)
        .select_related("authority", "sent_by")
        .prefetch_related("documents")
        .order_by("sent_at", "pk")
    )


def supplement_unmatched_for(*, user, pk: int | None) -> AnkeskemaSupplement | None:
    if pk is None:
        return None
    return supplements_unmatched(user=user).filter(pk=pk).first()


def _forwarded_cases(*, user, supplement: AnkeskemaSupplement) -> QuerySet[Case]:
    return Case.objects.filter(
        channel=Channel.FORWARDING,
        authority_id=supplement.authority_id,
        board__in=access.supplement_boards(user),
    ).select_related("board", "authority", "ankeskema")


def supplement_candidates(*, supplement: AnkeskemaSupplement, user) -> list[Candidate]:
    """Cases of the supplement's municipality at the person's boards whose citizen (CPR) or journal number fits,
    those where both fit first."""
    cases = _forwarded_cases(user=user, supplement=supplement)
    cpr = supplement.citizen_cpr
    key = _journal_key(supplement.journal_number)
    found = Q(pk__in=[])
    if cpr:
        found |= Q(ankeskema__citizen_cpr=cpr) | Q(
            parties__cpr=cpr, parties__role=PartyRole.COMPLAINANT, parties__removed_at__isnull=True
        )
    if key:
        # Journal numbers are compared as typed differ (spaces, hyphens, case): read as text, one municipality's.
        found |= Q(
            pk__in=[
                pk
                for pk, journal, reference in cases.values_list("pk", "ankeskema__journal_number", "decision_reference")
                if key in (_journal_key(journal or ""), _journal_key(reference or ""))
            ]
        )
    candidates = []
    for case in cases.filter(found).distinct().order_by("-created_at", "-pk")[:50]:
        submission = getattr(case, "ankeskema", None)
        journal = submission.journal_number if submission else case.decision_reference
        cpr_fits = bool(cpr) and (
            (submission is not None and submission.citizen_cpr == cpr)
            or case.parties.filter(cpr=cpr, role=PartyRole.COMPLAINANT, removed_at__isnull=True).exists()
        )
        journal_fits = bool(key) and _journal_key(journal) == key
        if cpr_fits or journal_fits:
            candidates.append(
                Candidate(
                    case=case,
                    lobenummer=submission.lobenummer if submission else "",
                    cpr_fits=cpr_fits,
                    journal_fits=journal_fits,
                )
            )
    candidates.sort(key=lambda c: not (c.cpr_fits and c.journal_fits))
    return candidates


def supplement_case_lookup(*, supplement: AnkeskemaSupplement, user, number: str) -> Case | None:
    """The case typed by its case number or its form's løbenummer, among those the supplement may go to."""
    typed = LOBENUMMER_NOISE.sub("", number or "")
    if not typed:
        return None
    cases = _forwarded_cases(user=user, supplement=supplement)
    return cases.filter(Q(number__iexact=typed) | Q(ankeskema__lobenummer__iexact=typed)).first()


def supplement_match_case(*, supplement: AnkeskemaSupplement, case: Case, by) -> AnkeskemaSupplement:
    """Ankestyrelsen attaches a supplement that no form matched to a case: its files and text become the case's
    documents, with a line in the history. A supplement is attached once."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        supplement = AnkeskemaSupplement.objects.select_for_update().select_related("authority").get(pk=supplement.pk)
        if supplement.case_id is not None or supplement.submission_id is not None:
            policies.require(access.can_match_supplements(by))
            raise SupplementAlreadyMatched(supplement.pk)
        policies.require(access.can_match_supplement_to(by, supplement, case))
        submission = AnkeskemaSubmission.objects.filter(case=case).first()
        supplement.case = case
        supplement.submission = submission
        supplement.lobenummer = submission.lobenummer if submission else supplement.lobenummer
        supplement.matched_at = timezone.now()
        supplement.matched_by = by
        supplement.save(update_fields=["case", "submission", "lobenummer", "matched_at", "matched_by"])
        _attach(supplement, by=by, matched=True)
    return supplement
