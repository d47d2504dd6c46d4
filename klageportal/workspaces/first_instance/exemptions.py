"""KP-2, KP-8 for the first instance: the granted requests for exemption that name its authority, each with
"Opret klage for borgeren" (the exempt filing, prefilled from the request) or the complaint already begun."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from klageportal.cases import policies
from klageportal.cases.models import ExemptionRequest, Status
from klageportal.core.access import AUTHORITY_STAFF, access


@access(AUTHORITY_STAFF)
@login_required
@require_GET
def authority_exemptions(request: HttpRequest) -> HttpResponse:
    """The granted requests for the authority: those still to be filed first, then those filed."""
    user = request.user
    if not policies.can_use_authority_inbox(user):
        raise PermissionDenied
    rows = []
    granted = (
        ExemptionRequest.objects.filter(policies.exemption_requests_for_authority(user))
        .select_related("board", "authority", "complaint_type", "requested_by", "case")
        .order_by(F("case").asc(nulls_first=True), "-decided_at", "-pk")[:200]
    )
    for exemption in granted:
        case = exemption.case
        url = None
        if case is not None and policies.can_view_case(user, case):
            draft = case.status == Status.KLADDE
            url = reverse("filing:resume", kwargs={"number": case.number}) if draft else case.get_absolute_url()
        rows.append({"exemption": exemption, "case": case, "case_url": url})
    return render(
        request,
        "workspaces/exemptions/authority_list.html",
        {"rows": rows, "can_file": policies.can_file_for_exempt_citizen(user)},
    )
