"""Sessions end after a configurable inactivity, with a clear message (AUTH-3)."""

import time

from django.conf import settings
from django.contrib import auth, messages
from django.shortcuts import redirect
from django.utils.translation import ngettext

LAST_SEEN_KEY = "kp_last_seen"


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
                auth.logout(request)
                minutes = max(timeout // 60, 1)
                messages.warning(
                    request,
                    ngettext(
                        "Du er blevet logget ud, fordi du ikke har været aktiv i %(minutes)s minut. "
                        "Det, du har gemt, er ikke gået tabt. Log ind igen for at fortsætte.",
                        "Du er blevet logget ud, fordi du ikke har været aktiv i %(minutes)s minutter. "
                        "Det, du har gemt, er ikke gået tabt. Log ind igen for at fortsætte.",
                        minutes,
                    )
                    % {"minutes": minutes},
                )
                return redirect("session_expired")
            if last_seen is None or now - int(last_seen) >= max(min(30, timeout // 10), 1):
                # Writing the session on every request would cost a database write per page; a few
                # seconds of precision on a 30-minute timeout cost nothing.
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
