"""The Beskeder tab, "Skriv besked" (CW-7): the page, its forms' errors at the field with nothing typed lost, Enter
pressing each form's primary button, and the answers and shares of the board's caseworker."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from klageportal.cases.models import CaseEvent, Message, Status
from klageportal.cases.services.messages import MESSAGE_MAX_LENGTH, message_answer, message_send

pytestmark = pytest.mark.django_db


def url(name: str, case, **kwargs) -> str:
    return reverse(f"workspaces:{name}", kwargs={"number": case.number, **kwargs})


def page(client, user, case) -> str:
    client.force_login(user)
    response = client.get(url("case_messages", case))
    assert response.status_code == 200
    return response.content.decode()


def _state(case) -> tuple:
    messages = tuple(case.messages.order_by("pk").values_list("pk", "text", "shared"))
    return messages, CaseEvent.objects.filter(case=case).count()


class Forms(HTMLParser):
    """The submit buttons of every form of a page, in order, each as its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[list[dict]] = []
        self.fields: list[int] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._open = True
            self.forms.append([])
            self.fields.append(0)
        elif self._open and tag == "button" and attributes.get("type", "submit") == "submit":
            self.forms[-1].append(attributes)
        elif self._open and (tag == "textarea" or (tag == "input" and attributes.get("type") != "hidden")):
            self.fields[-1] += 1

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = False


def test_the_tab_is_among_the_cases_tabs_and_a_party_writes_a_message(client, make_case, complainant):
    case = make_case(Status.INDSENDT)
    html = page(client, complainant, case)
    assert f'href="{url("case_messages", case)}" class="case-tab is-current" aria-current="page"' in html
    assert "Skriv besked" in html and 'name="text"' in html
    assert "Der er ingen beskeder i sagen, som du kan se." in html

    response = client.post(url("case_messages", case), {"text": "Hvornår får jeg svar?\nMvh Karla"})

    message = Message.objects.get(case=case)
    assert response.status_code == 302 and response["Location"] == url("case_messages", case) + f"#besked-{message.pk}"
    html = page(client, complainant, case)
    assert "Din besked er sendt til klageinstansen." in html
    assert "Hvornår får jeg svar?<br>Mvh Karla" in html
    assert "Kun til klageinstansen" in html
    assert f'id="besked-{message.pk}"' in html


def test_an_empty_message_shows_the_error_at_the_field_and_in_the_summary(client, make_case, complainant):
    case = make_case(Status.VIDERESENDT)
    client.force_login(complainant)
    before = _state(case)
    response = client.post(url("case_messages", case), {"text": "  "})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_text">Skriv din besked.</a>' in html  # the summary
    assert 'id="id_text_error"' in html  # at the field
    assert _state(case) == before


def test_a_too_long_message_is_refused_and_kept_as_typed(client, make_case, complainant):
    case = make_case(Status.VIDERESENDT)
    client.force_login(complainant)
    typed = "Lang tekst. " * (MESSAGE_MAX_LENGTH // 12 + 1)
    before = _state(case)
    response = client.post(url("case_messages", case), {"text": typed})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Beskeden må højst være på 5.000 tegn. Den er på {len(typed.strip()):,} tegn.".replace(",", ".") in html
    assert f">\n{typed}</textarea>" in html  # nothing typed is lost (no maxlength cuts it either)
    assert _state(case) == before


def test_no_form_before_indsendt_and_once_afsluttet_and_a_post_is_refused(client, make_case, complainant, filer):
    for status, says in (
        (Status.UDFYLDT, "Du kan skrive en besked til klageinstansen, når klagen har status Indsendt."),
        (Status.AFSLUTTET, "Sagen er afsluttet. Der kan ikke længere skrives beskeder i sagen."),
    ):
        case = make_case(status)
        html = page(client, filer, case)
        assert says in html and 'name="text"' not in html
        before = _state(case)
        assert client.post(url("case_messages", case), {"text": "Hej"}).status_code == 403
        assert _state(case) == before


def test_the_caseworker_answers_and_shares_and_the_complainant_reads_the_answer(
    client, make_case, complainant, filer, caseworker
):
    case = make_case(Status.VIDERESENDT)
    question = message_send(case=case, text="Hvornår?", by=complainant)
    html = page(client, caseworker, case)
    assert f'id="id_svar-{question.pk}-text"' in html
    assert "Svar til Karla Klager" in html and "Del med sagens øvrige parter" in html
    assert "Del beskeden med sagens øvrige parter" in html
    assert "Skriv besked" not in html  # the body answers; it does not write first

    response = client.post(
        url("case_message_answer", case, message=question.pk),
        {f"svar-{question.pk}-text": "Inden for tre måneder.", f"svar-{question.pk}-share": "on"},
    )
    assert response.status_code == 302
    answer = Message.objects.get(in_reply_to=question)
    assert (answer.text, answer.shared, answer.from_body) == ("Inden for tre måneder.", True, True)
    response = client.post(url("case_message_share", case, message=question.pk))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.shared

    for reader in (complainant, filer):
        html = page(client, reader, case)
        assert "Hvornår?" in html and "Inden for tre måneder." in html
        assert "Svar fra klageinstansen (Maja Nævn)" in html
        assert "Del beskeden" not in html and "svar-" not in html


def test_an_empty_answer_shows_the_error_at_its_field_and_keeps_the_box_ticked(
    client, make_case, complainant, caseworker
):
    case = make_case(Status.VIDERESENDT)
    question = message_send(case=case, text="Hvornår?", by=complainant)
    client.force_login(caseworker)
    before = _state(case)
    response = client.post(url("case_message_answer", case, message=question.pk), {f"svar-{question.pk}-share": "on"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="#id_svar-{question.pk}-text">Svar til Karla Klager: Skriv dit svar.</a>' in html
    assert f'id="id_svar-{question.pk}-text_error"' in html
    assert re.search(rf'<input type="checkbox" name="svar-{question.pk}-share"[^>]* checked', html)
    assert _state(case) == before


def test_others_cannot_answer_or_share(client, make_case, complainant, fi_staff, other_caseworker, caseworker):
    case = make_case(Status.VIDERESENDT)
    question = message_send(case=case, text="Hvornår?", by=complainant)
    before = _state(case)
    for person, status in ((complainant, 403), (fi_staff, 403), (other_caseworker, 404)):
        client.force_login(person)
        answered = client.post(url("case_message_answer", case, message=question.pk), {f"svar-{question.pk}-text": "x"})
        shared = client.post(url("case_message_share", case, message=question.pk))
        assert (answered.status_code, shared.status_code) == (status, status), person
    client.logout()
    assert client.post(url("case_message_share", case, message=question.pk)).status_code == 302  # to the login
    assert _state(case) == before
    assert "Del beskeden" not in page(client, fi_staff, case)


def test_a_message_of_another_case_is_not_found(client, make_case, complainant, caseworker):
    case, other = make_case(Status.VIDERESENDT), make_case(Status.VIDERESENDT)
    question = message_send(case=other, text="Hvornår?", by=complainant)
    client.force_login(caseworker)
    assert client.post(url("case_message_share", case, message=question.pk)).status_code == 404
    question.refresh_from_db()
    assert not question.shared


def test_enter_presses_the_primary_button_of_every_form_with_a_field(client, make_case, complainant, caseworker):
    """Each form has its own primary button first; "Del …" is a form of its own, never the answer's default."""
    case = make_case(Status.VIDERESENDT)
    question = message_send(case=case, text="Hvornår?", by=complainant)
    message_answer(message=question, text="Snart.", share=False, by=caseworker)
    for reader in (complainant, caseworker):
        parser = Forms()
        parser.feed(page(client, reader, case))
        with_fields = [buttons for buttons, fields in zip(parser.forms, parser.fields, strict=True) if fields]
        assert with_fields
        for buttons in with_fields:
            assert len(buttons) == 1 and "button-primary" in buttons[0]["class"].split()


def test_the_body_panel_counts_unanswered_messages_and_links_to_the_tab(client, make_case, complainant, caseworker):
    case = make_case(Status.VIDERESENDT)
    message_send(case=case, text="Et", by=complainant)
    message_send(case=case, text="To", by=complainant)
    client.force_login(caseworker)
    html = client.get(url("case_detail", case)).content.decode()
    assert 'data-unanswered="2"' in html and "2 ubesvarede beskeder fra sagens parter." in html
    assert f'href="{url("case_messages", case)}">Læs og besvar beskederne</a>' in html
