"""Reads on cases, each ready for the page that uses it (no query per row)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from klageportal.cases import policies
from klageportal.cases.models import ApprovalState, Case, PartyRole, Status, event_display_text
from klageportal.identity.models import Role


def _listing(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.select_related("board", "complaint_type", "authority").order_by("-created_at", "-pk")


def cases_for_party(*, user, board_slug: str | None = None) -> QuerySet[Case]:
    """CW-1: every case the person is a party to (or filed), newest first, optionally for one board."""
    qs = Case.objects.filter(policies.cases_visible_to(user))
    if board_slug:
        qs = qs.filter(board__slug=board_slug)
    return _listing(qs)


def inbox_for_authority(*, user) -> QuerySet[Case]:
    """FI-1: complaints against the authority's decisions that have left the draft stage."""
    if user.role != Role.AUTHORITY or not user.authority_id:
        return Case.objects.none()
    return _listing(Case.objects.filter(authority_id=user.authority_id).exclude(status=Status.KLADDE))


def inbox_for_body(*, user) -> QuerySet[Case]:
    """BD-1: cases forwarded to the boards the caseworker works for."""
    if user.role != Role.BODY_STAFF:
        return Case.objects.none()
    return _listing(Case.objects.filter(policies.cases_visible_to(user)))


def case_for_page(*, number: str) -> Case | None:
    try:
        return Case.objects.select_related("board", "complaint_type", "type_version", "authority").get(number=number)
    except Case.DoesNotExist:
        return None


@dataclass(frozen=True, slots=True)
class HistoryLine:
    at: datetime
    actor_name: str
    text: str
    """In the reader's language where the line was written as a phrase."""


def case_history(*, case: Case) -> list[HistoryLine]:
    """The case's history, oldest first, as plain lines: one query, no model instances."""
    return [
        HistoryLine(at=at, actor_name=actor_name, text=event_display_text(text, data))
        for at, actor_name, text, data in case.events.order_by("at", "pk").values_list(
            "at", "actor_name", "text", "data"
        )
    ]


def submission_missing(case: Case, *, fee=None) -> dict:
    """What keeps a complaint in Udfyldt (KP-6): who has not approved, who declined, whether the fee is unpaid."""
    from klageportal.payments import fees

    fee = fee or fees.fee_status(case)
    parties = [p for p in case.parties.all() if p.role == PartyRole.COMPLAINANT and not p.is_filer]
    return {
        "pending": [p for p in parties if p.approval == ApprovalState.PENDING],
        "declined": [p for p in parties if p.approval == ApprovalState.DECLINED],
        "fee_unpaid": fee.required_before_submission and not fee.is_paid,
        "fee": fee.amount,
    }
