"""An inbox of cases: one page of plain rows, filtered and searched, in a fixed number of queries.

The first instance's inbox (FI-1) scopes it to the cases against the authority's own decisions
(`first_instance_scope`); an appeals body's inbox can give another scope (its boards) to the same function.

The page costs three queries whatever its size: the rows (with board and complaint type joined), the
complainants of those rows, and a count bounded by `MAX_PAGES` so that counting never walks a whole
million-case table. The ordering is the one the indexes of migration 0007 serve: newest first, then by id
(by the submitted date when the reader narrows by it, else by the created date).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from klageportal.cases import policies
from klageportal.cases.models import Case, Party, PartyRole, Status

PER_PAGE = 25
MAX_PAGES = 40
"""Pages that can be reached by number; past them the reader is asked to narrow the search."""

FIRST_INSTANCE_STATUSES = tuple(status for status in Status if status != Status.KLADDE)
"""What the first instance can filter by: every status after the draft."""


class DateField(StrEnum):
    CREATED = "created"
    SUBMITTED = "submitted"


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

    @property
    def searched(self) -> bool:
        return bool(self.number or self.name or self.cpr or self.cvr or self.matter)

    @property
    def narrowed(self) -> bool:
        return self.searched or bool(
            self.statuses or self.board_id or self.complaint_type_id or self.date_from or self.date_to
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


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def filtered(scope: Q, filters: InboxFilters) -> QuerySet[Case]:
    """The cases of the scope that pass the filters and the search, newest first."""
    qs = Case.objects.filter(scope)
    if filters.statuses:
        qs = qs.filter(status__in=filters.statuses)
    if filters.board_id:
        qs = qs.filter(board_id=filters.board_id)
    if filters.complaint_type_id:
        qs = qs.filter(complaint_type_id=filters.complaint_type_id)
    column = "submitted_at" if filters.date_field == DateField.SUBMITTED else "created_at"
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
    if filters.date_field == DateField.SUBMITTED and (filters.date_from or filters.date_to):
        # Newest submitted first: the order the (authority, submitted_at) index gives, so that a date range
        # of a busy authority does not walk its cases by creation to find those submitted in the range.
        return qs.order_by("-submitted_at", "-pk")
    return qs.order_by("-created_at", "-pk")


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


def inbox_page(
    *, scope: Q | None, filters: InboxFilters = InboxFilters(), page: int = 1, per_page: int = PER_PAGE
) -> InboxPage:
    """One page of the inbox: three queries (count up to a bound, rows, their complainants), whatever the size."""
    if scope is None:
        return InboxPage(rows=[], number=1, pages=1, more=False, count=0, per_page=per_page, numbers=[1])
    qs = filtered(scope, filters)
    bound = MAX_PAGES * per_page
    count = qs.order_by()[: bound + 1].count()
    more = count > bound
    pages = max(1, -(-min(count, bound) // per_page))
    page = min(max(1, page), pages)
    start = (page - 1) * per_page
    values = list(qs.values(*COLUMNS)[start : start + per_page]) if count else []
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


def _english() -> bool:
    return (get_language() or "").startswith("en")
