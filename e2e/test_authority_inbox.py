"""The first instance's inbox (FI-1) in the browser: a caseworker of Viborg Kommune finds a new complaint by
the decision's reference and by the complainant's CPR number (which never appears in the address), filters
by status and pages; on a 375 px phone nothing is wider than the screen."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from e2e.flows import log_in
from e2e.test_phone import HEIGHT, WIDTH, PhonePage

CPR = "0101901234"
REFERENCE = "BYG-2026-0042"


@pytest.fixture
def cases(portal):
    """Viborg Kommune's complaints: 30 Indsendt (two pages), 3 Udfyldt, one new one to find; Aarhus's one."""
    from django.utils import timezone

    from klageportal.cases.models import Case, Status
    from klageportal.catalog.models import Authority, ComplaintType
    from tests.factories import CaseFactory, PartyFactory

    viborg = Authority.objects.get(name="Viborg Kommune")
    aarhus = Authority.objects.get(name="Aarhus Kommune")
    complaint_type = ComplaintType.objects.select_related("board").filter(is_active=True).order_by("pk").first()
    made = {"complaint_type": complaint_type, "board": complaint_type.board}
    older = []
    for index in range(30):
        case = CaseFactory(authority=viborg, status=Status.INDSENDT, decision_reference=f"BYG-2025-{index:04d}", **made)
        older.append(case.pk)
    for _ in range(3):
        CaseFactory(authority=viborg, status=Status.UDFYLDT, **made)
    Case.objects.filter(pk__in=older).update(created_at=timezone.now() - timedelta(days=30))
    target = CaseFactory(
        authority=viborg,
        status=Status.INDSENDT,
        decision_reference=REFERENCE,
        location_address="Sankt Mogens Gade 5, 8800 Viborg",
        **made,
    )
    PartyFactory(case=target, name="Karla Klager", cpr=CPR)
    elsewhere = CaseFactory(authority=aarhus, status=Status.INDSENDT, decision_reference=REFERENCE, **made)
    return {"target": target.number, "elsewhere": elsewhere.number, "board": complaint_type.board.slug}


def _rows(page):
    return page.locator("[data-inbox-table] tbody tr")


def test_find_filter_and_page(page, cases):
    log_in(page, "birgitte")
    search = page.locator("[data-inbox-search]")

    # "Is there a complaint in this matter?": the decision's reference, typed in lower case.
    search.get_by_label("Afgørelsens reference eller adresse").fill(REFERENCE.lower())
    page.click(search.get_by_role("button", name="Søg"), shot="inbox-reference")
    expect(_rows(page)).to_have_count(1)
    expect(_rows(page).first).to_contain_text(cases["target"])
    expect(_rows(page).first).to_contain_text("klar til behandling")
    expect(page.locator("main")).not_to_contain_text(cases["elsewhere"])
    page.click(search.get_by_role("button", name="Ryd søgning"))
    expect(_rows(page)).to_have_count(25)

    # A wrong CPR number: the message at the field, what was typed kept, nothing in the address.
    field = search.get_by_label("Klagers CPR- eller CVR-nummer")
    field.fill("311390-1234")
    page.click(search.get_by_role("button", name="Søg"))
    expect(page.locator("#error-summary")).to_contain_text("CPR-nummeret findes ikke")
    expect(search.get_by_label("Klagers CPR- eller CVR-nummer")).to_have_value("311390-1234")
    assert "311390" not in page.page.url

    # By CPR, Enter in the field: found, and the number is neither in the address nor in the history.
    field = search.get_by_label("Klagers CPR- eller CVR-nummer")
    field.fill("010190-1234")
    with page.expect_navigation(wait_until="load"):
        field.press("Enter")
    page.check(shot="inbox-cpr")
    assert CPR not in page.page.url and "010190" not in page.page.url
    assert "soegning=" in page.page.url
    expect(_rows(page)).to_have_count(1)
    expect(_rows(page).first).to_contain_text("Karla Klager")

    # The search stays while a filter is chosen; a status with no match says so.
    filters = page.locator("[data-inbox-filters]")
    filters.get_by_label("Status").select_option("udfyldt")
    page.click(filters.get_by_role("button", name="Vis"))
    assert CPR not in page.page.url
    expect(page.locator("[data-inbox-empty]")).to_contain_text("Ingen klager passer til søgningen")
    page.click(search.get_by_role("button", name="Ryd søgning"))
    expect(_rows(page)).to_have_count(3)
    for row in _rows(page).all():
        expect(row).to_contain_text("på vej – mangler betaling eller godkendelse")

    # All Indsendt: 31, two pages.
    filters.get_by_label("Status").select_option("indsendt")
    page.click(filters.get_by_role("button", name="Vis"))
    expect(page.locator("[data-inbox-count]")).to_contain_text("Viser 1–25 af 31 klager")
    pagination = page.get_by_role("navigation", name="Sider med klager")
    page.click(pagination.get_by_role("link", name="Næste side"), shot="inbox-page-2")
    expect(_rows(page)).to_have_count(6)
    expect(page.locator("[data-inbox-count]")).to_contain_text("Viser 26–31 af 31 klager")
    assert "status=indsendt" in page.page.url and "side=2" in page.page.url

    # One board chosen: the location column appears.
    expect(page.locator("[data-inbox-table] th", has_text="Lokalitet")).to_have_count(0)
    filters.get_by_label("Klagenævn").select_option(cases["board"])
    page.click(filters.get_by_role("button", name="Vis"))
    page.click(pagination.get_by_role("link", name="Side 1", exact=True))
    expect(page.locator("[data-inbox-table] th", has_text="Lokalitet")).to_have_count(1)
    expect(_rows(page).first).to_contain_text("Sankt Mogens Gade 5, 8800 Viborg")


def test_on_a_phone_the_inbox_fits(visitor, cases):
    phone = visitor(page_class=PhonePage, viewport={"width": WIDTH, "height": HEIGHT}, is_mobile=True)
    log_in(phone, "thomas", shot="inbox-phone")
    expect(_rows(phone)).to_have_count(25)
    search = phone.locator("[data-inbox-search]")
    search.get_by_label("Afgørelsens reference eller adresse").fill("Sankt Mogens")
    phone.click(search.get_by_role("button", name="Søg"), shot="inbox-phone-search")
    expect(_rows(phone)).to_have_count(1)
    phone.goto("/myndighed/?side=2&status=indsendt")
    expect(phone.locator(".pagination-mobile")).to_contain_text("Side 2 af 2")
