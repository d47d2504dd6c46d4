"""FI-3, DOC-5: a first instance's caseworker labels the case's documents on the documents tab: chooses labels as
they upload, edits them with the pencil, removes one with its cross and marks the complainant's documents "Klage",
with the keyboard where it matters; warned before uploading, with the case number to copy. On a phone nothing
reaches past the screen's edge."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e import flows
from e2e.test_keyboard import focused, press_button, tab_to
from e2e.test_phone import HEIGHT, WIDTH, PhonePage

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
LONG_NAME = "klage-over-afgoerelse-om-lokalplan-for-boligomraadet-ved-skovvej-og-tilhoerende-bilag.pdf"


def pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def case_before_the_first_instance(*, staff_name: str = "Birgitte Andersen", names=("klage.pdf", "bilag.pdf")) -> str:
    """A complaint Indsendt against the staff member's authority, with the complainant's documents unlabelled."""
    from klageportal.cases.models import PartyRole, Status
    from klageportal.catalog.models import ComplaintType
    from klageportal.identity.models import User
    from tests.factories import CaseDocumentFactory, CaseFactory, CitizenFactory

    staff = User.objects.filter(full_name=staff_name, last_login__isnull=False).latest("last_login")
    complainant = CitizenFactory(full_name="Mette Klager")
    complaint_type = ComplaintType.objects.select_related("board").order_by("pk").first()
    case = CaseFactory(
        status=Status.INDSENDT,
        complaint_type=complaint_type,
        authority=staff.authority,
        created_by=complainant,
        submitted_at=timezone.now(),
    )
    for index, name in enumerate(names):
        CaseDocumentFactory(
            case=case,
            added_by_role=PartyRole.COMPLAINANT,
            document__original_name=name,
            document__sha256=f"{case.pk:032x}{index:032x}",
        )
    return case.number


def press(page, name: str, *, tags=("button", "a")) -> None:
    """Tab to the control named `name` and press Enter; the page it leads to is checked like any other."""
    press_button(page, name, tags=tags)


def check_by_keyboard(page, legend: str, option: str) -> None:
    """Tab through the checkbox group until the option, then Space ticks it."""
    tab_to(page, lambda f: f["type"] == "checkbox" and f["legend"].startswith(legend) and f["name"] == option, option)
    if not focused(page)["checked"]:
        page.keyboard.press("Space")


def test_first_instance_labels_documents_by_keyboard(page):
    flows.log_in(page, "birgitte")
    number = case_before_the_first_instance()
    page.goto(f"/sag/{number}/dokumenter/", shot="labels-documents-tab")

    # The complaint's documents still lack "Klage": listed, each with its shortcut and its pencil.
    missing = page.locator("#mangler-klage")
    expect(missing).to_contain_text("klage.pdf")
    expect(missing).to_contain_text("bilag.pdf")

    # DOC-5: the warning before uploading, and the case number copied with the keyboard.
    warning = page.locator("#foer-upload")
    expect(warning).to_contain_text("fra det øjeblik I videresender sagen")
    expect(warning).to_contain_text("e-Boks")
    expect(page.get_by_role("textbox", name="Sagsnummer til emnefeltet")).to_have_value(number)
    tab_to(page, lambda f: f["tag"] == "button" and f["name"] == "Kopiér sagsnummeret", "the copy button")
    page.keyboard.press("Enter")
    expect(page.locator("#case-number-copy_status")).to_contain_text("Sagsnummeret er")

    # Upload with labels chosen by keyboard (the page's script sends the ticked categories with each file).
    check_by_keyboard(page, "Kategorier", "Afgørelse")
    page.locator("#id_files").set_input_files([pdf("afgoerelse.pdf")])
    page.get_by_role("button", name="Upload filer").click()
    expect(page.locator("[data-progress] .upload-ok")).to_have_count(1)
    remove_afgoerelse = page.get_by_role("button", name="Fjern kategorien Afgørelse fra afgoerelse.pdf")
    expect(remove_afgoerelse).to_be_visible()

    # The pencil: the small page works by keyboard; tick "Aktliste" and save.
    page.goto(f"/sag/{number}/dokumenter/")
    press(page, "Rediger kategorier for afgoerelse.pdf")
    expect(page.get_by_role("heading", name="Rediger kategorier for afgoerelse.pdf")).to_be_visible()
    page.screenshot("labels-edit")
    check_by_keyboard(page, "Kategorier", "Aktliste")
    press(page, "Gem kategorier")
    expect(page.get_by_role("main")).to_contain_text("Kategorierne for afgoerelse.pdf er gemt.")
    expect(page.get_by_role("button", name="Fjern kategorien Aktliste fra afgoerelse.pdf")).to_be_visible()

    # The cross removes one label and says so.
    press(page, "Fjern kategorien Afgørelse fra afgoerelse.pdf")
    expect(page.get_by_role("main")).to_contain_text("Kategorien Afgørelse er fjernet fra afgoerelse.pdf.")
    expect(page.get_by_role("button", name="Fjern kategorien Afgørelse fra afgoerelse.pdf")).to_have_count(0)
    expect(page.get_by_role("button", name="Fjern kategorien Aktliste fra afgoerelse.pdf")).to_be_visible()

    # The complainant's documents marked "Klage" with the shortcut, until the warning goes.
    press(page, "Markér som Klage – klage.pdf")
    expect(page.get_by_role("main")).to_contain_text("klage.pdf er mærket med kategorien Klage.")
    press(page, "Markér som Klage – bilag.pdf")
    expect(page.locator("#mangler-klage")).to_have_count(0)
    expect(page.get_by_role("button", name="Fjern kategorien Klage fra bilag.pdf")).to_be_visible()
    page.screenshot("labels-documents-tab-labelled")

    # Every change is a line in the history.
    page.goto(f"/sag/{number}/historik/")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Dokumentet afgoerelse.pdf er mærket med: Afgørelse")
    expect(main).to_contain_text("Mærkningen Afgørelse er fjernet fra dokumentet afgoerelse.pdf")
    expect(main).to_contain_text("Dokumentet bilag.pdf er mærket med: Klage")


def test_labelling_works_without_javascript(visitor):
    page = visitor(java_script_enabled=False)
    flows.log_in(page, "birgitte")
    number = case_before_the_first_instance()
    page.goto(f"/sag/{number}/dokumenter/")
    expect(page.get_by_role("button", name="Kopiér sagsnummeret")).to_have_count(0)  # the readonly field stays
    page.get_by_role("checkbox", name="Klage").check()
    flows.upload(page, [pdf("svar.pdf")])
    expect(page.get_by_role("button", name="Fjern kategorien Klage fra svar.pdf")).to_be_visible()
    page.click(page.get_by_role("link", name="Rediger kategorier for klage.pdf"))
    page.get_by_role("checkbox", name="Klage").check()
    page.click(page.get_by_role("button", name="Gem kategorier"))
    expect(page.get_by_role("button", name="Fjern kategorien Klage fra klage.pdf")).to_be_visible()


@pytest.fixture
def phone(visitor):
    return visitor(page_class=PhonePage, viewport={"width": WIDTH, "height": HEIGHT}, is_mobile=True)


def test_labels_fit_a_phone(phone):
    flows.log_in(phone, "birgitte")
    number = case_before_the_first_instance(names=(LONG_NAME, "bilag.pdf"))
    phone.goto(f"/sag/{number}/dokumenter/", shot="phone-labels-documents-tab")
    phone.click(phone.get_by_role("link", name=f"Rediger kategorier for {LONG_NAME}"), shot="phone-labels-edit")
    phone.get_by_role("checkbox", name="Afgørelse").check()
    phone.click(phone.get_by_role("button", name="Gem kategorier"))
    expect(phone.get_by_role("button", name=f"Fjern kategorien Afgørelse fra {LONG_NAME}")).to_be_visible()
