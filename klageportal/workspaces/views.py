"""The way into each role's workspace."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from klageportal.core.access import LOGGED_IN, access
from klageportal.identity.models import Role, User

WORKSPACE_FOR_ROLE: dict[str, str] = {
    Role.CITIZEN: "workspaces:my_cases",
    Role.COMPANY: "workspaces:my_cases",
    Role.AUTHORITY: "workspaces:authority_inbox",
    Role.BODY_STAFF: "workspaces:body_inbox",
    Role.ADMIN: "admin:index",
}


@access(LOGGED_IN)
@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    role = request.user.role if isinstance(request.user, User) else ""
    return redirect(WORKSPACE_FOR_ROLE.get(role, "workspaces:my_cases"))
