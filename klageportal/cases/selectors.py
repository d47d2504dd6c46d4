"""Reads on cases, each ready for the page that uses it (no query per row)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.db.models import QuerySet

from klageportal.cases import policies
from klageportal.cases.models import ApprovalState, Case, Party, PartyRole, event_display_text
from klageportal.identity.models import User


def _listing(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.select_related("board", "complaint_type", "authority").order_by("-created_at", "-pk")


def cases_for_party(*, user: policies.AnyUser, board_slug: str | None = None) -> QuerySet[Case]:
    """CW-1: every case the person is a party to (or filed), newest first, optionally for one board."""
    qs = Case.objects.filter(policies.cases_visible_to(user))
    if board_slug:
        qs = qs.filter(board__slug=board_slug)
    return _listing(qs)


def inbox_for_body(*, user: policies.AnyUser) -> QuerySet[Case]:
    """BD-1: cases forwarded to the boards the caseworker works for."""
    if not policies.can_use_body_inbox(user):
        return Case.objects.none()
    return _listing(Case.objects.filter(policies.cases_visible_to(user)))


def case_for_page(*, number: str) -> Case | None:
    """The case with what every case page shows of it, or None for an unknown number."""
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


def case_history(*, case: Case, user: policies.AnyUser) -> list[HistoryLine]:
    """The case's history as this person may see it, oldest first, as plain lines: no model instances, and a
    fixed number of queries whatever its length. A line about a document or a party the person may not see
    is left out (X-3), so the history tells no more than the documents and parties tabs."""
    subjects = policies.history_subjects_visible_to(user, case)
    return [
        HistoryLine(at=at, actor_name=actor_name, text=event_display_text(text, data))
        for at, actor_name, text, data in case.events.order_by("at", "pk").values_list(
            "at", "actor_name", "text", "data"
        )
        if subjects.shows(data)
    ]


def parties_for_page(*, case: Case, user: policies.AnyUser) -> QuerySet[Party]:
    """CW-5: the case's parties this person may see, in the order they were added; a removed party is left out
    (its removal stays in the history, CW-4)."""
    return (
        Party.objects.filter(policies.parties_visible_to(user, case), policies.ACTIVE)
        .select_related("authority")
        .order_by("pk")
    )


def filer_party(*, case: Case) -> Party | None:
    """The party who filed the case (the first, should there ever be more). A filer the complainant has since
    removed (CW-4) is still the one who filed, and the payer where they chose to stay it (PAY-2)."""
    return case.parties.filter(is_filer=True).order_by("pk").first()


def own_party(*, case: Case, user: User) -> Party | None:
    """The person's own party on the complainant's side of the case, the filer's party first."""
    return case.parties.filter(policies.own_party_q(user)).order_by("-is_filer", "pk").first()


class FeeFacts(Protocol):
    """What the complaint's fee adds to the question "what is missing?"; the payments app answers it."""

    @property
    def amount(self) -> int: ...

    @property
    def is_paid(self) -> bool: ...

    @property
    def required_before_submission(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class SubmissionMissing:
    """What keeps a complaint in Udfyldt (KP-6)."""

    pending: list[Party]
    """Complainants who have not answered the representation yet."""
    declined: list[Party]
    fee_unpaid: bool
    fee: int
    """The fee in kroner."""

    @property
    def anything(self) -> bool:
        return bool(self.pending or self.declined or self.fee_unpaid)


def submission_missing(*, case: Case, fee: FeeFacts) -> SubmissionMissing:
    """Who has not approved, who declined, and whether the fee (as the caller worked it out) is unpaid."""
    parties = [p for p in case.parties.all() if p.role == PartyRole.COMPLAINANT and not p.is_filer]
    return SubmissionMissing(
        pending=[p for p in parties if p.approval == ApprovalState.PENDING],
        declined=[p for p in parties if p.approval == ApprovalState.DECLINED],
        fee_unpaid=fee.required_before_submission and not fee.is_paid,
        fee=fee.amount,
    )
