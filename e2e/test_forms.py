"""Every form's errors, the DKFDS way (X-1): a summary that takes the focus, a title that begins "Fejl:", links
that name and reach each field, the error in each field's accessible description; and DKFDS checkboxes and
radios. PortalPage.check() holds the summary, title, focus and description on every page; these tests reach
a page with errors on each kind of form and look closer."""

import pytest
from playwright.sync_api import expect

from e2e import flows
from e2e.flows import ASSOCIATION, REPRESENT, log_in


def focused_id(page) -> str:
    return page.evaluate("() => document.activeElement.id")


def test_filing_step_errors_are_summarised_named_and_linked(page):
    """Step 1 posted empty, then as an association without a name or confirmation: each error is in the
    summary under its field's name, the summary has the focus, its links move the focus to the field."""
    log_in(page, "karen")
    flows.start_complaint(page)
    flows.next_step(page, shot="filing-step-1-errors")
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    assert page.title().startswith("Fejl: ")
    link = summary.get_by_role("link", name="Udfyld feltet „Hvem klager?“.")
    expect(link).to_have_attribute("href", "#id_capacity_0")
    link.click()
    assert focused_id(page) == "id_capacity_0"
    fieldset = page.locator("#group-id_capacity fieldset")
    expect(fieldset).to_have_attribute("aria-describedby", "id_capacity_hint id_capacity_error")

    page.get_by_label(REPRESENT, exact=True).check()
    page.get_by_label(ASSOCIATION, exact=True).check()
    flows.next_step(page, shot="filing-step-1-association-errors")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links).to_have_text(
        [
            "Skriv foreningens navn.",
            "Du skal bekræfte, at foreningens tegningsregler giver dig ret til at klage på dens vegne.",
        ]
    )
    confirm = page.get_by_label("Jeg bekræfter, at foreningens tegningsregler")
    expect(confirm).to_have_attribute("aria-invalid", "true")
    expect(confirm).to_have_attribute("aria-describedby", "id_association_confirmed_error")
    links.nth(1).click()
    assert focused_id(page) == "id_association_confirmed"


def test_the_association_checkbox_is_drawn_at_its_label_on_a_phone(page):
    """Item 9: the checkbox sits beside its label inside the form, not at the page's top-left corner, and the
    keyboard reaches it after the radios above it."""
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, "karen")
    flows.start_complaint(page)
    page.get_by_label(REPRESENT, exact=True).check()
    page.get_by_label(ASSOCIATION, exact=True).check()
    checkbox = page.get_by_label("Jeg bekræfter, at foreningens tegningsregler")
    label = page.locator("label[for=id_association_confirmed]")
    box, label_box = checkbox.bounding_box(), label.bounding_box()
    assert box and label_box
    assert label_box["y"] - 4 <= box["y"] <= label_box["y"] + label_box["height"], (box, label_box)
    assert abs(box["x"] - label_box["x"]) < 8, (box, label_box)  # the box is drawn where the label begins
    checkbox.focus()
    page.keyboard.press("Space")
    expect(checkbox).to_be_checked()
    page.screenshot("filing-step-1-association-375")


def test_start_page_and_payment_link_form_errors(page):
    """The first filing page and the page that sends a payment link use the same summary and fields."""
    log_in(page, "mette")
    page.goto("/mine-klager/")
    page.click(page.get_by_role("main").get_by_role("link", name="Opret klage"), url="**/klage/ny/")
    page.click(page.get_by_role("button", name="Næste"), shot="filing-start-errors")
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(["Udfyld feltet „Klagenævn og klagetype“."])
    select = page.get_by_label("Klagenævn og klagetype")
    expect(select).to_have_attribute("aria-describedby", "id_complaint_type_hint id_complaint_type_error")


@pytest.fixture
def without_javascript(browser, portal):
    """A browser with JavaScript switched off, its pages checked like the others."""
    from e2e.browser import PortalPage
    from e2e.conftest import SCREENSHOTS

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK", java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = PortalPage(context.new_page(), base_url=portal.url, screenshots=SCREENSHOTS, javascript=False)
    yield page
    try:
        page.assert_every_page_checked()
    finally:
        context.close()


def test_web_appeal_form_errors_without_javascript(without_javascript):
    """Without JavaScript the summary, title, names and links are the server's: page 1 posted empty."""
    page = without_javascript
    log_in(page, "birgitte")
    page.click(page.get_by_role("main").get_by_role("link", name="Web-ankeskema", exact=True))
    assert page.path == "/ankeskema/side/1/", page.path
    nav = page.get_by_role("navigation", name="Navigation mellem trin")
    page.click(nav.get_by_role("button", name="Næste"), url="**/ankeskema/side/1/")
    assert page.title().startswith("Fejl: ")
    summary = page.locator("#error-summary")
    expect(summary.get_by_role("link", name="Udfyld feltet „Sagsbehandlerens telefonnummer“.")).to_have_attribute(
        "href", "#id_caseworker_phone"
    )
