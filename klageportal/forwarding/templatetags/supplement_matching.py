"""The link to the supplements no form matched (AS-52), where the appeals body's pages name it without importing
the forwarding app: shown only to those the forwarding app lets match them."""

from typing import Any

from django import template

from klageportal.forwarding import access
from klageportal.forwarding.supplements.services import supplements_unmatched

register = template.Library()


@register.inclusion_tag("forwarding/_supplements_unmatched_link.html", takes_context=True)
def supplements_unmatched_link(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not access.can_match_supplements(user):
        return {"show": False}
    return {"show": True, "count": supplements_unmatched(user=user).count()}
