"""The appeals body works a forwarded case to its decision in the browser (BD-2, BD-3): Planklagenævnet's
caseworker moves Mette's case to Under sekretariatsbehandling, uploads the decision with its outcome, and Mette
then sees the status, what it means, the outcome and the decision on her case."""

import pytest
from playwright.sync_api import expect

from e2e import flows
from e2e.flows import log_in, log_out

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
METTE_CPR = "1203781234"


@pytest.fixture(autouse=True)
def _mail_catcher(settings):
    settings.EMAIL_BACKEND = "klageportal.notifications.backends.CatcherBackend"


def _forwarded_case() -> str:
    """Mette's complaint about a rural zone permit, already forwarded to Planklagenævnet (FI-7 is another test's)."""
    from django.utils import timezone

    from klageportal.cases.models import PartyRole, Status
    from klageportal.catalog.models import Authority, ComplaintType
    from tests.factories import CaseFactory, CitizenFactory, PartyFactory

    case = CaseFactory(
        status=Status.VIDERESENDT,
        complaint_type=ComplaintType.objects.get(slug="landzonetilladelse"),
        authority=Authority.objects.get(name="Viborg Kommune"),
        created_by=CitizenFactory(),
        submitted_at=timezone.now(),
        filer=None,
        complaint_text="Hallen tager udsynet fra min have.",
    )
    PartyFactory(case=case, role=PartyRole.COMPLAINANT, cpr=METTE_CPR, name="Mette Hansen", email="mette@example.dk")
    return case.number


def _phone(page, name: str) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    page.screenshot(f"{name}-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, name
    page.set_viewport_size({"width": 1280, "height": 900})


def _change_status(page, number: str) -> None:
    panel = page.locator("[data-body-status-panel]")
    page.click(panel.get_by_role("link", name="Skift status"), url=f"**/sag/{number}/klageinstans/status/")
    group = page.get_by_role("group", name="Ny status")
    expect(group.get_by_role("radio")).to_have_count(3)  # only the moves the table allows from Videresendt
    # No choice: the error at the field, the note kept.
    page.get_by_label("Begrundelse").fill("Vi indhenter kommunens kortmateriale.")
    page.click(page.get_by_role("button", name="Skift status"), shot="body-status-error")
    expect(page.locator("#error-summary")).to_contain_text("Ny status")
    expect(page.get_by_label("Begrundelse")).to_have_value("Vi indhenter kommunens kortmateriale.")
    page.get_by_role("group", name="Ny status").get_by_label("Under sekretariatsbehandling").check()
    _phone(page, "body-status")
    page.click(page.get_by_role("button", name="Skift status"), url=f"**/sag/{number}/", shot="body-status-changed")
    assert flows.case_status(page) == "Under sekretariatsbehandling"


def _decide(page, number: str) -> None:
    panel = page.locator("[data-body-status-panel]")
    page.click(panel.get_by_role("link", name="Træf afgørelse"), url=f"**/sag/{number}/klageinstans/afgoerelse/")
    page.get_by_role("group", name="Resultat").get_by_label("Stadfæstet").check()
    page.click(page.get_by_role("button", name="Træf afgørelse"), shot="body-decision-error")
    expect(page.locator("#error-summary")).to_contain_text("Vælg afgørelsen som PDF-fil.")
    expect(page.get_by_role("group", name="Resultat").get_by_label("Stadfæstet")).to_be_checked()
    _phone(page, "body-decision")
    page.locator("#id_document").set_input_files(
        {"name": "afgoerelse-landzone.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.click(page.get_by_role("button", name="Træf afgørelse"), url=f"**/sag/{number}/", shot="body-decided")
    assert flows.case_status(page) == "Afgjort"
    expect(page.locator("[data-body-status-panel]")).to_contain_text("Stadfæstet")


def test_the_board_changes_the_status_and_decides_and_the_complainant_sees_it(page):
    from klageportal.cases.models import Case, Status
    from klageportal.casework.models import Decision

    number = _forwarded_case()
    log_in(page, "rikke")
    page.goto(f"/sag/{number}/", shot="body-case")
    _change_status(page, number)
    _decide(page, number)
    log_out(page)

    case = Case.objects.get(number=number)
    assert case.status == Status.AFGJORT and case.closed_at is not None
    assert Decision.objects.get(case=case).outcome == Decision.Outcome.STADFAESTET

    log_in(page, "mette")
    page.goto(f"/sag/{number}/", shot="body-complainant")
    assert flows.case_status(page) == "Afgjort"
    status = page.locator("[data-case-status]")
    expect(status).to_contain_text("Klagenævnet har truffet afgørelse i sagen.")
    expect(status.locator("[data-decision-outcome]")).to_contain_text("Afgørelse: Stadfæstet")
    expect(status.get_by_role("link", name="Læs afgørelsen (afgoerelse-landzone.pdf)")).to_be_visible()
    expect(page.locator("[data-body-status-panel]")).to_have_count(0)
    _phone(page, "body-complainant")
    page.click(page.get_by_role("link", name="Historik", exact=True), url=f"**/sag/{number}/historik/")
    expect(page.get_by_role("main")).to_contain_text("Under sekretariatsbehandling")
    expect(page.get_by_role("main")).to_contain_text("Vi indhenter kommunens kortmateriale.")
