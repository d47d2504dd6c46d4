""" "Skriv besked" (CW-7): a party writes to the appeals body from Indsendt until Afsluttet; the board's caseworker
answers and may share a message or its answer with the other parties; each is in the history (X-2), which shows a
message's line only to those who may read the message (X-3)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from klageportal.cases import policies
from klageportal.cases.messages import message_threads, unanswered_message_count
from klageportal.cases.models import CaseEvent, Message, PartyKind, PartyRole, Status
from klageportal.cases.selectors import case_history
from klageportal.cases.services.messages import (
    MESSAGE_MAX_LENGTH,
    MessageRefused,
    message_answer,
    message_send,
    message_share,
)
from tests.factories import CitizenFactory, PartyFactory

pytestmark = pytest.mark.django_db

OPEN = [
    Status.INDSENDT,
    Status.GENOPTAGET,
    Status.VIDERESENDT,
    Status.UNDER_BEHANDLING,
    Status.AFVENTER_NAEVN,
    Status.AFGJORT,
    Status.AFVIST,
    Status.TILBAGEKALDT,
]


def _state(case) -> tuple:
    messages = tuple(case.messages.order_by("pk").values_list("pk", "author_id", "from_body", "text", "shared"))
    events = tuple(CaseEvent.objects.filter(case=case).order_by("pk").values_list("pk", flat=True))
    return messages, events


def _message_lines(case):
    return list(CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.MESSAGE).order_by("pk"))


def _visible(user, case) -> set[int]:
    return set(Message.objects.filter(policies.messages_visible_to(user, case)).values_list("pk", flat=True))


def _history_texts(case, user) -> list[str]:
    return [line.text for line in case_history(case=case, user=user)]


@pytest.fixture
def confirmed(make_case):
    """A person the first instance proposed as a party and the board has confirmed (BD-8)."""
    return CitizenFactory(full_name="Bent Bekræftet")


def _forwarded(make_case, confirmed=None, proposed=None):
    case = make_case(Status.VIDERESENDT)
    if confirmed is not None:
        PartyFactory(case=case, role=PartyRole.OTHER, cpr=confirmed.cpr, proposed=True, confirmed_at=timezone.now())
    if proposed is not None:
        PartyFactory(case=case, role=PartyRole.OTHER, cpr=proposed.cpr, proposed=True)
    return case


# --- Sending ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", OPEN)
def test_a_complainant_writes_to_the_body_at_every_status_from_indsendt_until_afsluttet(make_case, complainant, status):
    """CW-7: one message, written as the complainant's party, with one history line naming it (not its text)."""
    case = make_case(status)
    message = message_send(case=case, text="  Hvornår behandles sagen?  ", by=complainant)

    assert list(case.messages.all()) == [message]
    assert (message.text, message.author, message.author_name, message.from_body, message.shared) == (
        "Hvornår behandles sagen?",
        complainant,
        "Karla Klager",
        False,
        False,
    )
    assert (message.party.role, message.party.cpr) == (PartyRole.COMPLAINANT, complainant.cpr)
    [line] = _message_lines(case)
    assert line.actor == complainant
    assert line.text == "Besked til klageinstansen fra Karla Klager (Klager)."
    assert "Hvornår" not in line.text
    assert line.data["message"] == message.pk and line.data["action"] == "message_sent"


def test_a_representative_writes_as_the_representative(make_case, filer):
    case = make_case(Status.INDSENDT)
    message = message_send(case=case, text="Spørgsmål", by=filer)
    assert message.party.role == PartyRole.REPRESENTATIVE and message.party.is_filer
    assert _message_lines(case)[0].text == "Besked til klageinstansen fra Rita Repræsentant (Repræsentant)."


def test_a_companys_people_who_see_its_cases_write_as_the_company(make_case, signer, employee_with_right):
    """X-3: signing authority or the complaint-cases right; the message is the company party's."""
    case = make_case(Status.VIDERESENDT)
    first = message_send(case=case, text="Fra direktøren", by=signer)
    second = message_send(case=case, text="Fra sagsbehandleren", by=employee_with_right)
    assert first.party == second.party
    assert (first.party.kind, first.party.cvr) == (PartyKind.COMPANY, "37042374")


def test_a_confirmed_other_party_writes(make_case, confirmed):
    case = _forwarded(make_case, confirmed=confirmed)
    message = message_send(case=case, text="Jeg er nabo", by=confirmed)
    assert message.party.role == PartyRole.OTHER


def test_the_first_instance_writes_as_a_party(make_case, fi_staff):
    """CW-7: the first instance is a party too; its message has no party row of the complainant's side."""
    case = make_case(Status.VIDERESENDT)
    message = message_send(case=case, text="Vi har et supplerende bilag", by=fi_staff)
    assert message.party is None and not message.from_body
    assert _message_lines(case)[0].text == "Besked til klageinstansen fra Birgitte Kommune (Førsteinstans)."


@pytest.mark.parametrize("status", [Status.KLADDE, Status.UDFYLDT, Status.AFSLUTTET])
def test_no_message_before_indsendt_nor_once_afsluttet(make_case, complainant, filer, status):
    case = make_case(status)
    before = _state(case)
    for person in (complainant, filer):
        with pytest.raises(PermissionDenied):
            message_send(case=case, text="Hej", by=person)
    assert _state(case) == before


def test_nobody_who_is_not_a_party_writes(
    make_case, stranger, employee, other_fi_staff, caseworker, other_caseworker, confirmed
):
    """A stranger, a company employee without the right, another authority, the board's caseworkers (they answer,
    they do not write), anonymous, and a proposed party the board has not confirmed (BD-8): refused, nothing changed."""
    proposed = CitizenFactory(full_name="Poul Foreslået")
    case = _forwarded(make_case, proposed=proposed)
    before = _state(case)
    for person in (stranger, employee, other_fi_staff, caseworker, other_caseworker, AnonymousUser(), proposed):
        with pytest.raises(PermissionDenied):
            message_send(case=case, text="Hej", by=person)
    assert _state(case) == before


def test_an_empty_or_too_long_message_is_refused_with_a_clear_message(make_case, complainant):
    case = make_case(Status.INDSENDT)
    before = _state(case)
    with pytest.raises(MessageRefused) as empty:
        message_send(case=case, text="   ", by=complainant)
    assert empty.value.message == "Skriv din besked."
    with pytest.raises(MessageRefused) as long:
        message_send(case=case, text="x" * (MESSAGE_MAX_LENGTH + 1), by=complainant)
    assert long.value.message == "Beskeden må højst være på 5.000 tegn. Den er på 5.001 tegn."
    assert _state(case) == before
    assert message_send(case=case, text="x" * MESSAGE_MAX_LENGTH, by=complainant).text == "x" * MESSAGE_MAX_LENGTH


# --- Answering and sharing -------------------------------------------------------------------------------------


def test_the_caseworker_answers_without_sharing(make_case, complainant, caseworker):
    case = make_case(Status.VIDERESENDT)
    question = message_send(case=case, text="Hvornår?", by=complainant)
    answer = message_answer(message=question, text="Inden for tre måneder.", share=False, by=caseworker)

    assert set(case.messages.all()) == {question, answer}
    assert (answer.from_body, answer.in_reply_to, answer.party, answer.shared, answer.author) == (
        True,
        question,
        None,
        False,
        caseworker,
    )
    question.refresh_from_db()
    assert not question.shared
    line = _message_lines(case)[-1]
    assert (line.actor, line.text) == (caseworker, "Klageinstansen har besvaret en besked fra Karla Klager.")
    assert line.data == {
        "action": "message_answered",
        "message": answer.pk,
        "in_reply_to": question.pk,
        "shared": False,
        "phrase": line.data["phrase"],
    }


def test_the_caseworker_answers_and_shares_the_answer(make_case, complainant, caseworker):
    case = make_case(Status.UNDER_BEHANDLING)
    question = message_send(case=case, text="Hvornår?", by=complainant)
    answer = message_answer(message=question, text="Snart.", share=True, by=caseworker)
    assert answer.shared
    question.refresh_from_db()
    assert not question.shared  # the message itself is shared only by message_share
    assert _message_lines(case)[-1].text == (
        "Klageinstansen har besvaret en besked fra Karla Klager og delt svaret med sagens parter."
    )


def test_the_caseworker_shares_a_message_and_then_an_answer(make_case, complainant, caseworker):
    case = make_case(Status.VIDERESENDT)
    question = message_send(case=case, text="Hvornår?", by=complainant)
    answer = message_answer(message=question, text="Snart.", share=False, by=caseworker)

    message_share(message=question, by=caseworker)
    message_share(message=answer, by=caseworker)

    assert set(case.messages.values_list("pk", "shared")) == {(question.pk, True), (answer.pk, True)}
    shared_lines = _message_lines(case)[-2:]
    assert [line.text for line in shared_lines] == [
        "Klageinstansen har delt en besked fra Karla Klager med sagens parter.",
        "Klageinstansen har delt sit svar til Karla Klager med sagens parter.",
    ]
    assert [line.data["message"] for line in shared_lines] == [question.pk, answer.pk]
    before = _state(case)
    with pytest.raises(PermissionDenied):
        message_share(message=question, by=caseworker)  # already shared: no second line
    assert _state(case) == before


def test_only_the_cases_own_caseworker_answers_or_shares(
    make_case, complainant, filer, fi_staff, other_caseworker, stranger
):
    case = make_case(Status.VIDERESENDT)
    question = message_send(case=case, text="Hvornår?", by=complainant)
    before = _state(case)
    for person in (other_caseworker, fi_staff, complainant, filer, stranger, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            message_answer(message=question, text="Svar", share=True, by=person)
        with pytest.raises(PermissionDenied):
            message_share(message=question, by=person)
    assert _state(case) == before


def test_the_body_does_not_answer_before_it_has_the_case_nor_after_afsluttet(make_case, complainant, caseworker):
    """While Indsendt the body does not see the case yet (X-6); once Afsluttet no message is answered."""
    case = make_case(Status.INDSENDT)
    question = message_send(case=case, text="Hvornår?", by=complainant)
    for status in (Status.INDSENDT, Status.AFSLUTTET):
        case.status = status
        case.forwarded_at = timezone.now() if status == Status.AFSLUTTET else None
        case.save()
        question.refresh_from_db()
        before = _state(case)
        with pytest.raises(PermissionDenied):
            message_answer(message=question, text="Svar", share=False, by=caseworker)
        with pytest.raises(PermissionDenied):
            message_share(message=question, by=caseworker)
        assert _state(case) == before


def test_an_answer_is_not_answered_and_an_empty_answer_is_refused(make_case, complainant, caseworker):
    case = make_case(Status.VIDERESENDT)
    question = message_send(case=case, text="Hvornår?", by=complainant)
    answer = message_answer(message=question, text="Snart.", share=False, by=caseworker)
    before = _state(case)
    with pytest.raises(PermissionDenied):
        message_answer(message=answer, text="Svar på svar", share=False, by=caseworker)
    with pytest.raises(MessageRefused):
        message_answer(message=question, text=" ", share=True, by=caseworker)
    assert _state(case) == before


# --- Who reads what (CW-7, X-3) ---------------------------------------------------------------------------------


def test_an_unshared_message_and_its_answer_are_read_only_by_its_side_and_the_body(
    make_case, complainant, filer, signer, employee_with_right, fi_staff, caseworker, confirmed
):
    case = _forwarded(make_case, confirmed=confirmed)
    by_company = message_send(case=case, text="Fra firmaet", by=signer)
    answer = message_answer(message=by_company, text="Svar til firmaet", share=False, by=caseworker)

    company_side = {by_company.pk, answer.pk}
    assert _visible(signer, case) == company_side
    assert _visible(employee_with_right, case) == company_side  # acts for the same company party
    assert _visible(caseworker, case) == company_side
    for other in (complainant, filer, fi_staff, confirmed):
        assert _visible(other, case) == set()
        history = _history_texts(case, other)
        assert not any("Fra firmaet" in text or "besked" in text.lower() for text in history), other
    assert any("besvaret en besked fra" in text for text in _history_texts(case, signer))
    assert len([t for t in _history_texts(case, caseworker) if "esked" in t]) == 2


def test_a_shared_message_and_a_shared_answer_are_read_by_every_party(
    make_case, complainant, filer, fi_staff, caseworker, confirmed
):
    case = _forwarded(make_case, confirmed=confirmed)
    question = message_send(case=case, text="Hvornår?", by=complainant)
    answer = message_answer(message=question, text="Snart.", share=True, by=caseworker)

    for other in (filer, fi_staff, confirmed):
        assert _visible(other, case) == {answer.pk}  # the answer only: the message itself is not shared
        [thread] = message_threads(case=case, user=other)
        assert thread.message == answer and thread.answers == []
    message_share(message=question, by=caseworker)
    for other in (filer, fi_staff, confirmed, complainant):
        assert _visible(other, case) == {question.pk, answer.pk}
        [thread] = message_threads(case=case, user=other)
        assert (thread.message, thread.answers) == (question, [answer])
        history = _history_texts(case, other)
        assert "Besked til klageinstansen fra Karla Klager (Klager)." in history


def test_the_first_instance_reads_what_it_wrote_and_the_shared_ones(make_case, complainant, fi_staff, caseworker):
    case = make_case(Status.VIDERESENDT)
    own = message_send(case=case, text="Fra kommunen", by=fi_staff)
    own_answer = message_answer(message=own, text="Tak", share=False, by=caseworker)
    theirs = message_send(case=case, text="Fra klager", by=complainant)
    colleague = type(fi_staff).objects.create(
        username="kollega", role=fi_staff.role, authority=fi_staff.authority, full_name="Kollega"
    )

    assert _visible(fi_staff, case) == {own.pk, own_answer.pk}
    assert _visible(colleague, case) == {own.pk, own_answer.pk}  # the first instance is one party
    assert _visible(complainant, case) == {theirs.pk}
    message_share(message=theirs, by=caseworker)
    assert _visible(fi_staff, case) == {own.pk, own_answer.pk, theirs.pk}


def test_a_proposed_party_reads_nothing(make_case, complainant, caseworker):
    proposed = CitizenFactory()
    case = _forwarded(make_case, proposed=proposed)
    question = message_send(case=case, text="Hvornår?", by=complainant)
    message_share(message=question, by=caseworker)
    assert _visible(proposed, case) == set()
    assert _history_texts(case, proposed) == []


def test_the_panel_counts_the_messages_not_yet_answered(make_case, complainant, filer, caseworker):
    case = make_case(Status.VIDERESENDT)
    first = message_send(case=case, text="Et", by=complainant)
    message_send(case=case, text="To", by=filer)
    assert unanswered_message_count(case=case) == 2
    message_answer(message=first, text="Svar", share=False, by=caseworker)
    assert unanswered_message_count(case=case) == 1
