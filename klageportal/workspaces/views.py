"""The way into each role's workspace."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from klageportal.identity.models import Role

WORKSPACE_FOR_ROLE = {
    Role.CITIZEN: "workspaces:my_cases",
    Role.COMPANY: "workspaces:my_cases",
    Role.AUTHORITY: "workspaces:authority_inbox",
    Role.BODY_STAFF: "workspaces:body_inbox",
    Role.ADMIN: "admin:index",
}


@login_required
@require_GET
def home(request):
    return redirect(WORKSPACE_FOR_ROLE.get(request.user.role, "workspaces:my_cases"))
