"""Writes on a case's history: one line per thing that happened, never edited afterwards."""

from typing import Any

from klageportal.cases.models import Case, CaseEvent
from klageportal.core.phrases import Phrase
from klageportal.identity.models import User


def case_event_add(
    *, case: Case, kind: str, text: str | Phrase, actor: User | None = None, data: dict[str, Any] | None = None
) -> CaseEvent:
    """A line in the case's history. A Phrase is recorded in Danish and shown in each reader's language."""
    return CaseEvent.record(case=case, kind=kind, text=text, actor=actor, data=data)
