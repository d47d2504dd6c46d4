"""Each role's workspace. Every view asks the policies before it shows anything."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from klageportal.cases import policies, selectors
from klageportal.catalog.models import Board
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


@login_required
@require_GET
def my_cases(request):
    if request.user.role not in (Role.CITIZEN, Role.COMPANY):
        raise PermissionDenied
    board_slug = request.GET.get("naevn") or None
    boards = Board.objects.filter(complaint_types__isnull=False).distinct().order_by("name")
    if board_slug and not boards.filter(slug=board_slug).exists():
        board_slug = None
    cases = selectors.cases_for_party(user=request.user, board_slug=board_slug)
    return render(
        request,
        "workspaces/my_cases.html",
        {"cases": cases[:200], "boards": boards, "board_slug": board_slug},
    )


@login_required
@require_GET
def authority_inbox(request):
    if request.user.role != Role.AUTHORITY:
        raise PermissionDenied
    return render(
        request,
        "workspaces/authority_inbox.html",
        {"cases": selectors.inbox_for_authority(user=request.user)[:200], "authority": request.user.authority},
    )


@login_required
@require_GET
def body_inbox(request):
    if request.user.role != Role.BODY_STAFF:
        raise PermissionDenied
    return render(
        request,
        "workspaces/body_inbox.html",
        {"cases": selectors.inbox_for_body(user=request.user)[:200], "boards": request.user.boards.all()},
    )


@login_required
@require_GET
def case_detail(request, number: str):
    case = selectors.case_for_page(number=number)
    if case is None:
        raise Http404
    if not policies.can_view_case(request.user, case):
        raise Http404  # do not tell whether a case number exists
    return render(
        request,
        "workspaces/case_detail.html",
        {
            "case": case,
            "parties": case.parties.all(),
            "events": selectors.case_history(case=case),
        },
    )
