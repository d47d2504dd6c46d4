"""What is past its retention period (X-5), and nothing else: an open case is never among it."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import DateTimeField, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from klageportal.cases.models import Case, CaseEvent, ExemptionRequest, Party, Status
from klageportal.cases.workflow import CLOSED
from klageportal.documents.models import CaseDocument
from klageportal.filing.models import FilingDraft
from klageportal.forwarding.models import AnkeskemaDocument, AnkeskemaDraft
from klageportal.payments.models import Payment
from klageportal.retention.models import RetentionRun

ANONYMISE = RetentionRun.Action.ANONYMISE
DELETE = RetentionRun.Action.DELETE


def closed_case_cutoff(*, now: datetime) -> datetime:
    return now - timedelta(days=settings.RETENTION_CLOSED_CASE_DAYS)


def bookkeeping_cutoff(*, now: datetime) -> datetime | None:
    """Fees paid from this moment on are still accounting records: the start of the earliest financial year
    whose records must be kept (paid in 2020, kept to the end of 2025 with five years). None: hold nothing."""
    years = settings.RETENTION_BOOKKEEPING_YEARS
    if years <= 0:
        return None
    local = timezone.localtime(now)
    return local.replace(year=local.year - years, month=1, day=1, hour=0, minute=0, second=0, microsecond=0)


def _held_for_bookkeeping(*, now: datetime) -> Exists | None:
    cutoff = bookkeeping_cutoff(now=now)
    if cutoff is None:
        return None
    return Exists(Payment.objects.filter(case=OuterRef("pk"), paid_at__gte=cutoff))


def _latest(queryset: QuerySet, field: str) -> Subquery:
    return Subquery(queryset.order_by(f"-{field}").values(field)[:1], output_field=DateTimeField())


def closed_cases_past_period(*, now: datetime) -> QuerySet[Case]:
    """Closed cases whose period has run out, those held for bookkeeping included; in anonymise mode without
    the ones already anonymised."""
    cases = Case.objects.filter(
        status__in=[str(status) for status in CLOSED], closed_at__lt=closed_case_cutoff(now=now)
    )
    if settings.RETENTION_CLOSED_CASE_ACTION == ANONYMISE:
        cases = cases.filter(retention_anonymised__isnull=True)
    return cases.order_by("pk")


def closed_cases_held(*, now: datetime) -> QuerySet[Case]:
    """Closed cases past their period that are kept a while longer as a fee paid on them is still an
    accounting record."""
    held = _held_for_bookkeeping(now=now)
    if held is None:
        return Case.objects.none()
    return closed_cases_past_period(now=now).filter(held)


def closed_cases_due(*, now: datetime) -> QuerySet[Case]:
    """The closed cases to delete or anonymise now."""
    held = _held_for_bookkeeping(now=now)
    cases = closed_cases_past_period(now=now)
    return cases.exclude(held) if held is not None else cases


def filing_drafts_due(*, now: datetime) -> QuerySet[Case]:
    """Complaints never submitted (Kladde) on which nothing has happened for the period: no step saved, no
    field autosaved, no party, document or history line added."""
    cutoff = now - timedelta(days=settings.RETENTION_FILING_DRAFT_DAYS)
    case = OuterRef("pk")
    created = "created_at"
    drafts = (
        Case.objects.filter(status=Status.KLADDE, submitted_at__isnull=True, created_at__lt=cutoff)
        .annotate(
            last_activity=Greatest(
                created,
                Coalesce(_latest(FilingDraft.objects.filter(case=case), "updated_at"), created),
                Coalesce(_latest(CaseEvent.objects.filter(case=case), "at"), created),
                Coalesce(_latest(Party.objects.filter(case=case), "created_at"), created),
                Coalesce(_latest(CaseDocument.objects.filter(case=case), "added_at"), created),
            )
        )
        .filter(last_activity__lt=cutoff)
    )
    held = _held_for_bookkeeping(now=now)
    if held is not None:
        drafts = drafts.exclude(held)
    return drafts.order_by("pk")


def ankeskema_drafts_due(*, now: datetime) -> QuerySet[AnkeskemaDraft]:
    """Web appeal forms never sent (open, or replaced by a newer form) not saved for the period."""
    cutoff = now - timedelta(days=settings.RETENTION_ANKESKEMA_DRAFT_DAYS)
    return (
        AnkeskemaDraft.objects.filter(
            state__in=[AnkeskemaDraft.State.OPEN, AnkeskemaDraft.State.DISCARDED],
            submission__isnull=True,
            saved_at__lt=cutoff,
        )
        .annotate(
            last_activity=Greatest(
                "saved_at",
                Coalesce(_latest(AnkeskemaDocument.objects.filter(draft=OuterRef("pk")), "uploaded_at"), "saved_at"),
            )
        )
        .filter(last_activity__lt=cutoff)
        .order_by("pk")
    )


def exemption_requests_due(*, now: datetime) -> QuerySet[ExemptionRequest]:
    """Requests for exemption decided longer ago than a closed case is kept, that never led to a case in the
    portal (a request tied to a case goes with its case)."""
    return ExemptionRequest.objects.filter(
        state__in=[ExemptionRequest.State.GRANTED, ExemptionRequest.State.REFUSED],
        decided_at__lt=closed_case_cutoff(now=now),
        case__isnull=True,
    ).order_by("pk")
