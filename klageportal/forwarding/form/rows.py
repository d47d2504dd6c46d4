"""Each page's answers as (label, value) rows, as page 7 ("Opsummering", AS-42) and the receipt show them."""

from datetime import date
from typing import TYPE_CHECKING

from django import forms as django_forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from klageportal.catalog.models import Authority
from klageportal.forwarding.constants import NameSource, Outcome, YesNo
from klageportal.forwarding.form import forms, guidance
from klageportal.forwarding.form.answers import Answers
from klageportal.forwarding.form.checklist import checklist_items

if TYPE_CHECKING:
    from klageportal.forwarding.form.pages import PageForms

Row = tuple[str, str]

SKIPPED = {"citizen_name_source", "search"}
"""Fields that are tools on the page, not answers."""
EMPTY = "–"


def _choices(field: django_forms.Field) -> dict[str, str]:
    flat = {}
    for value, label in getattr(field, "choices", []):
        if isinstance(label, list | tuple):
            flat.update({str(v): str(lbl) for v, lbl in label})
        else:
            flat[str(value)] = str(label)
    return flat


def display_value(form: forms.PageForm, name: str) -> str:
    """An answer as the person reading the summary should see it."""
    field = form.fields[name]
    raw = form.value_of(name)
    if isinstance(field.widget, django_forms.CheckboxInput):
        return _("Ja") if raw == forms.CHECKED else _("Nej")
    if not raw:
        return EMPTY
    if isinstance(field, django_forms.ChoiceField):
        return _choices(field).get(raw, raw)
    if isinstance(field, django_forms.DateField):
        try:
            return guidance.day(date.fromisoformat(raw))
        except ValueError:
            return raw
    if name.endswith("cpr") or (name == "number" and len(raw) == 10 and raw.isdigit()):
        return f"{raw[:6]}-{raw[6:]}" if len(raw) == 10 and raw.isdigit() else raw
    return raw


def form_rows(form: forms.PageForm | None, *, prefix: str = "") -> list[Row]:
    """The shown fields of a form, in order."""
    if form is None:
        return []
    return [
        (f"{prefix}{field.label}", display_value(form, name))
        for name, field in form.fields.items()
        if name not in SKIPPED and form.is_shown(name)
    ]


def plain_rows(page: "PageForms", data: Answers, authority: Authority) -> list[Row]:
    """Pages 1 and 5: every shown field."""
    return form_rows(page.main)


def citizen_rows(page: "PageForms", data: Answers, authority: Authority) -> list[Row]:
    """Page 2: the citizen, whether the name was typed, and each further party."""
    rows = form_rows(page.main)
    if (
        page.main is not None
        and data.citizen.get("citizen_name_source") == NameSource.TYPED
        and page.main.is_shown("citizen_cpr")
    ):
        rows.append((_("Borgerens navn er"), str(NameSource.TYPED.label)))
    for index, party in enumerate(page.shown_rows, start=1):
        rows += form_rows(party, prefix=_("Kontaktperson %(n)s – ") % {"n": index})
    return rows


def law_area_rows(page: "PageForms", data: Answers, authority: Authority) -> list[Row]:
    """Page 3: each law area by the names it was sent with (a later catalogue edit changes nothing)."""
    rows = []
    for index, (area, row) in enumerate(zip(page.rows, data.law_areas or [{}], strict=False), start=1):
        prefix = _("Sagsområde %(n)s – ") % {"n": index}
        for name, label in (("law", _("Lov")), ("area", _("Sagsområde"))):
            value = row.get(f"{name}_name") or display_value(area, name)
            rows.append((f"{prefix}{label}", value))
        if area.is_shown("paragraph"):
            rows.append((f"{prefix}{area.fields['paragraph'].label}", display_value(area, "paragraph")))
    return rows


def dates_rows(page: "PageForms", data: Answers, authority: Authority) -> list[Row]:
    """Page 4: the dates with the complaint deadline they give, and the forwarding deadline when it applies."""
    rows = form_rows(page.main)
    answers = data.dates
    deadline = guidance.computed_complaint_deadline(answers, authority=authority)
    if deadline:
        rows.insert(4, (_("Klagefrist efter de oplyste datoer"), guidance.day(deadline)))
    if answers.get("deadline_exceeded") == YesNo.NO and answers.get("outcome") == Outcome.PARTLY_UPHELD:
        for item in guidance.page4_guidance(answers, authority=authority):
            if item.key == "forwarding_deadline":
                rows.append((_("Frist for at sende sagen til Ankestyrelsen"), item.text))
    return rows


def documents_rows(page: "PageForms", data: Answers, authority: Authority) -> list[Row]:
    """Page 6: the files under each checklist item, or that one is missing."""
    files = data.documents.get("documents") or []
    rows = []
    for item in checklist_items(data):
        names = [f"{f['name']} ({filesizeformat(f.get('size') or 0)})" for f in files if f.get("item") == item.key]
        empty = _("Mangler") if item.required else _("Ingen")
        rows.append((item.label, ", ".join(names) or empty))
    return rows
