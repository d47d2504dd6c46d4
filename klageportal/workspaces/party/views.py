"""Mine klager: the workspace of people and companies who complain (CW-1)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from klageportal.cases import policies, selectors
from klageportal.catalog.models import Board
from klageportal.core.access import PEOPLE_AND_COMPANIES, access
from klageportal.payments.fees import fee_statuses


@access(PEOPLE_AND_COMPANIES)
@login_required
@require_GET
def my_cases(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not policies.can_use_party_workspace(user):
        raise PermissionDenied
    board_slug = request.GET.get("naevn") or None
    boards = Board.objects.filter(complaint_types__isnull=False).distinct().order_by("name")
    if board_slug and not boards.filter(slug=board_slug).exists():
        board_slug = None
    cases = list(selectors.cases_for_party(user=user, board_slug=board_slug).select_related("type_version")[:200])
    fees = fee_statuses(cases)
    for case in cases:
        case.fee = fees[case.pk]  # type: ignore[attr-defined]  # beside the status: unpaid, or when it is asked (PAY-6)
    return render(
        request,
        "workspaces/my_cases.html",
        {"cases": cases, "boards": boards, "board_slug": board_slug},
    )
