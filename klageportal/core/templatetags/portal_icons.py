"""{% icon "name" %}: an icon of Det Fælles Designsystem's sprite, decorative unless it has a label.

A tag, not an included template: the header alone shows half a dozen icons on every page."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()


def _sprite() -> str:
    return static("vendor/dkfds/img/all-svg-icons.svg")


@register.simple_tag
def icon(name: str, classes: str = "", label: str = ""):
    css = f"icon-svg {classes}" if classes else "icon-svg"
    if label:
        return format_html(
            '<svg class="{}" focusable="false" role="img" aria-label="{}"><use href="{}#{}"></use></svg>',
            css,
            label,
            _sprite(),
            name,
        )
    return format_html(
        '<svg class="{}" focusable="false" aria-hidden="true"><use href="{}#{}"></use></svg>', css, _sprite(), name
    )
