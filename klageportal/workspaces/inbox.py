"""What the inboxes of the first instance (FI-1) and of the appeals body (BD-1) share: the page's flow.

The filters are a GET form, so a filtered page can be bookmarked. The search is POSTed: it may hold a CPR
number, which must never be part of a URL (the address bar, the history, the server's and proxies' logs).
A valid search is kept in the session under a random token, and the page's address carries only the token
(`?soegning=…`), so that the search stays while the reader pages or changes the filters.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from klageportal.cases.inbox import InboxFilters, inbox_page
from klageportal.core.forms import DateGroupField

KEPT_SEARCHES = 10
TOKEN = "soegning"
PAGE = "side"


@dataclass(frozen=True, slots=True)
class Cell:
    field: forms.BoundField
    width: int
    date: bool


class LaidOut:
    """A form whose fields the shared inbox template lays out in rows: `layout` is rows of (name, width)."""

    layout: tuple[tuple[tuple[str, int], ...], ...] = ()

    def rows(self) -> list[list[Cell]]:
        form: Any = self
        return [
            [
                Cell(field=form[name], width=width, date=isinstance(form.fields[name], DateGroupField))
                for name, width in row
                if name in form.fields
            ]
            for row in self.layout
        ]


def _stored_search(request: HttpRequest, key: str, token: str) -> dict[str, str] | None:
    searches = request.session.get(key) or {}
    return searches.get(token) if token else None


def _store_search(request: HttpRequest, key: str, search: dict[str, str]) -> str:
    searches = dict(request.session.get(key) or {})
    token = secrets.token_urlsafe(9)
    searches[token] = search
    request.session[key] = dict(list(searches.items())[-KEPT_SEARCHES:])
    return token


def query(params: QueryDict, **changes: str | int | None) -> str:
    """The address's query with some parameters changed (None removes one)."""
    changed = params.copy()
    for name, value in changes.items():
        changed.pop(name, None)
        if value is not None:
            changed[name] = str(value)
    encoded = changed.urlencode()
    return f"?{encoded}" if encoded else "?"


@dataclass(frozen=True)
class Inbox:
    """One audience's inbox: its forms, how they become filters, its scope and its page."""

    searches_key: str
    """The session's key for this inbox's searches: {token: search}, the newest last."""
    search_form: Callable[..., Any]
    filter_form: Callable[..., Any]
    filters_from: Callable[[dict, dict[str, str]], InboxFilters]
    template: str
    body: bool = False


def inbox_respond(
    request: HttpRequest, inbox: Inbox, *, scope: Q | None, boards: tuple[int, ...] = (), **context: Any
) -> HttpResponse:
    """The inbox page: a POSTed search redirects to the page under its token; a GET shows one page."""
    params = request.GET
    token = params.get(TOKEN, "")
    search = _stored_search(request, inbox.searches_key, token)
    search_lost = bool(token) and search is None

    if request.method == "POST":
        search_form = inbox.search_form(request.POST, auto_id="search_%s")
        if "ryd" in request.POST:
            return redirect(f"{request.path}{query(params, **{TOKEN: None, PAGE: None})}")
        if search_form.is_valid():
            stored = search_form.stored()
            new_token = _store_search(request, inbox.searches_key, stored) if stored else None
            return redirect(f"{request.path}{query(params, **{TOKEN: new_token, PAGE: None})}")
    else:
        search_form = inbox.search_form(initial=search or {}, auto_id="search_%s")

    filter_form = inbox.filter_form(params or None)
    filter_data: dict = {}
    if filter_form.is_bound:
        filter_form.is_valid()
        filter_data = filter_form.cleaned_data  # the valid filters apply; a wrong one is shown at its field
    filters = inbox.filters_from(filter_data, search or {})
    try:
        number = int(params.get(PAGE, "1"))
    except ValueError:
        number = 1
    page = inbox_page(scope=scope, filters=filters, page=number, body=inbox.body, boards=boards)
    errors = [*filter_form.error_summary(), *(search_form.error_summary() if search_form.is_bound else [])]
    return render(
        request,
        inbox.template,
        {
            "page": page,
            "filters": filters,
            "filter_form": filter_form,
            "search_form": search_form,
            "search": search,
            "search_lost": search_lost,
            "token": token if search else "",
            "error_summary": errors,
            "page_links": [(n, query(params, **{PAGE: n}) if n else "") for n in page.numbers],
            "previous_link": query(params, **{PAGE: page.number - 1}),
            "next_link": query(params, **{PAGE: page.number + 1}),
            "first_link": query(params, **{PAGE: None}),
            "last_link": query(params, **{PAGE: page.pages}),
            "clear_filters_link": f"?{urlencode({TOKEN: token})}" if search else "?",
            "body_inbox": inbox.body,
            "show_location": bool(filters.board_id) and not inbox.body,
            **context,
        },
    )
