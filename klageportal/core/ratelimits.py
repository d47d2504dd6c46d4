"""Rate limits per person and per address (IP), counted by django-ratelimit in the shared cache `default`.

The rates are settings (`RATE_LIMITS`, read at each request): a group ("lookup", "login", "payment_link",
"upload") has a rate per logged-in person ("user") and per address ("ip"), as "30/m"; an empty rate is no limit.
"""

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60
ALL_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def limit_reached(request: HttpRequest, group: str, *, counter: str = "") -> bool:
    """Count this request in `group` for the person and the address; True when either is over its rate.
    A `counter` counts apart at the group's rates (the two halves of a login)."""
    rates = settings.RATE_LIMITS.get(group, {})
    reached = []
    for key in ("user", "ip"):
        rate = rates.get(key)
        if not rate or (key == "user" and not request.user.is_authenticated):
            continue
        if is_ratelimited(request, group=f"kp:{group}:{counter}:{key}", key=key, rate=rate, increment=True):
            reached.append(key)
    if reached:
        logger.warning(
            "Rate limit %s reached (%s) by user %s", group, "+".join(reached), getattr(request.user, "pk", None)
        )
    return bool(reached)


def too_many_requests(request: HttpRequest, *, json: bool = False) -> HttpResponse:
    message = _("Du har sendt for mange forespørgsler på kort tid. Vent et minut, og prøv igen.")
    response: HttpResponse
    if json:
        response = JsonResponse({"status": "rate_limited", "hits": [], "message": message}, status=429)
    else:
        response = render(request, "errors/429.html", {"message": message}, status=429)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def rate_limited(
    group: str,
    *,
    methods: tuple[str, ...] = ("POST",),
    json: bool = False,
    when: Callable[..., bool] | None = None,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Answer 429 (a page, or JSON) instead of calling the view when the person or the address is over the
    group's rate. Only requests of `methods` count, and of those only the ones `when(request, **kwargs)` picks."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            counts = request.method in methods and (when is None or when(request, *args, **kwargs))
            if counts and limit_reached(request, group):
                return too_many_requests(request, json=json)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def is_upload(request: HttpRequest, *args: Any, **kwargs: Any) -> bool:
    """A request that carries files (decided from its header, before the body is read)."""
    return request.content_type == "multipart/form-data"
