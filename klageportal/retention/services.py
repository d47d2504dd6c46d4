"""Retention (X-5): closed cases and stale drafts of both channels are deleted or anonymised after their periods.

`retention_run` is the one entry: the scheduler, the command and the administration's dry run call it. Each
chunk of rows is locked, checked again under the lock and handled in its own transaction; a dry run does the
same work inside one transaction that is rolled back, so it reports exactly what a real run would do and
changes nothing (the files of deleted documents are removed only after a commit).
"""

import logging
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_noop

from klageportal.cases.models import Case, CaseEvent, ExemptionRequest, Follow, Grouping, Message, Party, StatusChange
from klageportal.casework.models import Hearing, ResponseForm
from klageportal.core.phrases import phrase
from klageportal.documents import tasks as document_tasks
from klageportal.documents.models import CaseDocument, Document
from klageportal.filing.models import FilingDraft
from klageportal.forwarding.models import (
    AnkeskemaDocument,
    AnkeskemaDraft,
    AnkeskemaSubmission,
    AnkeskemaSupplement,
)
from klageportal.notifications.models import OutboxEmail
from klageportal.payments.models import GatewayNotification, PaymentLink
from klageportal.retention import selectors
from klageportal.retention.models import AnonymisedCase, RetentionRun
from klageportal.retention.purge import purge

log = logging.getLogger(__name__)

ANONYMISED_NAME = "Anonymiseret"
"""What an anonymised party or citizen is called instead of their name (stored, in the record language)."""

ANONYMISED_EVENT = gettext_noop("Sagens personoplysninger og dokumenter er slettet, da opbevaringsfristen er udløbet")

CATEGORIES = (
    "closed_cases",
    "closed_cases_held",
    "filing_drafts",
    "ankeskema_drafts",
    "exemption_requests",
    "documents",
    "files",
)


@dataclass
class RetentionReport:
    """What a run did, or in a dry run would do: counts only."""

    dry_run: bool
    action: str
    started_at: datetime
    periods: dict[str, int]
    counts: Counter[str] = field(default_factory=Counter)
    deleted_rows: Counter[str] = field(default_factory=Counter)
    anonymised_rows: Counter[str] = field(default_factory=Counter)
    duration_ms: int = 0
    completed: bool = False

    def count(self, category: str) -> int:
        return self.counts.get(category, 0)


def retention_periods() -> dict[str, int]:
    return {
        "closed_case_days": settings.RETENTION_CLOSED_CASE_DAYS,
        "filing_draft_days": settings.RETENTION_FILING_DRAFT_DAYS,
        "ankeskema_draft_days": settings.RETENTION_ANKESKEMA_DRAFT_DAYS,
        "bookkeeping_years": settings.RETENTION_BOOKKEEPING_YEARS,
    }


def _chunks(queryset: QuerySet[Any]) -> Iterator[list[int]]:
    """The primary keys of the rows, a chunk at a time, in order; rows left in place are not met twice."""
    last = 0
    size = max(1, settings.RETENTION_CHUNK_SIZE)
    while True:
        pks = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size])
        if not pks:
            return
        yield pks
        last = pks[-1]


def _locked(queryset: QuerySet[Any], pks: list[int]) -> list[int]:
    """Lock the rows, then keep those still due: a draft touched a moment ago, a case reopened, stays."""
    model = queryset.model
    list(model._base_manager.select_for_update().filter(pk__in=pks).order_by("pk").values_list("pk", flat=True))
    return list(queryset.filter(pk__in=pks).values_list("pk", flat=True))


def _case_documents(case_pks: list[int]) -> set[int]:
    """The documents the cases link, their sent web appeal forms' files and supplements' files included."""
    documents = set(CaseDocument.objects.filter(case__in=case_pks).values_list("document_id", flat=True))
    documents |= set(
        AnkeskemaDocument.objects.filter(draft__submission__case__in=case_pks).values_list("document_id", flat=True)
    )
    through = AnkeskemaSupplement.documents.through
    documents |= set(
        through.objects.filter(ankeskemasupplement__submission__case__in=case_pks).values_list("document_id", flat=True)
    )
    return documents


def _documents_delete(document_pks: set[int], report: RetentionReport) -> None:
    """Delete the documents that nothing links any more, with their files unless another document row shares
    the stored content (DOC-6): documents' own unlinked deletion, without its grace period, since retention has
    just unlinked them and no upload in progress can be waiting for them."""
    now = timezone.now()
    for pk in sorted(document_pks):
        name = Document.objects.filter(pk=pk).values_list("file", flat=True).first()
        if name is None:
            continue
        if document_tasks._delete_if_unlinked(pk, uploaded_before=now):
            report.counts["documents"] += 1
            report.deleted_rows[Document._meta.label] += 1
            if name and not Document.objects.filter(file=name).exists():
                report.counts["files"] += 1


def _groupings_emptied(grouping_pks: set[int], report: RetentionReport) -> None:
    """A grouping whose last case retention took goes too; one still holding cases stays."""
    if grouping_pks:
        report.deleted_rows.update(purge(Grouping.objects.filter(pk__in=grouping_pks, cases__isnull=True)))


def _cases_delete(case_pks: list[int], report: RetentionReport) -> None:
    """Delete the cases and everything about them: parties, history, documents' links, payments, messages,
    sent web appeal forms with their drafts and supplements, e-mails and requests for exemption."""
    documents = _case_documents(case_pks)
    groupings = set(Case.objects.filter(pk__in=case_pks, grouping__isnull=False).values_list("grouping_id", flat=True))
    drafts = list(AnkeskemaSubmission.objects.filter(case__in=case_pks).values_list("draft_id", flat=True))
    # These point at the case with SET_NULL, but hold personal data of the case: they go with it.
    report.deleted_rows.update(purge(OutboxEmail.objects.filter(case__in=case_pks)))
    report.deleted_rows.update(purge(ExemptionRequest.objects.filter(case__in=case_pks)))
    report.deleted_rows.update(purge(Case.objects.filter(pk__in=case_pks)))
    report.deleted_rows.update(purge(AnkeskemaDraft.objects.filter(pk__in=drafts)))
    _groupings_emptied(groupings, report)
    _documents_delete(documents, report)


def _updated(report: RetentionReport, queryset: QuerySet[Any], **values: Any) -> None:
    if changed := queryset.update(**values):
        report.anonymised_rows[queryset.model._meta.label] += changed


def _cases_anonymise(case_pks: list[int], report: RetentionReport, now: datetime) -> None:
    """Remove the personal data of the cases and keep their skeleton: number, board, complaint type, authority,
    dates and statuses (the status changes without who made them or why), and the payments' amounts.

    The documents go (a complaint or a decision is personal data through and through), and so do the history
    lines (they name who acted); one line says that the case was anonymised.
    """
    cases = Case.objects.filter(pk__in=case_pks)
    documents = _case_documents(case_pks)
    deleted = report.deleted_rows
    deleted.update(purge(CaseEvent.objects.filter(case__in=case_pks)))
    deleted.update(purge(Hearing.objects.filter(case__in=case_pks)))
    deleted.update(purge(CaseDocument.objects.filter(case__in=case_pks)))  # a decision goes with its document
    deleted.update(purge(ResponseForm.objects.filter(case__in=case_pks)))
    deleted.update(purge(FilingDraft.objects.filter(case__in=case_pks)))
    deleted.update(purge(Follow.objects.filter(case__in=case_pks)))
    deleted.update(purge(AnkeskemaDocument.objects.filter(draft__submission__case__in=case_pks)))
    supplements = AnkeskemaSupplement.objects.filter(submission__case__in=case_pks)
    deleted.update(
        purge(AnkeskemaSupplement.documents.through.objects.filter(ankeskemasupplement__in=supplements.values("pk")))
    )
    _updated(
        report,
        cases,
        complaint_text="",
        location_address="",
        location_lat=None,
        location_lon=None,
        association_name="",
        decision_reference="",
        assigned_to=None,
    )
    _updated(
        report,
        Party.objects.filter(case__in=case_pks),
        name=ANONYMISED_NAME,
        cpr="",
        cvr="",
        email="",
        phone="",
        address="",
        user=None,
        approved_by=None,
        confirmed_by=None,
    )
    _updated(report, Message.objects.filter(case__in=case_pks), text="", author_name="", author=None)
    _updated(report, StatusChange.objects.filter(case__in=case_pks), reason="", by=None)
    _updated(report, OutboxEmail.objects.filter(case__in=case_pks), to="", body="")
    _updated(report, PaymentLink.objects.filter(case__in=case_pks), email="", payer_name="", payer_address="")
    _updated(report, GatewayNotification.objects.filter(payment__case__in=case_pks), payload={})
    _updated(
        report,
        ExemptionRequest.objects.filter(case__in=case_pks),
        citizen_name=ANONYMISED_NAME,
        citizen_cpr="",
        citizen_address="",
        reason="",
        decision_reason="",
        decision_reference="",
    )
    submissions = AnkeskemaSubmission.objects.filter(case__in=case_pks)
    _updated(report, submissions, data={}, citizen_cpr="", journal_number="")
    _updated(report, AnkeskemaDraft.objects.filter(submission__in=submissions.values("pk")), data={})
    _updated(report, supplements, text="", citizen_cpr="", journal_number="")
    AnonymisedCase.objects.bulk_create([AnonymisedCase(case_id=pk, anonymised_at=now) for pk in case_pks])
    CaseEvent.record_many(
        cases=cases,
        kind=CaseEvent.Kind.NOTE,
        text=phrase(
            gettext_noop("Sagens personoplysninger og dokumenter er slettet, da opbevaringsfristen er udløbet")
        ),
    )
    _documents_delete(documents, report)


def _closed_cases(report: RetentionReport, now: datetime) -> None:
    due = selectors.closed_cases_due(now=now)
    for pks in _chunks(due):
        with transaction.atomic():
            pks = _locked(due, pks)
            if not pks:
                continue
            if report.action == selectors.ANONYMISE:
                _cases_anonymise(pks, report, now)
            else:
                _cases_delete(pks, report)
            report.counts["closed_cases"] += len(pks)


def _filing_drafts(report: RetentionReport, now: datetime) -> None:
    due = selectors.filing_drafts_due(now=now)
    for pks in _chunks(due):
        with transaction.atomic():
            pks = _locked(due, pks)
            if pks:
                _cases_delete(pks, report)
                report.counts["filing_drafts"] += len(pks)


def _ankeskema_drafts(report: RetentionReport, now: datetime) -> None:
    due = selectors.ankeskema_drafts_due(now=now)
    for pks in _chunks(due):
        with transaction.atomic():
            pks = _locked(due, pks)
            if not pks:
                continue
            documents = set(AnkeskemaDocument.objects.filter(draft__in=pks).values_list("document_id", flat=True))
            report.deleted_rows.update(purge(AnkeskemaDraft.objects.filter(pk__in=pks)))
            _documents_delete(documents, report)
            report.counts["ankeskema_drafts"] += len(pks)


def _exemption_requests(report: RetentionReport, now: datetime) -> None:
    due = selectors.exemption_requests_due(now=now)
    for pks in _chunks(due):
        with transaction.atomic():
            pks = _locked(due, pks)
            if pks:
                report.deleted_rows.update(purge(ExemptionRequest.objects.filter(pk__in=pks)))
                report.counts["exemption_requests"] += len(pks)


def _apply(report: RetentionReport, now: datetime) -> None:
    report.counts["closed_cases_held"] = selectors.closed_cases_held(now=now).count()
    _closed_cases(report, now)
    _filing_drafts(report, now)
    _ankeskema_drafts(report, now)
    _exemption_requests(report, now)


def retention_run(
    *, dry_run: bool, now: datetime | None = None, source: str = RetentionRun.Source.COMMAND
) -> RetentionReport:
    """Delete or anonymise what is past its period (X-5); with dry_run, only tell what that would be.

    Every run, dry or not, is recorded as a RetentionRun with its counts and no personal data.
    """
    now = now or timezone.now()
    report = RetentionReport(
        dry_run=dry_run,
        action=settings.RETENTION_CLOSED_CASE_ACTION,
        started_at=timezone.now(),
        periods=retention_periods(),
    )
    started = time.monotonic()
    try:
        if dry_run:
            with transaction.atomic():
                _apply(report, now)
                transaction.set_rollback(True)
        else:
            _apply(report, now)
        report.completed = True
    finally:
        report.duration_ms = int((time.monotonic() - started) * 1000)
        _record(report, source=source)
    log.info(
        "Retention %s: %s",
        "dry run" if dry_run else "run",
        ", ".join(f"{category}={report.count(category)}" for category in CATEGORIES),
    )
    return report


def _record(report: RetentionReport, *, source: str) -> RetentionRun:
    return RetentionRun.objects.create(
        started_at=report.started_at,
        duration_ms=report.duration_ms,
        dry_run=report.dry_run,
        source=source,
        action=report.action,
        completed=report.completed,
        periods=report.periods,
        counts={category: report.count(category) for category in CATEGORIES},
        deleted_rows=dict(sorted(report.deleted_rows.items())),
        anonymised_rows=dict(sorted(report.anonymised_rows.items())),
    )
