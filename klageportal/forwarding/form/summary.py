"""Every answer of a form as shown on page 7 ("Opsummering", AS-42), page by page.

The same sections serve the summary page, the receipt PDF (AS-51) and anything else that shows a form as
sent: `summary_sections(data, authority=…)` takes a draft's answers (with its files, see
`services.draft_snapshot`) or a submission's frozen data. Which rows a page shows is in the page table.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from klageportal.catalog.models import Authority
from klageportal.forwarding.form import forms, pages
from klageportal.forwarding.form.answers import Answers
from klageportal.forwarding.form.rows import Row
from klageportal.forwarding.form.table import PAGES


@dataclass
class Section:
    title: str
    page: int
    rows: list[Row] = field(default_factory=list)


class _StoredAuthority:
    """Page 1 shows the municipality as stored with the answers, not the viewer's."""

    name = ""
    cvr = ""


def summary_sections(data: Mapping[str, Any], *, authority: Authority) -> list[Section]:
    """Every answer, page by page (pages 1–6), as (label, value) rows under each page's title.

    The authority is the one that sends (or sent) the form: its letter-receipt days count in the deadline."""
    catalogue = forms.law_catalogue()
    answers = Answers(data)
    sections = []
    for spec in PAGES.values():
        if spec.summary_rows is None:
            continue
        page = pages.build(
            spec.number,
            answers.page(spec.number),
            bound=False,
            lookup=False,
            catalogue=catalogue,
            authority=_StoredAuthority(),
        )
        sections.append(
            Section(title=str(spec.title), page=spec.number, rows=spec.summary_rows(page, answers, authority))
        )
    return sections
