"""The appeals body's hearing of parties (høring, BD-8): documents of the case sent to parties for their comments
with a reply deadline; each party is told at once (NT-2: a person who must act), and reminded once shortly before
the deadline. The e-mails say only that the party has been asked to comment and by when, with a link (NT-1)."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from klageportal.cases import policies
from klageportal.cases.deadlines import DANISH_TIME, next_working_day
from klageportal.cases.models import Case, CaseEvent, Party
from klageportal.cases.services.events import case_event_add
from klageportal.cases.workflow import BODY_OPEN
from klageportal.casework.models import Hearing
from klageportal.core.phrases import phrase
from klageportal.documents.models import CaseDocument
from klageportal.identity.models import User
from klageportal.notifications.models import OutboxEmail
from klageportal.notifications.services import email_queue

HEARING_PERIOD = timedelta(days=14)
"""The reply deadline the form suggests: two weeks, moved past weekends and holidays."""


def today() -> date:
    return timezone.now().astimezone(DANISH_TIME).date()


def hearing_deadline_suggested(*, on: date | None = None) -> date:
    """BD-8: the reply deadline the hearing form suggests: 14 days on, moved to a working day (SPEC §12)."""
    return next_working_day((on or today()) + HEARING_PERIOD)


def _addresses(parties: Iterable[Party]) -> list[str]:
    """Each party's own e-mail for the case, once; a party without e-mail is written to by post (FI-5)."""
    seen: dict[str, str] = {}
    for party in parties:
        if party.email and not party.no_email:
            seen.setdefault(party.email.casefold(), party.email)
    return list(seen.values())


def _tell(*, hearing: Hearing, parties: Iterable[Party], reminder: bool) -> list[OutboxEmail]:
    case = hearing.case
    deadline = date_format(hearing.deadline, "DATE_FORMAT")
    subject = (
        _("Påmindelse: Svar senest %(date)s i sag %(number)s")
        if reminder
        else _("Du er bedt om at kommentere sag %(number)s senest %(date)s")
    ) % {"number": case.number, "date": deadline}
    return [
        email_queue(
            to=address,
            reason=OutboxEmail.Reason.OTHER,
            subject=subject,
            template="notifications/email/hearing_reminder.txt" if reminder else "notifications/email/hearing.txt",
            context={
                "case_number": case.number,
                "deadline": deadline,
                "link": reverse("workspaces:case_detail", kwargs={"number": case.number}),
            },
            case=case,
        )
        for address in _addresses(parties)
    ]


def hearing_send(
    *,
    case: Case,
    by: User,
    documents: Iterable[CaseDocument],
    parties: Iterable[Party],
    text: str,
    deadline: date,
) -> Hearing:
    """BD-8: send documents of the case to parties for their comments by `deadline`; the history says so and each
    party with an e-mail is told at once, with a link and the deadline, never the content.

    A document sent must be one every party sees (not restricted, X-6); a party must see the case (not a proposed
    party before confirmation, nor a removed one). Raises PermissionDenied unless `by` may send a hearing
    (policies.can_send_hearing), and ValidationError (by field: documents, parties, deadline) for what cannot be
    sent; then nothing is recorded.
    """
    document_ids = {link.pk for link in documents}
    party_ids = {party.pk for party in parties}
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        policies.require(policies.can_send_hearing(by, case))
        links = list(
            CaseDocument.objects.select_for_update()
            .filter(case=case, pk__in=document_ids)
            .select_related("document")
            .order_by("added_at", "pk")
        )
        heard = list(case.parties.filter(policies.HEARING_PARTIES, pk__in=party_ids).order_by("pk"))
        errors: dict[str, list[str]] = {}
        if not document_ids:
            errors["documents"] = [_("Vælg de dokumenter, parterne skal kommentere.")]
        elif len(links) != len(document_ids):
            errors["documents"] = [_("Vælg dokumenter på sagen.")]
        elif restricted := [link.document.original_name for link in links if link.restricted]:
            errors["documents"] = [
                _("%(names)s har begrænset adgang og kan ikke sendes i høring. Ophæv begrænsningen først.")
                % {"names": ", ".join(restricted)}
            ]
        if not party_ids:
            errors["parties"] = [_("Vælg de parter, der skal høres.")]
        elif len(heard) != len(party_ids):
            errors["parties"] = [_("Vælg parter, der har partsstatus i sagen.")]
        if deadline <= today():
            errors["deadline"] = [_("Svarfristen skal være en dato efter i dag.")]
        if errors:
            raise ValidationError(errors)
        hearing = Hearing.objects.create(case=case, text=text.strip(), deadline=deadline, created_by=by)
        hearing.documents.set(links)
        hearing.parties.set(heard)
        case_event_add(
            case=case,
            kind=CaseEvent.Kind.DOCUMENT,
            text=phrase(
                gettext_noop("Sendt i høring hos %(parties)s med svarfrist %(deadline)s: %(documents)s"),
                parties=", ".join(party.name for party in heard),
                deadline=deadline,
                documents=", ".join(link.document.original_name for link in links),
            ),
            actor=by,
            data={
                "hearing": hearing.pk,
                "documents": [link.document_id for link in links],
                "parties": [party.pk for party in heard],
            },
        )
        _tell(hearing=hearing, parties=heard, reminder=False)
    return hearing


def _due_for_reminder(on: date) -> "list[int]":
    """Open hearings of cases the body still works whose deadline is at most HEARING_REMINDER_DAYS away and not
    past, not yet reminded; a hearing sent inside that window was announced recently enough and gets none."""
    days = timedelta(days=settings.HEARING_REMINDER_DAYS)
    due = Hearing.objects.filter(
        closed_at__isnull=True,
        reminded_at__isnull=True,
        deadline__gte=on,
        deadline__lte=on + days,
        case__status__in=BODY_OPEN,
    ).values_list("pk", "deadline", "created_at")
    return [pk for pk, deadline, created_at in due if created_at.astimezone(DANISH_TIME).date() < deadline - days]


def hearing_reminders_send(*, on: date | None = None) -> int:
    """BD-8: remind the parties of each open hearing whose deadline is HEARING_REMINDER_DAYS away, once however
    often it runs (Hearing.reminded_at, set under the row's lock). Returns the number of hearings reminded."""
    reminded = 0
    for pk in _due_for_reminder(on or today()):
        with transaction.atomic():
            hearing = (
                Hearing.objects.select_for_update(of=("self",))
                .select_related("case")
                .filter(pk=pk, reminded_at__isnull=True)
                .first()
            )
            if hearing is None:
                continue
            hearing.reminded_at = timezone.now()
            hearing.save(update_fields=["reminded_at"])
            _tell(
                hearing=hearing, parties=hearing.parties.filter(policies.HEARING_PARTIES).order_by("pk"), reminder=True
            )
            reminded += 1
    return reminded
