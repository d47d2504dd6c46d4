"""Forms render as Det Fælles Designsystem fields: label, hint, the error at the field, the error summary."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CHOICE_GROUPS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


def field_anchor(bound_field: forms.BoundField) -> str:
    """Where a summary link to the field leads: the field itself, or the first input of a group of choices."""
    if isinstance(bound_field.field.widget, CHOICE_GROUPS):
        return f"#{bound_field.auto_id}_0"
    return f"#{bound_field.id_for_label}"


def named(label: object, message: str) -> str:
    """The message as the summary shows it: it names the field, so that no two lines read the same."""
    label = str(label or "").strip()
    if not label or label.casefold() in message.casefold():
        return message
    if label.endswith(("?", ":", ".")):  # a question as label: "Er … afdeling? Svar på, om …"
        return f"{label} {message}"
    return f"{label}: {message}"  # the same in every language the portal speaks


def error_summary(form: forms.BaseForm) -> list[tuple[str, str]]:
    """(anchor, message) for every error of a form, in the order of its fields, then the errors of the form as
    a whole with no anchor (they belong to no one field)."""
    if not form.is_bound:
        return []
    items: list[tuple[str, str]] = []
    for bound_field in form.visible_fields():
        # A checkbox's label is the whole sentence being confirmed; its message says what to tick on its own.
        label = "" if isinstance(bound_field.field.widget, forms.CheckboxInput) else bound_field.label
        items.extend((field_anchor(bound_field), named(label, str(message))) for message in bound_field.errors)
    for bound_field in form.hidden_fields():
        items.extend(("", named(bound_field.label, str(message))) for message in bound_field.errors)
    items.extend(("", str(message)) for message in form.non_field_errors())
    return items


class DkfdsForm(forms.Form):
    """A form whose fields render with DKFDS markup and whose errors also appear in a summary at the top."""

    template_name = "forms/dkfds_form.html"
    default_renderer = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.error_messages.get("required") == forms.Field.default_error_messages["required"] and field.label:
                field.error_messages["required"] = (
                    _("Sæt kryds ved „%(label)s“.")
                    if isinstance(field.widget, forms.CheckboxInput)
                    else _("Udfyld feltet „%(label)s“.")
                ) % {"label": field.label}
            widget = field.widget
            if isinstance(widget, CHOICE_GROUPS):
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-checkbox")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-input")

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) for every error, in field order, for the summary linking to each field."""
        return error_summary(self)


class DateGroupWidget(forms.MultiWidget):
    """DKFDS's date field: three inputs Dag, Måned, År in one fieldset (templates/forms/date_field.html),
    instead of the browser's date picker, which shows mm/dd/yyyy in many browsers and is hard to use by voice
    and on a phone. What was typed is shown again as typed, also when it is not a date."""

    template_name = "forms/widgets/date_group.html"
    parts = (
        (gettext_lazy("Dag"), "form-group-day"),
        (gettext_lazy("Måned"), "form-group-month"),
        (gettext_lazy("År"), "form-group-year"),
    )

    def __init__(self, attrs=None):
        inputs = [
            forms.TextInput(attrs={"class": "form-input", "inputmode": "numeric", "maxlength": 4 if i == 2 else 2})
            for i in range(3)
        ]
        super().__init__(inputs, attrs)

    def decompress(self, value):
        if isinstance(value, date):
            return [str(value.day), str(value.month), f"{value.year:04d}"]
        if isinstance(value, str) and value:
            try:
                return self.decompress(date.fromisoformat(value))
            except ValueError:
                return [None, None, None]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, (label, group_class) in zip(context["widget"]["subwidgets"], self.parts, strict=True):
            subwidget["label"] = label
            subwidget["group_class"] = group_class
        return context

    def id_for_label(self, id_):
        """The day: where the error summary's link for the field leads."""
        return f"{id_}_0" if id_ else ""

    def value_from_datadict(self, data, files, name):
        """The three parts; a date posted in one ISO 8601 field ("2026-03-27", as the browser's date input and
        earlier drafts send it) is read as its parts."""
        if all(f"{name}_{i}" not in data for i in range(3)) and data.get(name):
            return (
                self.decompress(str(data.get(name)).strip())
                if _is_iso_date(data.get(name))
                else [data.get(name), "", ""]
            )
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return all(f"{name}_{i}" not in data for i in range(3)) and name not in data


def _is_iso_date(value) -> bool:
    try:
        date.fromisoformat(str(value).strip())
    except ValueError:
        return False
    return True


class DateGroupField(forms.Field):
    """A date typed as day, month and year; each way of getting it wrong has its own message."""

    widget = DateGroupWidget
    default_error_messages = {
        "required": gettext_lazy("Skriv datoen med dag, måned og år."),
        "incomplete": gettext_lazy("Datoen mangler %(missing)s."),
        "not_numbers": gettext_lazy("Skriv datoen med tal, fx 27 3 2026."),
        "year": gettext_lazy("Skriv året med fire cifre, fx 2026."),
        "invalid": gettext_lazy("Datoen findes ikke. Kontrollér dag og måned."),
    }

    def to_python(self, value):
        if isinstance(value, date):
            return value
        day, month, year = ((part or "").strip() for part in (list(value or []) + ["", "", ""])[:3])
        if not (day or month or year):
            return None
        names = [str(label).lower() for label, _group in DateGroupWidget.parts]
        missing = [name for name, part in zip(names, (day, month, year), strict=True) if not part]
        if missing:
            what = missing[0]
            if len(missing) == 2:
                what = _("%(first)s og %(second)s") % {"first": missing[0], "second": missing[1]}
            raise ValidationError(self.error_messages["incomplete"] % {"missing": what}, code="incomplete")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(self.error_messages["not_numbers"], code="not_numbers")
        if len(year) != 4:
            raise ValidationError(self.error_messages["year"], code="year")
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
