"""Forms render as Det Fælles Designsystem fields: label, hint, the error at the field, the error summary."""

from django import forms


class DkfdsForm(forms.Form):
    """A form whose fields render with DKFDS markup and whose errors also appear in a summary at the top."""

    template_name = "forms/dkfds_form.html"
    default_renderer = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-checkbox")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-input")

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) for every error, in field order, for the summary linking to each field."""
        items: list[tuple[str, str]] = []
        for name, errors in self.errors.items():
            anchor = f"#{self[name].id_for_label}" if name in self.fields else "#main-content"
            if name in self.fields and isinstance(
                self.fields[name].widget, forms.RadioSelect | forms.CheckboxSelectMultiple
            ):
                anchor = f"#{self[name].auto_id}_0"
            items.extend((anchor, str(message)) for message in errors)
        return items
