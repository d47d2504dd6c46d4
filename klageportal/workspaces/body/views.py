"""The appeals body's inbox: cases forwarded to the boards the caseworker works for (BD-1)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from klageportal.cases import policies, selectors


@login_required
@require_GET
def body_inbox(request: HttpRequest) -> HttpResponse:
    policies.require(policies.can_use_body_inbox(request.user))
    return render(
        request,
        "workspaces/body_inbox.html",
        {"cases": selectors.inbox_for_body(user=request.user)[:200], "boards": request.user.boards.all()},
    )
