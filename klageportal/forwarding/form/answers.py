"""The stored answers of a web appeal form, read by name instead of by page number.

A draft keeps its answers as posted, one dict per page under the page's number ("1" … "6", JSON keys are
strings), with the repeated rows of the citizen page (further parties) and the law-area page as lists, and
the pages found complete under "done". A sent form keeps the same shape, page 6 holding the checklist and
the files. `Answers` is the one place that knows which page holds what.
"""

from collections.abc import Mapping
from enum import IntEnum
from typing import Any

Row = dict[str, Any]


class PageNumber(IntEnum):
    """The form's pages in the order the caseworker meets them (AS-10..42)."""

    MUNICIPALITY = 1
    CITIZEN = 2
    LAW_AREAS = 3
    DATES = 4
    REMARKS = 5
    DOCUMENTS = 6
    SUMMARY = 7


PAGE_COUNT = len(PageNumber)
DONE = "done"


class Answers:
    """Typed access to a draft's or a submission's answers (`data` is never changed in place)."""

    def __init__(self, data: Mapping[str, Any] | None) -> None:
        self.data: Mapping[str, Any] = data or {}

    def page(self, number: int) -> dict[str, Any]:
        """One page's answers as stored; empty when the page was never saved."""
        answers = self.data.get(str(int(number)))
        return dict(answers) if isinstance(answers, Mapping) else {}

    @property
    def municipality(self) -> dict[str, Any]:
        """Page 1: the municipality, the caseworker and the journal number."""
        return self.page(PageNumber.MUNICIPALITY)

    @property
    def citizen(self) -> dict[str, Any]:
        """Page 2: the citizen, a child's custody holder, the employer; the further parties under "parties"."""
        return self.page(PageNumber.CITIZEN)

    @property
    def parties(self) -> list[Row]:
        """Page 2's further parties, as stored (whether they count depends on "has_parties")."""
        return list(self.citizen.get("parties") or [])

    @property
    def law_areas(self) -> list[Row]:
        """Page 3: one row per law area chosen."""
        return list(self.page(PageNumber.LAW_AREAS).get("areas") or [])

    @property
    def dates(self) -> dict[str, Any]:
        """Page 4: the dates, the complaint deadline's answer, the reassessment and what the citizen was told."""
        return self.page(PageNumber.DATES)

    @property
    def remarks(self) -> dict[str, Any]:
        """Page 5: remarks and the principled-question flag."""
        return self.page(PageNumber.REMARKS)

    @property
    def documents(self) -> dict[str, Any]:
        """Page 6: on a sent form (or a snapshot) the frozen checklist and the files."""
        return self.page(PageNumber.DOCUMENTS)

    @property
    def done(self) -> list[int]:
        """The pages last found complete."""
        return [int(number) for number in self.data.get(DONE) or []]

    def with_page(self, number: int, answers: Mapping[str, Any]) -> dict[str, Any]:
        """A copy of the data with one page's answers replaced."""
        return {**self.data, str(int(number)): dict(answers)}

    def with_law_areas(self, rows: list[Row]) -> dict[str, Any]:
        """A copy of the data with page 3's rows replaced."""
        return self.with_page(PageNumber.LAW_AREAS, {**self.page(PageNumber.LAW_AREAS), "areas": rows})

    def with_done(self, done: set[int]) -> dict[str, Any]:
        return {**self.data, DONE: sorted(done)}

    def without_progress(self) -> dict[str, Any]:
        """The answers only, without the record of which pages were complete."""
        return {key: value for key, value in self.data.items() if key != DONE}
