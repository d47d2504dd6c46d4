"""A form page posted after the session ran out is not thrown away (AUTH-3): the inactivity middleware keeps
the posted fields for the person whose session it was, and the page offers them back after the next login.

Views whose posts are worth keeping say so with @keeps_input_after_expiry; the fields stay in the database
for settings.SESSION_KEPT_INPUT_SECONDS and are taken (deleted) when the page shows them again."""

from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from django.conf import settings
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from klageportal.identity.models import KeptInput, User

KEEPS_INPUT = "keeps_input_after_expiry"
NOT_KEPT = {"csrfmiddlewaretoken", "action"}
"""The form's token and which button was pressed: the button's action is not carried out after the login."""
MAX_FIELDS = 500
MAX_CHARS = 200_000

V = TypeVar("V", bound=Callable)


def keeps_input_after_expiry(view: V) -> V:
    """Mark a form page whose posts are kept when they arrive after the session ran out."""
    setattr(view, KEEPS_INPUT, True)
    return view


def view_keeps_input(view: Callable) -> bool:
    return bool(getattr(view, KEEPS_INPUT, False))


def posted_fields(data: QueryDict) -> list[list[str]]:
    """The typed fields of a post, without the token and the button; NUL characters are dropped."""
    return [
        [name, value.replace("\x00", "")]
        for name, values in data.lists()
        if name not in NOT_KEPT
        for value in values
        if isinstance(value, str)
    ]


def input_keep(*, user: User, path: str, data: QueryDict) -> bool:
    """Keep the typed fields of a post for the person; False when there was nothing (or too much) to keep."""
    fields = posted_fields(data)
    if not any(value.strip() for _, value in fields):
        return False
    if len(fields) > MAX_FIELDS or sum(len(name) + len(value) for name, value in fields) > MAX_CHARS:
        return False
    now = timezone.now()
    with transaction.atomic():
        KeptInput.objects.filter(expires_at__lte=now).delete()
        KeptInput.objects.update_or_create(
            user=user,
            path=path[:400],
            defaults={"fields": fields, "expires_at": now + timedelta(seconds=settings.SESSION_KEPT_INPUT_SECONDS)},
        )
    return True


def input_take(*, user: User, path: str) -> QueryDict | None:
    """What the person posted on this page after their session ran out, once: it is deleted as it is taken."""
    if not user.is_authenticated:
        return None
    with transaction.atomic():
        kept = (
            KeptInput.objects.select_for_update()
            .filter(user=user, path=path[:400], expires_at__gt=timezone.now())
            .first()
        )
        if kept is None:
            return None
        kept.delete()
    data = QueryDict(mutable=True)
    for name, value in kept.fields:
        data.appendlist(name, value)
    data._mutable = False
    return data
