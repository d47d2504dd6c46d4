"""The daily digest (NT-1, NT-2, NT-4, FI-9): once a day, one e-mail per address saying that there is news in
their cases, with the case numbers and one link to log in; never what the news is.

Who hears of a case's news: its active parties at the e-mail used for that case (CW-5), the staff following it
(FI-9), the first instance at its official address (NT-4) and the appeals body's caseworker who has the case. Each
hears only of history lines they may see (X-3): not of their own actions, not of a document restricted from them
or one the first instance still keeps to itself (X-6), not of a message not shared with them; a party the first
instance proposed hears nothing until the appeals body confirms it (BD-8), and a removed party nothing at all.

Set-based: a fixed number of queries over the window's history lines, whatever the number of recipients; the
outbox rows and the day's records are bulk-created in chunks. Rerunning a day sends nothing more: the day's
DigestRun and each (address, day) DigestSent are unique.
"""

from __future__ import annotations

import gc
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import islice
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from klageportal.cases import policies
from klageportal.cases.models import Case, CaseEvent, Follow, Message, Party, PartyRole, Status, StatusChange
from klageportal.documents.models import CaseDocument
from klageportal.identity.models import Role, User
from klageportal.notifications.models import DigestRun, DigestSent, OutboxEmail
from klageportal.notifications.services import backoff, outbox_enqueue_many

logger = logging.getLogger(__name__)

CHUNK = 2000
"""Rows per bulk insert and per task handed to the queue."""
FIRST_WINDOW = timedelta(days=1)
"""The first digest ever tells of the last day's news."""
TEMPLATE = "notifications/digest.txt"


# --- Who may see what --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Viewer:
    """One recipient's relation to one case, as far as a history line's visibility depends on it."""

    kind: str
    """PARTY, FIRST_INSTANCE or BODY."""
    user_id: int | None = None
    party_id: int | None = None
    cpr: str = ""


PARTY, FIRST_INSTANCE, BODY = "party", "first_instance", "body"

Row = Mapping[str, Any]
"""One row of a values() query."""


@dataclass(slots=True)
class _Window:
    """What the window's history lines need to be judged, loaded once for all recipients."""

    cases: dict[int, Row] = field(default_factory=dict)
    released: set[int] = field(default_factory=set)
    actors: dict[int, Row] = field(default_factory=dict)
    documents: dict[tuple[int, int], Row] = field(default_factory=dict)
    messages: dict[int, Row] = field(default_factory=dict)


def _document_ids(data: Row) -> list[int]:
    ids = [data.get("document"), data.get("text_document"), *(data.get("documents") or [])]
    return [pk for pk in ids if isinstance(pk, int)]


def _own_action(viewer: Viewer, event: Row, window: _Window, case: Row) -> bool:
    actor_id = event["actor_id"]
    if actor_id is None:
        return False
    if viewer.user_id is not None and actor_id == viewer.user_id:
        return True
    actor = window.actors.get(actor_id)
    if actor is None:
        return False
    if viewer.kind == PARTY:
        # The person named on the party logged in with their own CPR (a party added before they had logged in).
        return bool(viewer.cpr) and actor["role"] == Role.CITIZEN and actor["cpr"] == viewer.cpr
    if viewer.kind == FIRST_INSTANCE and viewer.user_id is None:
        # The official address is the first instance's: what its own staff did is not news to it.
        return actor["role"] == Role.AUTHORITY and actor["authority_id"] == case["authority_id"]
    return False


def _sees_document(viewer: Viewer, link: Row | None, released: bool) -> bool:
    if link is None:
        return viewer.kind == BODY  # a line about a document no longer on the case: only the body sees all
    if viewer.kind == BODY:
        return True
    own = viewer.user_id is not None and link["added_by_id"] == viewer.user_id
    if viewer.kind == FIRST_INSTANCE:
        if viewer.user_id is None:
            own = link["added_by_role"] == PartyRole.FIRST_INSTANCE
        return own or not link["restricted"]
    if own:
        return True
    if link["restricted"]:
        return False
    # What the first instance adds stays with it until it forwards the case or reopens it.
    return released or link["added_by_role"] != PartyRole.FIRST_INSTANCE


def _sees_message(viewer: Viewer, message: Row | None) -> bool:
    if viewer.kind == BODY:
        return True
    if message is None:
        return False
    if message["shared"]:
        return True
    if viewer.kind != PARTY:
        return False
    mine = {message["party_id"], message["reply_party_id"]}
    return (viewer.party_id is not None and viewer.party_id in mine) or (
        viewer.user_id is not None and viewer.user_id in {message["author_id"], message["reply_author_id"]}
    )


def line_visible(viewer: Viewer, event: Row, window: _Window) -> bool:
    """X-3: may this recipient hear of this history line? Never of their own action."""
    case = window.cases[event["case_id"]]
    if _own_action(viewer, event, window, case):
        return False
    data = event["data"] if isinstance(event["data"], dict) else {}
    released = event["case_id"] in window.released
    for document_id in _document_ids(data):
        if not _sees_document(viewer, window.documents.get((event["case_id"], document_id)), released):
            return False
    if data.get("shared") is False and viewer.kind != BODY:
        return False
    message_id = data.get("message")
    return not isinstance(message_id, int) or _sees_message(viewer, window.messages.get(message_id))


# --- Composition ---------------------------------------------------------------------------------------------


def _chunks(items: Iterable, size: int = CHUNK) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _staff_address(user: Row) -> str:
    return user["notification_email"] or user["email"]


def _window(since: datetime, until: datetime) -> tuple[list[Row], QuerySet[Case], _Window]:
    """The window's history lines, its cases (as a subquery) and what judging the lines needs."""
    lines = CaseEvent.objects.filter(at__gt=since, at__lte=until).exclude(case__status=Status.KLADDE)
    events: list[Row] = list(lines.values("case_id", "actor_id", "data"))
    case_ids = lines.values("case_id")
    cases = Case.objects.filter(pk__in=case_ids)
    window = _Window()
    window.cases = {
        row["pk"]: row
        for row in cases.values(
            "pk", "number", "status", "authority_id", "authority__email", "assigned_to_id", "board_id", "forwarded_at"
        )
    }
    window.released = {pk for pk, row in window.cases.items() if row["forwarded_at"] is not None} | set(
        StatusChange.objects.filter(case_id__in=case_ids, to_status=Status.GENOPTAGET).values_list("case_id", flat=True)
    )
    window.actors = {
        row["pk"]: row
        for row in User.objects.filter(pk__in=lines.exclude(actor=None).values("actor_id")).values(
            "pk", "role", "cpr", "authority_id"
        )
    }
    document_ids = {pk for event in events if isinstance(event["data"], dict) for pk in _document_ids(event["data"])}
    if document_ids:
        window.documents = {
            (row["case_id"], row["document_id"]): row
            for row in CaseDocument.objects.filter(case_id__in=case_ids).values(
                "case_id", "document_id", "restricted", "added_by_id", "added_by_role"
            )
            if row["document_id"] in document_ids
        }
    message_ids = {
        event["data"]["message"]
        for event in events
        if isinstance(event["data"], dict) and isinstance(event["data"].get("message"), int)
    }
    if message_ids:
        window.messages = {
            row["pk"]: row
            for row in Message.objects.filter(case_id__in=case_ids).values(
                "pk",
                "shared",
                "party_id",
                "author_id",
                reply_party_id=F("in_reply_to__party_id"),
                reply_author_id=F("in_reply_to__author_id"),
            )
            if row["pk"] in message_ids
        }
    return events, cases, window


def _viewers(cases: QuerySet[Case], window: _Window) -> dict[int, list[tuple[str, Viewer]]]:
    """Per case: every (address, viewer) that hears of its news, in a fixed number of queries."""
    viewers: dict[int, list[tuple[str, Viewer]]] = defaultdict(list)
    parties = (
        Party.objects.filter(case__in=cases, role__in=policies.CASE_SIDE_ROLES, no_email=False)
        .filter(policies.SEES_CASE, policies.ACTIVE)
        .exclude(email="")
        .values("pk", "case_id", "email", "user_id", "cpr", "kind")
    )
    for party in parties:
        viewer = Viewer(PARTY, user_id=party["user_id"], party_id=party["pk"], cpr=party["cpr"])
        viewers[party["case_id"]].append((party["email"], viewer))
    for pk, case in window.cases.items():
        if case["authority__email"]:
            viewers[pk].append((case["authority__email"], Viewer(FIRST_INSTANCE)))
    # The appeals body sees a case once it is forwarded, or reopened by the first instance.
    body_seen = {pk for pk, case in window.cases.items() if case["forwarded_at"] or case["status"] == Status.GENOPTAGET}
    staff_fields = ("pk", "role", "authority_id", "email", "notification_email")
    assigned = {
        row["pk"]: row
        for row in User.objects.filter(
            is_active=True, role=Role.BODY_STAFF, pk__in=cases.exclude(assigned_to=None).values("assigned_to_id")
        ).values(*staff_fields)
    }
    for pk, case in window.cases.items():
        user = assigned.get(case["assigned_to_id"])
        if user is not None and pk in body_seen and _staff_address(user):
            viewers[pk].append((_staff_address(user), Viewer(BODY, user_id=user["pk"])))
    follows = list(
        Follow.objects.filter(case__in=cases, user__is_active=True).values(
            "case_id",
            user_pk=F("user_id"),
            role=F("user__role"),
            authority_id=F("user__authority_id"),
            email=F("user__email"),
            notification_email=F("user__notification_email"),
        )
    )
    body_followers = {row["user_pk"] for row in follows if row["role"] == Role.BODY_STAFF}
    boards: dict[int, set[int]] = defaultdict(set)
    if body_followers:
        through = User.boards.through.objects.filter(
            user_id__in=Follow.objects.filter(case__in=cases, user__role=Role.BODY_STAFF).values("user_id")
        )
        for user_id, board_id in through.values_list("user_id", "board_id"):
            boards[user_id].add(board_id)
    for row in follows:
        case = window.cases[row["case_id"]]
        address = _staff_address(row)
        if not address:
            continue
        if row["role"] == Role.AUTHORITY and row["authority_id"] and row["authority_id"] == case["authority_id"]:
            viewers[row["case_id"]].append((address, Viewer(FIRST_INSTANCE, user_id=row["user_pk"])))
        elif row["role"] == Role.BODY_STAFF and case["board_id"] in boards[row["user_pk"]] and case["pk"] in body_seen:
            viewers[row["case_id"]].append((address, Viewer(BODY, user_id=row["user_pk"])))
    return viewers


@dataclass(frozen=True, slots=True)
class DigestItem:
    to: str
    """The address as written where it was found first."""
    case_numbers: tuple[str, ...]


def digest_compose(*, since: datetime, until: datetime) -> list[DigestItem]:
    """Who gets a digest for the history lines written after `since` up to `until`, and about which cases.

    One item per address (case-insensitively), whatever the number of cases and lines; a fixed number of queries.
    """
    events, cases, window = _window(since, until)
    if not events:
        return []
    viewers = _viewers(cases, window)
    news: dict[str, tuple[str, set[str]]] = {}
    for event in events:
        case_id = event["case_id"]
        number = window.cases[case_id]["number"]
        for address, viewer in viewers.get(case_id, ()):
            key = address.casefold()
            entry = news.get(key)
            if entry is not None and number in entry[1]:
                continue  # already told of this case
            if not line_visible(viewer, event, window):
                continue
            if entry is None:
                news[key] = (address, {number})
            else:
                entry[1].add(number)
    # In the order of the (address, day) index: each of its pages is written once, however large it has grown.
    return [DigestItem(to=news[key][0], case_numbers=tuple(sorted(news[key][1]))) for key in sorted(news)]


# --- Sending ------------------------------------------------------------------------------------------------


SLOT = "\x00"
"""Where each recipient's case numbers go into the text, rendered once for all (the same words for everyone)."""


def _body(items: list[DigestItem]) -> Iterator[tuple[DigestItem, str, str]]:
    context = {"base_url": settings.PORTAL_BASE_URL, "link": reverse(settings.LOGIN_URL), "case_lines": SLOT}
    with translation.override(settings.LANGUAGE_CODE):
        subject = gettext("Der er nyt i dine sager")
        frame = get_template(TEMPLATE).render(context)
    for item in items:
        yield item, subject, frame.replace(SLOT, "\n".join(f"- {number}" for number in item.case_numbers))


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """The digest holds a few hundred thousand small rows for a moment and makes no reference cycles: collecting
    cycles meanwhile only walks them again and again, and costs more the more recipients there are."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def digest_send(*, now: datetime | None = None, enqueue: bool = True) -> int:
    """NT-2: the day's digest. Returns the number of e-mails queued (0 when the day's digest has been made).

    The window runs from the end of the previous digest (or a day back, the first time) to now. `enqueue=False`
    leaves the e-mails to the outbox's retry sweep instead of handing them to the task queue (benchmarks).
    """
    now = now or timezone.now()
    day: date = timezone.localdate(now)
    try:
        with transaction.atomic():
            previous = DigestRun.objects.filter(day__lt=day).order_by("-day").first()
            since = previous.until if previous else now - FIRST_WINDOW
            run = DigestRun.objects.create(day=day, since=since, until=now)
            with _without_cycle_collection():
                items = digest_compose(since=since, until=now)
                sent = _digest_queue(items=items, day=day, now=now, enqueue=enqueue)
            run.recipients = sent
            run.save(update_fields=["recipients"])
    except IntegrityError:
        logger.info("The digest of %s has already been made", day)
        return 0
    logger.info("Digest of %s: %s e-mails for the news since %s", day, sent, since)
    return sent


def _digest_queue(*, items: list[DigestItem], day: date, now: datetime, enqueue: bool) -> int:
    sent = 0
    # Handed to the task queue, the sweep waits a while before it tries them too; else the sweep sends them.
    due = now + backoff(1) if enqueue else now
    for chunk in _chunks(_body(items)):
        emails = OutboxEmail.objects.bulk_create(
            [
                OutboxEmail(
                    to=item.to, subject=subject, body=body, reason=OutboxEmail.Reason.DIGEST, next_attempt_at=due
                )
                for item, subject, body in chunk
            ]
        )
        DigestSent.objects.bulk_create(
            [
                DigestSent(address=item.to.casefold(), day=day, email=email if email.pk else None)
                for (item, _subject, _body), email in zip(chunk, emails, strict=True)
            ]
        )
        if enqueue:
            outbox_enqueue_many([email.pk for email in emails if email.pk is not None])
        sent += len(emails)
    return sent
