"""The appeals body works its cases from the one inbox to the end, in the browser (BD-1..BD-3, BD-8, CW-7, PAY-5, X-6).

Planklagenævnet's caseworker finds Mette's paid complaint about a local plan in the inbox, takes it, confirms the
neighbour Viborg Kommune proposed as a party, sends the municipality's statement for hearing, moves the case to
Under sekretariatsbehandling, answers Mette's message and shares the answer, moves it on to Afventer
nævnsbehandling, uploads the decision (the plan is changed) and refunds the fee. Mette sees each status with its
explanation, the answer, the decision and the refund. Ankestyrelsen's caseworker takes a case a municipality sent
with the web appeal form from the same inbox and decides it. Every page is checked with axe-core.
"""

import io

import pytest
from playwright.sync_api import expect

from e2e import flows
from e2e.flows import log_in, log_out

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
QUESTION = "Hvornår kan jeg forvente en afgørelse?"
ANSWER = "Nævnet behandler sagen på sit møde i februar."


@pytest.fixture(autouse=True)
def _mail_catcher(settings):
    settings.EMAIL_BACKEND = "klageportal.notifications.backends.CatcherBackend"


def _paid_complaint_forwarded() -> str:
    """Mette's complaint against Viborg Kommune's local plan, its 900 kr. paid by card at the test gateway, forwarded
    to Planklagenævnet with the municipality's statement and a neighbour the municipality proposed as a party."""
    from django.utils import timezone

    from klageportal.cases.models import Case, PartyKind, PartyRole, Status
    from klageportal.cases.services.parties import party_add
    from klageportal.catalog.models import Authority
    from klageportal.documents.services import case_document_add, document_store
    from klageportal.site.demo import _filed_case, _self, demo_user

    mette, karen, birgitte = demo_user("mette"), demo_user("karen"), demo_user("birgitte")
    demo_user("rikke")
    case = _filed_case(
        filer=mette,
        type_slug="lokalplan",
        authority=Authority.objects.get(municipality_code="791"),
        reference="LP-2026-318",
        text="Lokalplanen tillader et byggeri, der tager udsigten fra mit hus.",
        address="Skovvej 4, 8800 Viborg",
    )
    _self(case, mette, "mette@example.dk")
    party_add(
        case=case,
        by=birgitte,
        role=PartyRole.OTHER,
        kind=PartyKind.PERSON,
        name=karen.full_name,
        cpr=karen.cpr,
        email="karen@example.dk",
        proposed=True,
    )
    statement = document_store(name="kommunens-udtalelse.pdf", size=len(PDF), stream=io.BytesIO(PDF), by=birgitte)
    case_document_add(case=case, document=statement, by=birgitte, role=PartyRole.FIRST_INSTANCE)
    now = timezone.now()
    Case.objects.filter(pk=case.pk).update(status=Status.VIDERESENDT, submitted_at=now, forwarded_at=now)
    flows.fee_paid_by_card(case, reference="journey-ref", amount_ore=90000, by=mette)
    return case.number


def _web_appeal_form_case() -> str:
    """A social case Viborg Kommune sent to Ankestyrelsen with the web appeal form."""
    from klageportal.site.demo import demo_user
    from tests.forwarding.receipts.test_receipt_pdf import submission_make

    demo_user("maja")
    submission = submission_make(by=demo_user("birgitte"), citizen_cpr="2304561238", journal_number="27.12.08-P20-7")
    return submission.case.number


def _fits_a_phone(page, shot: str) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    page.screenshot(shot)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, shot
    page.set_viewport_size({"width": 1280, "height": 900})


def _open_from_inbox(page, number: str, shot: str) -> None:
    """The inbox lists the case; the caseworker finds it by its number and opens it."""
    search = page.locator("[data-inbox-search]")
    search.get_by_label("Sagsnummer").fill(number)
    with page.expect_navigation():
        search.get_by_label("Sagsnummer").press("Enter")
    page.check(shot=shot)
    rows = page.locator("[data-inbox-table] tbody tr")
    expect(rows).to_have_count(1)
    page.click(rows.first.get_by_role("link", name=number), url=f"**/sag/{number}/")


def _change_status(page, number: str, status: str, reason: str = "") -> None:
    panel = page.locator("[data-body-panel]")
    page.click(panel.get_by_role("link", name="Skift status"), url=f"**/sag/{number}/klageinstans/status/")
    page.get_by_role("group", name="Ny status").get_by_label(status).check()
    if reason:
        page.get_by_label("Begrundelse").fill(reason)
    page.click(page.get_by_role("button", name="Skift status"), url=f"**/sag/{number}/")
    expect(page.locator("[data-status]").first).to_have_text(status)


def _complainant_sees(page, number: str, status: str, shot: str) -> None:
    log_in(page, "mette")
    page.goto(f"/sag/{number}/", shot=shot)
    expect(page.locator("[data-status]").first).to_have_text(status)
    log_out(page)


def test_the_board_works_a_complaint_from_the_inbox_to_the_refund_and_the_complainant_follows_it(page):
    from klageportal.cases.models import Case, Message, Party, Status
    from klageportal.casework.models import Decision, Hearing
    from klageportal.payments.models import Refund

    number = _paid_complaint_forwarded()

    # The board takes the case from its inbox.
    log_in(page, "rikke", shot="journey-body-inbox")
    _open_from_inbox(page, number, "journey-body-inbox-found")
    page.click(page.locator("[data-body-panel]").get_by_role("button", name="Tildel mig"), shot="journey-assigned")
    assert Case.objects.get(number=number).assigned_to.full_name == "Rikke Dahl"

    # Confirms the neighbour the municipality proposed.
    panel = page.locator("[data-body-panel-parties]")
    page.click(panel.get_by_role("link", name="Bekræft eller fjern parter"), url=f"**/sag/{number}/parter/")
    page.click(page.get_by_role("link", name="Bekræft Karen Sørensen som part"))
    page.click(page.get_by_role("button", name="Bekræft partsstatus"), url=f"**/sag/{number}/parter/")
    assert Party.objects.get(case__number=number, name="Karen Sørensen").confirmed_at is not None

    # Sends the municipality's statement for hearing to both parties.
    page.click(page.get_by_role("link", name="Dokumenter", exact=True), url=f"**/sag/{number}/dokumenter/")
    page.click(page.get_by_role("link", name="Send i høring"), url="**/hoering/", shot="journey-hearing")
    page.get_by_label("kommunens-udtalelse.pdf").check()
    page.get_by_label("Karen Sørensen (Anden part)").check()
    page.get_by_label("Mette Hansen (Klager)").check()
    page.get_by_label("Følgebrev").fill("Kommenter venligst kommunens udtalelse om byggehøjden.")
    page.click(page.get_by_role("button", name="Send i høring"), url=f"**/sag/{number}/")
    expect(page.get_by_role("main")).to_contain_text("Dokumenterne er sendt i høring.")
    hearing = Hearing.objects.get(case__number=number)
    assert {party.name for party in hearing.parties.all()} == {"Karen Sørensen", "Mette Hansen"}

    page.goto(f"/sag/{number}/")
    _change_status(page, number, "Under sekretariatsbehandling")
    log_out(page)

    # Mette sees the status and its explanation, and the hearing; she writes to the board.
    log_in(page, "mette")
    page.goto(f"/sag/{number}/", shot="journey-complainant-hearing")
    expect(page.locator("[data-status]").first).to_have_text("Under sekretariatsbehandling")
    expect(page.get_by_role("main")).to_contain_text("Du er i høring")
    page.click(page.get_by_role("link", name="Beskeder", exact=True), url=f"**/sag/{number}/beskeder/**")
    page.get_by_label("Besked").fill(QUESTION)
    page.click(page.get_by_role("button", name="Send besked"), url=f"**/sag/{number}/beskeder/**")
    assert Message.objects.get(case__number=number).text == QUESTION
    log_out(page)

    # The board answers and shares the answer, moves the case on, decides it and refunds the fee.
    log_in(page, "rikke")
    page.goto(f"/sag/{number}/beskeder/", shot="journey-body-messages")
    thread = page.get_by_role("article", name="Besked fra Mette Hansen")
    thread.get_by_label("Svar til Mette Hansen").fill(ANSWER)
    thread.get_by_label("Del med sagens øvrige parter").check()
    page.click(thread.get_by_role("button", name="Send svar"), url=f"**/sag/{number}/beskeder/**")
    assert Message.objects.get(case__number=number, from_body=True).text == ANSWER

    page.goto(f"/sag/{number}/")
    _change_status(page, number, "Afventer nævnsbehandling")

    page.click(page.locator("[data-body-panel]").get_by_role("link", name="Træf afgørelse"), url="**/afgoerelse/")
    page.get_by_role("group", name="Resultat").get_by_label("Ændret eller ophævet").check()
    page.locator("input[type=file]").set_input_files(
        [{"name": "afgoerelse-lokalplan.pdf", "mimeType": "application/pdf", "buffer": PDF + b"% afgoerelse\n"}]
    )
    _fits_a_phone(page, "journey-decision-phone")
    page.click(page.get_by_role("button", name="Træf afgørelse"), url=f"**/sag/{number}/", shot="journey-decided")
    assert Decision.objects.get(case__number=number).outcome == Decision.Outcome.AENDRET
    assert Case.objects.get(number=number).status == Status.AFGJORT

    page.click(page.locator("[data-refund-link]"), url=f"**/klageinstans/sag/{number}/tilbagebetaling/")
    page.get_by_role("group", name="Hvor meget skal betales tilbage?").get_by_label("Hele det resterende beløb").check()
    page.click(page.get_by_role("button", name="Fortsæt"), shot="journey-refund-confirm")
    page.click(page.get_by_role("button", name="Betal tilbage"), url=f"**/sag/{number}/")
    refund = Refund.objects.get(case__number=number)
    assert (refund.amount_ore, refund.state) == (90000, Refund.State.COMPLETED)
    log_out(page)

    # Mette sees the decision, the status with its explanation, the answer and the refund.
    log_in(page, "mette")
    page.goto(f"/sag/{number}/", shot="journey-complainant-decided")
    expect(page.locator("[data-status]").first).to_have_text("Afgjort")
    expect(page.get_by_role("main")).to_contain_text("afgoerelse-lokalplan.pdf")
    page.click(page.get_by_role("link", name="Beskeder", exact=True), url=f"**/sag/{number}/beskeder/**")
    expect(page.get_by_role("main")).to_contain_text(ANSWER)
    page.click(page.get_by_role("link", name="Historik", exact=True), url=f"**/sag/{number}/historik/")
    history = page.get_by_role("main")
    for line in ("Under sekretariatsbehandling", "Afventer nævnsbehandling", "Afgjort", "900"):
        expect(history).to_contain_text(line)
    page.assert_every_page_checked()


def test_ankestyrelsen_takes_a_web_appeal_form_case_from_the_same_inbox_and_decides_it(page):
    from klageportal.cases.models import Case, Status

    number = _web_appeal_form_case()
    log_in(page, "maja", shot="journey-ast-inbox")
    _open_from_inbox(page, number, "journey-ast-found")
    _change_status(page, number, "Under sekretariatsbehandling")
    page.click(page.locator("[data-body-panel]").get_by_role("link", name="Træf afgørelse"), url="**/afgoerelse/")
    page.get_by_role("group", name="Resultat").get_by_label("Stadfæstet").check()
    page.locator("input[type=file]").set_input_files(
        [{"name": "ankestyrelsens-afgoerelse.pdf", "mimeType": "application/pdf", "buffer": PDF + b"% ast\n"}]
    )
    page.click(page.get_by_role("button", name="Træf afgørelse"), url=f"**/sag/{number}/", shot="journey-ast-decided")
    assert Case.objects.get(number=number).status == Status.AFGJORT
    page.assert_every_page_checked()
