"""The development e-mail catcher: read what the portal would have sent. Never in production."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from klageportal.core.access import EVERYONE, access
from klageportal.notifications.models import CaughtEmail, OutboxEmail


def _require_dev_tools():
    if not settings.DEV_TOOLS:
        raise Http404


@access(EVERYONE)
def mailbox(request):
    _require_dev_tools()
    return render(
        request,
        "notifications/mailbox.html",
        {
            "emails": CaughtEmail.objects.all()[:200],
            "outbox": OutboxEmail.objects.select_related("case")[:200],
        },
    )


@access(EVERYONE)
def mail_detail(request, pk: int):
    _require_dev_tools()
    return render(request, "notifications/mail_detail.html", {"email": get_object_or_404(CaughtEmail, pk=pk)})
