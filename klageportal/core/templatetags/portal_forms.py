from django import template

register = template.Library()


@register.filter
def widget_type(bound_field) -> str:
    return type(bound_field.field.widget).__name__.lower()


@register.filter
def with_described_by(bound_field):
    """Render the widget with aria-describedby pointing at its hint and error, and aria-invalid on error."""
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}_hint")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}_error")
    attrs = {}
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    return bound_field.as_widget(attrs=attrs)
