"""The appeals body decides who is a party and runs the hearing (BD-8), in the browser: Planklagenævnet's caseworker
confirms a party the municipality proposed, removes another with a reason, and sends a document for the parties'
comments with a reply deadline; the confirmed party then sees "Du er i høring" with the deadline and the document,
and the removed one sees nothing. Every page is checked with axe; the forms fit a phone."""

import pytest
from playwright.sync_api import expect

from e2e import flows
from e2e.flows import log_in

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _mail_catcher(settings):
    settings.EMAIL_BACKEND = "klageportal.notifications.backends.CatcherBackend"


def _forwarded_case() -> str:
    """A local plan complaint Jens Nielsen filed against Viborg Kommune, forwarded to Planklagenævnet, with two
    parties the municipality proposed (Karen Sørensen and Ole Pedersen) and the municipality's statement."""
    import io

    from klageportal.cases.models import PartyKind, PartyRole
    from klageportal.cases.services.parties import party_add
    from klageportal.documents.services import case_document_add, document_store
    from klageportal.site.demo import demo_user

    karen, ole, birgitte = (demo_user(key) for key in ("karen", "ole", "birgitte"))
    demo_user("rikke")
    case = flows.complaint_submitted("jens", reference="LP-2026-91", email="jens@example.dk")
    for person, email in ((karen, "karen@example.dk"), (ole, "ole@example.dk")):
        party_add(
            case=case,
            by=birgitte,
            role=PartyRole.OTHER,
            kind=PartyKind.PERSON,
            name=person.full_name,
            cpr=person.cpr,
            email=email,
            proposed=True,
        )
    document = document_store(name="kommunens-udtalelse.pdf", size=len(PDF), stream=io.BytesIO(PDF), by=birgitte)
    case_document_add(case=case, document=document, by=birgitte, role=PartyRole.FIRST_INSTANCE)
    flows.forwarded(case, by="birgitte")
    return case.number


def _fits_a_phone(page, shot: str) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    page.screenshot(shot)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, shot
    page.set_viewport_size({"width": 1280, "height": 900})


def test_caseworker_confirms_removes_and_hears_and_the_party_sees_the_deadline(page, visitor):
    from klageportal.casework.models import Hearing
    from klageportal.notifications.models import OutboxEmail

    number = _forwarded_case()
    karen = visitor()
    log_in(karen, "karen")
    karen.goto(f"/sag/{number}/", status=404)  # a proposed party sees nothing before the board confirms it

    log_in(page, "rikke")
    page.goto(f"/sag/{number}/", shot="body-parties-panel")
    panel = page.locator("[data-body-panel-parties]")
    expect(panel).to_contain_text("Karen Sørensen")
    page.click(panel.get_by_role("link", name="Bekræft eller fjern parter"), url=f"**/sag/{number}/parter/")

    # Confirm Karen: a page of its own that asks first, so that it works without script.
    page.click(page.get_by_role("link", name="Bekræft Karen Sørensen som part"), shot="body-party-confirm")
    page.click(page.get_by_role("button", name="Bekræft partsstatus"), url=f"**/sag/{number}/parter/")
    expect(page.get_by_role("main")).to_contain_text("Karen Sørensen er bekræftet som part")
    expect(page.get_by_role("row", name="Karen Sørensen")).not_to_contain_text("afventer nævnets bekræftelse")

    # Remove Ole: without a reason the form says what is missing and nothing happens.
    page.click(page.get_by_role("link", name="Fjern Ole Pedersen som part"), url="**/fjern/")
    page.click(page.get_by_role("button", name="Fjern som part"), shot="body-party-remove-errors")
    expect(page.locator(".alert-error")).to_contain_text("Udfyld feltet „Begrundelse“")
    page.get_by_label("Begrundelse").fill("Ole Pedersen er ikke nabo til lokalplanområdet.")
    _fits_a_phone(page, "body-party-remove-phone")
    page.click(page.get_by_role("button", name="Fjern som part"), url=f"**/sag/{number}/parter/")
    expect(page.get_by_role("main")).to_contain_text("Ole Pedersen er fjernet som part.")
    expect(page.get_by_role("table", name="Sagens parter")).not_to_contain_text("Ole Pedersen")

    # The hearing, from the Dokumenter tab.
    page.click(page.get_by_role("link", name="Dokumenter", exact=True), url=f"**/sag/{number}/dokumenter/")
    page.click(page.get_by_role("link", name="Send i høring"), url="**/hoering/", shot="body-hearing-form")
    page.get_by_label("kommunens-udtalelse.pdf").check()
    page.get_by_label("Karen Sørensen (Anden part)").check()
    page.get_by_label("Følgebrev").fill("Kommenter venligst kommunens udtalelse om byggehøjden.")
    expect(page.locator("#id_deadline_0")).not_to_have_value("")  # the suggested deadline, 14 days on
    _fits_a_phone(page, "body-hearing-phone")
    page.click(page.get_by_role("button", name="Send i høring"), url=f"**/sag/{number}/", shot="body-hearing-sent")
    expect(page.get_by_role("main")).to_contain_text("Dokumenterne er sendt i høring.")
    expect(page.locator("[data-body-panel-parties]")).to_contain_text("Åbne høringer")

    hearing = Hearing.objects.get(case__number=number)
    (mail,) = OutboxEmail.objects.filter(case__number=number, to="karen@example.dk")
    assert "kommentere" in mail.subject and f"/sag/{number}/" in mail.body and "byggehøjden" not in mail.body
    assert not OutboxEmail.objects.filter(case__number=number, to="ole@example.dk").exists()

    # Karen now sees the case, with the deadline and the document.
    karen.goto(f"/sag/{number}/", shot="body-hearing-party")
    box = karen.locator(f'[data-hearing="{hearing.pk}"]')
    expect(box).to_contain_text("Du er i høring: svar senest")
    expect(box).to_contain_text("byggehøjden")
    expect(box.get_by_role("link", name="kommunens-udtalelse.pdf")).to_be_visible()
    _fits_a_phone(karen, "body-hearing-party-phone")

    ole = visitor()
    log_in(ole, "ole")
    ole.goto(f"/sag/{number}/", status=404)
