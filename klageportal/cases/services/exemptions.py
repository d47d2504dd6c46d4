"""Exemption from digital self-service (KP-8, BD-4): a representative sends the board a reasoned request, the
municipality hears at once that a complaint is on its way (NT-4); the board grants it (the municipality then
files for the citizen, KP-2) or refuses it with a deadline to file in the portal. The complaint filed after a
grant is linked to the request when the municipality names the request's number as exemption reference."""

from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klageportal.cases import policies
from klageportal.cases.deadlines import next_working_day
from klageportal.cases.models import Case, CaseEvent, ExemptionRequest, Status
from klageportal.cases.services.create import case_number_next, format_case_number
from klageportal.cases.services.events import case_event_add
from klageportal.catalog.models import Authority, ComplaintType
from klageportal.core.phrases import phrase
from klageportal.identity.models import User
from klageportal.notifications.models import OutboxEmail
from klageportal.notifications.services import email_queue

SERIES = "FR"
"""The requests' own number series: FR-2026-000001."""
REFUSAL_PERIOD = timedelta(days=14)


class ExemptionError(Exception):
    """The request cannot take this step in its present state."""


def suggested_file_deadline(today: date | None = None) -> date:
    """The deadline offered when refusing: 14 days on, moved past weekends and holidays (SPEC §12)."""
    return next_working_day((today or timezone.localdate()) + REFUSAL_PERIOD)


def _requester_email(user: User) -> str:
    return user.notification_email or user.email


def _decision_words(request: ExemptionRequest) -> str:
    """The decision as the e-mails name it: its reference and date, never who it is about."""
    parts = [request.decision_reference] if request.decision_reference else []
    if request.decision_date:
        parts.append(date_format(request.decision_date, "j. F Y"))
    return ", ".join(parts)


def exemption_request_send(
    *,
    by: User,
    complaint_type: ComplaintType,
    authority: Authority,
    decision_reference: str,
    decision_date: date | None,
    citizen_name: str,
    citizen_cpr: str,
    citizen_address: str,
    reason: str,
    digital_post_exempt: bool,
) -> ExemptionRequest:
    """KP-8: record the request to the complaint type's board, numbered, and tell the municipality at its
    official address that a complaint is on its way (NT-4)."""
    policies.require(policies.can_request_exemption(by))
    with transaction.atomic():
        year, value = case_number_next(series=SERIES)
        request = ExemptionRequest.objects.create(
            number=format_case_number(SERIES, year, value),
            board=complaint_type.board,
            complaint_type=complaint_type,
            authority=authority,
            decision_reference=decision_reference.strip(),
            decision_date=decision_date,
            citizen_name=citizen_name.strip(),
            citizen_cpr=citizen_cpr,
            citizen_address=citizen_address.strip(),
            reason=reason.strip(),
            digital_post_exempt=digital_post_exempt,
            requested_by=by,
        )
        _tell(
            request,
            to=authority.email,
            subject=_("En klage er på vej: %(number)s"),
            template="exemption_requested",
            link="workspaces:authority_exemptions",
            decision=_decision_words(request),
        )
    return request


def _tell(request: ExemptionRequest, *, to: str, subject: str, template: str, link: str, **context: str) -> None:
    """An e-mail about the request (its number, the board and a link; never the citizen's name or CPR), if
    there is an address to send it to."""
    if not to:
        return
    email_queue(
        to=to,
        reason=OutboxEmail.Reason.OTHER,
        subject=subject % {"number": request.number},
        template=f"notifications/email/{template}.txt",
        context={"number": request.number, "board": request.board.name, "link": reverse(link), **context},
    )


def _decided(request: ExemptionRequest, *, by: User) -> ExemptionRequest:
    locked = ExemptionRequest.objects.select_for_update().select_related("board", "authority").get(pk=request.pk)
    policies.require(policies.can_decide_exemption_request(by, locked))
    locked.decided_by = by
    locked.decided_at = timezone.now()
    return locked


def exemption_request_grant(*, request: ExemptionRequest, by: User, reason: str = "") -> ExemptionRequest:
    """BD-4: grant the exemption; the requester is told, and the municipality (at its official address and in
    its workspace) that it is to file the complaint for the citizen (KP-2)."""
    with transaction.atomic():
        request = _decided(request, by=by)
        request.state = ExemptionRequest.State.GRANTED
        request.decision_reason = reason.strip()
        request.file_deadline = None
        request.save(update_fields=["state", "decided_by", "decided_at", "decision_reason", "file_deadline"])
        _tell(
            request,
            to=_requester_email(request.requested_by),
            subject=_("Anmodning om fritagelse imødekommet: %(number)s"),
            template="exemption_granted_requester",
            link="workspaces:party_exemptions",
        )
        _tell(
            request,
            to=request.authority.email,
            subject=_("Opret klage for en fritaget borger: %(number)s"),
            template="exemption_granted_authority",
            link="workspaces:authority_exemptions",
            decision=_decision_words(request),
        )
    return request


def exemption_request_refuse(
    *, request: ExemptionRequest, by: User, reason: str, file_deadline: date
) -> ExemptionRequest:
    """BD-4: refuse the exemption with reasons and a deadline to file in the portal (moved to a working day);
    the requester is told both by e-mail and in the portal."""
    with transaction.atomic():
        request = _decided(request, by=by)
        if not reason.strip():
            raise ExemptionError("a refusal gives its reasons")
        if file_deadline < timezone.localdate():
            raise ExemptionError("the deadline to file has already passed")
        request.state = ExemptionRequest.State.REFUSED
        request.decision_reason = reason.strip()
        request.file_deadline = next_working_day(file_deadline)
        request.save(update_fields=["state", "decided_by", "decided_at", "decision_reason", "file_deadline"])
        _tell(
            request,
            to=_requester_email(request.requested_by),
            subject=_("Anmodning om fritagelse afslået: %(number)s"),
            template="exemption_refused",
            link="workspaces:party_exemptions",
            deadline=date_format(request.file_deadline, "j. F Y"),
        )
    return request


def exemption_request_link(*, case: Case, reference: str, by: User) -> ExemptionRequest | None:
    """KP-8: a municipality filing for an exempt citizen names a granted request's number as the exemption
    reference; the request is linked to the complaint (once, to one complaint). A draft whose reference no
    longer names its request lets go of it. Call inside the filing's transaction, with the case locked."""
    reference = reference.strip().upper()
    if case.status == Status.KLADDE:
        ExemptionRequest.objects.filter(case=case).exclude(number=reference).update(case=None)
    request = ExemptionRequest.objects.select_for_update().filter(number=reference).first()
    if request is None or not policies.can_file_for_exemption_request(by, request):
        return None
    if request.case_id == case.pk:
        return request
    if request.case_id is not None:
        return None  # already the ground of another complaint
    request.case = case
    request.save(update_fields=["case"])
    case_event_add(
        case=case,
        kind=CaseEvent.Kind.NOTE,
        actor=by,
        data={"exemption_request": request.number},
        text=phrase(
            gettext_noop("Klagen er knyttet til anmodningen om fritagelse %(number)s, som %(board)s har imødekommet"),
            number=request.number,
            board=request.board.name,
        ),
    )
    return request
