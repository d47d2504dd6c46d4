"""Pages every visitor sees: start, status overview, accessibility statement, error pages, session expiry."""

import sys

from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from klageportal.cases.statuses import GUIDE
from klageportal.catalog.selectors import boards_for_start_page
from klageportal.core.access import EVERYONE, access
from klageportal.core.context_processors import portal
from klageportal.identity.middleware import safe_next


@access(EVERYONE)
@require_GET
def start(request):
    return render(request, "site/start.html", {"bodies": boards_for_start_page()})


@access(EVERYONE)
@require_GET
def status_overview(request):
    """BD-2: every status of a case, what it means and whether the first instance must act; public."""
    return render(request, "site/statuses.html", {"guide": GUIDE})


@access(EVERYONE)
@require_GET
def accessibility(request):
    return render(request, "site/accessibility.html")


@access(EVERYONE)
@require_GET
def session_expired(request):
    """The page the browser's timer goes to (with the page it left as `next`); the login link leads back there.
    Someone whose session still runs (another window kept it alive) goes straight back."""
    next_url = safe_next(request, request.GET.get("next"))
    if request.user.is_authenticated and next_url:
        return redirect(next_url)
    return render(request, "site/session_expired.html", {"next": next_url})


@access(EVERYONE)
@require_GET
def logged_out(request):
    return render(request, "site/logged_out.html")


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    """The portal's error page, also when the database is what failed (it is down, restarting or not answering):
    then the login and the messages, which are looked up there, are left out and the page is shown as to a visitor,
    without asking the database again (Django calls this while it handles the request's exception)."""
    if not isinstance(sys.exc_info()[1], DatabaseError):
        try:
            return render(request, "errors/500.html", status=500)
        except DatabaseError:
            pass
    context = {**portal(request), "request": request, "user": AnonymousUser(), "messages": []}
    return HttpResponse(render_to_string("errors/500.html", context), status=500)


def error_400(request, exception=None):
    return render(request, "errors/400.html", status=400)


@access(EVERYONE)  # only with KP_BENCH_VIEWS (the benchmarks)
def bench_minimal(request, pk: int):
    """The benchmarks' baseline: one primary-key query, a tiny response."""
    from django.http import HttpResponse

    from klageportal.catalog.models import Board

    board = Board.objects.filter(pk=pk).values_list("name", flat=True).first()
    return HttpResponse(board or "", content_type="text/plain; charset=utf-8")
