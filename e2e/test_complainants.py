"""Step "Klagere" as a lawyer in a hurry uses it: Enter adds and never removes, removing asks first, a wrong
CPR number shows the register's name (with and without JavaScript), and a complainant named by a wrong
number can be corrected after submission and approve through a new e-mail (issue 12, items 1 and 4)."""

from playwright.sync_api import expect

from e2e import flows
from e2e.flows import log_in
from e2e.test_filing import JENS

KAREN = {"kind": "person", "number": "231159-4422", "name": "Karen Sørensen", "email": "karen@example.dk"}

FIRST_BUTTONS = """() => [...document.querySelectorAll("main form")].map((form) => {
    const buttons = [...form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]")];
    return buttons.length < 2 ? null : {
        value: buttons[0].value,
        primary: buttons[0].classList.contains("button-primary") || buttons[0].hasAttribute("data-default-button"),
    };
}).filter(Boolean)"""


def _to_complainants(page) -> str:
    log_in(page, "peter")
    number = flows.start_complaint(page)
    flows.capacity_represent(page)
    flows.contact(page, email="peter@example.dk")
    assert page.path.endswith("/trin/klagere/"), page.path
    return number


def _type_complainant(page, complainant: dict) -> None:
    kind = "En privatperson (CPR-nummer)" if complainant["kind"] == "person" else "En virksomhed (CVR-nummer)"
    page.get_by_label(kind).check()
    page.get_by_label("CPR- eller CVR-nummer").fill(complainant["number"])
    page.locator("#id_name").fill(complainant["name"])
    page.locator("#id_email").fill(complainant["email"])


def _table(page):
    return page.get_by_role("table", name="Klagere")


def test_enter_in_email_adds_the_second_complainant_and_the_first_stays(page):
    _to_complainants(page)
    flows.add_complainant(page, **JENS)
    for form in page.evaluate(FIRST_BUTTONS):
        assert form["primary"] and not form["value"].startswith("remove"), form

    _type_complainant(page, KAREN)
    with page.expect_navigation(url="**/trin/klagere/"):
        page.locator("#id_email").press("Enter")
    page.check(shot="complainants-enter-adds")

    expect(_table(page)).to_contain_text("Jens Nielsen")
    expect(_table(page)).to_contain_text("Karen Sørensen")
    expect(page.get_by_role("main")).to_contain_text("Karen Sørensen er tilføjet som klager.")
    expect(page.locator("#id_email")).to_have_value("")

    # On a phone the list stacks (DKFDS responsive table) and fits the screen.
    page.set_viewport_size({"width": 375, "height": 812})
    widths = page.evaluate(
        """() => [document.documentElement.scrollWidth,
                  document.querySelector("[data-complainants]").getBoundingClientRect().right]"""
    )
    assert max(widths) <= 375, widths
    page.screenshot("complainants-phone")


def test_fjern_asks_first_and_annuller_keeps_the_person(page):
    number = _to_complainants(page)
    flows.add_complainant(page, **JENS)

    page.click(page.get_by_role("link", name="Fjern Jens Nielsen"), shot="complainants-remove-confirm")
    expect(page.locator("h1")).to_have_text("Vil du fjerne Jens Nielsen?")
    page.click(page.get_by_role("link", name="Annuller"), url=f"**/klage/{number}/trin/klagere/")
    expect(_table(page)).to_contain_text("Jens Nielsen")

    page.click(page.get_by_role("link", name="Fjern Jens Nielsen"))
    page.click(page.get_by_role("button", name="Fjern Jens Nielsen"), url=f"**/klage/{number}/trin/klagere/")
    expect(page.get_by_role("main")).to_contain_text("Jens Nielsen er fjernet som klager.")
    expect(page.get_by_role("table", name="Klagere")).to_have_count(0)


def test_a_wrong_cpr_shows_the_looked_up_name_when_leaving_the_field(page):
    _to_complainants(page)
    page.get_by_label("En privatperson (CPR-nummer)").check()
    cpr = page.get_by_label("CPR- eller CVR-nummer")

    cpr.fill("050765-1234")
    cpr.press("Tab")
    expect(page.locator("#group-id_number")).to_contain_text(
        "CPR-nummeret findes ikke i CPR. Ret nummeret, og prøv igen."
    )
    expect(cpr).to_have_attribute("aria-invalid", "true")

    page.locator("#id_name").fill("Jens Nielsen")
    cpr.fill("231159-4422")  # another person's number, typed by mistake
    cpr.press("Tab")
    expect(page.locator("#id_name")).to_have_value("Karen Sørensen")
    expect(page.locator("[data-lookup-message]")).to_contain_text(
        "Navn i registret: Karen Sørensen. Du skrev Jens Nielsen."
    )
    expect(cpr).not_to_have_attribute("aria-invalid", "true")
    page.screenshot("complainants-lookup-name")


def test_without_javascript_the_register_name_is_shown_on_adding(visitor):
    other = visitor(java_script_enabled=False)
    _to_complainants(other)
    _type_complainant(other, {**KAREN, "name": "Jens Nielsen"})

    other.click(other.get_by_role("button", name="Tilføj klager"), shot="complainants-lookup-nojs")

    expect(other.get_by_role("main")).to_contain_text(
        "I CPR-registret hedder personen med dette CPR-nummer Karen Sørensen, ikke Jens Nielsen."
    )
    expect(other.locator("#id_name")).to_have_value("Karen Sørensen")
    expect(other.locator("#id_email")).to_have_value("karen@example.dk")
    expect(other.get_by_role("table", name="Klagere")).to_have_count(0)

    other.click(other.get_by_role("button", name="Tilføj klager"))
    expect(_table(other)).to_contain_text("Karen Sørensen")
    expect(_table(other)).to_contain_text("CPR 231159-4422")


def _latest_approval_link(number: str, to: str) -> str:
    from klageportal.notifications.models import OutboxEmail

    mail = OutboxEmail.objects.filter(case__number=number, to=to, reason="approval_request").latest("pk")
    return flows.mail_path(mail.body, "/godkend/")


def test_a_complainant_named_by_a_wrong_cpr_is_corrected_and_approves(page, visitor, settings):
    """The register did not answer when Jens was added with a typo; his link refuses him and says what to do;
    the lawyer corrects the number from the case page and Jens approves through the new e-mail."""
    from klageportal.notifications.models import OutboxEmail

    number = _to_complainants(page)
    settings.REGISTER_LOCAL_UNAVAILABLE = True
    flows.add_complainant(page, **{**JENS, "number": "050765-1234"})
    expect(page.get_by_role("main")).to_contain_text(
        "CPR-registret svarede ikke, så navnet Jens Nielsen er ikke kontrolleret."
    )
    settings.REGISTER_LOCAL_UNAVAILABLE = False
    flows.next_step(page)
    flows.decision(page)
    flows.next_step(page)
    flows.submit(page)

    jens = visitor()
    link = _latest_approval_link(number, JENS["email"])
    jens.goto(link)
    flows.choose_identity(jens, "jens", url=f"**{link}")
    jens.check(shot="approval-refused")
    expect(jens.get_by_role("main")).to_contain_text("Du kan ikke godkende denne repræsentation")
    expect(jens.get_by_role("heading", name="Hvad kan du gøre?")).to_be_visible()
    expect(jens.get_by_role("main")).to_contain_text("repræsentanten måske skrevet dit CPR- eller CVR-nummer forkert")

    page.goto(f"/sag/{number}/")
    page.click(page.get_by_role("link", name="Ret Jens Nielsen"), shot="complainant-correct")
    expect(page.get_by_label("CPR- eller CVR-nummer")).to_have_value("0507651234")
    page.get_by_label("CPR- eller CVR-nummer").fill("050765-1237")
    page.click(page.get_by_role("button", name="Ret og send ny anmodning"), url=f"**/sag/{number}/")
    expect(page.get_by_role("main")).to_contain_text("Vi har sendt en ny anmodning om godkendelse til jens@example.dk.")
    assert OutboxEmail.objects.filter(case__number=number, to=JENS["email"], reason="approval_request").count() == 2

    jens.goto(_latest_approval_link(number, JENS["email"]))
    jens.click(jens.get_by_role("button", name="Godkend repræsentationen"), url=f"**{link}")
    expect(jens.get_by_role("main")).to_contain_text("Tak. Du har godkendt repræsentationen.")


def test_approval_buttons_do_not_touch_on_a_phone(page, visitor):
    log_in(page, "peter")
    number = flows.file_complaint(page, capacity="represent", email="peter@example.dk", complainants=(JENS,))
    jens = visitor()
    jens.set_viewport_size({"width": 375, "height": 812})
    link = _latest_approval_link(number, JENS["email"])
    jens.goto(link)
    flows.choose_identity(jens, "jens", url=f"**{link}")
    jens.check(shot="approval-phone")
    approve = jens.get_by_role("button", name="Godkend repræsentationen").bounding_box()
    decline = jens.get_by_role("button", name="Afvis repræsentationen").bounding_box()
    assert approve and decline
    apart = decline["y"] - (approve["y"] + approve["height"])
    beside = decline["x"] - (approve["x"] + approve["width"])
    assert apart >= 8 or beside >= 8, (approve, decline)
