"""The only place a case's status changes: one table of allowed moves, who makes them, and their events.

Statuses of SPEC §12 and BD-2. Each move names the actor that may make it:
- FILER: the person who filed (or a represented complainant withdrawing),
- SYSTEM: the portal itself, when a condition is met (last approval, payment),
- FIRST_INSTANCE: staff of the authority whose decision is appealed,
- BODY: caseworkers of the appeals body.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext_noop

from klageportal.cases.models import Case, CaseEvent, Status, StatusChange
from klageportal.core.phrases import Phrase, label_phrase, phrase
from klageportal.identity.models import User


class Actor(StrEnum):
    FILER = "filer"
    SYSTEM = "system"
    FIRST_INSTANCE = "first_instance"
    BODY = "body"


class TransitionNotAllowed(Exception):
    """The move is not in the table, or not for this actor."""


@dataclass(frozen=True)
class Move:
    to: Status
    by: frozenset[Actor]


def _moves(*moves: tuple[Status, set[Actor]]) -> dict[Status, frozenset[Actor]]:
    return {to: frozenset(actors) for to, actors in moves}


BODY_OPEN = (Status.VIDERESENDT, Status.UNDER_BEHANDLING, Status.AFVENTER_NAEVN)
"""Statuses in which the appeals body works the case."""

ALLOWED: dict[Status, dict[Status, frozenset[Actor]]] = {
    Status.KLADDE: _moves(
        (Status.UDFYLDT, {Actor.FILER}),
    ),
    Status.UDFYLDT: _moves(
        (Status.INDSENDT, {Actor.SYSTEM}),
        (Status.TILBAGEKALDT, {Actor.FILER}),
    ),
    Status.INDSENDT: _moves(
        (Status.GENOPTAGET, {Actor.FIRST_INSTANCE}),
        (Status.VIDERESENDT, {Actor.FIRST_INSTANCE}),
        (Status.TILBAGEKALDT, {Actor.FILER}),
    ),
    Status.GENOPTAGET: _moves(
        # A case reopened by mistake is restored by the appeals body only (FI-6, BD-5).
        (Status.INDSENDT, {Actor.BODY}),
        (Status.AFSLUTTET, {Actor.SYSTEM, Actor.BODY}),
    ),
    Status.VIDERESENDT: _moves(
        (Status.UNDER_BEHANDLING, {Actor.BODY}),
        (Status.AFVENTER_NAEVN, {Actor.BODY}),
        (Status.AFGJORT, {Actor.BODY}),
        (Status.AFVIST, {Actor.BODY}),
        (Status.TILBAGEKALDT, {Actor.FILER, Actor.BODY}),
    ),
    Status.UNDER_BEHANDLING: _moves(
        (Status.AFVENTER_NAEVN, {Actor.BODY}),
        (Status.AFGJORT, {Actor.BODY}),
        (Status.AFVIST, {Actor.BODY}),
        (Status.TILBAGEKALDT, {Actor.FILER, Actor.BODY}),
    ),
    Status.AFVENTER_NAEVN: _moves(
        (Status.UNDER_BEHANDLING, {Actor.BODY}),
        (Status.AFGJORT, {Actor.BODY}),
        (Status.AFVIST, {Actor.BODY}),
        (Status.TILBAGEKALDT, {Actor.FILER, Actor.BODY}),
    ),
    Status.AFGJORT: _moves((Status.AFSLUTTET, {Actor.SYSTEM, Actor.BODY})),
    Status.AFVIST: _moves((Status.AFSLUTTET, {Actor.SYSTEM, Actor.BODY})),
    Status.TILBAGEKALDT: _moves((Status.AFSLUTTET, {Actor.SYSTEM, Actor.BODY})),
    Status.AFSLUTTET: {},
}

INITIAL: dict[str, Status] = {"filing": Status.KLADDE, "forwarding": Status.VIDERESENDT}
"""A filed complaint starts as a draft; a form forwarded by a municipality arrives forwarded."""

CLOSED = frozenset({Status.GENOPTAGET, Status.AFGJORT, Status.AFVIST, Status.TILBAGEKALDT, Status.AFSLUTTET})
FORWARDED = frozenset(
    {Status.VIDERESENDT, Status.UNDER_BEHANDLING, Status.AFVENTER_NAEVN, Status.AFGJORT, Status.AFVIST}
)
"""Statuses reached only through forwarding to the board (Tilbagekaldt/Afsluttet may come from either side)."""


def allowed_moves(status: Status | str) -> dict[Status, frozenset[Actor]]:
    return ALLOWED[Status(status)]


def can_move(case: Case, *, to: Status, actor: Actor) -> bool:
    return actor in allowed_moves(case.status).get(to, frozenset())


def transition(
    case: Case, *, to: Status, actor: Actor, by: User | None = None, reason: str | Phrase = ""
) -> StatusChange:
    """Move a case to a new status, recording the change and an event; the caller holds the row lock.

    A reason the portal gives is a Phrase (recorded in Danish, shown translated); a person's reason is text.
    """
    if not can_move(case, to=to, actor=actor):
        raise TransitionNotAllowed(f"{case.status} → {to} is not allowed for {actor}")
    from_status = case.status
    now = timezone.now()
    case.status = to
    update_fields = ["status"]
    stamps: tuple[tuple[str, frozenset[Status]], ...] = (
        ("submitted_at", frozenset({Status.INDSENDT})),
        ("forwarded_at", frozenset({Status.VIDERESENDT})),
        ("closed_at", CLOSED),
    )
    for field, stamped_at in stamps:
        if to in stamped_at and getattr(case, field) is None:
            setattr(case, field, now)
            update_fields.append(field)
    if to == Status.INDSENDT and from_status == Status.GENOPTAGET:
        case.closed_at = None
        update_fields.append("closed_at")
    case.save(update_fields=update_fields)
    recorded_reason = reason.in_record_language() if isinstance(reason, Phrase) else reason
    change = StatusChange.objects.create(
        case=case, from_status=from_status, to_status=to, by=by, reason=recorded_reason
    )
    statuses = {"from_status": label_phrase(Status(from_status).label), "to_status": label_phrase(Status(to).label)}
    if reason:
        text = phrase(
            gettext_noop("Status ændret fra %(from_status)s til %(to_status)s. %(reason)s"), **statuses, reason=reason
        )
    else:
        text = phrase(gettext_noop("Status ændret fra %(from_status)s til %(to_status)s"), **statuses)
    CaseEvent.record(
        case=case,
        kind=CaseEvent.Kind.STATUS,
        text=text,
        actor=by,
        data={"from": from_status, "to": str(to), "actor": str(actor)},
    )
    return change


def initial_status(channel: str) -> Status:
    """The first status of a case in a channel; complaint types filed outside the portal have none."""
    if channel not in INITIAL:
        raise TransitionNotAllowed(f"no case starts in the channel {channel!r}")
    return INITIAL[channel]


def record_start(case: Case, *, by: User | None) -> StatusChange:
    """Record the first status of a case that was just created in it."""
    if case.status != INITIAL.get(case.channel):
        raise TransitionNotAllowed(f"a {case.channel} case cannot start as {case.status}")
    if case.status == Status.VIDERESENDT:
        # A form forwarded by a municipality is submitted and forwarded the moment it arrives.
        case.submitted_at = case.forwarded_at = timezone.now()
        case.save(update_fields=["submitted_at", "forwarded_at"])
    return StatusChange.objects.create(case=case, from_status="", to_status=case.status, by=by)
