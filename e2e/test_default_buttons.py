"""Enter in a field presses the form's primary button, on the web appeal form as on "Klagere" (issue 12,
item 1): never "Slå op i CPR", "Fjern" or another button that happens to come first."""

from playwright.sync_api import expect

from e2e.flows import log_in
from e2e.test_ankeskema import group, lookup_citizen, open_form


def test_enter_on_a_web_appeal_form_page_goes_to_the_next_page(page):
    log_in(page, "birgitte")
    open_form(page)
    page.goto("/ankeskema/side/2/")
    lookup_citizen(page, "1203781234")
    expect(page.get_by_label("Borgerens navn")).to_have_value("Mette Hansen")
    group(page, "Handler sagen om et barn eller en ung under 18 år?").get_by_label("Nej").check()

    with page.expect_navigation(url="**/ankeskema/side/3/"):
        page.get_by_label("Borgerens CPR-nummer").press("Enter")
    page.check()

    assert page.path == "/ankeskema/side/3/"
