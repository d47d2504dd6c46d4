"""The appeals body's inbox: cases forwarded to the boards the caseworker works for (BD-1)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from klageportal.cases import policies, selectors
from klageportal.core.access import BODY_STAFF, access


@access(BODY_STAFF)
@login_required
@require_GET
def body_inbox(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not policies.can_use_body_inbox(user):
        raise PermissionDenied
    return render(
        request,
        "workspaces/body_inbox.html",
        {"cases": selectors.inbox_for_body(user=user)[:200], "boards": user.boards.all()},
    )
