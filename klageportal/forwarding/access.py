"""Who reaches the web appeal form's pages (AUTH-4), and what every page of it is given."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from klageportal.cases import policies
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
