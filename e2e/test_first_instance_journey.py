"""A complaint moves on from Indsendt, the whole way, in the browser (FI-1, FI-3, FI-4, FI-5, FI-7, X-6): Mette files
it; Viborg Kommune's caseworker finds it by the decision's reference, labels the complaint's document "Klage",
adds the municipality's own document, fills in and attaches the response form, adds a neighbour without e-mail as
a party and forwards the case; Mette then sees the new status and the municipality's documents."""

import pytest
from playwright.sync_api import expect

from e2e import flows
from e2e.flows import log_in, log_out

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
REFERENCE = "LZ-2026-4411"


@pytest.fixture(autouse=True)
def _mail_catcher(settings):
    settings.EMAIL_BACKEND = "klageportal.notifications.backends.CatcherBackend"


def _fits_a_phone(page, name: str) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    page.screenshot(f"{name}-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, name
    page.set_viewport_size({"width": 1280, "height": 900})


def _file_the_complaint(page) -> str:
    log_in(page, "mette")
    number = flows.file_complaint(
        page,
        complaint_type="Landzonetilladelse",
        email="mette@example.dk",
        reference=REFERENCE,
        documents=({"name": "fotos-af-udsynet.pdf", "mimeType": "application/pdf", "buffer": PDF},),
    )
    assert flows.case_status(page) == "Indsendt"  # the fee of this type falls due at forwarding (PAY-6)
    log_out(page)
    return number


def _find_by_reference(page, number: str) -> None:
    search = page.locator("[data-inbox-search]")
    search.get_by_label("Afgørelsens reference eller adresse").fill(REFERENCE)
    with page.expect_navigation():
        search.get_by_label("Afgørelsens reference eller adresse").press("Enter")
    page.check(shot="journey-inbox-found")
    rows = page.locator("[data-inbox-table] tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("klar til behandling")
    page.click(rows.first.get_by_role("link", name=number), url=f"**/sag/{number}/")


def _label_and_add_documents(page, number: str) -> None:
    page.click(page.get_by_role("link", name="Dokumenter", exact=True), url=f"**/sag/{number}/dokumenter/")
    page.click(page.get_by_role("button", name="Markér som Klage – fotos-af-udsynet.pdf"), shot="journey-labelled")
    expect(page.get_by_role("button", name="Fjern kategorien Klage fra fotos-af-udsynet.pdf")).to_be_visible()
    page.get_by_role("group", name="Kategorier").get_by_label("Afgørelse").check()
    page.locator("#id_files").set_input_files(
        [{"name": "landzonetilladelse.pdf", "mimeType": "application/pdf", "buffer": PDF + b"% kommunen\n"}]
    )
    page.get_by_role("button", name="Upload filer").click()
    expect(page.locator("[data-progress] .upload-ok")).to_have_count(1)
    expect(page.get_by_role("button", name="Fjern kategorien Afgørelse fra landzonetilladelse.pdf")).to_be_visible()


def _attach_the_response_form(page, number: str) -> None:
    page.goto(f"/sag/{number}/")
    box = page.locator("[data-first-instance-box]")
    expect(box.locator("[data-todo-labels]")).not_to_have_attribute("data-todo-labels", "todo")
    page.click(box.get_by_role("link", name="Udfyld svarskemaet"), url=f"**/sag/{number}/svarskema/")
    page.get_by_role("group", name="Fastholder førsteinstansen afgørelsen?").get_by_label("Ja").check()
    page.get_by_label("Bemærkninger til klagen").fill("Hallen ligger i tilknytning til de eksisterende bygninger.")
    page.get_by_role("group", name="Rejser sagen en principiel problemstilling?").get_by_label("Nej").check()
    page.get_by_label("Kontaktperson hos førsteinstansen").fill("Birgitte Andersen")
    page.get_by_label("Kontaktpersonens e-mail").fill("birgitte@viborg.example")
    _fits_a_phone(page, "journey-response-form")
    page.click(page.get_by_role("button", name="Vedhæft svarskemaet til sagen"), url=f"**/sag/{number}/")
    expect(page.locator("[data-todo-response-form]")).to_have_attribute("data-todo-response-form", "done")


def _add_a_party_without_email(page, number: str) -> None:
    page.click(page.get_by_role("link", name="Parter", exact=True), url=f"**/sag/{number}/parter/")
    page.click(page.get_by_role("link", name="Tilføj parter"), url=f"**/sag/{number}/parter/tilfoej/")
    page.locator("#id_name").fill("Niels Nabo")
    page.get_by_label("En privatperson (CPR-nummer)").check()
    page.get_by_label("Parten har ingen e-mail").check()
    page.locator("#id_address").fill("Hedevej 4, 8800 Viborg")
    page.click(page.get_by_role("button", name="Tilføj part", exact=True), url=f"**/sag/{number}/parter/")
    expect(page.get_by_role("row", name="Niels Nabo")).to_contain_text("Har ingen e-mail – skriv med post")


def _forward(page, number: str) -> None:
    page.goto(f"/sag/{number}/")
    box = page.locator("[data-first-instance-box]")
    page.click(box.get_by_role("link", name="Videresend til nævn"), url=f"**/sag/{number}/videresend/")
    page.get_by_label("Førsteinstansen fastholder sin afgørelse").check()
    page.click(page.get_by_role("button", name="Videresend til nævn"), url=f"**/sag/{number}/", shot="journey-sent")
    assert flows.case_status(page) == "Videresendt til nævn"


def test_a_complaint_is_found_prepared_and_forwarded_and_the_complainant_sees_the_result(page):
    from klageportal.cases.models import Case, Party
    from klageportal.notifications.models import OutboxEmail

    number = _file_the_complaint(page)
    log_in(page, "birgitte")
    _find_by_reference(page, number)
    _label_and_add_documents(page, number)
    _attach_the_response_form(page, number)
    _add_a_party_without_email(page, number)
    _forward(page, number)
    log_out(page)

    case = Case.objects.get(number=number)
    assert case.forwarded_at is not None
    neighbour = Party.objects.get(case=case, name="Niels Nabo")
    assert neighbour.no_email and neighbour.proposed
    reasons = set(OutboxEmail.objects.filter(case=case).values_list("reason", flat=True))
    assert {OutboxEmail.Reason.FORWARDED, OutboxEmail.Reason.FEE_DUE} <= reasons
    assert not OutboxEmail.objects.filter(case=case, to="").exists()

    # from forwarding, the complainant sees the municipality's documents and the new status.
    log_in(page, "mette")
    page.goto(f"/sag/{number}/", shot="journey-complainant")
    assert flows.case_status(page) == "Videresendt til nævn"
    page.click(page.get_by_role("link", name="Dokumenter", exact=True), url=f"**/sag/{number}/dokumenter/")
    documents = page.locator("[data-document-list]")
    expect(documents).to_contain_text("landzonetilladelse.pdf")
    expect(documents).to_contain_text(f"svarskema-{number}.pdf")
    expect(documents).to_contain_text("fotos-af-udsynet.pdf")
    _fits_a_phone(page, "journey-complainant-documents")

    # BD-2: what the new status means, one click from the case.
    page.click(
        page.get_by_role("link", name="Hvad betyder status?"),
        url="**/statusser/#status-videresendt",
        shot="journey-statuses",
    )
    expect(page.locator("#status-videresendt")).to_contain_text("sendt sagen til klagenævnet")
    _fits_a_phone(page, "journey-statuses")
