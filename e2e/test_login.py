"""Logging in and out through the development identity provider (AUTH-1, AUTH-2, AUTH-4)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from e2e.flows import log_in
from klageportal.identity.devidp.identities import IDENTITIES

ROLE_LABEL = {"citizen": "Borger", "company": "Virksomhed", "authority": "Førsteinstans", "body": "Klageinstans"}
WORKSPACE_HEADING = {
    "citizen": "Mine klager",
    "company": "Mine klager",
    "authority": "Klager over myndighedens afgørelser",
    "body": "Sager til behandling",
}


@pytest.mark.parametrize("identity", IDENTITIES, ids=lambda identity: identity.key)
def test_each_test_identity_lands_in_its_workspace(page, identity):
    """AUTH-1: every fictitious identity logs in and lands in its role's workspace; the header names the
    person and the role (AUTH-2: from the login, never typed)."""
    log_in(page, identity.key, login_shot="devidp-login", shot=f"workspace-{identity.group}")
    if identity.group == "admin":
        expect(page.locator("#site-name")).to_contain_text("Klageportal – administration")
        return
    expect(page.locator("h1")).to_have_text(WORKSPACE_HEADING[identity.group])
    user = page.locator(".portal-user .user")
    expect(user).to_contain_text(identity.name)
    expect(user).to_contain_text(ROLE_LABEL[identity.group])
    if identity.organisation:
        expect(user).to_contain_text(identity.organisation)
    expect(page.get_by_role("banner").get_by_role("button", name="Log af")).to_be_visible()


def test_log_out_ends_the_session(page):
    log_in(page, "mette")
    page.click(page.get_by_role("banner").get_by_role("button", name="Log af"), url="**/logget-ud/", shot="logged-out")
    expect(page.locator("h1")).to_have_text("Du er logget af")
    expect(page.locator(".portal-user")).not_to_contain_text("Mette Hansen")
    expect(page.get_by_role("banner").get_by_role("link", name="Log ind")).to_be_visible()
    # The workspace asks for a new login, and the identity provider asks who you are again.
    page.goto("/mine-klager/")
    assert page.path.startswith("/devidp/login/")


def test_tampered_callback_shows_a_clear_danish_page(page):
    """A callback with a state the portal never issued ends on a page that says what happened."""
    page.goto("/oidc/callback/?code=x&state=y", status=400, shot="login-error")
    expect(page.locator("h1")).to_have_text("Login mislykkedes")
    expect(page.locator(".alert-heading")).to_have_text("Login kunne ikke genkendes")
    expect(page.locator(".alert-text")).to_contain_text("Start forfra")
    expect(page.get_by_role("main").get_by_role("link", name="Log ind igen")).to_be_visible()


def test_forged_code_with_a_genuine_state_is_refused(page):
    """The state is one the portal issued, but the code is not the provider's: the provider refuses it and
    the person sees why, not a server error."""
    page.goto("/")
    page.click(page.get_by_role("main").get_by_role("link", name="Log ind"), url="**/devidp/login/**")
    authorize_url = parse_qs(urlsplit(page.page.url).query)["next"][0]
    state = parse_qs(urlsplit(authorize_url).query)["state"][0]
    page.goto(f"/oidc/callback/?code=forged&state={state}", status=400)
    expect(page.locator("h1")).to_have_text("Login mislykkedes")
    expect(page.locator(".alert-heading")).to_have_text("Svaret fra login-tjenesten kunne ikke godkendes")
    expect(page.locator(".portal-user")).not_to_contain_text("Log af")


def test_authority_caseworker_without_the_form_right_is_told_to_ask_the_local_administrator(page):
    """AUTH-4: without the right to the web appeal form the caseworker is sent to the local administrator."""
    log_in(page, "thomas", shot="authority-without-right")
    notice = page.locator(".alert-warning")
    expect(notice).to_contain_text("Du har ikke adgang til web-ankeskemaet")
    expect(notice).to_contain_text("Kontakt din lokale administrator")


def test_authority_caseworker_with_the_form_right_gets_no_such_notice(page):
    log_in(page, "birgitte")
    expect(page.get_by_text("Du har adgang til web-ankeskemaet til Ankestyrelsen.")).to_be_visible()
    expect(page.get_by_text("Kontakt din lokale administrator")).to_have_count(0)


def test_mobile_menu_shows_the_person_and_logs_out(page):
    """Below the desktop breakpoint the person, the language switch and "Log af" sit in the menu drawer."""
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, "lars", shot="mobile-workspace")
    expect(page.locator(".portal-user")).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    drawer = page.get_by_role("dialog", name="Menu")
    expect(drawer).to_be_visible()
    drawer.evaluate("drawer => Promise.all(drawer.getAnimations().map((a) => a.finished))")
    expect(drawer).to_contain_text("Lars Møller")
    expect(drawer).to_contain_text("Byggefirmaet Nord ApS")
    page.assert_accessible()
    page.screenshot("mobile-menu")
    page.click(drawer.get_by_role("button", name="Log af"), url="**/logget-ud/")
    expect(page.locator("h1")).to_have_text("Du er logget af")
