"""The appeals body's daily work with the keyboard alone (Tab, Enter, Space, the arrow keys and typing): a
caseworker of Planklagenævnet finds a forwarded complaint by its number in the inbox, takes it, moves it to Under
sekretariatsbehandling and answers the complainant's message, sharing the answer."""

import pytest

from e2e import flows
from e2e.test_keyboard import choose_radio, log_in_by_keyboard, press_button, tab_to, type_into


@pytest.fixture(autouse=True)
def _mail_catcher(settings):
    settings.EMAIL_BACKEND = "klageportal.notifications.backends.CatcherBackend"


def test_a_caseworker_takes_moves_and_answers_a_case_with_the_keyboard_alone(page):
    from klageportal.cases.models import Case, Message, Status
    from klageportal.cases.services.messages import message_send
    from klageportal.site.demo import demo_user

    demo_user("rikke")
    case = flows.complaint_submitted("mette", reference="LP-2026-412", email="mette@example.dk")
    flows.forwarded(case, by="birgitte")
    message_send(case=case, text="Hvornår hører jeg fra nævnet?", by=demo_user("mette"))

    log_in_by_keyboard(page, "rikke")
    type_into(page, "Sagsnummer", case.number)
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    page.check()
    press_button(page, case.number, url=f"**/sag/{case.number}/")

    press_button(page, "Tildel mig", tags=("button",), url=f"**/sag/{case.number}/**")
    press_button(page, "Skift status", url="**/klageinstans/status/")
    choose_radio(page, "Ny status", "Under sekretariatsbehandling")
    press_button(page, "Skift status", tags=("button",), url=f"**/sag/{case.number}/")

    press_button(page, "Beskeder", url=f"**/sag/{case.number}/beskeder/**")
    type_into(page, "Svar til Mette Hansen", "Nævnet forventer at behandle sagen i februar.")
    tab_to(page, lambda f: f["type"] == "checkbox" and f["name"] == "Del med sagens øvrige parter", "the share box")
    page.keyboard.press("Space")
    press_button(page, "Send svar", tags=("button",), url=f"**/sag/{case.number}/beskeder/**")

    case.refresh_from_db()
    assert case.assigned_to == demo_user("rikke")
    assert case.status == Status.UNDER_BEHANDLING
    answer = Message.objects.get(case=case, from_body=True)
    assert answer.shared and answer.text == "Nævnet forventer at behandle sagen i februar."
    assert Case.objects.filter(pk=case.pk, status=Status.UNDER_BEHANDLING).exists()
