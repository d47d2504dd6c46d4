"""Every answer of a form as shown on page 7 ("Opsummering", AS-42), page by page.

The same sections serve the summary page, the receipt PDF (AS-51) and anything else that shows a form as
sent: `summary_sections(data, authority=…)` takes a draft's answers (with its files, see `services.draft_snapshot`) or a
submission's frozen data.
"""

from dataclasses import dataclass, field
from datetime import date

from django import forms as django_forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from klageportal.catalog.models import Authority
from klageportal.forwarding.constants import FORM_PAGES, PAGE_TITLES, NameSource, Outcome, YesNo
from klageportal.forwarding.form import forms, guidance, pages
from klageportal.forwarding.form.checklist import checklist_items

SKIPPED = {"citizen_name_source", "search"}
"""Fields that are tools on the page, not answers."""
EMPTY = "–"


@dataclass
class Section:
    title: str
    page: int
    rows: list[tuple[str, str]] = field(default_factory=list)


def _choices(field_) -> dict[str, str]:
    flat = {}
    for value, label in getattr(field_, "choices", []):
        if isinstance(label, list | tuple):
            flat.update({str(v): str(lbl) for v, lbl in label})
        else:
            flat[str(value)] = str(label)
    return flat


def display_value(form: forms.PageForm, name: str) -> str:
    """An answer as the person reading the summary should see it."""
    field_ = form.fields[name]
    raw = form.value_of(name)
    if isinstance(field_.widget, django_forms.CheckboxInput):
        return _("Ja") if raw == forms.CHECKED else _("Nej")
    if not raw:
        return EMPTY
    if isinstance(field_, django_forms.ChoiceField):
        return _choices(field_).get(raw, raw)
    if isinstance(field_, django_forms.DateField):
        try:
            return guidance.day(date.fromisoformat(raw))
        except ValueError:
            return raw
    if name.endswith("cpr") or (name == "number" and len(raw) == 10 and raw.isdigit()):
        return f"{raw[:6]}-{raw[6:]}" if len(raw) == 10 and raw.isdigit() else raw
    return raw


def _rows(form: forms.PageForm, *, prefix: str = "") -> list[tuple[str, str]]:
    rows = []
    for name, field_ in form.fields.items():
        if name in SKIPPED or not form.is_shown(name):
            continue
        rows.append((f"{prefix}{field_.label}", display_value(form, name)))
    return rows


def _page_rows(number: int, answers: dict, catalogue: list[dict], authority: Authority) -> list[tuple[str, str]]:
    page = pages.build(number, answers, bound=False, lookup=False, catalogue=catalogue, authority=_NoAuthority())
    rows: list[tuple[str, str]] = []
    if number == 2:
        rows += _rows(page.main)
        if answers.get("citizen_name_source") == NameSource.TYPED and page.main.is_shown("citizen_cpr"):
            rows.append((_("Borgerens navn er"), str(NameSource.TYPED.label)))
        if page.rows_shown:
            for index, party in enumerate(page.rows, start=1):
                rows += _rows(party, prefix=_("Kontaktperson %(n)s – ") % {"n": index})
        return rows
    if number == 3:
        for index, (area, row) in enumerate(zip(page.rows, answers.get("areas") or [{}], strict=False), start=1):
            prefix = _("Sagsområde %(n)s – ") % {"n": index}
            for name, label in (("law", _("Lov")), ("area", _("Sagsområde"))):
                value = row.get(f"{name}_name") or display_value(area, name)
                rows.append((f"{prefix}{label}", value))
            if area.is_shown("paragraph"):
                rows.append((f"{prefix}{area.fields['paragraph'].label}", display_value(area, "paragraph")))
        return rows
    rows += _rows(page.main)
    if number == 4:
        deadline = guidance.computed_complaint_deadline(answers, authority=authority)
        if deadline:
            rows.insert(4, (_("Klagefrist efter de oplyste datoer"), guidance.day(deadline)))
        if answers.get("deadline_exceeded") == YesNo.NO and answers.get("outcome") == Outcome.PARTLY_UPHELD:
            for item in guidance.page4_guidance(answers, authority=authority):
                if item.key == "forwarding_deadline":
                    rows.append((_("Frist for at sende sagen til Ankestyrelsen"), item.text))
    return rows


class _NoAuthority:
    """Page 1 shows the municipality as stored with the answers, not the viewer's."""

    name = ""
    cvr = ""


def _documents_rows(data: dict) -> list[tuple[str, str]]:
    files = (data.get("6") or {}).get("documents") or []
    rows = []
    for item in checklist_items(data):
        names = [f"{f['name']} ({filesizeformat(f.get('size') or 0)})" for f in files if f.get("item") == item.key]
        empty = _("Mangler") if item.required else _("Ingen")
        rows.append((item.label, ", ".join(names) or empty))
    return rows


def summary_sections(data: dict, *, authority: Authority) -> list["Section"]:
    """Every answer, page by page (pages 1–6), as (label, value) rows under each page's title.

    The authority is the one that sends (or sent) the form: its letter-receipt days count in the deadline."""
    catalogue = forms.law_catalogue()
    sections = []
    for number in FORM_PAGES:
        answers = data.get(str(number)) or {}
        rows = _documents_rows(data) if number == 6 else _page_rows(number, answers, catalogue, authority)
        sections.append(Section(title=str(PAGE_TITLES[number]), page=number, rows=rows))
    return sections
