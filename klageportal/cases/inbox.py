"""An inbox of cases: one page of plain rows, filtered and searched, in a fixed number of queries.

The first instance's inbox (FI-1) scopes it to the cases against the authority's own decisions
(`first_instance_scope`); the appeals body's inbox (BD-1) to the cases forwarded to the caseworker's boards
(`body_scope`), from both channels, with the body's own filters (channel, overdue, the municipality's
principled flag, assignment) and columns (received, caseworker, markers).

The page costs three queries whatever its size: the rows (with board and complaint type joined), the
complainants of those rows, and a count bounded by `MAX_PAGES` so that counting never walks a whole
million-case table (the body's scope adds one for the caseworker's boards, its overdue filter one for the
boards' expected processing times). The ordering is the one the indexes serve: newest first, then by id (the
first instance: by the submitted date when the reader narrows by it, else by the created date; the body: by
the date the case was received, `forwarded_at`, indexes `case_board_forwarded` and
`case_board_status_forwarded`).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from klageportal.cases import policies
from klageportal.cases.models import Case, Party, PartyRole, Status
from klageportal.cases.workflow import CLOSED
from klageportal.catalog.models import Board

PER_PAGE = 25
MAX_PAGES = 40
"""Pages that can be reached by number; past them the reader is asked to narrow the search."""

FIRST_INSTANCE_STATUSES = tuple(status for status in Status if status != Status.KLADDE)
"""What the first instance can filter by: every status after the draft."""

BODY_STATUSES = (
    Status.VIDERESENDT,
    Status.UNDER_BEHANDLING,
    Status.AFVENTER_NAEVN,
    Status.AFGJORT,
    Status.AFVIST,
    Status.TILBAGEKALDT,
    Status.AFSLUTTET,
)
"""What the appeals body can filter by: the statuses a case has once it is forwarded (BD-2)."""


class DateField(StrEnum):
    CREATED = "created"
    SUBMITTED = "submitted"
    FORWARDED = "forwarded"
    """Received by the appeals body: the body's inbox is ordered and narrowed by it."""


class Assignment(StrEnum):
    MINE = "mine"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class InboxFilters:
    """What narrows the inbox. Empty values narrow nothing; all given values must hold (AND)."""

    statuses: tuple[str, ...] = ()
    board_id: int | None = None
    complaint_type_id: int | None = None
    date_field: DateField = DateField.CREATED
    date_from: date | None = None
    date_to: date | None = None
    number: str = ""
    """The case number, exactly (case-insensitive)."""
    name: str = ""
    """Part of a complainant's name."""
    cpr: str = ""
    """A complainant's CPR number, 10 digits, exact: never a part of one."""
    cvr: str = ""
    """A complainant's CVR number, 8 digits, exact."""
    matter: str = ""
    """The decision's reference (exactly, case-insensitive) or part of the address it concerns."""
    lobenummer: str = ""
    """The web appeal form's løbenummer (Blanket ID), exactly."""
    channel: str = ""
    overdue: bool = False
    """Received longer ago than the board's expected processing time, and not closed."""
    principled: bool = False
    """The municipality marked a principled question (Principiel problemstilling) in its response form."""
    assignment: str = ""
    """Assignment.MINE: assigned to `assignee_id`; Assignment.NONE: assigned to nobody; "": either."""
    assignee_id: int | None = None

    @property
    def searched(self) -> bool:
        return bool(self.number or self.name or self.cpr or self.cvr or self.matter or self.lobenummer)

    @property
    def narrowed(self) -> bool:
        return self.searched or self.filtered

    @property
    def filtered(self) -> bool:
        """Narrowed by the filters (not the search)."""
        return bool(
            self.statuses
            or self.board_id
            or self.complaint_type_id
            or self.date_from
            or self.date_to
            or self.channel
            or self.overdue
            or self.principled
            or self.assignment
        )


@dataclass(frozen=True, slots=True)
class InboxRow:
    number: str
    status: str
    status_label: str
    board_name: str
    complaint_type_name: str
    created_at: datetime
    submitted_at: datetime | None
    decision_reference: str
    location_address: str
    complainants: tuple[str, ...] = ()
    forwarded_at: datetime | None = None
    channel: str = ""
    lobenummer: str = ""
    assigned_to: str = ""
    """The body's caseworker who has the case, by name."""
    overdue: bool = False
    principled: bool = False
    """The municipality's Principiel problemstilling."""
    principled_treatment: bool = False
    """The body has selected the case for principled treatment."""


@dataclass(frozen=True, slots=True)
class InboxPage:
    rows: list[InboxRow]
    number: int
    """This page's number, from 1."""
    pages: int
    """The pages that can be reached (at most MAX_PAGES)."""
    more: bool
    """More cases match than MAX_PAGES pages hold."""
    count: int
    """Cases that match, counted up to MAX_PAGES × per page (+1 when `more`)."""
    per_page: int = PER_PAGE
    numbers: list[int | None] = field(default_factory=list)
    """Page numbers to offer, None for a gap ("…")."""

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def first_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.rows else 0

    @property
    def last_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.rows)


def first_instance_scope(user: policies.AnyUser) -> Q | None:
    """FI-1: the cases against the decisions of the user's authority, never a draft; None for anyone else."""
    if not policies.can_use_authority_inbox(user) or not user.authority_id:
        return None
    return Q(authority_id=user.authority_id) & ~Q(status=Status.KLADDE)


def body_board_ids(user: policies.AnyUser) -> tuple[int, ...]:
    """The boards the appeals body's caseworker works for (one query); none for anyone else."""
    if not policies.can_use_body_inbox(user):
        return ()
    return tuple(user.boards.order_by("pk").values_list("pk", flat=True))


def body_scope(user: policies.AnyUser, *, board_ids: tuple[int, ...] | None = None) -> Q | None:
    """BD-1: the cases forwarded to the boards the caseworker works for, from both channels; None for anyone else.

    `board_ids` as body_board_ids gives them (else that query is made here), so that the page's query filters
    on plain ids the indexes serve.
    """
    if not policies.can_use_body_inbox(user):
        return None
    if board_ids is None:
        board_ids = body_board_ids(user)
    if not board_ids:
        return None
    # One board (the usual case) as an equality: PostgreSQL then reads the (board, forwarded_at desc, id desc)
    # index in the page's order; `board_id IN (…)` would make it sort the board's cases first.
    boards = Q(board_id=board_ids[0]) if len(board_ids) == 1 else Q(board_id__in=board_ids)
    return boards & Q(forwarded_at__isnull=False)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def filtered(scope: Q, filters: InboxFilters, *, boards: tuple[int, ...] = ()) -> QuerySet[Case]:
    """The cases of the scope that pass the filters and the search, newest first.

    `boards`: the boards the scope holds, where it is the appeals body's (the overdue filter compares each
    with its own expected processing time; none given: every board's).
    """
    qs = Case.objects.filter(scope)
    if filters.statuses:
        qs = qs.filter(status__in=filters.statuses)
    if filters.board_id:
        qs = qs.filter(board_id=filters.board_id)
    if filters.complaint_type_id:
        qs = qs.filter(complaint_type_id=filters.complaint_type_id)
    column = {DateField.SUBMITTED: "submitted_at", DateField.FORWARDED: "forwarded_at"}.get(
        filters.date_field, "created_at"
    )
    if filters.date_from:
        qs = qs.filter(**{f"{column}__gte": _day_start(filters.date_from)})
    if filters.date_to:
        qs = qs.filter(**{f"{column}__lt": _day_start(filters.date_to + timedelta(days=1))})
    if filters.number:
        qs = qs.filter(number=filters.number.strip().upper())
    complainants = Party.objects.filter(role=PartyRole.COMPLAINANT, removed_at__isnull=True)
    if filters.cpr:
        qs = qs.filter(pk__in=complainants.filter(cpr=filters.cpr).values("case_id"))
    if filters.cvr:
        qs = qs.filter(pk__in=complainants.filter(cvr=filters.cvr).values("case_id"))
    if filters.name:
        qs = qs.filter(pk__in=complainants.filter(name__icontains=filters.name.strip()).values("case_id"))
    if filters.matter:
        matter = filters.matter.strip()
        qs = qs.filter(Q(decision_reference__iexact=matter) | Q(location_address__icontains=matter))
    if filters.lobenummer:
        # By the relation's name: the web appeal form's channel owns the model, the case knows only the name.
        qs = qs.filter(ankeskema__lobenummer=filters.lobenummer.strip())
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.principled:
        qs = qs.filter(response_form__principled=True)
    if filters.assignment == Assignment.MINE:
        qs = qs.filter(assigned_to_id=filters.assignee_id) if filters.assignee_id else qs.none()
    elif filters.assignment == Assignment.NONE:
        qs = qs.filter(assigned_to__isnull=True)
    if filters.overdue:
        wanted = (filters.board_id,) if filters.board_id else boards
        qs = qs.filter(_overdue_q(wanted)).exclude(status__in=CLOSED)
    if filters.date_field == DateField.FORWARDED:
        return qs.order_by("-forwarded_at", "-pk")
    if filters.date_field == DateField.SUBMITTED and (filters.date_from or filters.date_to):
        # Newest submitted first: the order the (authority, submitted_at) index gives, so that a date range
        # of a busy authority does not walk its cases by creation to find those submitted in the range.
        return qs.order_by("-submitted_at", "-pk")
    return qs.order_by("-created_at", "-pk")


def _overdue_q(board_ids: tuple[int, ...]) -> Q:
    """Received longer ago than its board's expected processing time (one query for the boards' times).

    One branch per board of the scope only: a branch for a board outside it would lead PostgreSQL to read that
    board's cases too (it does not see that `board = 1 AND board = 2` is never true).
    """
    now = timezone.now()
    overdue = Q(pk__in=[])
    boards = Board.objects.filter(expected_processing_days__isnull=False)
    if board_ids:
        boards = boards.filter(pk__in=board_ids)
    for board_id, days in boards.values_list("pk", "expected_processing_days"):
        overdue |= Q(board_id=board_id, forwarded_at__lt=now - timedelta(days=days or 0))
    return overdue


def is_overdue(*, forwarded_at: datetime | None, status: str, expected_days: int | None) -> bool:
    """BD-1: the case has waited longer than its board's expected processing time and is still open."""
    if forwarded_at is None or expected_days is None or status in CLOSED:
        return False
    return forwarded_at < timezone.now() - timedelta(days=expected_days)


def _page_numbers(current: int, pages: int) -> list[int | None]:
    """1 … 4 5 6 … 40: the first and last page, the current one and its neighbours, gaps as None."""
    wanted = {1, pages, current - 1, current, current + 1}
    if current <= 4:
        wanted |= set(range(1, 6))
    if current >= pages - 3:
        wanted |= set(range(pages - 4, pages + 1))
    numbers: list[int | None] = []
    for number in sorted(n for n in wanted if 1 <= n <= pages):
        if numbers and numbers[-1] is not None and number - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


COLUMNS = (
    "pk",
    "number",
    "status",
    "board__name",
    "complaint_type__name",
    "complaint_type__name_en",
    "created_at",
    "submitted_at",
    "decision_reference",
    "location_address",
)
BODY_COLUMNS = (
    *COLUMNS,
    "forwarded_at",
    "channel",
    "board__expected_processing_days",
    "assigned_to__full_name",
    "response_form__principled",
    "principled_treatment",
    "ankeskema__lobenummer",
)
"""The body's rows add what it sorts and marks by; the joins are one-to-one, so still one row per case."""


def inbox_page(
    *,
    scope: Q | None,
    filters: InboxFilters = InboxFilters(),
    page: int = 1,
    per_page: int = PER_PAGE,
    body: bool = False,
    boards: tuple[int, ...] = (),
) -> InboxPage:
    """One page of the inbox: three queries (count up to a bound, rows, their complainants), whatever the size.

    `body` gives the appeals body's columns (received, channel, løbenummer, caseworker, markers); `boards` the
    boards of its scope (body_board_ids).
    """
    if scope is None:
        return InboxPage(rows=[], number=1, pages=1, more=False, count=0, per_page=per_page, numbers=[1])
    qs = filtered(scope, filters, boards=boards)
    bound = MAX_PAGES * per_page
    count = qs.order_by()[: bound + 1].count()
    more = count > bound
    pages = max(1, -(-min(count, bound) // per_page))
    page = min(max(1, page), pages)
    start = (page - 1) * per_page
    values = list(qs.values(*(BODY_COLUMNS if body else COLUMNS))[start : start + per_page]) if count else []
    names: dict[int, list[str]] = defaultdict(list)
    if values:
        parties = (
            Party.objects.filter(
                case_id__in=[v["pk"] for v in values], role=PartyRole.COMPLAINANT, removed_at__isnull=True
            )
            .order_by("case_id", "pk")
            .values_list("case_id", "name")
        )
        for case_id, name in parties:
            names[case_id].append(name)
    english = _english()
    labels = dict(Status.choices)
    rows = [
        InboxRow(
            number=v["number"],
            status=v["status"],
            status_label=str(labels.get(v["status"], v["status"])),
            board_name=v["board__name"],
            complaint_type_name=(english and v["complaint_type__name_en"]) or v["complaint_type__name"] or "",
            created_at=v["created_at"],
            submitted_at=v["submitted_at"],
            decision_reference=v["decision_reference"],
            location_address=v["location_address"],
            complainants=tuple(names.get(v["pk"], ())),
            **(_body_fields(v) if body else {}),
        )
        for v in values
    ]
    return InboxPage(
        rows=rows,
        number=page,
        pages=pages,
        more=more,
        count=count,
        per_page=per_page,
        numbers=_page_numbers(page, pages),
    )


def _body_fields(v: dict[str, Any]) -> dict[str, Any]:
    return {
        "forwarded_at": v["forwarded_at"],
        "channel": v["channel"],
        "lobenummer": v["ankeskema__lobenummer"] or "",
        "assigned_to": v["assigned_to__full_name"] or "",
        "overdue": is_overdue(
            forwarded_at=v["forwarded_at"], status=v["status"], expected_days=v["board__expected_processing_days"]
        ),
        "principled": bool(v["response_form__principled"]),
        "principled_treatment": v["principled_treatment"],
    }


def _english() -> bool:
    return (get_language() or "").startswith("en")
