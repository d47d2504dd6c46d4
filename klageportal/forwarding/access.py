"""Who reaches the web appeal form's pages (AUTH-4), and what every page of it is given."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q, QuerySet
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from klageportal.cases import policies
from klageportal.catalog.models import Board, Channel
from klageportal.forwarding import selectors


def ankeskema_required(view):
    """AUTH-4: only caseworkers with the right reach the form; others are told to ask their local administrator."""

    @wraps(view)
    @never_cache
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not policies.can_use_ankeskema(request.user) or request.user.authority_id is None:
            return render(request, "forwarding/no_access.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def base_context(request, **extra) -> dict:
    return {
        "appeals_body": selectors.appeals_body(),
        "autosave_seconds": min(settings.ANKESKEMA_AUTOSAVE_SECONDS, 60),
        **extra,
    }


def json_login_required(view):
    """A session that has run out answers 401 JSON-less: the script keeps the input and asks for a login."""

    @wraps(view)
    @never_cache
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not policies.can_use_ankeskema(request.user) or request.user.authority_id is None:
            return JsonResponse({"error": "forbidden"}, status=403)
        return view(request, *args, **kwargs)

    return wrapper


# --- Matching supplements that no form matched (AS-52) ---------------------------------------------------------

FORM_BOARD = "ast"
"""The board the web appeal form sends its cases to (Ankestyrelsen), as forwarding.services.BOARD."""


def supplement_boards(user) -> QuerySet[Board]:
    """The person's boards that receive the web appeal form's cases: Ankestyrelsen's, and any board with a
    complaint type on the forwarding channel. None for anyone but the appeals body's staff."""
    if not policies.can_use_body_inbox(user):
        return Board.objects.none()
    return user.boards.filter(Q(slug=FORM_BOARD) | Q(complaint_types__versions__channel=Channel.FORWARDING)).distinct()


def can_match_supplements(user) -> bool:
    """AS-52: Ankestyrelsen's caseworkers see the supplements no form matched and match them to cases."""
    return supplement_boards(user).exists()


def can_match_supplement_to(user, supplement, case) -> bool:
    """The case is a web appeal form's case at one of the person's boards, from the supplement's municipality,
    and the supplement is not attached anywhere yet."""
    return (
        supplement.case_id is None
        and supplement.submission_id is None
        and case.channel == Channel.FORWARDING
        and case.authority_id == supplement.authority_id
        and supplement_boards(user).filter(pk=case.board_id).exists()
    )
