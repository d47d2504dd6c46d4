"""A municipality files a complaint for a citizen exempted from digital self-service (KP-2, KP-3, KP-6) and a
relative pays the fee through a payment link, registered as payer (PAY-3); the case is then Indsendt."""

import pytest
from playwright.sync_api import expect

from e2e import flows
from e2e.flows import log_in

EXEMPT = "Jeg opretter klage på vegne af borger som er undtaget for digital selvbetjening"
INGER = "090141-0432"  # Inger Poulsen in the local CPR register

FOCUSED = """
() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  let name = e.getAttribute("aria-label") || "";
  if (!name && e.labels && e.labels.length) name = e.labels[0].innerText;
  if (!name) name = e.innerText || e.value || "";
  return {tag: e.tagName.toLowerCase(), type: (e.type || "").toLowerCase(), name: name.replace(/\\s+/g, " ").trim()};
}
"""


@pytest.fixture(autouse=True)
def _mail_catcher(settings):
    """E-mails land in the development mailbox (/dev/mail/), as in the demo."""
    settings.EMAIL_BACKEND = "klageportal.notifications.backends.CatcherBackend"


def _case(number: str):
    from klageportal.cases.models import Case

    return Case.objects.get(number=number)


def _tab_to_field(page, label: str) -> None:
    """Tab until the focus is on the field whose label begins with `label`, as a keyboard user would."""
    for _ in range(120):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        if now and now["tag"] in ("input", "textarea") and now["name"].startswith(label):
            return
    raise AssertionError(f"Tab never reached {label!r} on {page.path}")


def _no_overflow_at_phone_width(page, shot: str) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    page.screenshot(shot)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, page.path
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_municipality_files_for_an_exempt_citizen_and_a_relative_pays_through_a_link(page, visitor):
    from klageportal.cases.models import ApprovalState, PartyRole
    from klageportal.notifications.models import OutboxEmail

    log_in(page, "birgitte")
    entry = page.get_by_role("main").get_by_role(
        "link", name="Opret klage for en borger, der er fritaget for digital selvbetjening"
    )
    page.click(entry, url="**/klage/ny/", shot="exempt-start")
    expect(page.get_by_role("main")).to_contain_text("Borgerens CPR-nummer")
    _no_overflow_at_phone_width(page, "exempt-start-phone")
    page.get_by_label("Klagenævn og klagetype").select_option(label="Lokalplan")
    page.click(page.get_by_role("button", name="Næste"), url="**/trin/klager/")
    number = flows.case_number_from_path(page.path)

    # Screen 1: "Klager" with the one capacity, "Repræsenterer" and the exemption; wrong input first.
    main = page.get_by_role("main")
    expect(page.get_by_label(EXEMPT, exact=True)).to_be_checked()
    expect(main).not_to_contain_text(flows.OWN_BEHALF)
    page.get_by_label("Repræsenterer").fill("0101011111")
    flows.next_step(page, shot="exempt-capacity-errors")
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#id_cpr_error")).to_contain_text("CPR-nummeret findes ikke i CPR")
    expect(page.locator("#id_exemption_reference_error")).to_contain_text("Skriv en reference")
    # With the keyboard alone: the fields by Tab, and Enter in the last one sends the step.
    page.locator("body").focus()
    _tab_to_field(page, "Repræsenterer")
    page.keyboard.press("Control+A")
    page.keyboard.type(INGER)
    _tab_to_field(page, "Reference til fritagelsen")
    page.keyboard.type("MFKN 26/01234")
    with page.expect_navigation(url="**/trin/kontakt/", wait_until="load"):
        page.keyboard.press("Enter")
    page.check()

    # Step 2 is the citizen's contact details, the name from the CPR register; there is no step for the filer.
    expect(page.locator("h1")).to_have_text("Klagers kontaktoplysninger")
    expect(page.locator("#id_name")).to_have_value("Inger Poulsen")
    expect(page.get_by_label("Adresse")).to_have_value("Solvænget 1, bolig 14, 8850 Bjerringbro")
    page.get_by_label("Borgeren er fritaget for Digital Post").check()
    _no_overflow_at_phone_width(page, "exempt-contact-phone")
    flows.next_step(page, shot="exempt-contact")
    assert page.path.endswith("/trin/afgoerelse/"), page.path

    flows.choose_authority(page, "Viborg Kommune")
    from datetime import timedelta

    from django.utils import timezone

    flows.fill_date(page, "Afgørelsens dato", timezone.localdate() - timedelta(days=10))
    page.get_by_label("Borgerens klage").fill("Lokalplanen tillader byggeri tæt på borgerens bolig.")
    flows.next_step(page)
    assert page.path.endswith("/trin/dokumenter/"), page.path
    flows.next_step(page, shot="exempt-summary")
    summary = page.locator("[data-summary-citizen]")
    expect(summary).to_contain_text("Inger Poulsen")
    expect(summary).to_contain_text("MFKN 26/01234")
    expect(summary).to_contain_text("Ingen e-mail")
    expect(summary).to_contain_text("Fritaget for Digital Post")
    _no_overflow_at_phone_width(page, "exempt-summary-phone")

    flows.submit(page, to_case=False, shot="exempt-payment-step")
    assert page.path == f"/klage/{number}/trin/betaling/"
    case = _case(number)
    assert case.status == "udfyldt" and case.filed_for_exempt_citizen
    citizen = case.parties.get(role=PartyRole.COMPLAINANT)
    assert citizen.approval == ApprovalState.NOT_NEEDED and citizen.no_email and citizen.digital_post_exempt
    assert not OutboxEmail.objects.filter(case=case, reason=OutboxEmail.Reason.APPROVAL_REQUEST).exists()
    expect(page.get_by_role("main")).to_contain_text("familiemedlem")
    _no_overflow_at_phone_width(page, "exempt-payment-step-phone")

    # PAY-3: a payment link to a relative, "Modtageren af linket registreres som betaler" ticked already.
    page.click(page.get_by_role("main").get_by_role("link", name="Send betalingslink"), shot="exempt-send-link")
    expect(page.get_by_label("Registrér modtageren som betaler")).to_be_checked()
    page.get_by_label("Modtagerens e-mailadresse").fill("hans.poulsen@example.dk")
    page.click(page.get_by_role("main").get_by_role("button", name="Send betalingslink"), url="**/trin/betaling/")
    expect(page.get_by_role("status").first).to_contain_text("Betalingslinket er sendt til hans.poulsen@example.dk.")
    assert _case(number).status == "udfyldt"

    # The relative opens the link from the e-mail without logging in; name and address before paying.
    relative = visitor()
    relative.goto("/dev/mail/")
    relative.click(relative.get_by_role("link", name=f"Betalingslink: klagegebyr for sag {number}"))
    link = flows.mail_path(relative.locator(".mail-body").inner_text(), "/betal/")
    relative.goto(link, shot="exempt-payment-link")
    expect(relative.get_by_role("main")).to_contain_text("Du bliver registreret som betaler")
    relative.click(relative.get_by_role("button", name="Gå til betaling"))
    expect(relative.locator("#id_name_error")).to_contain_text("Indtast dit fulde navn.")
    relative.get_by_label("Dit fulde navn").fill("Hans Poulsen")
    relative.get_by_label("Din adresse").fill("Solvænget 3, 8850 Bjerringbro")
    relative.click(relative.get_by_role("button", name="Gå til betaling"), url="**/testbetaling/**")
    flows.pay_at_gateway(relative)
    expect(relative.locator("[data-payment-state]")).to_have_attribute("data-payment-state", "paid")

    case = _case(number)
    assert case.status == "indsendt"
    payer = case.parties.get(role=PartyRole.PAYER)
    assert (payer.name, payer.email) == ("Hans Poulsen", "hans.poulsen@example.dk")
    assert case.payments.get(state="paid").payer == payer
    assert OutboxEmail.objects.filter(case=case, reason=OutboxEmail.Reason.NEW_COMPLAINT).exists()

    # The staff member follows the case: the payment step says it is sent, and the case page shows Indsendt.
    page.goto(f"/klage/{number}/trin/betaling/")
    expect(page.locator("[data-sent]")).to_contain_text("Din klage er sendt")
    page.click(page.get_by_role("link", name="Gå til sagen"), url=f"**/sag/{number}/", shot="exempt-case")
    assert flows.case_status(page) == "Indsendt"
    page.goto("/klage/ny/")
    expect(page.locator("[data-filed-for-citizens]")).to_contain_text(number)
    expect(page.locator("[data-filed-for-citizens]")).to_contain_text("Inger Poulsen")
    _no_overflow_at_phone_width(page, "exempt-start-with-cases-phone")
