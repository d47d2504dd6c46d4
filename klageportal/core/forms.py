"""Forms render as Det Fælles Designsystem fields: label, hint, the error at the field, the error summary."""

from typing import Any

from django import forms
from django.utils.translation import gettext as _

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
        items.extend(
            (field_anchor(bound_field), named(bound_field.label, str(message))) for message in bound_field.errors
        )
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
                field.error_messages["required"] = _("Udfyld feltet „%(label)s“.") % {"label": field.label}
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
