"""Nothing typed is lost to "Log af" or the inactivity logout, and the logout is announced in time with a way to
stay (AUTH-3, AS-3, WCAG 2.2.1), in the complaint filing flow and in the web appeal form."""

import re
import time

from playwright.sync_api import expect

from e2e import flows
from e2e.flows import log_in

EXPIRED_MESSAGE = "Du er blevet logget ud, fordi du ikke har været aktiv"


def short_session(page, settings, *, timeout: int, warn: int = 2) -> None:
    """From now on the session ends after `timeout` seconds without activity (counted from now), and the page
    shown again knows it."""
    from django.contrib.sessions.backends.cached_db import SessionStore

    from klageportal.identity.middleware import LAST_SEEN_KEY

    settings.SESSION_INACTIVITY_TIMEOUT = timeout
    settings.SESSION_TIMEOUT_WARNING_SECONDS = warn
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=key)
    session[LAST_SEEN_KEY] = int(time.time())
    session.save()


def normal_session(settings) -> None:
    settings.SESSION_INACTIVITY_TIMEOUT = 30 * 60
    settings.SESSION_TIMEOUT_WARNING_SECONDS = 2 * 60


def to_contact_step(page) -> str:
    log_in(page, "mette")
    number = flows.start_complaint(page)
    flows.capacity_own(page)
    assert page.path == f"/klage/{number}/trin/kontakt/"
    return number


def type_contact(page) -> None:
    page.get_by_label("Telefon").fill("86 12 34 56")
    page.get_by_label("Adresse").fill("Skovvej 4, 8800 Viborg")


def expect_contact_typed(page) -> None:
    expect(page.get_by_label("Telefon")).to_have_value("86 12 34 56")
    expect(page.get_by_label("Adresse")).to_have_value("Skovvej 4, 8800 Viborg")


def contact_step_done(number: str) -> bool:
    from klageportal.filing.models import FilingDraft

    return "kontakt" in FilingDraft.objects.get(case__number=number).steps_done


def log_in_again(page, key: str, *, path: str) -> None:
    """From the expiry page: "Log ind igen", the development login (which may remember the person), and back to
    the page that was left. The page there is checked by the caller: with the page's script it may first save
    what the browser kept, and load again."""
    page.get_by_role("main").get_by_role("link", name="Log ind igen").click()
    page.wait_for_url(re.compile("/devidp/login/|" + re.escape(path) + "$"))
    if page.path.startswith("/devidp/login/"):
        page.check()
        page.locator(f'[data-identity="{key}"]').click()
        page.wait_for_url(f"**{path}")
    assert page.path == path


# --- the complaint filing flow: "Log af" and the inactivity logout ------------------------------------


def test_text_typed_on_a_filing_step_survives_log_af_and_the_next_login(page):
    """Typed, not sent with "Næste", then "Log af": after logging in again the step shows what was typed; the
    step is not done (nothing is judged until "Næste")."""
    number = to_contact_step(page)
    type_contact(page)
    flows.log_out(page)

    log_in(page, "mette")
    page.goto(f"/klage/{number}/trin/kontakt/", shot="filing-typed-after-logout")
    expect_contact_typed(page)
    assert not contact_step_done(number)


def test_text_typed_on_a_filing_step_survives_the_inactivity_logout(page, settings):
    """The browser's timer runs out: the expiry page (with the message), and after the login the step again,
    with what was typed."""
    number = to_contact_step(page)
    step = f"/klage/{number}/trin/kontakt/"
    short_session(page, settings, timeout=6, warn=2)
    page.goto(step)
    type_contact(page)
    page.wait_for_url("**/session-udloebet/**", timeout=20_000)
    page.check(shot="session-expired-with-next")
    expect(page.get_by_role("main")).to_contain_text(EXPIRED_MESSAGE)

    normal_session(settings)
    log_in_again(page, "mette", path=step)
    expect(page.locator("[data-restored-notice]")).to_be_visible(timeout=10_000)
    page.check(shot="filing-restored-after-expiry")
    expect_contact_typed(page)
    assert not contact_step_done(number)


def test_a_step_posted_after_the_session_ran_out_is_offered_back_without_javascript(visitor, settings):
    """No script: "Næste" after the session ran out keeps the step; the expiry message says so, and after the
    login the step shows it, with what was typed."""
    page = visitor(java_script_enabled=False)
    number = to_contact_step(page)
    step = f"/klage/{number}/trin/kontakt/"
    page.get_by_label("E-mail").fill("mette@example.dk")
    type_contact(page)
    short_session(page, settings, timeout=1)
    time.sleep(2.5)
    flows.next_step(page)
    assert page.path.startswith("/session-udloebet/"), page.path
    expect(page.get_by_role("main")).to_contain_text("Det, du skrev på siden, er gemt")
    assert not contact_step_done(number)

    normal_session(settings)
    log_in_again(page, "mette", path=step)
    page.check(shot="filing-kept-after-expiry")
    expect(page.get_by_role("main")).to_contain_text("Vi har gemt det, du skrev, før du blev logget ud")
    expect(page.get_by_label("E-mail")).to_have_value("mette@example.dk")
    expect_contact_typed(page)
    flows.next_step(page)
    assert page.path.endswith("/trin/afgoerelse/"), page.path
    assert contact_step_done(number)


def test_typing_counts_as_activity(page, settings):
    """Typing on a step for longer than the timeout, without sending anything, keeps the person logged in."""
    number = to_contact_step(page)
    short_session(page, settings, timeout=6, warn=2)
    page.goto(f"/klage/{number}/trin/kontakt/")
    address = page.get_by_label("Adresse")
    for letter in "Skovvej 4, Viborg":
        address.press_sequentially(letter)
        time.sleep(0.6)
    expect(page.get_by_role("dialog")).to_be_hidden()
    page.goto("/mine-klager/")
    expect(page.locator("h1")).not_to_have_text("Du er logget ud")


# --- the timeout warning, in both channels ---------------------------------------------------------------


def warning_dialog(page):
    dialog = page.get_by_role("dialog", name="Vil du blive logget ind?")
    expect(dialog).to_be_visible(timeout=10_000)
    expect(dialog).to_have_attribute("aria-modal", "true")
    expect(dialog).to_contain_text(re.compile(r"Du bliver logget ud om \d+ sekunder"))
    expect(dialog.get_by_role("button", name="Bliv logget ind")).to_be_focused()
    return dialog


def stays_logged_in_past_the_first_limit(page, settings, *, path: str, timeout: int, key: str, shot: str):
    short_session(page, settings, timeout=timeout, warn=timeout - 2)
    page.goto(path)
    loaded = time.time()
    dialog = warning_dialog(page)
    page.assert_accessible()
    box = dialog.locator(".modal-content").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
    page.screenshot(shot)
    if key == "Escape":
        page.keyboard.press("Escape")
    else:
        dialog.get_by_role("button", name="Bliv logget ind").click()
    expect(dialog).to_be_hidden()
    # Past the limit counted from the page's load, within the one counted from "Bliv logget ind".
    time.sleep(max(loaded + timeout + 1.5 - time.time(), 0))
    page.goto(path)
    assert page.path == path


def test_filing_warns_before_the_logout_and_bliv_logget_ind_keeps_the_session(page, settings):
    number = to_contact_step(page)
    page.set_viewport_size({"width": 375, "height": 812})
    stays_logged_in_past_the_first_limit(
        page, settings, path=f"/klage/{number}/trin/kontakt/", timeout=7, key="click", shot="session-warning-filing"
    )


def test_the_web_appeal_form_warns_and_escape_keeps_the_session(page, settings):
    log_in(page, "birgitte")
    page.click(page.get_by_role("main").get_by_role("link", name="Web-ankeskema", exact=True))
    stays_logged_in_past_the_first_limit(
        page, settings, path="/ankeskema/side/2/", timeout=7, key="Escape", shot="session-warning-ankeskema"
    )


def test_log_af_in_the_warning_logs_out(page, settings):
    log_in(page, "mette")
    short_session(page, settings, timeout=6, warn=4)
    page.goto("/mine-klager/")
    dialog = warning_dialog(page)
    page.click(dialog.get_by_role("button", name="Log af"), url="**/logget-ud/")
    page.goto("/mine-klager/", status=200)
    assert page.path.startswith("/devidp/login/"), page.path
