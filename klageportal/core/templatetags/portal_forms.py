"""The one way fields and error summaries render: forms/field.html, forms/error_summary.html and the title."""

from django import template

from klageportal.core.forms import error_summary

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


@register.filter
def group_attributes(bound_field) -> str:
    """Attributes a form adds to a field's group (the web appeal form's shown-when conditions), if any."""
    attributes = getattr(bound_field.form, "group_attributes", None)
    return attributes(bound_field.name) if attributes is not None else ""


@register.simple_tag(takes_context=True)
def page_errors(context) -> list[tuple[str, str]]:
    """The page's errors as (anchor, message): the view's `error_summary` when it gathers several forms' errors
    (the web appeal form's pages), else those of the page's `form`. The summary and the title read the same."""
    summary = context.get("error_summary")
    if summary is not None:
        return list(summary)
    form = context.get("form")
    if form is None or not hasattr(form, "is_bound"):
        return []
    summary_of = getattr(form, "error_summary", None)
    return summary_of() if callable(summary_of) else error_summary(form)
