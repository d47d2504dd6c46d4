"""Writes on a case's messages, "Skriv besked" (CW-7): a party writes to the appeals body, the board's caseworker
answers and may share a message or an answer with the case's other parties. Each is a line in the history, which
names the message but never holds its text (the text is on the Beskeder tab, for those who may read it).

No e-mail is sent here: the daily digest (NT-2) reads the history lines, whose data name the message."""

from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klageportal.cases import policies
from klageportal.cases.models import Case, CaseEvent, Message, PartyRole
from klageportal.cases.services.events import case_event_add
from klageportal.core.phrases import label_phrase, phrase
from klageportal.identity.models import User

MESSAGE_MAX_LENGTH = 5000
"""The longest message or answer, in characters: a question to the caseworker, not a document (CW-7)."""


class MessageRefused(Exception):
    """The text cannot be sent as it is; the message says why, for the person who wrote it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def message_text_problem(text: str) -> str | None:
    """Why the text cannot be sent, or None: it must say something, and at most MESSAGE_MAX_LENGTH characters."""
    text = (text or "").strip()
    if not text:
        return _("Skriv din besked.")
    if len(text) > MESSAGE_MAX_LENGTH:
        return _("Beskeden må højst være på %(limit)s tegn. Den er på %(length)s tegn.") % {
            "limit": number_format(MESSAGE_MAX_LENGTH, force_grouping=True),
            "length": number_format(len(text), force_grouping=True),
        }
    return None


def _clean(text: str) -> str:
    problem = message_text_problem(text)
    if problem:
        raise MessageRefused(problem)
    return text.strip()


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def message_send(*, case: Case, text: str, by: User) -> Message:
    """CW-7: a party writes to the appeals body. At first only its side and the body read it.

    The party it is written as comes from the login (policies.message_party). Raises PermissionDenied unless `by`
    may write on the case now, MessageRefused when the text is empty or too long; nothing changes then.
    """
    with transaction.atomic():
        case = _locked(case)
        policies.require(policies.can_write_message(by, case))
        text = _clean(text)
        party = policies.message_party(by, case)
        role = PartyRole(party.role) if party is not None else PartyRole.FIRST_INSTANCE
        message = Message.objects.create(
            case=case, author=by, author_name=by.display_name, party=party, from_body=False, text=text
        )
        case_event_add(
            case=case,
            kind=CaseEvent.Kind.MESSAGE,
            text=phrase(
                gettext_noop("Besked til klageinstansen fra %(name)s (%(role)s)."),
                name=message.author_name,
                role=label_phrase(role.label),
            ),
            actor=by,
            data={"action": "message_sent", "message": message.pk, "to": "body", "role": str(role)},
        )
    return message


def _message_locked(message: Message) -> Message:
    """The message again, under the lock of its case (so that two answers or shares do not race)."""
    _locked(message.case)
    return Message.objects.select_related("case", "party").get(pk=message.pk)


def message_answer(*, message: Message, text: str, share: bool, by: User) -> Message:
    """CW-7: the board's caseworker answers a party's message. The answer goes to the side that wrote it and, with
    `share`, to every party of the case (the message answered is shared on its own, by message_share).

    Raises PermissionDenied unless `by` may answer it, MessageRefused when the text is empty or too long.
    """
    with transaction.atomic():
        message = _message_locked(message)
        policies.require(policies.can_answer_message(by, message))
        text = _clean(text)
        answer = Message.objects.create(
            case=message.case,
            author=by,
            author_name=by.display_name,
            party=None,
            from_body=True,
            in_reply_to=message,
            text=text,
            shared=share,
        )
        if share:
            line = gettext_noop("Klageinstansen har besvaret en besked fra %(name)s og delt svaret med sagens parter.")
        else:
            line = gettext_noop("Klageinstansen har besvaret en besked fra %(name)s.")
        case_event_add(
            case=message.case,
            kind=CaseEvent.Kind.MESSAGE,
            text=phrase(line, name=message.author_name),
            actor=by,
            data={"action": "message_answered", "message": answer.pk, "in_reply_to": message.pk, "shared": share},
        )
    return answer


def message_share(*, message: Message, by: User) -> Message:
    """CW-7: the board's caseworker shares a message, or an answer, with every party of the case.

    Raises PermissionDenied unless `by` may share it (a message already shared is not shared again).
    """
    with transaction.atomic():
        message = _message_locked(message)
        policies.require(policies.can_share_message(by, message))
        message.shared = True
        message.save(update_fields=["shared"])
        if message.from_body:
            line = gettext_noop("Klageinstansen har delt sit svar til %(name)s med sagens parter.")
            name = message.in_reply_to.author_name if message.in_reply_to else message.author_name
        else:
            line = gettext_noop("Klageinstansen har delt en besked fra %(name)s med sagens parter.")
            name = message.author_name
        case_event_add(
            case=message.case,
            kind=CaseEvent.Kind.MESSAGE,
            text=phrase(line, name=name),
            actor=by,
            data={"action": "message_shared", "message": message.pk, "shared": True},
        )
    return message
