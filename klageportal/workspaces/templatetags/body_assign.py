"""Who has the case at the appeals body, for the body's panel on the case page (BD-1): the caseworker, and
whom the reader may give it to. Asked only inside the panel, which only the board's caseworkers see."""

from typing import Any

from django import template

from klageportal.cases import policies
from klageportal.cases.models import Case

register = template.Library()


@register.simple_tag(takes_context=True)
def case_assignment(context: dict[str, Any], case: Case) -> dict[str, Any]:
    from klageportal.workspaces.body.views import colleagues

    request = context.get("request")
    user = getattr(request, "user", None)
    can_assign = user is not None and policies.can_assign_case(user, case, to=None)
    people = colleagues(case) if can_assign else []
    assigned = case.assigned_to if case.assigned_to_id else None
    return {
        "assigned": assigned,
        "mine": bool(assigned and user is not None and assigned.pk == user.pk),
        "can_assign": can_assign,
        "colleagues": [u for u in people if not assigned or u.pk != assigned.pk],
    }
