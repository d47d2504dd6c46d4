"""The appeals body's inbox (BD-1, BD-9) in the browser: a caseworker of Planklagenævnet sees the complaints
forwarded to the board (not another board's), filters by the municipality's principled flag and by overdue,
finds a complaint by the complainant's CPR number (never in the address), takes it ("Tildel mig") and finds
it under "Mine sager". Every page is checked with axe."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from e2e.flows import log_in

CPR = "0101901234"


@pytest.fixture
def cases(portal):
    """Planklagenævnet's forwarded complaints: one to find by CPR, one the municipality marked principled, one
    received long ago (overdue); and Miljø- og Fødevareklagenævnet's one, which rikke never sees."""
    from django.utils import timezone

    from klageportal.cases.models import Case, Status
    from klageportal.casework.models import ResponseForm
    from klageportal.catalog.models import Authority, ComplaintType
    from tests.factories import CaseFactory, PartyFactory

    viborg = Authority.objects.get(name="Viborg Kommune")
    plan = ComplaintType.objects.get(slug="lokalplan")
    environment = ComplaintType.objects.get(slug="husdyrbrug")
    target = CaseFactory(authority=viborg, complaint_type=plan, status=Status.VIDERESENDT)
    PartyFactory(case=target, name="Karla Klager", cpr=CPR)
    principled = CaseFactory(authority=viborg, complaint_type=plan, status=Status.UNDER_BEHANDLING)
    ResponseForm.objects.create(case=principled, principled=True, principled_reason="Gælder mange lokalplaner")
    old = CaseFactory(authority=viborg, complaint_type=plan, status=Status.AFVENTER_NAEVN)
    Case.objects.filter(pk=old.pk).update(forwarded_at=timezone.now() - timedelta(days=400))
    elsewhere = CaseFactory(authority=viborg, complaint_type=environment, status=Status.VIDERESENDT)
    PartyFactory(case=elsewhere, cpr=CPR)
    return {"target": target.number, "principled": principled.number, "old": old.number, "elsewhere": elsewhere.number}


def _rows(page):
    return page.locator("[data-inbox-table] tbody tr")


def test_filter_search_assign_and_my_cases(page, cases):
    log_in(page, "rikke", shot="body-inbox")
    expect(_rows(page)).to_have_count(3)
    expect(page.locator("main")).not_to_contain_text(cases["elsewhere"])
    expect(page.locator("[data-board-expected]")).to_contain_text("forventet sagsbehandlingstid")

    # The municipality's principled flag, then overdue.
    filters = page.locator("[data-inbox-filters]")
    filters.get_by_label("Kun sager, hvor kommunen har angivet en principiel problemstilling").check()
    page.click(filters.get_by_role("button", name="Vis"), shot="body-inbox-principled")
    expect(_rows(page)).to_have_count(1)
    expect(_rows(page).first).to_contain_text(cases["principled"])
    expect(_rows(page).first.locator("[data-principled]")).to_be_visible()
    filters.get_by_label("Kun sager, hvor kommunen har angivet en principiel problemstilling").uncheck()
    filters.get_by_label("Kun sager over forventet sagsbehandlingstid").check()
    page.click(filters.get_by_role("button", name="Vis"))
    expect(_rows(page)).to_have_count(1)
    expect(_rows(page).first).to_contain_text(cases["old"])
    expect(_rows(page).first.locator("[data-overdue]")).to_be_visible()
    page.click(filters.get_by_role("link", name="Nulstil filtre"))
    expect(_rows(page)).to_have_count(3)

    # By CPR, Enter in the field: found, and the number is not in the address.
    search = page.locator("[data-inbox-search]")
    field = search.get_by_label("Klagers CPR- eller CVR-nummer")
    field.fill("010190-1234")
    with page.expect_navigation(wait_until="load"):
        field.press("Enter")
    page.check(shot="body-inbox-cpr")
    assert CPR not in page.page.url and "010190" not in page.page.url and "soegning=" in page.page.url
    expect(_rows(page)).to_have_count(1)
    expect(_rows(page).first).to_contain_text("Karla Klager")

    # Take the case from its page.
    page.click(_rows(page).first.get_by_role("link", name=cases["target"]))
    panel = page.locator("[data-panel-assign]")
    expect(panel).to_contain_text("Ingen sagsbehandler har sagen endnu.")
    page.click(panel.get_by_role("button", name="Tildel mig"), shot="body-case-assigned")
    expect(page.locator("[data-panel-assign]")).to_contain_text("Du har sagen.")

    # Mine sager: only that one, with the caseworker's name.
    page.goto("/klageinstans/")
    page.click(page.locator("[data-inbox-tabs]").get_by_role("link", name="Mine sager"), shot="body-my-cases")
    expect(_rows(page)).to_have_count(1)
    expect(_rows(page).first).to_contain_text(cases["target"])
    expect(_rows(page).first).to_contain_text("Rikke Dahl")
    page.assert_every_page_checked()
