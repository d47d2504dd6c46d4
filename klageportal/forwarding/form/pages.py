"""A page's forms over its stored answers, and the raw answers as the browser posts them.

A page's answers are stored as posted, one dict per page; the repeated rows of the citizen page (further
parties) and the law-area page are lists under the page's `rows_key`. The same shape is bound to the forms to
validate a page, given to them as initial values to show it, and frozen on the submission when the form is
sent. What each page holds is in the page table, `table.PAGES`.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

from klageportal.catalog.models import Authority
from klageportal.core.forms import field_anchor
from klageportal.forwarding.form import forms
from klageportal.forwarding.form.answers import Answers
from klageportal.forwarding.form.table import PAGES, PageSpec

ROW_KEY = re.compile(r"^([a-z]+)-(\d+)-(.+)$")
NOT_ANSWERS = {"csrfmiddlewaretoken", "action", "page"}


def spec_for(number: int) -> PageSpec:
    return PAGES[number]


def raw_from_post(number: int, post: QueryDict) -> dict[str, Any]:
    """A page's answers as the browser sent them, the repeated rows gathered into lists."""
    spec = spec_for(number)
    answers: dict[str, Any] = {}
    rows: dict[int, dict[str, Any]] = {}
    for key in post:
        if key in NOT_ANSWERS:
            continue
        match = ROW_KEY.match(key)
        if match and spec.rows_key and match.group(1) == spec.row_prefix:
            rows.setdefault(int(match.group(2)), {})[match.group(3)] = post.get(key)
        elif not match:
            answers[key] = post.get(key)
    if spec.rows_key:
        answers[spec.rows_key] = [rows[index] for index in sorted(rows)]
    return answers


def form_data(number: int, raw: dict[str, Any]) -> MultiValueDict[str, str]:
    """The stored answers as request data, rows under their prefixes ("party-0-name")."""
    spec = spec_for(number)
    flat = {key: value for key, value in raw.items() if not isinstance(value, list | dict)}
    if spec.rows_key:
        for index, row in enumerate(raw.get(spec.rows_key) or []):
            for name, value in row.items():
                flat[f"{spec.row_prefix}-{index}-{name}"] = value
    return forms.as_form_data(flat)


@dataclass
class PageForms:
    """The forms of one page, bound to posted answers (to validate them) or showing stored ones."""

    spec: PageSpec
    main: forms.PageForm | None
    rows: list[forms.PageForm] = field(default_factory=list)

    @property
    def number(self) -> int:
        return self.spec.number

    @property
    def rows_key(self) -> str:
        return self.spec.rows_key

    @property
    def all_forms(self) -> list[forms.PageForm]:
        return [form for form in (self.main, *self.rows) if form is not None]

    @property
    def rows_shown(self) -> bool:
        """Whether the repeated rows count: always on a page of rows, else while the main form's box is ticked."""
        if not self.spec.row_form_class:
            return False
        if self.spec.rows_shown_by and self.main is not None:
            return self.main.value_of(self.spec.rows_shown_by) == forms.CHECKED
        return True

    @property
    def shown_rows(self) -> list[forms.PageForm]:
        return self.rows if self.rows_shown else []

    @property
    def checked_forms(self) -> list[forms.PageForm]:
        """The forms that count: the rows only when the page shows them."""
        return [form for form in (self.main, *self.shown_rows) if form is not None]

    def is_valid(self) -> bool:
        results = [form.is_valid() for form in self.checked_forms]  # every form, so that every error shows
        return all(results) and not self.page_errors()

    def page_errors(self) -> list[str]:
        """Errors of the page as a whole, not of one field."""
        if self.spec.rows_check is None or not all(form.is_bound for form in self.rows):
            return []
        return self.spec.rows_check(self.rows)

    def error_summary(self) -> list[tuple[str, str]]:
        items = []
        for form in self.checked_forms:
            if form.is_bound:
                items.extend(form.error_summary())
        items.extend((self._rows_anchor(), message) for message in self.page_errors())
        return items

    def _rows_anchor(self) -> str:
        """A page's error about its rows leads to the first row's first field."""
        for row in self.shown_rows:
            for bound_field in row.visible_fields():
                return field_anchor(bound_field)
        return ""

    def derived(self) -> dict[str, str]:
        """Answers the registers gave while validating, to be kept with what was typed."""
        return dict(self.main.derived) if self.main is not None else {}

    def warnings(self) -> list[str]:
        """What the caseworker is warned about once the page is complete (not errors)."""
        return self.spec.after_valid(self) if self.spec.after_valid else []

    def answers(self) -> dict[str, Any]:
        """The cleaned answers of the fields that are shown, as JSON (dates as ISO strings)."""
        result: dict[str, Any] = _json(self.main.shown_values()) if self.main else {}
        if self.rows_key:
            result[self.rows_key] = [_json(form.shown_values()) for form in self.shown_rows]
        return result


def _json(values: dict[str, Any]) -> dict[str, str]:
    out = {}
    for name, value in values.items():
        if isinstance(value, date):
            out[name] = value.isoformat()
        elif isinstance(value, bool):
            out[name] = forms.CHECKED if value else ""
        elif value is None:
            out[name] = ""
        else:
            out[name] = str(value)
    return out


def build(
    number: int,
    raw: dict[str, Any] | None,
    *,
    authority: Authority | forms.NamedAuthority | None = None,
    bound: bool,
    lookup: bool = True,
    catalogue: list[dict[str, Any]] | None = None,
) -> PageForms:
    """The page's forms over stored answers: bound to validate them, unbound to show them."""
    spec = spec_for(number)
    raw = dict(raw or {})
    data = form_data(number, raw) if bound else None
    options: dict[str, Any] = {"authority": authority, "lookup": lookup}
    if "catalogue" in (*spec.form_options, *spec.row_options):
        options["catalogue"] = catalogue if catalogue is not None else forms.law_catalogue()

    def make(
        form_class: type[forms.PageForm], names: tuple[str, ...], initial: dict[str, Any], prefix: str | None = None
    ) -> forms.PageForm:
        kwargs = {name: options[name] for name in names}
        return form_class(data, prefix=prefix, initial=initial, **kwargs)

    main = make(spec.form_class, spec.form_options, raw) if spec.form_class else None
    rows = []
    if spec.row_form_class:
        stored = list(raw.get(spec.rows_key) or []) or [{}]
        rows = [
            make(spec.row_form_class, spec.row_options, row, prefix=f"{spec.row_prefix}-{index}")
            for index, row in enumerate(stored)
        ]
    return PageForms(spec, main, rows)


def validate_all(data: dict[str, Any], *, authority: Authority) -> tuple[list[int], dict[str, Any]]:
    """The pages with answers, validated as stored (the registers are not asked again): the pages that are not
    complete, and every page's cleaned answers with hidden fields left out, keyed as stored."""
    catalogue = forms.law_catalogue()
    stored = Answers(data)
    invalid: list[int] = []
    answers: dict[str, Any] = {}
    for spec in PAGES.values():
        if not spec.has_answers:
            continue
        page = build(
            spec.number, stored.page(spec.number), authority=authority, bound=True, lookup=False, catalogue=catalogue
        )
        if not page.is_valid():
            invalid.append(spec.number)
        answers[str(spec.number)] = page.answers()
    return invalid, answers


def invalid_pages(data: dict[str, Any], *, authority: Authority) -> list[int]:
    """The pages whose stored answers are not complete and valid."""
    return validate_all(data, authority=authority)[0]
