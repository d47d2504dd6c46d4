"""BD-8, NT-2: the appeals body sends documents to parties for comments with a reply deadline; each party is told
at once and reminded once before the deadline."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from klageportal.cases import policies
from klageportal.cases.deadlines import is_working_day
from klageportal.cases.models import CaseEvent, PartyKind, PartyRole, Status
from klageportal.cases.services.body import party_confirm
from klageportal.casework import tasks
from klageportal.casework.models import Hearing
from klageportal.casework.services.hearings import hearing_deadline_suggested, hearing_reminders_send, hearing_send
from klageportal.notifications.models import OutboxEmail
from tests.factories import CaseDocumentFactory, PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(make_case):
    return make_case(Status.UNDER_BEHANDLING)


@pytest.fixture
def link(case, filer):
    return CaseDocumentFactory(case=case, added_by=filer, document__original_name="udtalelse.pdf")


@pytest.fixture
def neighbour(case, stranger):
    return PartyFactory(
        case=case,
        role=PartyRole.OTHER,
        cpr=stranger.cpr,
        name="Nabo",
        email="nabo@example.dk",
        proposed=True,
        confirmed_at=timezone.now(),
    )


def _state(case) -> tuple:
    return (
        Hearing.objects.filter(case=case).count(),
        CaseEvent.objects.filter(case=case).count(),
        OutboxEmail.objects.filter(case=case).count(),
    )


def _future(days: int = 10) -> date:
    return timezone.localdate() + timedelta(days=days)


def test_hearing_send_records_the_hearing_writes_the_history_and_emails_each_party(
    case, link, neighbour, caseworker, stranger
):
    """BD-8, NT-2: "you have been asked to comment by <date>", a link, never the document or the covering text."""
    complainant_party = case.parties.get(role=PartyRole.COMPLAINANT, kind=PartyKind.PERSON)
    deadline = _future()
    hearing = hearing_send(
        case=case,
        by=caseworker,
        documents=[link],
        parties=[neighbour, complainant_party],
        text="Bemærk især side 2 om støjen.",
        deadline=deadline,
    )

    assert (hearing.case, hearing.deadline, hearing.created_by, hearing.text) == (
        case,
        deadline,
        caseworker,
        "Bemærk især side 2 om støjen.",
    )
    assert list(hearing.documents.all()) == [link]
    assert set(hearing.parties.all()) == {neighbour, complainant_party}
    emails = OutboxEmail.objects.filter(case=case)
    assert sorted(emails.values_list("to", flat=True)) == sorted([neighbour.email, complainant_party.email])
    email = emails.first()
    assert case.number in email.subject and "kommentere" in email.subject
    assert f"/sag/{case.number}/" in email.body
    assert "udtalelse.pdf" not in email.body and "støjen" not in email.body
    event = CaseEvent.objects.get(case=case, data__hearing=hearing.pk)
    assert event.actor == caseworker and event.data["documents"] == [link.document_id]
    assert "udtalelse.pdf" in event.text and "Nabo" in event.text
    assert policies.can_view_document(stranger, link)


def test_a_party_without_email_is_heard_but_not_emailed(case, link, caseworker):
    """FI-5: the body writes to a party without e-mail by post."""
    by_post = PartyFactory(case=case, role=PartyRole.OTHER, email="kommune@example.dk", no_email=True)
    hearing_send(case=case, by=caseworker, documents=[link], parties=[by_post], text="Se bilag.", deadline=_future())
    assert Hearing.objects.get(case=case).parties.get() == by_post
    assert not OutboxEmail.objects.filter(case=case).exists()


def test_a_restricted_document_is_refused_and_nothing_is_sent(case, link, neighbour, caseworker):
    """X-6: a document the parties may not see cannot be sent for their comments."""
    link.restricted = True
    link.save()
    before = _state(case)
    with pytest.raises(ValidationError) as refused:
        hearing_send(case=case, by=caseworker, documents=[link], parties=[neighbour], text="x", deadline=_future())
    assert "begrænset adgang" in str(refused.value.message_dict["documents"])
    assert _state(case) == before


def test_a_proposed_or_removed_party_is_not_heard(case, link, caseworker, stranger):
    """BD-8: a proposed party sees nothing until confirmed; a removed one nothing at all."""
    proposed = PartyFactory(case=case, role=PartyRole.OTHER, proposed=True)
    removed = PartyFactory(case=case, role=PartyRole.OTHER, removed_at=timezone.now())
    before = _state(case)
    for party in (proposed, removed):
        with pytest.raises(ValidationError) as refused:
            hearing_send(case=case, by=caseworker, documents=[link], parties=[party], text="x", deadline=_future())
        assert "parties" in refused.value.message_dict
    assert _state(case) == before
    party_confirm(party=proposed, by=caseworker)
    hearing_send(case=case, by=caseworker, documents=[link], parties=[proposed], text="x", deadline=_future())
    assert Hearing.objects.filter(case=case).count() == 1


def test_the_deadline_must_be_after_today_and_something_must_be_chosen(case, link, neighbour, caseworker):
    before = _state(case)
    with pytest.raises(ValidationError) as refused:
        hearing_send(case=case, by=caseworker, documents=[], parties=[], text="x", deadline=timezone.localdate())
    assert set(refused.value.message_dict) == {"documents", "parties", "deadline"}
    assert _state(case) == before


def test_a_document_of_another_case_is_refused(case, neighbour, caseworker):
    elsewhere = CaseDocumentFactory()
    with pytest.raises(ValidationError):
        hearing_send(case=case, by=caseworker, documents=[elsewhere], parties=[neighbour], text="x", deadline=_future())
    assert not Hearing.objects.exists()


@pytest.mark.parametrize("who", ["other_caseworker", "fi_staff", "stranger", "complainant", "anonymous"])
def test_hearing_send_is_refused_to_anyone_but_the_boards_caseworker(case, link, neighbour, who, request):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    before = _state(case)
    with pytest.raises(PermissionDenied):
        hearing_send(case=case, by=user, documents=[link], parties=[neighbour], text="x", deadline=_future())
    assert _state(case) == before


def test_hearing_send_is_refused_on_a_decided_case(make_case, caseworker, filer):
    case = make_case(Status.AFGJORT)
    link = CaseDocumentFactory(case=case, added_by=filer)
    party = case.parties.filter(role=PartyRole.COMPLAINANT).first()
    with pytest.raises(PermissionDenied):
        hearing_send(case=case, by=caseworker, documents=[link], parties=[party], text="x", deadline=_future())
    assert not Hearing.objects.exists()


def test_the_suggested_deadline_is_fourteen_days_on_moved_to_a_working_day():
    assert hearing_deadline_suggested(on=date(2026, 3, 2)) == date(2026, 3, 16)  # a Monday
    # 14 days after 21 March 2026 is Saturday 4 April (påskelørdag): Easter moves it to Tuesday 7 April.
    assert hearing_deadline_suggested(on=date(2026, 3, 21)) == date(2026, 4, 7)
    assert is_working_day(hearing_deadline_suggested())


def _sent(case, link, party, caseworker, deadline: date) -> Hearing:
    hearing = hearing_send(case=case, by=caseworker, documents=[link], parties=[party], text="x", deadline=deadline)
    Hearing.objects.filter(pk=hearing.pk).update(created_at=timezone.now() - timedelta(days=20))
    OutboxEmail.objects.filter(case=case).delete()
    return hearing


def test_the_reminder_is_sent_once_however_often_the_task_runs(case, link, neighbour, caseworker, settings):
    """BD-8: the parties are reminded HEARING_REMINDER_DAYS before the deadline, once."""
    settings.HEARING_REMINDER_DAYS = 3
    on = timezone.localdate()
    due = _sent(case, link, neighbour, caseworker, on + timedelta(days=3))
    later = _sent(case, link, neighbour, caseworker, on + timedelta(days=4))

    assert tasks.hearing_reminders_send() == 1
    assert tasks.hearing_reminders_send() == 0
    assert hearing_reminders_send(on=on) == 0

    reminders = OutboxEmail.objects.filter(case=case)
    assert list(reminders.values_list("to", flat=True)) == [neighbour.email]
    assert "Påmindelse" in reminders.get().subject and f"/sag/{case.number}/" in reminders.get().body
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.reminded_at is not None and later.reminded_at is None
    assert hearing_reminders_send(on=on + timedelta(days=1)) == 1  # the later one, the next day
    assert OutboxEmail.objects.filter(case=case).count() == 2


def test_no_reminder_for_a_closed_hearing_a_closed_case_or_a_removed_party(case, link, neighbour, caseworker, settings):
    settings.HEARING_REMINDER_DAYS = 3
    on = timezone.localdate()
    closed = _sent(case, link, neighbour, caseworker, on + timedelta(days=2))
    Hearing.objects.filter(pk=closed.pk).update(closed_at=timezone.now())
    _sent(case, link, neighbour, caseworker, on + timedelta(days=2))
    neighbour.removed_at = timezone.now()
    neighbour.save()
    assert hearing_reminders_send(on=on) == 1  # the open one is marked reminded, but nobody is left to tell
    assert not OutboxEmail.objects.filter(case=case).exists()


def test_no_reminder_once_the_case_is_decided(case, link, neighbour, caseworker, settings):
    settings.HEARING_REMINDER_DAYS = 3
    hearing = _sent(case, link, neighbour, caseworker, timezone.localdate() + timedelta(days=1))
    type(case).objects.filter(pk=case.pk).update(status=Status.AFGJORT)
    assert hearing_reminders_send() == 0
    hearing.refresh_from_db()
    assert hearing.reminded_at is None and not OutboxEmail.objects.filter(case=case).exists()


def test_a_hearing_sent_inside_the_reminder_window_gets_no_reminder(case, link, neighbour, caseworker, settings):
    """The announcement itself came less than HEARING_REMINDER_DAYS ago: a second e-mail would only repeat it."""
    settings.HEARING_REMINDER_DAYS = 3
    hearing_send(case=case, by=caseworker, documents=[link], parties=[neighbour], text="x", deadline=_future(2))
    assert hearing_reminders_send() == 0
