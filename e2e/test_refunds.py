"""The appeals body in the browser (PAY-5, BD-5, AS-52): Planklagenævnet's caseworker refunds a paid fee in part
and then the rest, confirming each time; the payer reads it in the case's history; Ankestyrelsen's caseworker
attaches supplementary information that matched no form to the citizen's case. Every page is checked with axe."""

import pytest
from playwright.sync_api import expect

from e2e import flows
from e2e.flows import log_in, log_out

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _mail_catcher(settings):
    settings.EMAIL_BACKEND = "klageportal.notifications.backends.CatcherBackend"


def _paid_forwarded_case() -> str:
    """Mette's complaint about a local plan, its 900 kr. paid by card at the test gateway, now at the board."""
    from django.utils import timezone

    from klageportal.cases.models import Case, Status
    from klageportal.catalog.models import Authority
    from klageportal.site.demo import _filed_case, _self, demo_user

    mette = demo_user("mette")
    case = _filed_case(
        filer=mette,
        type_slug="lokalplan",
        authority=Authority.objects.get(municipality_code="791"),
        reference="LP-77",
        text="Lokalplanen tager udsigten.",
        address="Skovvej 4, 8800 Viborg",
    )
    _self(case, mette, "mette@example.dk")
    Case.objects.filter(pk=case.pk).update(
        status=Status.VIDERESENDT, submitted_at=timezone.now(), forwarded_at=timezone.now()
    )
    flows.fee_paid_by_card(case, reference="e2e-ref", amount_ore=90000, by=mette)
    return case.number


def _refund(page, number: str, *, part: str | None, shot: str) -> None:
    page.click(page.locator("[data-refund-link]"), url=f"**/klageinstans/sag/{number}/tilbagebetaling/")
    group = page.get_by_role("group", name="Hvor meget skal betales tilbage?")
    if part:
        group.get_by_label("En del af beløbet").check()
        page.get_by_label("Beløb i kr.").fill(part)
    else:
        group.get_by_label("Hele det resterende beløb").check()
    page.set_viewport_size({"width": 375, "height": 812})
    page.screenshot(f"{shot}-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click(page.get_by_role("button", name="Fortsæt"), shot=shot)
    expect(page.locator("[data-refund-confirm]")).to_be_visible()
    page.click(page.get_by_role("button", name="Betal tilbage"), url=f"**/sag/{number}/")


def test_the_caseworker_refunds_in_part_then_the_rest_and_the_payer_reads_it(page):
    from klageportal.payments.contrib.testgateway.models import GatewayRefund

    number = _paid_forwarded_case()
    log_in(page, "rikke")
    page.goto(f"/sag/{number}/")
    panel = page.locator("[data-body-payments]")
    expect(panel).to_contain_text("Mette Hansen")
    expect(panel.locator("[data-paid]")).to_have_attribute("data-paid", "90000")

    _refund(page, number, part="300", shot="refund-part")
    expect(page.locator("[data-refunded]")).to_have_attribute("data-refunded", "30000")
    _refund(page, number, part=None, shot="refund-rest")
    expect(page.locator("[data-refunded]")).to_have_attribute("data-refunded", "90000")
    expect(page.locator("[data-refund-link]")).to_have_count(0)
    assert sorted(GatewayRefund.objects.values_list("amount_ore", flat=True)) == [30000, 60000]
    page.goto("/klageinstans/for-meget-betalt/")
    log_out(page)

    log_in(page, "mette")
    page.goto(f"/sag/{number}/historik/")
    main = page.get_by_role("main")
    expect(main).to_contain_text("300 kr. af klagegebyret er betalt tilbage til Mette Hansen.")
    expect(main).to_contain_text("600 kr. af klagegebyret er betalt tilbage til Mette Hansen.")
    page.goto(f"/sag/{number}/")
    expect(page.locator("[data-body-payments]")).to_have_count(0)


def test_ankestyrelsen_attaches_a_supplement_that_matched_no_form(page):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from klageportal.documents.models import CaseDocument
    from klageportal.forwarding.supplements.services import supplement_send
    from klageportal.site.demo import demo_user
    from tests.forwarding.receipts.test_receipt_pdf import submission_make

    birgitte = demo_user("birgitte")
    submission = submission_make(by=birgitte, citizen_cpr="1203781234", journal_number="27.12.08-P20-1-24")
    supplement_send(
        by=birgitte,
        text="Et nyt lægebrev.",
        files=[SimpleUploadedFile("laegebrev.pdf", PDF, content_type="application/pdf")],
        citizen_cpr="1203781234",
        journal_number="J-ukendt",
    )
    log_in(page, "maja")
    page.click(page.locator("[data-supplements-unmatched-link]"), url="**/supplerende-oplysninger/")
    expect(page.get_by_role("main")).to_contain_text("120378-xxxx")
    expect(page.get_by_role("main")).not_to_contain_text("1203781234")
    page.click(page.get_by_role("link", name="Knyt til en sag").first, shot="supplement-match")
    page.get_by_role("radio", name=submission.case.number).check()
    page.click(page.get_by_role("button", name="Knyt til sagen"), url="**/supplerende-oplysninger/")
    expect(page.locator("[data-none-unmatched]")).to_be_visible()
    assert CaseDocument.objects.filter(case=submission.case).count() == 2
