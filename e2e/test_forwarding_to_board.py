"""The first instance moves an Indsendt complaint on (FI-4, FI-6, FI-7, PAY-6): the response form as a draft and
attached, Videresend til nævn with the confirmation, Genoptag with the reasons, and the fee due at forwarding."""

import pytest
from playwright.sync_api import expect

from e2e import flows
from e2e.flows import log_in, log_out

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _mail_catcher(settings):
    settings.EMAIL_BACKEND = "klageportal.notifications.backends.CatcherBackend"


def _label_complaint_documents(number: str) -> None:
    """FI-3 is another page's work: here the complaint's documents get the label "klage" in the data."""
    from klageportal.catalog.models import DocumentCategory
    from klageportal.documents.models import CaseDocument

    klage = DocumentCategory.objects.get(slug="klage")
    for link in CaseDocument.objects.filter(case__number=number):
        link.categories.add(klage)


def _filed(page, complaint_type: str = "Landzonetilladelse", documents=()) -> str:
    """Mette files a complaint against Viborg Kommune's decision; it is Indsendt (the fee falls due later)."""
    log_in(page, "mette")
    number = flows.file_complaint(page, complaint_type=complaint_type, email="mette@example.dk", documents=documents)
    assert flows.case_status(page) == "Indsendt"
    log_out(page)
    return number


def _phone(page, name: str) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    page.screenshot(f"{name}-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, name
    page.set_viewport_size({"width": 1280, "height": 900})


def _attach_response_form(page, number: str) -> None:
    box = page.locator("[data-first-instance-box]")
    expect(box.locator("[data-todo-response-form]")).to_have_attribute("data-todo-response-form", "todo")
    page.click(box.get_by_role("link", name="Udfyld svarskemaet"), url=f"**/sag/{number}/svarskema/")
    _phone(page, "forwarding-response-form")
    page.get_by_label("Bemærkninger til klagen").fill("Lokalplanen tillader byggeriet; skyggen er vurderet.")
    # Enter in a field saves the draft (the first button), it never attaches the form.
    page.get_by_label("Kontaktperson hos førsteinstansen").fill("Birgitte Andersen")
    with page.expect_navigation(url=f"**/sag/{number}/svarskema/"):
        page.get_by_label("Kontaktperson hos førsteinstansen").press("Enter")
    page.check(shot="forwarding-response-form-draft")
    expect(page.locator(".alert-success")).to_contain_text("Svarskemaet er gemt som kladde")
    expect(page.get_by_label("Bemærkninger til klagen")).to_have_value(
        "Lokalplanen tillader byggeriet; skyggen er vurderet."
    )
    # Attaching asks for what the board needs, at the field.
    page.click(page.get_by_role("button", name="Vedhæft svarskemaet til sagen"), shot="forwarding-response-form-error")
    expect(page.locator("#error-summary")).to_contain_text("fastholder afgørelsen")
    page.get_by_role("group", name="Fastholder førsteinstansen afgørelsen?").get_by_label("Ja").check()
    page.get_by_role("group", name="Rejser sagen en principiel problemstilling?").get_by_label("Nej").check()
    page.get_by_label("Kontaktpersonens e-mail").fill("birgitte@viborg.example")
    page.click(page.get_by_role("button", name="Vedhæft svarskemaet til sagen"), url=f"**/sag/{number}/")
    expect(page.locator(".alert-success")).to_contain_text("Svarskemaet er vedhæftet sagen")
    expect(page.locator("[data-todo-response-form]")).to_have_attribute("data-todo-response-form", "done")


def test_the_municipality_answers_and_forwards_and_the_complainant_sees_its_documents(page):
    from klageportal.notifications.models import OutboxEmail

    number = _filed(page, documents=({"name": "foto.pdf", "mimeType": "application/pdf", "buffer": PDF},))
    log_in(page, "birgitte")
    page.goto(f"/sag/{number}/", shot="forwarding-orange-box")
    box = page.locator("[data-first-instance-box]")
    expect(box.locator("[data-todo-labels]")).to_have_attribute("data-todo-labels", "todo")
    _phone(page, "forwarding-orange-box")
    _attach_response_form(page, number)

    # Forwarding is refused while a complaint document lacks its label; the page says what and where.
    page.click(page.locator("[data-first-instance-box]").get_by_role("link", name="Videresend til nævn"))
    expect(page.locator("[data-forwarding-missing]")).to_contain_text("foto.pdf")
    _label_complaint_documents(number)
    page.goto(f"/sag/{number}/videresend/", shot="forwarding-confirm")
    _phone(page, "forwarding-confirm")
    expect(page.get_by_role("main")).to_contain_text("orienteres om klagen så hurtigt som muligt")
    page.click(page.get_by_role("button", name="Videresend til nævn"), shot="forwarding-confirm-error")
    expect(page.locator("#error-summary")).to_contain_text("fastholder sin afgørelse")
    page.get_by_label("Førsteinstansen fastholder sin afgørelse").check()
    page.click(page.get_by_role("button", name="Videresend til nævn"), url=f"**/sag/{number}/")
    assert flows.case_status(page) == "Videresendt til nævn"
    expect(page.locator("[data-first-instance-box]")).to_have_count(0)
    assert OutboxEmail.objects.filter(case__number=number, reason=OutboxEmail.Reason.FORWARDED).exists()
    log_out(page)

    log_in(page, "mette")
    page.goto(f"/sag/{number}/", shot="forwarding-complainant-case")
    assert flows.case_status(page) == "Videresendt til nævn"
    page.click(page.get_by_role("link", name="Dokumenter", exact=True))
    expect(page.locator("[data-document-list]")).to_contain_text(f"svarskema-{number}.pdf")


def test_genoptag_closes_the_case_and_the_complainant_reads_how_to_ask_for_reopening(page):
    number = _filed(page, complaint_type="Landzonetilladelse")
    log_in(page, "birgitte")
    page.goto(f"/sag/{number}/")
    page.click(page.locator("[data-first-instance-box]").get_by_role("link", name="Genoptag"), shot="reopen-page")
    _phone(page, "reopen-page")
    expect(page.get_by_role("main")).to_contain_text("I skal selv orientere klageren")
    # Without the reasons nothing happens; the summary names the field.
    page.get_by_label("Jeg ved, at vi selv skal orientere").check()
    page.click(page.get_by_role("button", name="Genoptag og luk sagen"), shot="reopen-error")
    expect(page.locator("#error-summary")).to_contain_text("Vælg en fil")
    page.get_by_label("Dokument med begrundelsen for genoptagelsen").set_input_files(
        {"name": "begrundelse.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_label("Jeg ved, at vi selv skal orientere").check()
    page.click(page.get_by_role("button", name="Genoptag og luk sagen"), url=f"**/sag/{number}/", shot="reopened-staff")
    assert flows.case_status(page) == "Genoptaget af førsteinstans"
    expect(page.locator("[data-reopened-mistake]")).to_contain_text("Kun nævnet kan genåbne sagen")
    log_out(page)

    log_in(page, "mette")
    page.goto(f"/sag/{number}/", shot="reopened-complainant")
    _phone(page, "reopened-complainant")
    assert flows.case_status(page) == "Genoptaget af førsteinstans"
    expect(page.locator("[data-genaabning]")).to_contain_text("genåbne")
    page.click(page.get_by_role("link", name="Dokumenter", exact=True))
    expect(page.locator("[data-document-list]")).to_contain_text("begrundelse.pdf")


def test_forwarding_a_case_whose_fee_falls_due_then_asks_the_payer_who_pays_it(page):
    """PAY-6: Indsendt without payment; at forwarding the filer is e-mailed a link; once paid the case says so."""
    from klageportal.notifications.models import CaughtEmail, OutboxEmail

    number = _filed(page, complaint_type="Landzonetilladelse")
    _label_complaint_documents(number)
    log_in(page, "birgitte")
    page.goto(f"/sag/{number}/")
    expect(page.locator("[data-fee-state]")).to_have_text("betales, når myndigheden sender sagen videre til nævnet")
    _attach_response_form(page, number)
    page.goto(f"/sag/{number}/videresend/")
    page.get_by_label("Førsteinstansen fastholder sin afgørelse").check()
    page.click(page.get_by_role("button", name="Videresend til nævn"), url=f"**/sag/{number}/", shot="fee-due-staff")
    expect(page.locator("[data-fee-state]")).to_have_attribute("data-fee-state", "due")
    log_out(page)

    email = OutboxEmail.objects.get(case__number=number, reason=OutboxEmail.Reason.FEE_DUE)
    assert email.to == "mette@example.dk"
    assert CaughtEmail.objects.filter(subject=email.subject).exists() or email.body
    log_in(page, "mette")
    page.goto(flows.mail_path(email.body, "/betaling/"), shot="fee-due-pay-page")
    page.click(page.get_by_role("main").get_by_role("button", name="Betal med kort"), url="**/testbetaling/**")
    flows.pay_at_gateway(page)
    page.goto(f"/sag/{number}/", shot="fee-paid-case")
    expect(page.locator("[data-fee-state]")).to_have_text("betalt")
