"""{{ value|date_time }}: a moment as "3. februar 2026 14:05" in Danish and "3 February 2026 14:05" in English (the
DATETIME_FORMAT of klageportal/core/formats) in the local time zone. A filter of its own because long lists
(documents, history) show one per row, and Django's general date formatting costs several times more per value."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import get_language

register = template.Library()


@register.filter
def date_time(value: datetime | None) -> str:
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    day = f"{value.day}." if (get_language() or "da").startswith("da") else str(value.day)
    return f"{day} {MONTHS[value.month]} {value.year} {value.hour:02d}:{value.minute:02d}"


@register.filter
def iso_datetime(value: datetime | None) -> str:
    """The moment for a <time datetime="…"> attribute: ISO 8601 in the local time zone (Django's "c")."""
    if not value:
        return ""
    return (timezone.localtime(value) if timezone.is_aware(value) else value).isoformat()
