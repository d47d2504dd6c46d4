"""The fee in the filing flow (PAY-1, PAY-6, KP-6): shown from the first step with its rate and rule, paid in
the flow's payment step, "sendt" only when the case is Indsendt, and a fee due at forwarding said to be
charged then, on every page that speaks of it."""

import pytest
from playwright.sync_api import expect

from e2e import flows
from e2e.flows import log_in

JENS = {"kind": "person", "number": "050765-1237", "name": "Jens Nielsen", "email": "jens@example.dk"}


@pytest.fixture(autouse=True)
def _mail_catcher(settings):
    settings.EMAIL_BACKEND = "klageportal.notifications.backends.CatcherBackend"


def _case(number: str):
    from klageportal.cases.models import Case

    return Case.objects.get(number=number)


def _indicator(page):
    return page.get_by_role("navigation", name="Trin i klagen")


def _to_summary(page, complaint_type: str, *, capacity: str = "own", complainants=()) -> str:
    number = flows.start_complaint(page, complaint_type)
    if capacity == "own":
        flows.capacity_own(page)
    else:
        flows.capacity_represent(page)
    flows.contact(page, email="filer@example.dk")
    for complainant in complainants:
        flows.add_complainant(page, **complainant)
    if complainants:
        flows.next_step(page)
    flows.decision(page)
    flows.next_step(page)
    assert page.path == f"/klage/{number}/trin/opsummering/", page.path
    return number


def test_a_citizen_pays_in_the_flow_and_only_then_reads_that_the_complaint_is_sent(page):
    from klageportal.notifications.models import OutboxEmail

    log_in(page, "mette")
    page.goto("/klage/ny/")
    page.get_by_text("Se klagegebyret for hver klagetype").click()
    expect(page.locator("[data-type-fees]")).to_contain_text("Planklagenævnet: Lokalplan")
    page.set_viewport_size({"width": 375, "height": 812})
    page.screenshot("fees-start-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})
    number = flows.start_complaint(page, "Lokalplan")
    # The fee from the first step, with its rates and rule, and the payment step in the indicator.
    note = page.locator("[data-fee-note]")
    expect(note).to_contain_text("900 kr. for privatpersoner og 1.800 kr. for virksomheder og organisationer")
    expect(note).to_contain_text("trin 6 (Betaling)")
    expect(_indicator(page)).to_contain_text("Betaling")
    page.screenshot("fees-first-step")
    flows.capacity_own(page)
    flows.contact(page, email="mette@example.dk")
    flows.decision(page)
    flows.next_step(page, shot="fees-summary")
    expect(page.locator("[data-summary-fee]")).to_contain_text('betales i trin 6, når du har trykket "Indsend"')

    flows.submit(page, to_case=False, shot="fees-payment-step")
    assert page.path == f"/klage/{number}/trin/betaling/"
    expect(_indicator(page).locator("[aria-current=step]")).to_contain_text("Betaling")
    expect(page.get_by_role("main")).not_to_contain_text("Din klage er sendt")
    expect(page.locator("[data-sent]")).to_have_count(0)
    expect(page.locator("[data-not-sent]")).to_contain_text("Klagen er ikke sendt endnu")
    expect(page.locator("[data-not-sent] [data-missing-fee]")).to_contain_text("Klagegebyret på 900 kr. er ikke betalt")
    assert _case(number).status == "udfyldt"

    page.set_viewport_size({"width": 375, "height": 812})
    page.screenshot("fees-payment-step-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})
    flows.pay_in_flow(page, shot="fees-payment-step-paid")
    expect(page.locator("[data-sent]")).to_contain_text("Din klage er sendt")
    expect(page.locator("[data-sent]")).to_contain_text("Den har status Indsendt.")
    page.click(page.get_by_role("link", name="Gå til sagen"), url=f"**/sag/{number}/")
    assert flows.case_status(page) == "Indsendt"
    expect(page.locator("[data-fee-state]")).to_have_text("betalt")
    case = _case(number)
    assert case.status == "indsendt"
    assert set(OutboxEmail.objects.filter(case=case).values_list("reason", flat=True)) >= {
        OutboxEmail.Reason.NEW_COMPLAINT,
        OutboxEmail.Reason.SUBMITTED,
    }
    assert [str(change.reason) for change in case.status_changes.filter(to_status="indsendt")] == [
        "Klagegebyret er betalt."
    ]


def test_a_representative_whose_complainants_have_not_approved_reads_that_it_is_not_sent_and_why(page):
    log_in(page, "peter")
    number = flows.start_complaint(page, "Lokalplan")
    flows.capacity_represent(page)
    # The lawyer's own contact details, not the complainant's.
    expect(page.locator("h1")).to_have_text("Dine kontaktoplysninger")
    expect(_indicator(page)).not_to_contain_text("Klagers kontaktoplysninger")
    flows.contact(page, email="peter@example.dk")
    flows.add_complainant(page, **JENS)
    flows.next_step(page)
    flows.decision(page)
    flows.next_step(page)
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Repræsentantens kontaktoplysninger")).to_be_visible()
    expect(main).not_to_contain_text("Klagers kontaktoplysninger")

    flows.submit(page, to_case=False)
    flows.pay_in_flow(page, shot="fees-paid-waiting-for-approval")
    box = page.locator("[data-not-sent]")
    expect(box).to_contain_text("Klagen er ikke sendt endnu")
    expect(box.locator("[data-missing-approval]")).to_have_text("Jens Nielsen har ikke godkendt repræsentationen")
    expect(box.locator("[data-missing-fee]")).to_have_count(0)
    expect(box).to_contain_text("Klagen bliver sendt, når alle klagere har godkendt repræsentationen.")
    expect(page.locator("[data-sent]")).to_have_count(0)
    page.click(page.get_by_role("link", name="Gå til sagen"), url=f"**/sag/{number}/")
    assert flows.case_status(page) == "Udfyldt"
    expect(page.locator("[data-fee-state]")).to_have_text("betalt")


def test_a_fee_due_at_forwarding_is_said_to_be_charged_then_everywhere(page):
    log_in(page, "mette")
    number = flows.start_complaint(page, "Landzonetilladelse")
    expect(page.locator("[data-fee-note]")).to_contain_text("Gebyret skal ikke betales, når du indsender klagen.")
    expect(_indicator(page)).not_to_contain_text("Betaling")
    flows.capacity_own(page)
    flows.contact(page, email="mette@example.dk")
    flows.decision(page)
    flows.next_step(page)
    expect(page.locator("[data-summary-fee]")).to_contain_text(
        "betales, når myndigheden sender sagen videre til nævnet, ikke nu"
    )
    flows.submit(page, shot="fees-forwarding-case")
    expect(page.get_by_role("main")).to_contain_text("Din klage er sendt til Planklagenævnet og har status Indsendt.")
    assert flows.case_status(page) == "Indsendt"
    fee = page.locator("[data-fee-state]")
    expect(fee).to_have_text("betales, når myndigheden sender sagen videre til nævnet")
    expect(page.get_by_role("main")).not_to_contain_text("ikke betalt")
    page.click(page.get_by_role("link", name="Historik"))
    expect(page.get_by_role("main")).not_to_contain_text("gebyret er betalt")
    expect(page.get_by_role("main")).to_contain_text("Klagegebyret betales, når førsteinstansen sender sagen videre")
    page.goto(f"/sag/{number}/betaling/", shot="fees-forwarding-pay-page")
    expect(page.locator("[data-fee-later]")).to_contain_text("Klagegebyret skal ikke betales endnu")
    page.goto("/dev/mail/")
    page.click(page.get_by_role("link", name=f"Din klage {number} er indsendt"))
    expect(page.get_by_role("main")).to_contain_text("Klagegebyret på 900 kr. skal ikke betales nu.")
