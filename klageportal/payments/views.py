"""Paying the fee: by card, by a link sent to someone else, and the gateway's way back (PAY-1, PAY-2)."""

import logging
from typing import TypedDict
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from klageportal.cases import policies as case_policies
from klageportal.cases.models import Case, Party, PartyRole, Status
from klageportal.cases.selectors import case_for_page
from klageportal.core.access import EVERYONE, Who, access
from klageportal.core.ratelimits import ALL_METHODS, rate_limited
from klageportal.identity.models import User
from klageportal.payments import policies, selectors, services
from klageportal.payments.fees import fee_status
from klageportal.payments.forms import LinkPayerForm, SendLinkForm
from klageportal.payments.gateways import UnknownGateway, gateway_get
from klageportal.payments.interfaces import GatewayError, InvalidNotification, PaymentGateway
from klageportal.payments.models import Payment
from klageportal.payments.policies import LinkProblem

logger = logging.getLogger(__name__)

RETRYABLE = (Payment.State.DECLINED, Payment.State.CANCELLED, Payment.State.EXPIRED)


def _person(request: HttpRequest) -> User:
    """The logged-in person; the views that ask require a login."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def _case_for_payer(request: HttpRequest, number: str) -> Case:
    """The case, if the person may see it (else 404) and is on the paying side (else 403)."""
    case = case_for_page(number=number)
    if case is None or not case_policies.can_view_case(request.user, case):
        raise Http404  # do not tell whether a case number exists
    if not policies.is_fee_side(request.user, case):
        raise PermissionDenied
    return case


class GatewayUrls(TypedDict):
    return_url: str
    callback_url: str


def _gateway_urls(request: HttpRequest, gateway_name: str, *, back: str | None = None) -> GatewayUrls:
    """Absolute return and callback URLs on the configured base address, never on the request's Host header.
    `back` is the portal page the payment was started from, offered again on the result page."""
    base = settings.PORTAL_BASE_URL.rstrip("/")
    return_url = base + reverse("payments:return", kwargs={"gateway": gateway_name})
    if back:
        return_url += "?" + urlencode({"tilbage": back})
    return {
        "return_url": return_url,
        "callback_url": base + reverse("payments:callback", kwargs={"gateway": gateway_name}),
    }


def _local_path(value: str | None) -> str | None:
    """A path on this portal, or None: never another site's address (no open redirect)."""
    if not value or not value.startswith("/") or value.startswith("//"):
        return None
    return value if url_has_allowed_host_and_scheme(value, allowed_hosts=None) else None


FEE_LATER = (Status.UDFYLDT, Status.INDSENDT)
"""Where a fee that falls due at forwarding is still to come (PAY-6)."""

# The fee of a complaint in Udfyldt is paid by its filer or a complainant (PAY-1, PAY-2).
PAYERS = frozenset({Who.COMPLAINANT, Who.REPRESENTATIVE})


@access(PAYERS, case="udfyldt")
@login_required
@require_http_methods(["GET", "POST"])
def pay(request: HttpRequest, number: str) -> HttpResponse:
    """The fee page; POST "Betal med kort" goes to the gateway's hosted page."""
    case = _case_for_payer(request, number)
    fee = fee_status(case)
    if not fee.payable_now:
        if not fee.is_paid:
            if fee.due_at_forwarding and case.forwarded_at is None and case.status in FEE_LATER:
                # PAY-6: nothing to pay yet; the page says when the fee will be asked for.
                return render(request, "payments/pay.html", {"case": case, "fee": fee, "not_yet": True})
            raise PermissionDenied  # a draft, a closed case
        if request.method == "POST":
            return redirect("payments:pay", number=case.number)
    elif request.method == "POST":
        gateway = gateway_get()
        try:
            url = services.payment_start(
                case=case,
                by=_person(request),
                payer_party=_exempt_citizen(case),
                **_gateway_urls(request, gateway.name, back=_local_path(request.POST.get("tilbage"))),
            )
        except services.FeeNotPayable:
            return redirect("payments:pay", number=case.number)  # paid meanwhile; the page says so
        except GatewayError:
            logger.warning("Case %s: the payment gateway could not open a payment", case.pk)
            messages.error(request, _("Betalingstjenesten svarer ikke. Prøv igen om lidt."))
            return redirect("payments:pay", number=case.number)
        return redirect(url)
    return render(request, "payments/pay.html", {"case": case, "fee": fee})


@access(PAYERS, case="udfyldt")
@login_required
@require_http_methods(["GET", "POST"])
def send_link(request: HttpRequest, number: str) -> HttpResponse:
    """PAY-2: e-mail a payment link to someone else, who may be registered as payer."""
    case = _case_for_payer(request, number)
    fee = fee_status(case)
    if not policies.can_pay_fee(request.user, case, fee=fee):
        raise PermissionDenied
    exempt = case.filed_for_exempt_citizen
    form = SendLinkForm(request.POST or None, initial={"register_as_payer": exempt})
    back = _local_path(request.POST.get("tilbage") or request.GET.get("tilbage"))
    if exempt and form.is_bound and form.is_valid() and not form.cleaned_data["register_as_payer"]:
        # PAY-3: a relative pays for the exempt citizen; the municipality's staff member is never the payer.
        form.add_error(
            "register_as_payer",
            _("Sæt flueben: Modtageren af linket registreres som betaler, når klagen er oprettet for en borger."),
        )
    if request.method == "POST" and form.is_valid():
        try:
            link = services.payment_link_send(
                case=case,
                by=_person(request),
                email=form.cleaned_data["email"],
                register_as_payer=form.cleaned_data["register_as_payer"],
            )
        except services.FeeNotPayable:
            raise PermissionDenied
        messages.success(request, _("Betalingslinket er sendt til %(email)s.") % {"email": link.email})
        return redirect(back or case.get_absolute_url())
    return render(
        request, "payments/send_link.html", {"case": case, "fee": fee, "form": form, "back": back, "exempt": exempt}
    )


def _exempt_citizen(case: Case) -> Party | None:
    """PAY-3: the card paid with for an exempt citizen is the citizen's; the citizen is the payer, not the
    municipality's staff member who filed the complaint."""
    if not case.filed_for_exempt_citizen:
        return None
    return case.parties.filter(is_filer=False, role=PartyRole.COMPLAINANT).order_by("pk").first()


def _link_unusable(request: HttpRequest, problem: str) -> HttpResponse:
    status = 404 if problem == LinkProblem.UNKNOWN else 410
    return render(request, "payments/link_unusable.html", {"problem": problem}, status=status)


@access(EVERYONE)  # the link is the credential (PAY-4)
@never_cache
@require_http_methods(["GET", "POST"])
@rate_limited("payment_link", methods=ALL_METHODS)
def link_pay(request: HttpRequest, token: str) -> HttpResponse:
    """The page a payment link opens, without login: name and address, then the hosted payment page."""
    link = selectors.payment_link_for_token(token=token)
    fee = fee_status(link.case) if link is not None else None
    problem = policies.payment_link_problem(link, fee=fee)
    if problem is not None or link is None:
        return _link_unusable(request, problem or LinkProblem.UNKNOWN)
    form = LinkPayerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        gateway = gateway_get()
        try:
            url = services.payment_link_start(
                link=link,
                payer_name=form.cleaned_data["name"],
                payer_address=form.cleaned_data["address"],
                **_gateway_urls(request, gateway.name),
            )
        except services.PaymentLinkUnusable as exc:
            return _link_unusable(request, exc.problem)
        except services.FeeNotPayable:
            return _link_unusable(request, LinkProblem.PAID)  # paid by someone else while this one was opened
        except GatewayError:
            logger.warning("Payment link %s: the payment gateway could not open a payment", link.pk)
            messages.error(request, _("Betalingstjenesten svarer ikke. Prøv igen om lidt."))
        else:
            return redirect(url)
    response = render(
        request,
        "payments/link_pay.html",
        {"link": link, "case": link.case, "fee": fee, "form": form},
    )
    # The token is in this page's address: no other site may see it as a referrer. "same-origin", not
    # "no-referrer": under "no-referrer" the browser sends "Origin: null" with the page's own form, which the
    # CSRF check refuses, so the recipient could never get to the payment.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def _plugin(name: str) -> PaymentGateway:
    """The named gateway; 404 for an unknown one and for one that may not run here (the test gateway in
    production)."""
    try:
        return gateway_get(name)
    except (UnknownGateway, ImproperlyConfigured):
        raise Http404


@access(EVERYONE)  # the gateway's return: the payment is looked up by its reference, nothing is shown
@never_cache
@require_GET
def payment_return(request: HttpRequest, gateway: str) -> HttpResponse:
    """Where the gateway sends the browser back. The return proves nothing: the gateway is asked."""
    plugin = _plugin(gateway)
    payment = selectors.payment_for_reference(
        gateway=gateway, reference=plugin.reference_from_return(query=request.GET)
    )
    if payment is None:
        raise Http404
    payment = services.payment_refresh(payment=payment)
    case = payment.case
    fee_paid_otherwise = payment.state != Payment.State.PAID and fee_status(case).is_paid
    show_case_link = request.user.is_authenticated and case_policies.can_view_case(request.user, case)
    return render(
        request,
        "payments/result.html",
        {
            "payment": payment,
            "case": case,
            "fee_paid_otherwise": fee_paid_otherwise,
            "can_retry": payment.state in RETRYABLE and not fee_paid_otherwise,
            "show_case_link": show_case_link,
            # Back to the page the payment was started from (the filing flow's payment step), for the person
            # who may see the case.
            "continue_url": _local_path(request.GET.get("tilbage")) if show_case_link else None,
            "refresh_url": request.get_full_path(),
        },
    )


@access(EVERYONE, method="POST")  # signed by the gateway
@csrf_exempt
@require_POST
def callback(request: HttpRequest, gateway: str) -> HttpResponse:
    """The gateway's server-to-server notification: verified, then settled exactly once."""
    plugin = _plugin(gateway)
    try:
        notification = plugin.parse_notification(body=request.body, headers=request.headers)
    except InvalidNotification as exc:
        logger.warning("Payment notification from %s refused: %s", gateway, exc)
        return JsonResponse({"error": "invalid notification"}, status=400)
    try:
        services.payment_settle(
            gateway=gateway,
            reference=notification.reference,
            status=notification.status,
            event_id=notification.event_id,
            amount_ore=notification.amount_ore,
            payload=notification.payload,
        )
    except services.PaymentNotFound:
        return JsonResponse({"error": "unknown payment"}, status=404)
    except services.AmountMismatch:
        logger.warning("Payment notification %s from %s: amount mismatch", notification.event_id, gateway)
        return JsonResponse({"error": "amount mismatch"}, status=400)
    return JsonResponse({"status": "ok"})
