"""The first instance's inbox: complaints against the authority's decisions (FI-1)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from klageportal.cases import policies, selectors
from klageportal.core.access import AUTHORITY_STAFF, access


@access(AUTHORITY_STAFF)
@login_required
@require_GET
def authority_inbox(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not policies.can_use_authority_inbox(user):
        raise PermissionDenied
    return render(
        request,
        "workspaces/authority_inbox.html",
        {"cases": selectors.inbox_for_authority(user=user)[:200], "authority": user.authority},
    )
