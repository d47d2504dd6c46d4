"""Shown-when-relevant fields (AS-4): the server decides what is shown, the page's script keeps it current."""

import json

from django import template
from django.utils.html import format_html

register = template.Library()


def _attrs(conditions: dict, shown: bool) -> str:
    if not conditions["all"] and not conditions["any"]:
        return ""
    hidden = "" if shown else " hidden"
    return format_html(' data-show-when="{}"{}', json.dumps(conditions), hidden)


@register.filter
def show_when(bound_field) -> str:
    """The attributes that hide a field's group until its conditions hold."""
    form = bound_field.form
    return _attrs(form.field_conditions(bound_field.name), form.is_shown(bound_field.name))


@register.simple_tag
def notice_when(form, name: str) -> str:
    """The attributes that show a message only while its conditions hold."""
    conditions = {"all": form.conditions_json(form.notices[name]), "any": []}
    return _attrs(conditions, form.notice_shown(name))


@register.simple_tag
def section_when(form, *names: str) -> str:
    """A group of fields (a heading and its fields) shown while the first named field is shown."""
    return show_when(form[names[0]])
