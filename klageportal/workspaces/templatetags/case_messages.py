"""What the appeals body's panel on the case page says of the case's messages (CW-7)."""

from django import template

from klageportal.cases.messages import unanswered_message_count
from klageportal.cases.models import Case

register = template.Library()


@register.simple_tag
def unanswered_messages(case: Case) -> int:
    """The parties' messages on the case the body has not answered yet."""
    return unanswered_message_count(case=case)
