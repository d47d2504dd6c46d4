"""The form's pages as groups of forms over the stored answers.

A page's answers are stored as posted, one dict per page; the repeated rows of page 2 (further parties) and
page 3 (law areas) are lists under "parties" and "areas". The same shape is bound to the forms to validate a
page, given to them as initial values to show it, and frozen on the submission when the form is sent.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext

from klageportal.forwarding.constants import FORM_PAGES
from klageportal.forwarding.form import forms

ROWS = {2: "parties", 3: "areas"}
ROW_PREFIX = {"parties": "party", "areas": "area"}
ROW_KEY = re.compile(r"^(party|area)-(\d+)-(.+)$")
NOT_ANSWERS = {"csrfmiddlewaretoken", "action", "page"}


def raw_from_post(page: int, post) -> dict:
    """A page's answers as the browser sent them, the repeated rows gathered into lists."""
    answers: dict = {}
    rows: dict[int, dict] = {}
    for key in post:
        if key in NOT_ANSWERS:
            continue
        match = ROW_KEY.match(key)
        if match and ROW_PREFIX.get(ROWS.get(page, "")) == match.group(1):
            rows.setdefault(int(match.group(2)), {})[match.group(3)] = post.get(key)
        elif not match:
            answers[key] = post.get(key)
    if page in ROWS:
        answers[ROWS[page]] = [rows[index] for index in sorted(rows)]
    return answers


def form_data(page: int, raw: dict) -> MultiValueDict:
    """The stored answers as request data, rows under their prefixes ("party-0-name")."""
    flat = {key: value for key, value in raw.items() if not isinstance(value, list | dict)}
    rows_key = ROWS.get(page)
    if rows_key:
        for index, row in enumerate(raw.get(rows_key) or []):
            for name, value in row.items():
                flat[f"{ROW_PREFIX[rows_key]}-{index}-{name}"] = value
    return forms.as_form_data(flat)


@dataclass
class Page:
    """The forms of one page, bound to posted answers (to validate them) or showing stored ones."""

    number: int
    main: forms.PageForm | None
    rows: list[forms.PageForm] = field(default_factory=list)
    rows_key: str = ""

    @property
    def all_forms(self) -> list[forms.PageForm]:
        return [form for form in (self.main, *self.rows) if form is not None]

    @property
    def rows_shown(self) -> bool:
        if self.number == 2:
            return self.main.value_of("has_parties") == forms.CHECKED
        return self.number == 3

    @property
    def checked_forms(self) -> list[forms.PageForm]:
        """The forms that count: further parties' rows only when the page says there are any."""
        return self.all_forms if self.rows_shown else [form for form in (self.main,) if form is not None]

    def is_valid(self) -> bool:
        results = [form.is_valid() for form in self.checked_forms]  # every form, so that every error shows
        return all(results) and not self.page_errors()

    def page_errors(self) -> list[str]:
        """Errors of the page as a whole, not of one field."""
        if self.number != 3 or not all(form.is_bound for form in self.rows):
            return []
        chosen = [form.cleaned_data.get("area") for form in self.rows if form.is_valid()]
        if any(area and chosen.count(area) > 1 for area in chosen):
            return [gettext("Det samme sagsområde er valgt flere gange. Fjern det ene.")]
        return []

    def error_summary(self) -> list[tuple[str, str]]:
        items = []
        for form in self.checked_forms:
            if form.is_bound:
                items.extend(form.error_summary())
        items.extend(("#rows", message) for message in self.page_errors())
        return items

    def answers(self) -> dict:
        """The cleaned answers of the fields that are shown, as JSON (dates as ISO strings)."""
        result = _json(self.main.shown_values()) if self.main else {}
        if self.rows_key:
            result[self.rows_key] = [_json(form.shown_values()) for form in self.rows] if self.rows_shown else []
        return result


def _json(values: dict) -> dict:
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
    raw: dict | None,
    *,
    authority=None,
    bound: bool,
    lookup: bool = True,
    catalogue: list[dict] | None = None,
) -> Page:
    """The page's forms over stored answers: bound to validate them, unbound to show them."""
    raw = dict(raw or {})
    data = form_data(number, raw) if bound else None

    def make(form_class, *, prefix=None, initial=None, **kwargs):
        if bound:
            return form_class(data, prefix=prefix, initial=initial or {}, **kwargs)
        return form_class(prefix=prefix, initial=initial or {}, **kwargs)

    if number == 1:
        return Page(1, make(forms.MunicipalityForm, initial=raw, authority=authority))
    if number == 2:
        citizen = make(forms.CitizenForm, initial=raw, lookup=lookup)
        rows = list(raw.get("parties") or []) or [{}]
        parties = [make(forms.PartyForm, prefix=f"party-{i}", initial=row) for i, row in enumerate(rows)]
        return Page(2, citizen, parties, "parties")
    if number == 3:
        catalogue = catalogue if catalogue is not None else forms.law_catalogue()
        rows = list(raw.get("areas") or []) or [{}]
        areas = [
            make(forms.AreaForm, prefix=f"area-{i}", initial=row, catalogue=catalogue) for i, row in enumerate(rows)
        ]
        return Page(3, None, areas, "areas")
    if number == 4:
        return Page(4, make(forms.ReasonForm, initial=raw))
    if number == 5:
        return Page(5, make(forms.RemarksForm, initial=raw))
    return Page(number, None)


def validate_all(data: dict, *, authority) -> tuple[list[int], dict]:
    """Pages 1–5 validated as stored (the registers are not asked again): the pages that are not complete, and
    every page's cleaned answers with hidden fields left out."""
    catalogue = forms.law_catalogue()
    invalid, answers = [], {}
    for number in FORM_PAGES:
        if number == 6:
            continue
        page = build(number, data.get(str(number)), authority=authority, bound=True, lookup=False, catalogue=catalogue)
        if not page.is_valid():
            invalid.append(number)
        answers[str(number)] = page.answers()
    return invalid, answers


def invalid_pages(data: dict, *, authority) -> list[int]:
    """The pages whose stored answers are not complete and valid."""
    return validate_all(data, authority=authority)[0]
