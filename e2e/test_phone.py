"""On a 375 × 812 phone every page of both flows fits the screen: no page scrolls sideways and no element
reaches past the right edge, except inside a container meant to scroll. Every page landed on is measured
(besides the axe-core check every page gets)."""

import re

import pytest
from playwright.sync_api import expect

from e2e import flows
from e2e.browser import PortalPage
from e2e.test_ankeskema import (
    fill_page_1,
    fill_page_2_child_with_representative,
    fill_page_3_two_areas,
    fill_page_4_maintained,
    fill_page_5,
    fill_page_6,
    open_form,
    send,
)

WIDTH, HEIGHT = 375, 812

# Long names and addresses, as people have them: they must wrap, not widen the page.
LONG_EMAIL = "anne-sofie.kristensen-vestergaard@kommunikationsafdelingen.example.dk"
LONG_NAME = "Anne-Sofie Margrethe Kristensen-Vestergaard"
COMPANY = {"kind": "company", "number": "37042374", "name": "Byggefirmaet Nord ApS", "email": LONG_EMAIL}
PERSON = {"kind": "person", "number": "050765-1237", "name": LONG_NAME, "email": "jens@example.dk"}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

# Every visible element whose right edge is past the viewport, unless an ancestor clips or scrolls it
# (overflow-x other than visible): a table in a scroll container, a map, a visually hidden text.
WIDER_THAN_VIEWPORT = """
(width) => {
  const found = [];
  const root = document.documentElement;
  if (root.scrollWidth > width) found.push(`the page is ${root.scrollWidth} px wide`);
  const clipped = (element) => {
    for (let e = element.parentElement; e && e !== document.body; e = e.parentElement) {
      if (getComputedStyle(e).overflowX !== "visible") return true;
    }
    return false;
  };
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= width + 0.5) continue;
    const style = getComputedStyle(element);
    if (style.visibility === "hidden" || style.position === "fixed") continue;
    if (clipped(element)) continue;
    const classes = typeof element.className === "string" ? element.className.trim().split(/\\s+/) : [];
    const name = [element.tagName.toLowerCase() + (element.id ? "#" + element.id : ""), ...classes].join(".");
    found.push(`${name} reaches ${Math.round(box.right)} px: ${(element.innerText || "").trim().slice(0, 60)}`);
  }
  // Text overflows its element without widening the element's box: measure the text itself.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || clipped(node)) continue;
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 0.5) continue;
    if (getComputedStyle(node.parentElement).visibility === "hidden") continue;
    found.push(`text reaches ${Math.round(box.right)} px: ${node.textContent.trim().slice(0, 60)}`);
  }
  return found;
}
"""


class PhonePage(PortalPage):
    """A page that, besides the accessibility check, measures every page it lands on against the phone."""

    def check(self, *, shot: str | None = None) -> None:
        super().check(shot=shot)
        self.assert_fits()

    def assert_fits(self) -> None:
        too_wide = self.page.evaluate(WIDER_THAN_VIEWPORT, WIDTH)
        assert not too_wide, f"wider than {WIDTH} px on {self.path}:\n" + "\n".join(too_wide[:15])


@pytest.fixture(autouse=True)
def _mail_catcher(settings):
    settings.EMAIL_BACKEND = "klageportal.notifications.backends.CatcherBackend"


@pytest.fixture
def phone(visitor):
    return visitor(page_class=PhonePage, viewport={"width": WIDTH, "height": HEIGHT}, is_mobile=True)


def pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def upload(phone, files: list[dict]) -> None:
    """Upload with the page's script (the list is updated in place), then measure the page again."""
    flows.upload(phone, files, javascript=True)
    expect(phone.locator("[data-progress]").locator(".upload-ok")).to_have_count(len(files))
    table = phone.get_by_role("table", name="Uploadede dokumenter")
    for file in files:
        expect(table).to_contain_text(file["name"])
    phone.assert_fits()


def open_menu_and_check(phone) -> None:
    """The header's menu on a phone opens as a drawer and fits as well."""
    phone.get_by_role("button", name="Menu").click()
    expect(phone.get_by_role("dialog", name="Menu")).to_be_visible()
    phone.assert_fits()
    phone.get_by_role("button", name="Luk").click()


def case_tabs(phone, number: str, *, prefix: str) -> None:
    tabs = (("Oversigt", ""), ("Dokumenter", "dokumenter/"), ("Historik", "historik/"), ("Parter", "parter/"))
    for tab, path in tabs:
        phone.goto(f"/sag/{number}/{path}", shot=f"{prefix}-case-{tab.lower()}")


def test_citizen_files_on_a_phone(phone):
    """Mette files on her own behalf with a document on a phone; "Mine klager" and the case's tabs fit."""
    flows.log_in(phone, "mette", shot="phone-my-cases-empty")
    open_menu_and_check(phone)
    number = flows.start_complaint(phone, shot="phone-filing-start")
    phone.screenshot("phone-filing-capacity")
    flows.capacity_own(phone, shot="phone-filing-contact")
    flows.contact(phone, email=LONG_EMAIL, address="Skovvej 4, 8800 Viborg", shot="phone-filing-decision")
    expect(phone.locator("[data-step-count]")).to_have_text(re.compile(r"^Trin 3 af \d$"))
    expect(phone.get_by_role("navigation", name="Trin i klagen").get_by_role("list")).to_be_hidden()
    flows.decision(phone, shot="phone-filing-documents")
    upload(phone, [pdf("afgoerelse-fra-viborg-kommune-om-lokalplan-nummer-17-af-2026.pdf")])
    phone.screenshot("phone-filing-documents-uploaded")
    flows.next_step(phone, shot="phone-filing-summary")
    flows.submit(phone, shot="phone-case")
    phone.goto("/mine-klager/", shot="phone-my-cases")
    status = phone.get_by_role("table", name="Dine klager").get_by_role("cell", name="Udfyldt")
    expect(status).to_be_visible()
    assert status.bounding_box()["x"] + status.bounding_box()["width"] <= WIDTH
    case_tabs(phone, number, prefix="phone-citizen")


def test_representative_files_for_two_on_a_phone(phone, settings):
    """Peter files for a person with a long name and a company with a long e-mail address: the
    complainants' and the documents' tables stack on a phone."""
    flows.log_in(phone, "peter")
    number = flows.start_complaint(phone)
    flows.capacity_represent(phone)
    flows.contact(phone, email="peter@example.dk", address="Havnegade 1, 8000 Aarhus C")
    settings.REGISTER_LOCAL_UNAVAILABLE = True  # the register does not answer: the long typed name is kept
    flows.add_complainant(phone, **PERSON)
    settings.REGISTER_LOCAL_UNAVAILABLE = False
    flows.add_complainant(phone, **COMPANY, shot="phone-filing-complainants")
    flows.next_step(phone)
    flows.decision(phone)
    upload(phone, [pdf("a.pdf"), pdf("bilag-med-et-meget-langt-filnavn-uden-mellemrum-2026.pdf")])
    phone.screenshot("phone-filing-documents-two")
    flows.next_step(phone, shot="phone-filing-summary-represent")
    flows.submit(phone)
    case_tabs(phone, number, prefix="phone-lawyer")


def test_web_appeal_form_on_a_phone(phone):
    """Birgitte fills the web appeal form's seven pages and sends it on a phone; the contact box is
    below the form and the steps read "Trin X af 7"."""
    flows.log_in(phone, "birgitte")
    open_form(phone)
    expect(phone.locator("[data-step-count]")).to_have_text("Trin 1 af 7")
    form = phone.locator(".form-layout-main").bounding_box()
    contact = phone.get_by_role("complementary", name="Kontakt Ankestyrelsen").bounding_box()
    assert contact["y"] >= form["y"] + form["height"], "the contact box comes after the form on a phone"
    phone.screenshot("phone-ankeskema-page-1")
    fill_page_1(phone)
    fill_page_2_child_with_representative(phone, shot="phone-ankeskema-page-2")
    fill_page_3_two_areas(phone, shot="phone-ankeskema-page-3")
    fill_page_4_maintained(phone, shot="phone-ankeskema-page-4")
    fill_page_5(phone, shot="phone-ankeskema-page-6-empty")
    fill_page_6(phone, shot="phone-ankeskema-page-6")
    phone.screenshot("phone-ankeskema-page-7")
    send(phone, shot="phone-ankeskema-receipt")
    phone.goto("/ankeskema/sendte/", shot="phone-ankeskema-sent")


@pytest.fixture
def second_phone(visitor):
    """Another phone (its own cookies), e.g. for the complainant who answers the representative."""
    return visitor(page_class=PhonePage, viewport={"width": WIDTH, "height": HEIGHT}, is_mobile=True)


def test_paying_in_the_flow_fits_a_phone(phone):
    """The payment step, the gateway's page and the way back to the step fit a phone, as does the case page
    that says the complaint is sent."""
    flows.log_in(phone, "mette")
    number = flows.start_complaint(phone)
    expect(phone.locator("[data-fee-note]")).to_be_visible()
    flows.capacity_own(phone)
    flows.contact(phone, email=LONG_EMAIL)
    flows.decision(phone)
    flows.next_step(phone)
    flows.submit(phone, to_case=False, shot="phone-filing-payment-step")
    flows.pay_in_flow(phone, shot="phone-filing-payment-step-paid")
    expect(phone.locator("[data-sent]")).to_contain_text("Din klage er sendt")
    phone.click(phone.get_by_role("link", name="Gå til sagen"), url=f"**/sag/{number}/")
    assert flows.case_status(phone) == "Indsendt"


def test_removing_correcting_and_answering_fit_a_phone(phone, second_phone, settings):
    """The pages a representative and a complainant meet around the complainants: "Fjern" asks first, the
    approval link refuses a wrong person and says what to do, the correction page, and the approval."""
    from klageportal.notifications.models import OutboxEmail

    flows.log_in(phone, "peter")
    number = flows.start_complaint(phone)
    flows.capacity_represent(phone)
    flows.contact(phone, email="peter@example.dk")
    flows.add_complainant(phone, **COMPANY)
    phone.click(phone.get_by_role("link", name=f"Fjern {COMPANY['name']}"), shot="phone-complainant-remove")
    phone.click(phone.get_by_role("link", name="Annuller"))
    settings.REGISTER_LOCAL_UNAVAILABLE = True  # the register does not answer: the typed name is used
    flows.add_complainant(phone, **{**PERSON, "name": "Jens Nielsen", "number": "050765-1234"})
    settings.REGISTER_LOCAL_UNAVAILABLE = False
    flows.next_step(phone)
    flows.decision(phone)
    flows.next_step(phone)
    flows.submit(phone)

    def approval_link() -> str:
        mail = OutboxEmail.objects.filter(case__number=number, to=PERSON["email"], reason="approval_request")
        return flows.mail_path(mail.latest("pk").body, "/godkend/")

    link = approval_link()
    second_phone.goto(link)
    flows.choose_identity(second_phone, "jens", url=f"**{link}")
    second_phone.check(shot="phone-approval-refused")
    expect(second_phone.get_by_role("heading", name="Hvad kan du gøre?")).to_be_visible()

    phone.goto(f"/sag/{number}/")
    phone.click(phone.get_by_role("link", name="Ret Jens Nielsen"), shot="phone-complainant-correct")
    phone.get_by_label("CPR- eller CVR-nummer").fill("050765-1237")
    phone.click(phone.get_by_role("button", name="Ret og send ny anmodning"), url=f"**/sag/{number}/")

    second_phone.goto(approval_link(), shot="phone-approval")
    second_phone.click(second_phone.get_by_role("button", name="Godkend repræsentationen"))
    expect(second_phone.get_by_role("main")).to_contain_text("Tak. Du har godkendt repræsentationen.")
