"""What the appeals body does with a forwarded case's status: moves it through its own statuses (BD-2), decides it
with a document (BD-3), dismisses a complaint not filed through the portal (BD-7), closes it, marks it for
principled treatment (BD-9), and restores a case the first instance reopened by mistake (FI-6, BD-5).

Every function locks the case, asks the policies inside the lock, changes the status only through
`cases.workflow.transition` (as Actor.BODY) and writes the case's history in the same transaction.

Deciding and closing are two steps: Afgjort (or Afvist) is the status the parties see once the board has
decided (BD-2 names it; §12: "ending in Afgjort, Afvist or Tilbagekaldt"); "Afslut sagen" then moves the case to
Afsluttet, the status of every closed case, when the board has nothing more to do on it (a refund, a letter).
"""

from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klageportal.cases import policies, workflow
from klageportal.cases.models import Case, CaseEvent, PartyRole, Status
from klageportal.cases.services.events import case_event_add
from klageportal.casework.models import Decision
from klageportal.casework.services.first_instance import CaseworkRefused
from klageportal.catalog.models import Channel, ComplaintTypeVersion, DocumentCategory
from klageportal.core.phrases import label_phrase, phrase
from klageportal.documents import validation
from klageportal.documents.services import case_document_add
from klageportal.documents.uploads import UploadResult, uploads_store
from klageportal.identity.models import User

BODY_MOVES = (Status.VIDERESENDT, Status.UNDER_BEHANDLING, Status.AFVENTER_NAEVN, Status.TILBAGEKALDT)
"""The statuses the board's caseworker chooses on "Skift status"; Afgjort and Afvist come with a decision."""
DECISION_CATEGORY = "afgoerelse"
NOT_VIA_PORTAL = gettext_noop("Klagen er ikke indgivet via klageportalen.")
"""BD-7: the reason a complaint not filed through the portal is dismissed with."""


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def status_choices(case: Case) -> list[Status]:
    """BD-2: the statuses the board's caseworker may move the case to from where it is (the table decides)."""
    moves = workflow.allowed_moves(case.status)
    return [status for status in BODY_MOVES if workflow.Actor.BODY in moves.get(status, frozenset())]


def case_status_change(*, case: Case, to: Status | str, by: User, reason: str = "") -> Case:
    """BD-2: move a forwarded case between the body's statuses, or to Tilbagekaldt on the complainant's word.

    A withdrawal needs the reason (who withdrew, how); other moves take an optional note for the history.
    """
    reason = reason.strip()
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_change_body_status(by, case))
        if to not in status_choices(case):
            raise CaseworkRefused(
                _("Sagen kan ikke skifte status fra %(from)s til den valgte status.")
                % {"from": case.get_status_display()},
                field="to",
            )
        if to == Status.TILBAGEKALDT and not reason:
            raise CaseworkRefused(
                _("Skriv, hvordan klageren har trukket klagen tilbage, fx brev eller telefon og dato."), field="reason"
            )
        workflow.transition(case, to=Status(to), actor=workflow.Actor.BODY, by=by, reason=reason)
    return case


def _decision_category() -> DocumentCategory:
    category, _created = DocumentCategory.objects.get_or_create(slug=DECISION_CATEGORY, defaults={"name": "Afgørelse"})
    return category


def _pdf_only(upload: UploadedFile) -> None:
    if validation.extension_of(upload.name or "") != "pdf":
        raise validation.FileRefused("decision_not_pdf", _("Afgørelsen skal være en PDF-fil."))


def case_decide(
    *,
    case: Case,
    by: User,
    outcome: Decision.Outcome | str,
    files: Iterable[UploadedFile],
    principle_decision: bool = False,
    limits: validation.Limits | None = None,
) -> list[UploadResult]:
    """BD-3, BD-9: the board decides: the decision as a PDF on the case (every party sees it), its outcome, and
    the case moves to Afgjort (Afvist when the complaint is dismissed), which closes it.

    Without the document accepted nothing changes; the upload's results say why.
    """
    outcome = Decision.Outcome(outcome)
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_decide(by, case))
        if Decision.objects.filter(case=case).exists():
            raise CaseworkRefused(_("Der er allerede truffet afgørelse i sagen."))
        category = _decision_category()
        results = uploads_store(
            files=files,
            by=by,
            limits=limits or validation.filing_limits(),
            admit=_pdf_only,
            # The board's documents are every party's (X-6: Videresendt and later).
            attach=lambda document: case_document_add(
                case=case, document=document, by=by, role=PartyRole.OTHER, categories=[category]
            ),
            case=case,
        )
        accepted = [result for result in results if result.ok and result.link is not None]
        if len(accepted) != 1:
            transaction.set_rollback(True)
            return results
        link = accepted[0].link
        assert link is not None
        Decision.objects.create(
            case=case, outcome=outcome, document=link, principle_decision=principle_decision, decided_by=by
        )
        to = Status.AFVIST if outcome == Decision.Outcome.AFVIST else Status.AFGJORT
        workflow.transition(
            case,
            to=to,
            actor=workflow.Actor.BODY,
            by=by,
            reason=phrase(
                gettext_noop("Klagenævnet har truffet afgørelse: %(outcome)s."), outcome=label_phrase(outcome.label)
            ),
        )
        if principle_decision:
            case_event_add(
                case=case,
                kind=CaseEvent.Kind.NOTE,
                text=phrase(gettext_noop("Afgørelsen er markeret som principafgørelse til offentliggørelse.")),
                actor=by,
                data={"action": "principle_decision", "principle_decision": True},
            )
    return results


def decision_principle_mark(*, case: Case, by: User, principle_decision: bool) -> Decision:
    """BD-9: mark the case's decision as a principafgørelse for publication, or take the mark off; a history line."""
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_mark_principle_decision(by, case))
        decision = Decision.objects.select_for_update().filter(case=case).first()
        if decision is None:
            raise CaseworkRefused(_("Der er ikke truffet afgørelse i sagen."))
        if decision.principle_decision == principle_decision:
            return decision
        decision.principle_decision = principle_decision
        decision.save(update_fields=["principle_decision"])
        text = (
            gettext_noop("Afgørelsen er markeret som principafgørelse til offentliggørelse.")
            if principle_decision
            else gettext_noop("Afgørelsen er ikke længere markeret som principafgørelse.")
        )
        case_event_add(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            text=phrase(text),
            actor=by,
            data={"action": "principle_decision", "principle_decision": principle_decision},
        )
    return decision


def case_close(*, case: Case, by: User) -> Case:
    """ "Afslut sagen": a decided, dismissed or withdrawn case is closed for good (Afsluttet)."""
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_close_case(by, case))
        workflow.transition(case, to=Status.AFSLUTTET, actor=workflow.Actor.BODY, by=by)
    return case


def _type_version(case: Case) -> ComplaintTypeVersion | None:
    if case.type_version_id:
        return case.type_version
    return case.complaint_type.version_at() if case.complaint_type else None


def not_via_portal_obstacle(case: Case) -> str:
    """BD-7: why this complaint may not be dismissed as not filed through the portal ("" when it may)."""
    if case.filed_for_exempt_citizen:
        return _(
            "Klageren er fritaget for digital selvbetjening, og kommunen har oprettet klagen for klageren. "
            "Klagen kan derfor ikke afvises, fordi den ikke er indgivet via klageportalen."
        )
    version = _type_version(case)
    if version is not None and version.channel == Channel.OUTSIDE:
        return _(
            "Klager af denne type indgives ikke i klageportalen. Klagen kan derfor ikke afvises, fordi den ikke "
            "er indgivet via klageportalen."
        )
    return ""


def case_dismiss_not_via_portal(*, case: Case, by: User) -> Case:
    """BD-7: dismiss (Afvist) a complaint not filed through the portal, unless the complainant is exempt or the
    complaint type is filed outside the portal."""
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_dismiss_not_via_portal(by, case))
        if obstacle := not_via_portal_obstacle(case):
            raise CaseworkRefused(obstacle)
        workflow.transition(case, to=Status.AFVIST, actor=workflow.Actor.BODY, by=by, reason=phrase(NOT_VIA_PORTAL))
    return case


def case_principled_mark(*, case: Case, by: User, principled: bool) -> Case:
    """BD-9: mark the case for principled treatment, or take the mark off; a line in the history either way."""
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_mark_principled(by, case))
        if case.principled_treatment == principled:
            return case
        case.principled_treatment = principled
        case.save(update_fields=["principled_treatment"])
        text = (
            gettext_noop("Sagen er udvalgt til principiel behandling.")
            if principled
            else gettext_noop("Sagen er ikke længere udvalgt til principiel behandling.")
        )
        case_event_add(
            case=case,
            kind=CaseEvent.Kind.NOTE,
            text=phrase(text),
            actor=by,
            data={"action": "principled_treatment", "principled": principled},
        )
    return case


def case_restore(*, case: Case, by: User, reason: str) -> Case:
    """FI-6, BD-5: a case the first instance reopened by mistake is back at the first instance as Indsendt.

    The complainant learns it from the case's history (no e-mail now; the daily digest may tell followers).
    """
    reason = reason.strip()
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_restore_case(by, case))
        if not reason:
            raise CaseworkRefused(_("Skriv, hvorfor sagen genåbnes, fx hvem der har bedt om det."), field="reason")
        workflow.transition(
            case,
            to=Status.INDSENDT,
            actor=workflow.Actor.BODY,
            by=by,
            reason=phrase(
                gettext_noop("Klagenævnet har genåbnet sagen, som var genoptaget ved en fejl: %(reason)s"),
                reason=reason,
            ),
        )
    return case
