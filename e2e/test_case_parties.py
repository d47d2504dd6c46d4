"""The Parter tab (issue 13, FI-5, CW-4..6): a first instance's caseworker adds a party without e-mail and the
flags show; a complainant changes their representative and their e-mail for the case, and the new documents are
on the Dokumenter tab, the news in the daily digest. By keyboard where it matters; on a phone nothing overflows."""

import pytest
from playwright.sync_api import expect

from e2e.flows import log_in

JENS_EMAIL = "jens.nielsen.privat-postkasse-til-klagesager@eksempel-forsyning.example.dk"
"""Long, to show that the Parter tab breaks an address rather than overflow a phone's screen."""


@pytest.fixture(autouse=True)
def _mail_catcher(settings):
    settings.EMAIL_BACKEND = "klageportal.notifications.backends.CatcherBackend"


def _indsendt_case() -> str:
    """A local plan complaint Peter Lind (a lawyer) filed for Jens Nielsen against Viborg Kommune, now Indsendt."""
    from django.utils.translation import gettext_noop

    from klageportal.cases import workflow
    from klageportal.cases.models import ApprovalState, PartyKind, PartyRole, Status
    from klageportal.cases.services.create import case_create
    from klageportal.cases.services.parties import party_add
    from klageportal.catalog.models import Authority, Channel, ComplaintType
    from klageportal.core.phrases import phrase
    from klageportal.site.demo import demo_user

    peter, jens = demo_user("peter"), demo_user("jens")
    demo_user("birgitte")
    complaint_type = ComplaintType.objects.select_related("board").get(slug="lokalplan")
    case = case_create(
        channel=Channel.FILING,
        board=complaint_type.board,
        complaint_type=complaint_type,
        authority=Authority.objects.get(municipality_code="791"),
        created_by=peter,
        event_text=phrase(gettext_noop("Klagen er påbegyndt")),
        decision_reference="LP-2026-77",
        complaint_text="Lokalplanen tillader byggeri tæt på mit hus.",
    )
    party_add(
        case=case,
        by=peter,
        role=PartyRole.REPRESENTATIVE,
        kind=PartyKind.COMPANY,
        user=peter,
        is_filer=True,
        name="Peter Lind, Advokatfirmaet Lind & Co",
        cvr=peter.cvr,
        email="peter.lind@example.dk",
    )
    party_add(
        case=case,
        by=peter,
        role=PartyRole.COMPLAINANT,
        kind=PartyKind.PERSON,
        name=jens.full_name,
        cpr=jens.cpr,
        email=JENS_EMAIL,
        approval=ApprovalState.APPROVED,
    )
    workflow.transition(case, to=Status.UDFYLDT, actor=workflow.Actor.FILER, by=peter)
    workflow.transition(case, to=Status.INDSENDT, actor=workflow.Actor.SYSTEM, reason="")
    return case.number


def _fits_a_phone(page, shot: str) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    page.screenshot(shot)
    width = page.evaluate(
        """() => Math.max(document.documentElement.scrollWidth,
                ...[...document.querySelectorAll("main *")].map((e) => e.getBoundingClientRect().right))"""
    )
    assert width <= 375, width
    page.set_viewport_size({"width": 1280, "height": 900})


def test_first_instance_adds_a_party_without_email_and_the_flags_show(page):
    """FI-5: "Parten har ingen e-mail" → the authority's address, flagged for the board; Enter sends the form."""
    number = _indsendt_case()
    log_in(page, "birgitte")
    page.goto(f"/sag/{number}/parter/", shot="parties-first-instance")
    page.click(page.get_by_role("link", name="Tilføj parter"), url=f"**/sag/{number}/parter/tilfoej/")

    # Nothing typed: the summary names what is missing, and nothing is added.
    page.click(page.get_by_role("button", name="Tilføj part", exact=True), shot="parties-add-errors")
    expect(page.locator(".alert-error")).to_contain_text("Udfyld feltet „Navn“")
    expect(page.locator(".alert-error")).to_contain_text("Skriv partens e-mail")

    page.locator("#id_name").fill("Anna Nabo")
    page.get_by_label("En privatperson (CPR-nummer)").check()
    page.get_by_label("Parten har ingen e-mail").check()
    page.get_by_label("Parten er fritaget for Digital Post").check()
    page.locator("#id_address").fill("Skovvej 6, 8800 Viborg")
    page.screenshot("parties-add-filled")
    _fits_a_phone(page, "parties-add-phone")
    with page.expect_navigation(url=f"**/sag/{number}/parter/"):
        page.locator("#id_address").press("Enter")
    page.check(shot="parties-added")

    main = page.get_by_role("main")
    expect(main).to_contain_text("Anna Nabo er tilføjet som part.")
    row = page.get_by_role("row", name="Anna Nabo")
    expect(row).to_contain_text("Har ingen e-mail – skriv med post")
    expect(row).to_contain_text("Fritaget for Digital Post")
    expect(row).to_contain_text("afventer nævnets bekræftelse")
    expect(row).to_contain_text("viborg")  # the authority's own address stands in for the party's
    _fits_a_phone(page, "parties-first-instance-phone")


def test_complainant_changes_representative_and_email_and_the_documents_appear(page):
    """CW-4, CW-5, CW-6: by keyboard; each change adds a document, and the other parties hear of it in the daily
    digest (NT-2)."""
    from django.utils import timezone

    from klageportal.cases.models import Party
    from klageportal.casework.digest import digest_send
    from klageportal.notifications.models import OutboxEmail

    number = _indsendt_case()
    log_in(page, "jens")
    page.goto(f"/sag/{number}/parter/", shot="parties-complainant")
    _fits_a_phone(page, "parties-complainant-phone")

    # The removal asks first; "Nej, tilbage" keeps the representative.
    page.click(page.get_by_role("link", name="Fjern repræsentant"), shot="parties-remove-confirm")
    expect(page.locator("h1")).to_have_text("Vil du fjerne din repræsentant?")
    page.click(page.get_by_role("link", name="Nej, tilbage"), url=f"**/sag/{number}/parter/")

    page.click(page.get_by_role("link", name="Skift repræsentant"), url="**/parter/repraesentant/")
    page.get_by_label("En privatperson (CPR-nummer)").check()
    page.locator("#id_number").fill("231159-4422")
    page.locator("#id_name").fill("Karen Sørensen")
    page.locator("#id_email").fill("karen@example.dk")
    with page.expect_navigation(url=f"**/sag/{number}/parter/"):
        page.locator("#id_email").press("Enter")
    page.check(shot="parties-representative-changed")
    expect(page.get_by_role("main")).to_contain_text("Karen Sørensen repræsenterer dig nu i sagen.")
    expect(page.get_by_role("table")).not_to_contain_text("Peter Lind")

    # The pencil at the own row, reached by keyboard.
    pencil = page.get_by_role("link", name="Ret e-mail for Jens Nielsen")
    pencil.focus()
    with page.expect_navigation(url="**/email/"):
        page.keyboard.press("Enter")
    page.check(shot="parties-email")
    _fits_a_phone(page, "parties-email-phone")
    field = page.locator("#id_email")
    expect(field).to_have_value(JENS_EMAIL)
    field.fill("jens.ny@example.dk")
    with page.expect_navigation(url=f"**/sag/{number}/parter/"):
        field.press("Enter")
    page.check()
    expect(page.get_by_role("main")).to_contain_text("E-mailen for Jens Nielsen er ændret.")
    assert Party.objects.get(case__number=number, cpr="0507651237").email == "jens.ny@example.dk"

    page.click(page.get_by_role("link", name="Dokumenter"), url=f"**/sag/{number}/dokumenter/", shot="parties-docs")
    documents = page.get_by_role("table", name="Sagens dokumenter")
    expect(documents).to_contain_text("repraesentation-")
    expect(documents).to_contain_text("kontaktoplysninger-")
    # NT-2: the news waits for the daily digest.
    digest_send(now=timezone.now(), enqueue=False)
    news = OutboxEmail.objects.filter(reason=OutboxEmail.Reason.DIGEST, body__contains=number)
    recipients = set(news.values_list("to", flat=True))
    assert "karen@example.dk" in recipients  # the new representative hears of the case
    assert "peter.lind@example.dk" not in recipients  # the former one no longer does …
    (ended,) = OutboxEmail.objects.filter(case__number=number, to="peter.lind@example.dk")
    assert "ikke længere" in ended.subject and "/sag/" not in ended.body  # … but is told that, without a link
    mail = news.get(to="karen@example.dk")
    assert mail.subject == "Der er nyt i dine sager" and "jens.ny@" not in mail.body


def test_the_removed_representative_no_longer_sees_the_case(page, visitor):
    """CW-4: the confirmation's button, by keyboard; afterwards the former representative finds no case."""
    number = _indsendt_case()
    log_in(page, "jens")
    page.goto(f"/sag/{number}/parter/repraesentant/fjern/")
    button = page.get_by_role("button", name="Ja, fjern repræsentanten")
    button.focus()
    with page.expect_navigation(url=f"**/sag/{number}/parter/"):
        page.keyboard.press("Enter")
    page.check()
    expect(page.get_by_role("main")).to_contain_text("repræsenterer dig ikke længere i sagen")
    expect(page.get_by_role("link", name="Angiv en repræsentant")).to_be_visible()

    lawyer = visitor()
    log_in(lawyer, "peter")
    lawyer.goto(f"/sag/{number}/", status=404)


def test_after_forwarding_the_complainant_sends_a_power_of_attorney_without_script(visitor):
    """CW-4: once the case is Videresendt til nævn, the page takes a document instead (also without JavaScript),
    labelled "Fuldmagt" on the Dokumenter tab; the representative stays until the board acts."""
    from klageportal.cases import workflow
    from klageportal.cases.models import Case, Status
    from klageportal.site.demo import demo_user

    number = _indsendt_case()
    workflow.transition(
        Case.objects.get(number=number),
        to=Status.VIDERESENDT,
        actor=workflow.Actor.FIRST_INSTANCE,
        by=demo_user("birgitte"),
    )
    page = visitor(java_script_enabled=False)
    log_in(page, "jens")
    page.goto(f"/sag/{number}/parter/")
    expect(page.get_by_role("link", name="Fjern repræsentant")).to_have_count(0)
    page.click(page.get_by_role("link", name="Oplys om ny repræsentant"), shot="parties-power-of-attorney")
    page.locator("#id_files").set_input_files(
        [{"name": "fuldmagt-karen.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}]
    )
    page.click(page.get_by_role("button", name="Upload filer"), url=f"**/sag/{number}/parter/")
    expect(page.get_by_role("main")).to_contain_text("fuldmagt-karen.pdf er uploadet.")
    page.goto(f"/sag/{number}/dokumenter/")
    row = page.get_by_role("row", name="fuldmagt-karen.pdf")
    expect(row).to_contain_text("Fuldmagt")
