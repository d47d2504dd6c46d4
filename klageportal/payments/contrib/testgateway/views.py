"""The test gateway's hosted payment page, and its notifications back to the portal."""

import json
import logging
import secrets
import threading
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
from django.db import connections, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from klageportal.core.access import EVERYONE, access
from klageportal.payments.contrib.testgateway import conf
from klageportal.payments.contrib.testgateway.gateway import NAME, SIGNATURE_HEADER, signature
from klageportal.payments.contrib.testgateway.models import HostedCheckout
from klageportal.payments.gateways import gateway_is_active

logger = logging.getLogger(__name__)

CHOICES = {
    "approve": HostedCheckout.Status.PAID,
    "decline": HostedCheckout.Status.DECLINED,
    "cancel": HostedCheckout.Status.CANCELLED,
}
NOTIFY_TIMEOUT_SECONDS = 10


def _with_reference(url: str, reference: str) -> str:
    parts = urlsplit(url)
    query = [(key, value) for key, value in parse_qsl(parts.query) if key != "reference"]
    return urlunsplit(parts._replace(query=urlencode([*query, ("reference", reference)])))


def notification_body(checkout: HostedCheckout) -> bytes:
    """One event about the checkout's final status; each call is a new event with its own id."""
    return json.dumps(
        {
            "event_id": f"evt_{secrets.token_hex(12)}",
            "reference": checkout.reference,
            "order_id": checkout.order_id,
            "status": checkout.status,
            "amount_ore": checkout.amount_ore,
            "currency": checkout.currency,
            "occurred_at": (checkout.completed_at or timezone.now()).isoformat(),
        },
        separators=(",", ":"),
    ).encode()


def notification_send(url: str, body: bytes) -> int | None:
    """POST the signed notification to the portal; a failure is logged (the portal can also ask for the status)."""
    try:
        response = requests.post(
            url,
            data=body,
            headers={"Content-Type": "application/json", SIGNATURE_HEADER: signature(body)},
            timeout=NOTIFY_TIMEOUT_SECONDS,
        )
    except requests.RequestException as exc:
        logger.warning("Test gateway: notification to %s failed: %s", url, type(exc).__name__)
        return None
    if response.status_code >= 300:
        logger.warning("Test gateway: the portal answered %s to a notification", response.status_code)
    return response.status_code


def _notify(checkout: HostedCheckout, *, times: int) -> None:
    body = notification_body(checkout)
    for _ in range(times):
        notification_send(checkout.callback_url, body)  # a repeat is the same event, as a real retry is


def _complete_late(checkout_id: int, times: int) -> None:
    """The late path: the outcome becomes the gateway's status only now, then the notification goes out."""
    with transaction.atomic():
        checkout = HostedCheckout.objects.select_for_update().get(pk=checkout_id)
        checkout.status = checkout.chosen
        checkout.completed_at = timezone.now()
        checkout.save(update_fields=["status", "completed_at"])
    _notify(checkout, times=times)


def notify_later(task: Callable[[], None], delay: float) -> threading.Thread:
    """Run a task on a background thread after a short, bounded delay."""

    def run() -> None:
        try:
            task()
        except Exception:
            logger.exception("Test gateway: a late notification failed")
        finally:
            connections.close_all()  # this thread's connections only

    timer = threading.Timer(min(delay, conf.MAX_LATE_SECONDS), run)
    timer.daemon = True
    timer.start()
    return timer


@access(EVERYONE)  # the hosted payment page of the development gateway, as a real gateway's would be
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest, reference: str) -> HttpResponse:
    """The hosted page: the amount, and approve, decline or cancel."""
    if not gateway_is_active(NAME):
        raise Http404
    checkout = HostedCheckout.objects.filter(reference=reference).first()
    if checkout is None:
        raise Http404
    if request.method == "GET" or checkout.chosen:
        return render(
            request,
            "payments/testgateway/page.html",
            {"checkout": checkout, "return_url": _with_reference(checkout.return_url, checkout.reference)},
        )
    outcome = CHOICES.get(request.POST.get("choice", ""))
    if outcome is None:
        return render(request, "payments/testgateway/page.html", {"checkout": checkout, "error": True}, status=400)
    late = request.POST.get("late") == "on"
    times = 2 if request.POST.get("twice") == "on" else 1
    with transaction.atomic():
        checkout = HostedCheckout.objects.select_for_update().get(pk=checkout.pk)
        if checkout.chosen:
            return redirect(_with_reference(checkout.return_url, checkout.reference))  # a double click
        checkout.chosen = outcome
        update_fields = ["chosen"]
        if not late:
            checkout.status = outcome
            checkout.completed_at = timezone.now()
            update_fields += ["status", "completed_at"]
        checkout.save(update_fields=update_fields)
    # Committed before the portal is called: the portal's callback runs on this same server.
    if late:
        notify_later(lambda: _complete_late(checkout.pk, times), conf.late_seconds())
    else:
        _notify(checkout, times=times)
    return redirect(_with_reference(checkout.return_url, checkout.reference))
