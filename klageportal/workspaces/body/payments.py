"""The appeals body refunds the fee (PAY-5, BD-5): full or in part, confirmed, once per key; and the list of
its cases with money paid beyond the fee, still to be refunded."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from klageportal.cases import policies as case_policies
from klageportal.cases.models import Case
from klageportal.core.access import BODY_STAFF, Who, access
from klageportal.identity.models import User
from klageportal.payments import policies, services
from klageportal.payments.fees import fee_status
from klageportal.payments.forms import RefundForm
from klageportal.payments.models import Refund
from klageportal.payments.selectors import RefundOverview, cases_with_overpayment, refund_overview
from klageportal.workspaces.case.views import case_for

BOARD_CASEWORKER = frozenset({Who.CASEWORKER})


def _case_for_refund(request: HttpRequest, number: str) -> Case:
    """The case, if the person may see it (else 404) and refund its fee (else 403)."""
    return case_for(request, number, may=policies.can_refund_fee)[0]


def _kind(value: str | None) -> str:
    return Refund.Kind.OVERPAYMENT if value == Refund.Kind.OVERPAYMENT else Refund.Kind.FEE


def _ceiling(overview: RefundOverview, kind: str) -> int:
    if kind == Refund.Kind.OVERPAYMENT:
        return overview.overpayment_outstanding_ore
    return overview.refundable_ore


@access(BOARD_CASEWORKER, case="forwarded")
@login_required
@require_http_methods(["GET", "POST"])
def case_refund(request: HttpRequest, number: str) -> HttpResponse:
    """Choose the amount, confirm, refund. The key is made when the form is first shown and travels in a hidden
    field through the confirmation, so a double submit or a retry refunds once."""
    case = _case_for_refund(request, number)
    overview = refund_overview(case=case)
    kind = _kind(request.POST.get("kind") if request.method == "POST" else request.GET.get("art"))
    ceiling = _ceiling(overview, kind)
    context = {"case": case, "overview": overview, "fee": fee_status(case), "kind": kind, "ceiling_ore": ceiling}
    if request.method == "GET":
        form = RefundForm(
            initial={"scope": RefundForm.ALL, "key": secrets.token_urlsafe(24), "kind": kind}, ceiling_ore=ceiling
        )
        return render(request, "payments/refund.html", {**context, "form": form})
    form = RefundForm(request.POST, ceiling_ore=ceiling)
    if not form.is_valid():
        return render(request, "payments/refund.html", {**context, "form": form})
    data = form.cleaned_data
    if request.POST.get("confirm") != "1":
        chosen = data["amount_ore"]
        if chosen is None:
            payment = overview.payment_for(None)
            chosen = min(overview.remaining_of(payment), ceiling) if payment is not None else 0
        return render(request, "payments/refund_confirm.html", {**context, "form": form, "amount_ore": chosen})
    user = request.user
    assert isinstance(user, User)  # the policy let only a caseworker through
    try:
        refund = services.fee_refund(
            case=case, amount_ore=data["amount_ore"], kind=data["kind"], by=user, idempotency_key=data["key"]
        )
    except services.RefundRefused as refusal:
        form.add_error("amount" if data["scope"] == RefundForm.PART else "scope", refusal.message)
        return render(request, "payments/refund.html", {**context, "form": form})
    except services.RefundFailed:
        # Recorded as failed; the same key, still in the form, retries it.
        context["overview"] = refund_overview(case=case)
        return render(request, "payments/refund.html", {**context, "form": form, "failed": True})
    messages.success(
        request,
        _("%(amount)s kr. er betalt tilbage til betaleren.")
        % {"amount": f"{refund.amount_ore // 100},{refund.amount_ore % 100:02d}".removesuffix(",00")},
    )
    return redirect("workspaces:case_detail", number=case.number)


@access(BODY_STAFF)
@login_required
@require_GET
def overpayments(request: HttpRequest) -> HttpResponse:
    """The cases of the caseworker's boards where more than the fee was paid and is not yet refunded."""
    if not case_policies.can_use_body_inbox(request.user):
        raise PermissionDenied
    rows = cases_with_overpayment(boards=request.user.boards.all())
    return render(request, "payments/overpayments.html", {"rows": rows})


urlpatterns: list[URLPattern] = [
    path("klageinstans/sag/<str:number>/tilbagebetaling/", case_refund, name="body_case_refund"),
    path("klageinstans/for-meget-betalt/", overpayments, name="body_overpayments"),
]
