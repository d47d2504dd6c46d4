"""What a logged-in page needs for its timeout warning (WCAG 2.2.1): the seconds left and when to warn."""

from django import template
from django.conf import settings

from klageportal.identity.middleware import seconds_left

register = template.Library()


@register.simple_tag(takes_context=True)
def session_timeout(context) -> dict | None:
    request = context.get("request")
    remaining = seconds_left(request) if request is not None else None
    if remaining is None:
        return None
    timeout = settings.SESSION_INACTIVITY_TIMEOUT
    return {
        "remaining": remaining,
        "timeout": timeout,
        "warn": min(settings.SESSION_TIMEOUT_WARNING_SECONDS, max(timeout // 2, 1)),
    }
