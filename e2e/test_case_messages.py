""" "Skriv besked" (CW-7) in the browser: Mette writes to the board about her forwarded complaint (an empty message
is refused at the field); the board's caseworker finds it from the case's panel, answers and shares the answer and
the message; Mette reads the answer, and the history names both without their text. Every page checked with axe;
on a phone nothing overflows."""

import pytest
from playwright.sync_api import expect

from e2e import flows
from e2e.flows import log_in, log_out

QUESTION = "Hvornår kan jeg forvente, at nævnet behandler min klage?"
ANSWER = "Nævnet forventer at behandle sagen inden for tre måneder."


@pytest.fixture(autouse=True)
def _mail_catcher(settings):
    settings.EMAIL_BACKEND = "klageportal.notifications.backends.CatcherBackend"


def _forwarded_case() -> str:
    """A local plan complaint Mette Hansen filed herself against Viborg Kommune, forwarded to Planklagenævnet."""
    from klageportal.site.demo import demo_user

    demo_user("rikke")
    case = flows.complaint_submitted("mette", reference="LP-2026-81", email="mette@example.dk")
    flows.forwarded(case, by="birgitte")
    return case.number


def _fits_a_phone(page, shot: str) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    page.screenshot(shot)
    width = page.evaluate(
        """() => Math.max(document.documentElement.scrollWidth,
                ...[...document.querySelectorAll("main *")].map((e) => e.getBoundingClientRect().right))"""
    )
    assert width <= 375, width
    page.set_viewport_size({"width": 1280, "height": 900})


def test_complainant_writes_the_caseworker_answers_and_shares_and_the_complainant_reads_the_answer(page):
    from klageportal.cases.models import Message

    number = _forwarded_case()
    messages_url = f"/sag/{number}/beskeder/"

    def on_messages(url: str) -> bool:  # the page, at the message it was about ("#besked-<n>")
        return messages_url in url

    # Mette writes; an empty message is refused at the field.
    log_in(page, "mette")
    page.goto(f"/sag/{number}/")
    page.click(page.get_by_role("link", name="Beskeder", exact=True), url=on_messages, shot="messages-party")
    page.click(page.get_by_role("button", name="Send besked"), shot="messages-empty")
    expect(page.locator("#error-summary")).to_contain_text("Skriv din besked.")
    expect(page.locator("#id_text_error")).to_contain_text("Skriv din besked.")
    page.get_by_label("Besked").fill(QUESTION)
    _fits_a_phone(page, "messages-party-phone")
    page.click(page.get_by_role("button", name="Send besked"), url=on_messages, shot="messages-sent")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Din besked er sendt til klageinstansen.")
    sent = page.get_by_role("article", name="Besked fra Mette Hansen")
    expect(sent).to_contain_text(QUESTION)
    expect(sent).to_contain_text("Kun til klageinstansen")
    log_out(page)

    # Rikke, the board's caseworker, finds it from the panel, answers and shares.
    log_in(page, "rikke")
    page.goto(f"/sag/{number}/")
    panel = page.locator("[data-panel-messages]")
    expect(panel).to_contain_text("1 ubesvaret besked fra sagens parter.")
    page.click(panel.get_by_role("link", name="Læs og besvar beskederne"), url=on_messages, shot="messages-body")
    thread = page.get_by_role("article", name="Besked fra Mette Hansen")
    thread.get_by_label("Svar til Mette Hansen").fill(ANSWER)
    thread.get_by_label("Del med sagens øvrige parter").check()
    _fits_a_phone(page, "messages-body-phone")
    page.click(thread.get_by_role("button", name="Send svar"), url=on_messages, shot="messages-answered")
    expect(main).to_contain_text("Dit svar er sendt og delt med sagens øvrige parter.")
    thread = page.get_by_role("article", name="Besked fra Mette Hansen")
    expect(thread).to_contain_text(ANSWER)
    button = thread.get_by_role("button", name="Del beskeden med sagens øvrige parter")
    button.focus()
    with page.expect_navigation(url=on_messages):
        page.keyboard.press("Enter")
    page.check(shot="messages-shared")
    expect(main).to_contain_text("Beskeden er delt med sagens øvrige parter.")
    assert set(Message.objects.filter(case__number=number).values_list("from_body", "shared")) == {
        (False, True),
        (True, True),
    }
    page.goto(f"/sag/{number}/")
    expect(page.locator("[data-panel-messages]")).to_contain_text("Ingen ubesvarede beskeder.")
    log_out(page)

    # Mette reads the answer; the history names the message and the answer, not their text.
    log_in(page, "mette")
    page.goto(messages_url, shot="messages-read")
    thread = page.get_by_role("article", name="Besked fra Mette Hansen")
    expect(thread).to_contain_text("Svar fra klageinstansen (Rikke Dahl)")
    expect(thread).to_contain_text(ANSWER)
    expect(thread.locator("[data-shared=yes]")).to_have_count(2)
    expect(page.locator("[data-answer-form]")).to_have_count(0)
    page.click(page.get_by_role("link", name="Historik", exact=True), url=f"**/sag/{number}/historik/")
    history = page.get_by_role("table", name="Sagens historik")
    expect(history).to_contain_text("Besked til klageinstansen fra Mette Hansen (Klager).")
    expect(history).to_contain_text(
        "Klageinstansen har besvaret en besked fra Mette Hansen og delt svaret med sagens parter."
    )
    expect(history).not_to_contain_text(ANSWER)
