"""Reads on a case's messages, "Skriv besked" (CW-7), each ready for the page that uses it (no query per row)."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from klageportal.cases import policies
from klageportal.cases.models import Case, Message


@dataclass(slots=True)
class Thread:
    """A party's message with the answers to it this person may read; or an answer read without its message."""

    message: Message
    answers: list[Message] = field(default_factory=list)

    @property
    def answered(self) -> bool:
        return bool(self.answers) or self.message.from_body


def message_threads(*, case: Case, user: policies.AnyUser, case_checked: bool = False) -> list[Thread]:
    """The messages of the case this person may read, newest message first, each with its answers oldest first.

    An answer the person may read to a message they may not (the body shared only its answer) stands on its own.
    A fixed number of queries whatever the number of messages; `case_checked` as for policies.documents_visible_to.
    """
    rows = list(
        Message.objects.filter(policies.messages_visible_to(user, case, case_checked=case_checked))
        .select_related("party", "in_reply_to")
        .order_by("created_at", "pk")
    )
    threads: dict[int, Thread] = {}
    for row in rows:
        if not row.from_body:
            threads[row.pk] = Thread(message=row)
        elif row.in_reply_to_id in threads:
            threads[row.in_reply_to_id].answers.append(row)
        else:
            threads[row.pk] = Thread(message=row)
    return sorted(threads.values(), key=lambda thread: (thread.message.created_at, thread.message.pk), reverse=True)


def unanswered_message_count(*, case: Case) -> int:
    """CW-7: the parties' messages on the case the appeals body has not answered yet (for the body's panel)."""
    answers = Message.objects.filter(in_reply_to=OuterRef("pk"), from_body=True)
    return Message.objects.filter(case=case, from_body=False).filter(~Exists(answers)).count()
