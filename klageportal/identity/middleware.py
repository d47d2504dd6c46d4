"""Sessions end after a configurable inactivity, with a clear message (AUTH-3)."""

import time

from django.conf import settings
from django.contrib import auth, messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import ngettext

from klageportal.identity.kept import input_keep, view_keeps_input

LAST_SEEN_KEY = "kp_last_seen"


def seconds_left(request) -> int | None:
    """How long the person's session lasts without activity from now; None when no one is logged in."""
    if not request.user.is_authenticated or getattr(request, "devidp_request", False):
        return None
    timeout = settings.SESSION_INACTIVITY_TIMEOUT
    last_seen = request.session.get(LAST_SEEN_KEY)
    if last_seen is None:
        return timeout
    return max(timeout - (int(time.time()) - int(last_seen)), 0)


def session_touch(request) -> int:
    """Count now as activity (the person asked to stay logged in, or is typing); the seconds left."""
    request.session[LAST_SEEN_KEY] = int(time.time())
    return settings.SESSION_INACTIVITY_TIMEOUT


def safe_next(request, url: str | None) -> str | None:
    """A page of this portal to go back to after the login, or None."""
    if url and url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return None


def _not_called(request: HttpRequest) -> HttpResponse:
    raise AssertionError("only the CSRF check is asked for")


def _csrf_ok(request) -> bool:
    """A post is only kept if it is the person's own (the same check the view would have made)."""
    return CsrfViewMiddleware(_not_called).process_view(request, _not_called, (), {}) is None


def _keep_posted(request) -> bool:
    if request.method != "POST":
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    if not view_keeps_input(match.func) or not _csrf_ok(request):
        return False
    return input_keep(user=request.user, path=request.path, data=request.POST)


class InactivityTimeoutMiddleware:
    """Placed after MessageMiddleware, so the message survives the logout and the redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not getattr(request, "devidp_request", False):
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            timeout = settings.SESSION_INACTIVITY_TIMEOUT
            if last_seen is not None and now - int(last_seen) > timeout:
                return self._expired(request, timeout)
            if last_seen is None or now - int(last_seen) >= max(min(30, timeout // 10), 1):
                # Writing the session on every request would cost a database write per page; a few
                # seconds of precision on a 30-minute timeout cost nothing.
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)

    def _expired(self, request, timeout: int):
        kept = _keep_posted(request)
        # Back to the page after the login: the page that was posted, or the one the browser's timer left.
        next_url = request.path if kept else None
        if request.method == "GET" and request.path == reverse("session_expired"):
            next_url = safe_next(request, request.GET.get("next"))
        auth.logout(request)
        minutes = max(timeout // 60, 1)
        if kept:
            text = ngettext(
                "Du er blevet logget ud, fordi du ikke har været aktiv i %(minutes)s minut. "
                "Det, du skrev på siden, er gemt. Log ind igen, så vises det, og du kan fortsætte.",
                "Du er blevet logget ud, fordi du ikke har været aktiv i %(minutes)s minutter. "
                "Det, du skrev på siden, er gemt. Log ind igen, så vises det, og du kan fortsætte.",
                minutes,
            )
        else:
            text = ngettext(
                "Du er blevet logget ud, fordi du ikke har været aktiv i %(minutes)s minut. "
                "Det, du har gemt, er ikke gået tabt. Log ind igen for at fortsætte.",
                "Du er blevet logget ud, fordi du ikke har været aktiv i %(minutes)s minutter. "
                "Det, du har gemt, er ikke gået tabt. Log ind igen for at fortsætte.",
                minutes,
            )
        messages.warning(request, text % {"minutes": minutes})
        target = reverse("session_expired")
        return redirect(f"{target}?{urlencode({'next': next_url})}" if next_url else target)
