"""Creating cases: the gap-free case numbers and the case itself with its first status and history line."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from klageportal.cases import workflow
from klageportal.cases.models import Case, CaseEvent, CaseNumberSequence
from klageportal.cases.services.events import case_event_add
from klageportal.catalog.models import Authority, Board, ComplaintType
from klageportal.core.phrases import Phrase
from klageportal.identity.models import User


def case_number_next(*, series: str, year: int | None = None) -> tuple[int, int]:
    """Take the next number of a series for a year, unique and gap-free; call inside the caller's transaction."""
    year = year or timezone.localdate().year
    with transaction.atomic():
        sequence = CaseNumberSequence.objects.select_for_update().filter(series=series, year=year).first()
        if sequence is None:
            try:
                with transaction.atomic():
                    CaseNumberSequence.objects.create(series=series, year=year)
            except IntegrityError:
                pass  # another request created it first; lock the row it made
            sequence = CaseNumberSequence.objects.select_for_update().get(series=series, year=year)
        sequence.last_value += 1
        sequence.save(update_fields=["last_value"])
    return year, sequence.last_value


def format_case_number(prefix: str, year: int, value: int) -> str:
    """The case number as people read it, e.g. NH-2026-000042."""
    return f"{prefix}-{year}-{value:06d}"


def case_create(
    *,
    channel: str,
    board: Board,
    created_by: User,
    complaint_type: ComplaintType | None = None,
    authority: Authority | None = None,
    event_text: str | Phrase,
    **fields: Any,
) -> Case:
    """Create a case in its channel's first status, numbered, with its first history line."""
    prefix = "AST" if board.body.slug == "ankestyrelsen" else "NH"
    status = workflow.initial_status(channel)
    type_version = complaint_type.version_at() if complaint_type else None
    if type_version is not None and type_version.channel != channel:
        # CAT-2: the complaint type decides the channel; a type filed outside the portal never becomes a case here.
        raise workflow.TransitionNotAllowed(f"{complaint_type} is filed through {type_version.channel}, not {channel}")
    with transaction.atomic():
        year, value = case_number_next(series=prefix)
        case = Case.objects.create(
            number=format_case_number(prefix, year, value),
            channel=channel,
            status=status,
            board=board,
            complaint_type=complaint_type,
            type_version=type_version,
            authority=authority,
            created_by=created_by,
            **fields,
        )
        workflow.record_start(case, by=created_by)
        case_event_add(case=case, kind=CaseEvent.Kind.CREATED, text=event_text, actor=created_by)
    return case
