"""NT-1, NT-2, NT-4, FI-9: the daily digest — one e-mail per address a day, naming the cases with news the
recipient may see, with one link to log in and never the news itself."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from klageportal.cases.models import CaseEvent, Follow, Message, PartyRole, Status
from klageportal.casework.digest import digest_compose, digest_send
from klageportal.notifications.models import DigestRun, DigestSent, OutboxEmail
from tests.factories import (
    AuthorityUserFactory,
    BodyStaffFactory,
    CaseDocumentFactory,
    CaseFactory,
    CitizenFactory,
    PartyFactory,
)

pytestmark = pytest.mark.django_db


def note(case, *, actor=None, data=None, text="Noget nyt"):
    return CaseEvent.record(case=case, kind=CaseEvent.Kind.NOTE, text=text, actor=actor, data=data)


def soon():
    return timezone.now() + timedelta(seconds=1)


def digests():
    return OutboxEmail.objects.filter(reason=OutboxEmail.Reason.DIGEST)


def recipients(**kwargs):
    return {item.to: set(item.case_numbers) for item in digest_compose(**kwargs)}


def window():
    return {"since": timezone.now() - timedelta(hours=1), "until": soon()}


@pytest.fixture
def case():
    """A forwarded case: its filer, the first instance (official address) and the board."""
    return CaseFactory(status=Status.VIDERESENDT, created_by__email="filer@example.dk")


def filer_email(case):
    return case.parties.get(is_filer=True).email


# --- One e-mail per address per day ----------------------------------------------------------------------


def test_one_email_per_person_a_day_however_many_events_and_cases(django_capture_on_commit_callbacks, settings):
    filer = CitizenFactory()
    cases = [CaseFactory(status=Status.VIDERESENDT, created_by=filer) for _ in range(3)]
    for case in cases:
        case.parties.filter(is_filer=True).update(email="jens@example.dk")
        for _ in range(4):
            note(case)

    with django_capture_on_commit_callbacks(execute=False):
        assert digest_send(now=soon()) > 0

    mine = digests().filter(to="jens@example.dk")
    assert mine.count() == 1
    email = mine.get()
    assert email.subject == "Der er nyt i dine sager"
    assert all(case.number in email.body for case in cases)
    assert "Noget nyt" not in email.body  # NT-1: never the content
    assert f"{settings.PORTAL_BASE_URL}{reverse(settings.LOGIN_URL)}" in email.body  # one link to log in
    assert email.body.count("http") == 1
    assert DigestSent.objects.filter(address="jens@example.dk", day=timezone.localdate()).count() == 1


def test_a_second_run_the_same_day_sends_nothing_more(case, django_capture_on_commit_callbacks):
    note(case)
    with django_capture_on_commit_callbacks(execute=False):
        first = digest_send(now=soon())
    sent = digests().count()
    note(case)

    with django_capture_on_commit_callbacks(execute=False):
        assert digest_send(now=soon()) == 0

    assert first == sent > 0
    assert digests().count() == sent
    assert DigestRun.objects.count() == 1


def test_the_window_moves_to_the_end_of_the_previous_digest(case, monkeypatch, django_capture_on_commit_callbacks):
    """Tomorrow's digest tells only what happened after today's; a day without news sends nothing."""
    start = timezone.now()
    clock = {"now": start}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])
    note(case)
    clock["now"] = start + timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=False):
        digest_send()
    before = digests().count()

    clock["now"] = start + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=False):
        assert digest_send() == 0  # nothing new since
    assert digests().count() == before

    clock["now"] = start + timedelta(days=1, hours=1)
    other = CaseFactory(status=Status.VIDERESENDT)
    note(other)
    clock["now"] = start + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=False):
        digest_send()

    latest = digests().filter(to=filer_email(other))
    assert latest.count() == 1
    assert case.number not in latest.get().body
    assert digests().filter(to=filer_email(case)).count() == 1  # told once, on the first day
    newest, middle = DigestRun.objects.order_by("-day")[:2]
    assert newest.since == middle.until


def test_the_digest_is_handed_to_the_queue_in_batches_and_sent(case, django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.core import mail

    note(case)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sent = digest_send(now=soon())

    assert len(callbacks) == 1  # one task for the batch, not one per e-mail
    assert len(mail.outbox) == sent
    assert set(digests().values_list("state", flat=True)) == {OutboxEmail.State.SENT}


# --- Who hears of it ------------------------------------------------------------------------------------


def test_parties_at_their_case_email_the_official_address_and_the_assigned_caseworker(case):
    """CW-5: the address used for the case, not the login's; NT-4: the first instance's official address."""
    rep = PartyFactory(case=case, role=PartyRole.REPRESENTATIVE, email="sag-adresse@advokat.dk")
    rep.user = CitizenFactory(email="privat@advokat.dk")
    rep.save()
    case.assigned_to = BodyStaffFactory(email="sb@naevn.dk", boards=[case.board])
    case.save()
    note(case)

    got = recipients(**window())

    assert set(got) == {filer_email(case), "sag-adresse@advokat.dk", case.authority.email, "sb@naevn.dk"}
    assert all(numbers == {case.number} for numbers in got.values())


def test_followers_hear_at_their_notification_email(case):
    """FI-9: staff who follow a case, at the profile's notification e-mail (or their own)."""
    fi = AuthorityUserFactory(authority=case.authority, email="egen@kommune.dk", notification_email="team@kommune.dk")
    body = BodyStaffFactory(email="sb2@naevn.dk", boards=[case.board])
    stranger = BodyStaffFactory(email="fremmed@naevn.dk")  # follows, but not at this board
    for user in (fi, body, stranger):
        Follow.objects.create(user=user, case=case)
    note(case)

    got = recipients(**window())

    assert "team@kommune.dk" in got and "egen@kommune.dk" not in got
    assert "sb2@naevn.dk" in got
    assert "fremmed@naevn.dk" not in got


def test_removed_proposed_and_emailless_parties_get_nothing(case):
    PartyFactory(case=case, role=PartyRole.REPRESENTATIVE, email="fjernet@example.dk", removed_at=timezone.now())
    PartyFactory(case=case, role=PartyRole.OTHER, email="foreslaaet@example.dk", proposed=True)
    confirmed = timezone.now()
    PartyFactory(case=case, role=PartyRole.OTHER, email="bekraeftet@example.dk", proposed=True, confirmed_at=confirmed)
    PartyFactory(case=case, role=PartyRole.OTHER, email="post@example.dk", no_email=True)
    note(case)

    got = recipients(**window())

    assert "bekraeftet@example.dk" in got
    assert not {"fjernet@example.dk", "foreslaaet@example.dk", "post@example.dk"} & set(got)


def test_the_actor_hears_nothing_of_their_own_action(case):
    filer = case.parties.get(is_filer=True)
    note(case, actor=filer.user)

    got = recipients(**window())

    assert filer.email not in got
    assert case.authority.email in got


def test_the_official_address_hears_nothing_of_its_own_staffs_action(case):
    note(case, actor=AuthorityUserFactory(authority=case.authority))

    got = recipients(**window())

    assert case.authority.email not in got
    assert filer_email(case) in got


def test_a_line_about_a_restricted_document_reaches_only_who_may_see_it(case):
    """X-3: the board restricted a document; the parties and the first instance do not hear of it."""
    caseworker = BodyStaffFactory(email="sb@naevn.dk", boards=[case.board])
    case.assigned_to = caseworker
    case.save()
    link = CaseDocumentFactory(case=case, restricted=True, added_by=caseworker, added_by_role=PartyRole.OTHER)
    note(case, data={"document": link.document_id})
    note(case, actor=caseworker, data={"document": link.document_id})  # the board's own line: not news to it

    got = recipients(**window())

    assert filer_email(case) not in got
    assert case.authority.email not in got


def test_a_document_the_first_instance_keeps_is_not_news_to_the_parties_yet():
    """X-6: before it forwards the case, what the first instance adds stays with it."""
    case = CaseFactory(status=Status.INDSENDT)
    staff = AuthorityUserFactory(authority=case.authority)
    link = CaseDocumentFactory(case=case, added_by=staff, added_by_role=PartyRole.FIRST_INSTANCE)
    note(case, data={"document": link.document_id})

    got = recipients(**window())

    assert filer_email(case) not in got
    assert case.authority.email in got


def test_a_message_not_shared_reaches_only_its_writer_and_the_body(case):
    """CW-7: a message is at first between its writer and the body."""
    writer = PartyFactory(case=case, role=PartyRole.OTHER, email="skriver@example.dk")
    caseworker = BodyStaffFactory(email="sb@naevn.dk", boards=[case.board])
    case.assigned_to = caseworker
    case.save()
    message = Message.objects.create(case=case, author_name="Sagsbehandler", from_body=True, text="Svar", shared=False)
    answer = Message.objects.create(
        case=case, author_name="Sb", from_body=True, text="x", shared=False, in_reply_to=message
    )
    mine = Message.objects.create(case=case, author_name=writer.name, party=writer, text="Spørgsmål")
    note(case, actor=caseworker, data={"message": answer.pk})
    got = recipients(**window())
    assert not {filer_email(case), "skriver@example.dk", case.authority.email} & set(got)

    note(case, data={"message": mine.pk})
    got = recipients(**window())
    assert "skriver@example.dk" in got and "sb@naevn.dk" in got
    assert filer_email(case) not in got


def test_a_draft_is_nobodys_news():
    case = CaseFactory(status=Status.KLADDE)
    note(case)

    assert recipients(**window()) == {}


def test_an_address_written_two_ways_is_one_recipient():
    a = CaseFactory(status=Status.VIDERESENDT)
    b = CaseFactory(status=Status.VIDERESENDT)
    a.parties.update(email="Jens@Example.dk")
    b.parties.update(email="jens@example.dk")
    note(a)
    note(b)

    got = digest_compose(**window())

    jens = [item for item in got if item.to.casefold() == "jens@example.dk"]
    assert len(jens) == 1
    assert set(jens[0].case_numbers) == {a.number, b.number}


# --- Scale ----------------------------------------------------------------------------------------------


def _world(size: int):
    authority_case = CaseFactory(status=Status.VIDERESENDT)
    for index in range(size):
        case = CaseFactory(status=Status.VIDERESENDT, authority=authority_case.authority)
        PartyFactory(case=case, role=PartyRole.REPRESENTATIVE)
        Follow.objects.create(user=BodyStaffFactory(email=f"sb{index}@naevn.dk", boards=[case.board]), case=case)
        link = CaseDocumentFactory(case=case)
        note(case, data={"document": link.document_id})
        note(case, data={"message": index})


@pytest.mark.parametrize("size", [10, 100])
def test_query_count_does_not_grow_with_recipients(size, django_capture_on_commit_callbacks):
    _world(size)
    with django_capture_on_commit_callbacks(execute=False), CaptureQueriesContext(connection) as queries:
        sent = digest_send(now=soon())
    assert sent == 3 * size + 1  # filer, representative, follower; the one official address
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    # Composition and the day's record: a fixed number of queries whatever the size; the outbox rows and the
    # day's records are inserted in bulk (SQLite takes at most 999 values a statement, about 90 e-mails).
    assert len(queries) - len(inserts) == QUERIES
    assert len(inserts) <= 1 + 2 * (sent // 90 + 1)


QUERIES = 14
