"""The appeals body's inbox (BD-1, BD-9) and who has a case (assigning it to a caseworker, BD-1).

The inbox is the cases forwarded to the boards the caseworker works for, from both channels, newest received
first, on the page flow every inbox shares (klageportal/workspaces/inbox.py: filters by GET, the search
POSTed and kept in the session under a token, so that a CPR number never reaches a URL).
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from klageportal.cases import policies, selectors
from klageportal.cases.inbox import body_board_ids, body_scope
from klageportal.cases.services.assignments import case_assign
from klageportal.core.access import BODY_STAFF, Who, access
from klageportal.identity.models import Role, User
from klageportal.workspaces.body.inbox_forms import BodyInboxFilterForm, BodyInboxSearchForm, body_filters_from
from klageportal.workspaces.inbox import Inbox, inbox_respond

ME = "mig"
"""The assign form's value for "Tildel mig"."""
NOBODY = "ingen"
"""… and for releasing the case."""


@access(BODY_STAFF)
@login_required
@require_http_methods(["GET", "POST"])
def body_inbox(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not policies.can_use_body_inbox(user):
        raise PermissionDenied
    inbox = Inbox(
        searches_key="body_inbox_searches",
        search_form=BodyInboxSearchForm,
        filter_form=partial(BodyInboxFilterForm, user=user),
        filters_from=partial(body_filters_from, user=user),
        template="workspaces/body/inbox.html",
        body=True,
    )
    board_ids = body_board_ids(user)
    return inbox_respond(
        request,
        inbox,
        scope=body_scope(user, board_ids=board_ids),
        boards=board_ids,
        board_list=list(user.boards.order_by("name")),
        mine=request.GET.get("sagsbehandler") == "mine",
    )


def colleagues(case) -> list[User]:
    """The caseworkers of the board the case is at, whom it can be given to, by name."""
    return list(
        User.objects.filter(role=Role.BODY_STAFF, is_active=True, boards=case.board_id).order_by("full_name", "pk")
    )


@access(frozenset({Who.CASEWORKER}), case="forwarded", method="POST")
@login_required
@require_POST
def case_assign_view(request: HttpRequest, number: str) -> HttpResponse:
    """BD-1: "Tildel mig", a colleague from the list, or release the case; back to the case's overview."""
    case = selectors.case_for_page(number=number)
    if case is None or not policies.can_view_case(request.user, case):
        raise Http404
    by = request.user
    if not isinstance(by, User) or not policies.can_assign_case(by, case, to=None):
        raise PermissionDenied
    choice = request.POST.get("til", "")
    to: User | None
    if choice == ME:
        to = by
    elif choice == NOBODY:
        to = None
    else:
        to = next((u for u in colleagues(case) if str(u.pk) == choice), None)
        if to is None:
            messages.error(request, _("Vælg en sagsbehandler fra listen."))
            return redirect(f"{case.get_absolute_url()}#tildeling")
    case_assign(case=case, to=to, by=by)
    if to is None:
        messages.success(request, _("Sagen har ikke længere en sagsbehandler."))
    elif to.pk == by.pk:
        messages.success(request, _("Du har taget sagen."))
    else:
        messages.success(request, _("Sagen er tildelt %(name)s.") % {"name": to.full_name})
    return redirect(f"{case.get_absolute_url()}#tildeling")
