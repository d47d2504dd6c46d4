"""The audit of register look-ups: each look-up is recorded with the person who made it.

Views that look numbers up run inside `lookups_by(request.user)` (the decorator `audited` does it), so the
look-ups in `registers.answers`, wherever a form or a page calls them, know who asked.
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse

from klageportal.registers.models import RegisterLookup

logger = logging.getLogger(__name__)

_asked_by: ContextVar[Any] = ContextVar("register_lookups_by", default=None)


@contextmanager
def lookups_by(user: Any) -> Iterator[None]:
    token = _asked_by.set(user if getattr(user, "is_authenticated", False) else None)
    try:
        yield
    finally:
        _asked_by.reset(token)


def audited(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Record the look-ups the view makes as made by the logged-in person."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with lookups_by(request.user):
            return view(request, *args, **kwargs)

    return wrapped


def lookup_record(*, kind: str, number: str, result: str) -> RegisterLookup:
    """Keep one look-up for the audit. The log says that it happened and for whom, never the number."""
    user = _asked_by.get()
    organisation = ""
    if user is not None:
        name, cvr = getattr(user, "organisation_name", ""), getattr(user, "cvr", "")
        organisation = f"{name} (CVR {cvr})" if name and cvr else name or cvr
    record = RegisterLookup.objects.create(
        user=user, organisation=organisation, kind=kind, number=number[:200], result=result
    )
    logger.info("Register look-up %s by user %s: %s", kind, getattr(user, "pk", None), result)
    return record
