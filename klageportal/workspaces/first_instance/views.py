"""The first instance's inbox: complaints against the authority's decisions (FI-1).

The filters are a GET form, so a filtered page can be bookmarked. The search is POSTed: it may hold a CPR
number, which must never be part of a URL (the address bar, the history, the server's and proxies' logs).
A valid search is kept in the session under a random token, and the page's address carries only the token
(`?soegning=…`), so that the search stays while the reader pages or changes the filters.
"""

import secrets
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from klageportal.cases import policies
from klageportal.cases.inbox import first_instance_scope, inbox_page
from klageportal.core.access import AUTHORITY_STAFF, access
from klageportal.workspaces.first_instance.inbox_forms import (
    STATUS_HINTS,
    InboxFilterForm,
    InboxSearchForm,
    filters_from,
)

SEARCHES = "fi_inbox_searches"
"""The session's key for the inbox's searches: {token: search}, the newest last."""
KEPT_SEARCHES = 10
TOKEN = "soegning"
PAGE = "side"


def _stored_search(request: HttpRequest, token: str) -> dict[str, str] | None:
    searches = request.session.get(SEARCHES) or {}
    return searches.get(token) if token else None


def _store_search(request: HttpRequest, search: dict[str, str]) -> str:
    searches = dict(request.session.get(SEARCHES) or {})
    token = secrets.token_urlsafe(9)
    searches[token] = search
    request.session[SEARCHES] = dict(list(searches.items())[-KEPT_SEARCHES:])
    return token


def _query(params: QueryDict, **changes: str | int | None) -> str:
    """The address's query with some parameters changed (None removes one)."""
    query = params.copy()
    for name, value in changes.items():
        query.pop(name, None)
        if value is not None:
            query[name] = str(value)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@access(AUTHORITY_STAFF)
@login_required
@require_http_methods(["GET", "POST"])
def authority_inbox(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not policies.can_use_authority_inbox(user):
        raise PermissionDenied
    params = request.GET
    token = params.get(TOKEN, "")
    search = _stored_search(request, token)
    search_lost = bool(token) and search is None

    if request.method == "POST":
        search_form = InboxSearchForm(request.POST, auto_id="search_%s")
        if "ryd" in request.POST:
            return redirect(f"{request.path}{_query(params, **{TOKEN: None, PAGE: None})}")
        if search_form.is_valid():
            stored = search_form.stored()
            new_token = _store_search(request, stored) if stored else None
            return redirect(f"{request.path}{_query(params, **{TOKEN: new_token, PAGE: None})}")
    else:
        search_form = InboxSearchForm(initial=search or {}, auto_id="search_%s")

    filter_form = InboxFilterForm(params or None)
    filter_data: dict = {}
    if filter_form.is_bound:
        filter_form.is_valid()
        filter_data = filter_form.cleaned_data  # the valid filters apply; a wrong one is shown at its field
    filters = filters_from(filter_data, search or {})
    try:
        number = int(params.get(PAGE, "1"))
    except ValueError:
        number = 1
    page = inbox_page(scope=first_instance_scope(user), filters=filters, page=number)
    errors = [*filter_form.error_summary(), *(search_form.error_summary() if search_form.is_bound else [])]
    return render(
        request,
        "workspaces/authority_inbox.html",
        {
            "authority": user.authority,
            "page": page,
            "filters": filters,
            "filter_form": filter_form,
            "search_form": search_form,
            "search": search,
            "search_lost": search_lost,
            "token": token if search else "",
            "error_summary": errors,
            "show_location": bool(filters.board_id),
            "status_hints": {str(k): v for k, v in STATUS_HINTS.items()},
            "page_links": [(n, _query(params, **{PAGE: n}) if n else "") for n in page.numbers],
            "previous_link": _query(params, **{PAGE: page.number - 1}),
            "next_link": _query(params, **{PAGE: page.number + 1}),
            "first_link": _query(params, **{PAGE: None}),
            "last_link": _query(params, **{PAGE: page.pages}),
            "clear_filters_link": f"?{urlencode({TOKEN: token})}" if search else "?",
        },
    )
