"""Filing step "Afgørelsen" (KP-4) in the browser: the municipality found by typing part of its name, the date
as day, month and year, the place found by address (which also sets the point on the map), a click on the map
without any tile server, and the coordinates as the fallback without JavaScript."""

import re
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import expect

from e2e import flows


def to_decision_step(page) -> str:
    flows.log_in(page, "mette")
    number = flows.start_complaint(page)
    flows.capacity_own(page)
    flows.contact(page, email="mette@example.dk")
    assert page.path.endswith("/trin/afgoerelse/"), page.path
    return number


def test_address_search_sets_the_address_and_the_point(page):
    from klageportal.cases.models import Case

    number = to_decision_step(page)
    assert page.locator("#id_decision_date").count() == 0  # no browser date picker (mm/dd/yyyy)
    authority = page.get_by_label("Myndighed, der har truffet afgørelsen")
    expect(authority).to_have_attribute("list", "id_authority_list")
    authority.fill("Viborg Kommune")
    flows.fill_date(page, "Afgørelsens dato", timezone.localdate() - timedelta(days=3))
    page.get_by_label("Din klage").fill("Lokalplanen tillader byggeri, der skygger for min grund.")
    page.get_by_label("Adresse, klagen handler om").fill("skovvej 4 vib")
    page.get_by_role("button", name="Find adressen").click()
    choice = page.get_by_role("button", name="Vælg Skovvej 4, 8800 Viborg")
    expect(choice).to_be_focused()
    choice.press("Enter")
    expect(page.get_by_label("Adresse, klagen handler om")).to_have_value("Skovvej 4, 8800 Viborg")
    expect(page.locator("[data-address-status]")).to_contain_text("punktet er sat på kortet")
    expect(page.locator("#location-map .leaflet-marker-icon")).to_have_count(1)
    expect(page.locator("#location-map path.leaflet-interactive, #location-map path")).not_to_have_count(0)
    page.screenshot("decision-address-chosen")
    flows.next_step(page)
    assert page.path.endswith("/trin/dokumenter/"), page.path
    case = Case.objects.get(number=number)
    assert case.authority.name == "Viborg Kommune"
    assert case.location_address == "Skovvej 4, 8800 Viborg"
    assert (case.location_lat, case.location_lon) == (Decimal("56.455120"), Decimal("9.389740"))
    assert case.decision_date == timezone.localdate() - timedelta(days=3)


def test_a_click_on_the_outline_map_sets_the_coordinates(page, settings):
    settings.MAP_TILE_URL = ""
    to_decision_step(page)
    expect(page.locator("#location-map path")).not_to_have_count(0)  # the outline of Denmark is drawn
    page.locator("#location-map").scroll_into_view_if_needed()
    box = page.locator("#location-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.locator("summary", has_text="Angiv koordinater").click()
    lat = float(page.get_by_label("Breddegrad").input_value())
    lon = float(page.get_by_label("Længdegrad").input_value())
    assert 54.5 < lat < 57.9 and 8.0 < lon < 15.3, (lat, lon)


def test_a_wrong_date_is_told_at_the_field_and_kept(page):
    to_decision_step(page)
    flows.choose_authority(page, "Viborg Kommune")
    group = page.get_by_role("group", name=re.compile("^Afgørelsens dato"))
    group.get_by_label("Dag", exact=True).fill("31")
    group.get_by_label("Måned", exact=True).fill("2")
    group.get_by_label("År", exact=True).fill("2026")
    page.get_by_label("Din klage").fill("Tekst")
    flows.next_step(page, shot="decision-date-error")
    assert page.path.endswith("/trin/afgoerelse/")
    expect(page.locator("#group-id_decision_date")).to_contain_text("Datoen findes ikke. Kontrollér dag og måned.")
    expect(group).to_have_attribute("aria-describedby", re.compile("id_decision_date_error"))
    expect(group.get_by_label("Dag", exact=True)).to_have_value("31")
    expect(page.get_by_label("Myndighed, der har truffet afgørelsen")).to_have_value("Viborg Kommune")
    expect(page.get_by_label("Din klage")).to_have_value("Tekst")


def test_without_javascript_the_select_and_the_coordinates_work(browser, portal):
    from e2e.browser import PortalPage
    from e2e.conftest import SCREENSHOTS
    from klageportal.cases.models import Case

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK", java_script_enabled=False)
    page = PortalPage(context.new_page(), base_url=portal.url, screenshots=SCREENSHOTS, javascript=False)
    try:
        number = to_decision_step(page)
        expect(page.get_by_role("button", name="Find adressen")).to_be_hidden()
        page.get_by_label("Myndighed, der har truffet afgørelsen").select_option(label="Aarhus Kommune")
        flows.fill_date(page, "Afgørelsens dato", timezone.localdate() - timedelta(days=5))
        page.get_by_label("Din klage").fill("Tekst")
        page.get_by_label("Adresse, klagen handler om").fill("Havnegade 1, 8000 Aarhus C")
        page.locator("summary", has_text="Angiv koordinater").click()
        page.get_by_label("Breddegrad").fill("56.155180")
        page.get_by_label("Længdegrad").fill("10.213840")
        flows.next_step(page)
        case = Case.objects.get(number=number)
        assert case.authority.name == "Aarhus Kommune"
        assert (case.location_lat, case.location_lon) == (Decimal("56.155180"), Decimal("10.213840"))
        page.assert_every_page_checked()
    finally:
        context.close()
