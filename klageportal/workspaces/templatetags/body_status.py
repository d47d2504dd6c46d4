"""The case overview's status once the board has the case: what it means and the decision, for everyone who sees
the case (BD-2, BD-3); and for the board's caseworkers, the panel of status actions (BD-2, BD-3, BD-7, BD-9)."""

from typing import Any

from django import template

from klageportal.cases import policies
from klageportal.cases.models import Case, Status, StatusChange
from klageportal.cases.statuses import GUIDE
from klageportal.casework.models import Decision, ResponseForm
from klageportal.casework.services import decisions
from klageportal.documents.models import CaseDocument

register = template.Library()

MEANINGS = {guide.status: guide.meaning for guide in GUIDE}


def _user(context: dict[str, Any]) -> Any:
    request = context.get("request")
    return getattr(request, "user", None)


def _decision(case: Case) -> Decision | None:
    return Decision.objects.filter(case=case).select_related("document__document").first()


@register.inclusion_tag("workspaces/body/_status_explained.html", takes_context=True)
def body_status_explained(context: dict[str, Any], case: Case) -> dict[str, Any]:
    """BD-2: a forwarded case's status with its plain meaning and since when; BD-3: the decision and its outcome."""
    if case.forwarded_at is None:
        return {"show": False}
    user = _user(context)
    since = StatusChange.objects.filter(case=case).order_by("-at", "-pk").values_list("at", flat=True).first()
    decision = _decision(case)
    document = None
    if decision is not None and user is not None:
        visible = policies.documents_visible_to(user, case, case_checked=True)
        if CaseDocument.objects.filter(visible, pk=decision.document_id).exists():
            document = decision.document
    return {
        "show": True,
        "case": case,
        "meaning": MEANINGS.get(Status(case.status), ""),
        "since": since,
        "decision": decision,
        "decision_document": document,
    }


@register.inclusion_tag("workspaces/body/_status_panel.html", takes_context=True)
def body_status_panel(context: dict[str, Any], case: Case) -> dict[str, Any]:
    """The board caseworker's status actions on the case, each offered only where its policy says yes."""
    user = _user(context)
    if user is None or not policies.is_board_caseworker(user, case):
        return {"show": False}
    can_act = policies.can_act_as_body(user, case)
    response_form = ResponseForm.objects.filter(case=case).only("principled", "principled_reason").first()
    return {
        "show": True,
        "case": case,
        "status_choices": decisions.status_choices(case) if policies.can_change_body_status(user, case) else [],
        "can_decide": can_act and policies.can_decide(user, case),
        "can_dismiss": can_act and policies.can_dismiss_not_via_portal(user, case),
        "dismiss_obstacle": decisions.not_via_portal_obstacle(case) if can_act else "",
        "can_close": policies.can_close_case(user, case),
        "can_mark_principled": policies.can_mark_principled(user, case),
        "can_mark_principle_decision": policies.can_mark_principle_decision(user, case),
        "municipality_principled": response_form.principled if response_form else None,
        "municipality_reason": response_form.principled_reason if response_form else "",
        "decision": _decision(case),
        "csrf_token": context.get("csrf_token"),
    }
