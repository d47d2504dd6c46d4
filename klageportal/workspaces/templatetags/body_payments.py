"""The body's payments panel on the case page (PAY-5): what was paid and by whom, what is refunded, the type's
refund rule and any overpayment. Asked only for the board's caseworker; a party's page costs no query for it."""

from typing import Any

from django import template
from django.utils.formats import number_format

from klageportal.cases import policies as case_policies
from klageportal.cases.models import Case
from klageportal.payments import policies
from klageportal.payments.fees import fee_rule, fee_status
from klageportal.payments.selectors import cases_with_overpayment, refund_overview

register = template.Library()


@register.filter
def ore_kr(amount_ore: int | None) -> str:
    """Øre as kroner in the reader's format: "1.234" or "1.234,50"."""
    amount_ore = int(amount_ore or 0)
    if amount_ore % 100 == 0:
        return number_format(amount_ore // 100, decimal_pos=0, force_grouping=True)
    return number_format(amount_ore / 100, decimal_pos=2, force_grouping=True)


@register.inclusion_tag("payments/_body_panel.html", takes_context=True)
def body_payments_panel(context: dict[str, Any], case: Case) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not policies.can_see_payments_panel(user, case):
        return {"show": False}
    overview = refund_overview(case=case)
    return {
        "show": True,
        "case": case,
        "fee": fee_status(case),
        "rule": fee_rule(case.type_version),
        "overview": overview,
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def ore_input(amount_ore: int | None) -> str:
    """Øre as the refund form reads an amount back: "1234" or "1234,50", in any language."""
    amount_ore = int(amount_ore or 0)
    return f"{amount_ore // 100},{amount_ore % 100:02d}".removesuffix(",00")


@register.simple_tag(takes_context=True)
def body_overpayments_count(context: dict[str, Any]) -> int:
    """How many of the caseworker's cases have money paid beyond the fee, still to be refunded."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not case_policies.can_use_body_inbox(user):
        return 0
    return len(cases_with_overpayment(boards=user.boards.all()))
