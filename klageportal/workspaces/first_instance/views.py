"""The first instance's inbox: complaints against the authority's decisions (FI-1).

The page's flow (filters by GET, the search POSTed and kept in the session under a token, so that a CPR number
never reaches a URL) is the one every inbox shares: klageportal/workspaces/inbox.py.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from klageportal.cases import policies
from klageportal.cases.inbox import first_instance_scope
from klageportal.core.access import AUTHORITY_STAFF, access
from klageportal.workspaces.first_instance.inbox_forms import (
    STATUS_HINTS,
    InboxFilterForm,
    InboxSearchForm,
    filters_from,
)
from klageportal.workspaces.inbox import Inbox, inbox_respond

FIRST_INSTANCE_INBOX = Inbox(
    searches_key="fi_inbox_searches",
    search_form=InboxSearchForm,
    filter_form=InboxFilterForm,
    filters_from=filters_from,
    template="workspaces/authority_inbox.html",
)


@access(AUTHORITY_STAFF)
@login_required
@require_http_methods(["GET", "POST"])
def authority_inbox(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not policies.can_use_authority_inbox(user):
        raise PermissionDenied
    return inbox_respond(
        request,
        FIRST_INSTANCE_INBOX,
        scope=first_instance_scope(user),
        authority=user.authority,
        status_hints={str(k): v for k, v in STATUS_HINTS.items()},
    )
