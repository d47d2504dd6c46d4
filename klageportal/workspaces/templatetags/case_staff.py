"""What the case header shows the staff who work the case: its grouping (FI-8) and "Følg sagen" (FI-9).
Asked only for staff; a party's page costs no query for it."""

from typing import Any

from django import template

from klageportal.cases import policies
from klageportal.cases.models import Case, Grouping
from klageportal.cases.services.follows import digest_address, is_following

register = template.Library()


@register.inclusion_tag("workspaces/_case_staff.html", takes_context=True)
def case_staff(context: dict[str, Any], case: Case) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not (policies.is_first_instance_staff(user, case) or policies.is_board_caseworker(user, case)):
        return {"show": False}
    grouping = None
    if case.grouping_id and policies.is_first_instance_staff(user, case):
        grouping = Grouping.objects.filter(pk=case.grouping_id).only("pk", "name").first()
    can_follow = policies.can_follow_case(user, case)
    return {
        "show": True,
        "case": case,
        "grouping": grouping,
        "can_follow": can_follow,
        "following": can_follow and is_following(case=case, user=user),
        "digest_address": digest_address(user),
        "notification_email": user.notification_email,
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
    }
