"""The first instance's inbox (FI-1): its staff see complaints against its decisions; no one else gets in."""

import pytest
from django.urls import reverse

from klageportal.cases.models import Status
from tests.factories import AuthorityUserFactory, BodyStaffFactory, CaseFactory, PartyFactory

pytestmark = pytest.mark.django_db

URL = reverse("workspaces:authority_inbox")


def test_inbox_lists_submitted_complaints_against_the_authority(client, authority):
    submitted = CaseFactory(authority=authority, status=Status.INDSENDT)
    draft = CaseFactory(authority=authority, status=Status.KLADDE)
    elsewhere = CaseFactory(status=Status.INDSENDT)
    client.force_login(AuthorityUserFactory(authority=authority))
    page = client.get(URL).content.decode()
    assert submitted.number in page
    assert draft.number not in page
    assert elsewhere.number not in page


def test_inbox_is_refused_to_citizens_and_the_boards_caseworkers(client, filer):
    for user in (filer, BodyStaffFactory()):
        client.force_login(user)
        assert client.get(URL).status_code == 403


# --- the real inbox: filters (GET), search (POST, kept in the session), pages, queries -------------------

CPR = "0101901234"


@pytest.fixture
def staff(authority):
    return AuthorityUserFactory(authority=authority)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_search_by_cpr_is_posted_and_the_redirect_carries_only_a_token(staff_client, authority):
    case = CaseFactory(authority=authority, status=Status.INDSENDT)
    PartyFactory(case=case, cpr=CPR, name="Karla Klager")
    other = CaseFactory(authority=authority, status=Status.INDSENDT)
    response = staff_client.post(URL + "?status=indsendt", {"nummer": "010190-1234"})
    assert response.status_code == 302
    location = response["Location"]
    assert CPR not in location and "010190" not in location
    assert "soegning=" in location and "status=indsendt" in location
    page = staff_client.get(location).content.decode()
    assert case.number in page and other.number not in page
    assert "Karla Klager" in page


def test_search_is_never_read_from_the_address(staff_client, authority):
    case = CaseFactory(authority=authority, status=Status.INDSENDT)
    PartyFactory(case=case, cpr=CPR)
    other = CaseFactory(authority=authority, status=Status.INDSENDT)
    page = staff_client.get(URL, {"nummer": CPR, "soegning": "made-up"}).content.decode()
    assert other.number in page  # no search applied
    assert "Søgningen er ikke gemt længere" in page


def test_wrong_cpr_is_shown_at_the_field_and_kept(staff_client, authority):
    response = staff_client.post(URL, {"nummer": "311390-1234", "navn": "Karla"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "CPR-nummeret findes ikke" in page
    assert 'value="311390-1234"' in page and 'value="Karla"' in page
    assert 'href="#search_nummer"' in page
    response = staff_client.post(URL, {"nummer": "12345"})
    assert "Skriv et CPR-nummer med 10 cifre eller et CVR-nummer med 8 cifre." in response.content.decode()


def test_from_date_after_to_date_is_an_error_at_the_to_date(staff_client, authority):
    params = {"fra_0": "5", "fra_1": "3", "fra_2": "2026", "til_0": "1", "til_1": "3", "til_2": "2026"}
    page = staff_client.get(URL, params).content.decode()
    assert "Til-datoen ligger før fra-datoen" in page
    assert 'name="fra_0" value="5"' in page


def test_empty_search_result_says_so(staff_client, authority):
    CaseFactory(authority=authority, status=Status.INDSENDT)
    response = staff_client.post(URL, {"sag": "findes-ikke"}, follow=True)
    assert "Ingen klager passer til søgningen" in response.content.decode()


def test_search_by_reference_keeps_across_filters_and_pages(staff_client, authority):
    for _ in range(3):
        CaseFactory(authority=authority, status=Status.INDSENDT, decision_reference="BYG-7")
    CaseFactory(authority=authority, status=Status.INDSENDT, decision_reference="BYG-8")
    location = staff_client.post(URL, {"sag": "BYG-7"})["Location"]
    token = location.split("soegning=")[1]
    page = staff_client.get(URL, {"soegning": token, "status": "indsendt"}).content.decode()
    assert page.count('data-title="Afgørelsens reference">BYG-7') == 3
    assert "BYG-8" not in page
    assert f'name="soegning" value="{token}"' in page  # the filter form keeps the search


def test_clearing_the_search(staff_client, authority):
    location = staff_client.post(URL, {"sag": "BYG-7"})["Location"]
    cleared = staff_client.post(location, {"ryd": "1"})["Location"]
    assert "soegning" not in cleared


def test_pagination_links(staff_client, authority, monkeypatch):
    from klageportal.cases import inbox

    monkeypatch.setattr(inbox, "PER_PAGE", 2)
    monkeypatch.setattr(inbox.inbox_page, "__kwdefaults__", {**inbox.inbox_page.__kwdefaults__, "per_page": 2})
    cases = [CaseFactory(authority=authority, status=Status.INDSENDT) for _ in range(5)]
    first = staff_client.get(URL, {"status": "indsendt"}).content.decode()
    assert "data-inbox-pagination" in first
    assert 'href="?status=indsendt&amp;side=2"' in first
    third = staff_client.get(URL, {"status": "indsendt", "side": "3"}).content.decode()
    assert cases[0].number in third  # the oldest, alone on the last page
    assert cases[4].number not in third
    assert staff_client.get(URL, {"side": "x"}).status_code == 200


def test_location_column_with_exactly_one_board(staff_client, authority):
    case = CaseFactory(authority=authority, status=Status.INDSENDT, location_address="Torvet 1, Viborg")
    assert "Torvet 1, Viborg" not in staff_client.get(URL).content.decode()
    page = staff_client.get(URL, {"naevn": case.board.slug}).content.decode()
    assert "Torvet 1, Viborg" in page


def test_staff_of_another_authority_sees_none_of_these_cases(client, authority):
    case = CaseFactory(authority=authority, status=Status.INDSENDT, decision_reference="BYG-7")
    PartyFactory(case=case, cpr=CPR)
    client.force_login(AuthorityUserFactory())
    assert case.number not in client.get(URL).content.decode()
    page = client.post(URL, {"nummer": CPR}, follow=True).content.decode()
    assert case.number not in page


def test_anonymous_is_sent_to_log_in_and_others_are_refused(client, filer):
    response = client.get(URL)
    assert response.status_code == 302 and "soegning" not in response["Location"]
    assert client.post(URL, {"nummer": CPR}).status_code in (302, 403)
    for user in (filer, BodyStaffFactory()):
        client.force_login(user)
        assert client.post(URL, {"nummer": CPR}).status_code == 403


def _queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(URL, {"status": "indsendt"})
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL, {"status": "indsendt"})
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_pages_queries_do_not_grow_with_the_cases(staff_client, authority):
    CaseFactory(authority=authority, status=Status.INDSENDT)
    few = _queries(staff_client)
    for _ in range(30):
        case = CaseFactory(authority=authority, status=Status.INDSENDT)
        PartyFactory(case=case)
    many = _queries(staff_client)
    assert few == many
    assert many <= 10


def test_in_english(staff_client, authority, settings):
    case = CaseFactory(authority=authority, status=Status.UDFYLDT)
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = staff_client.get(URL).content.decode()
    assert case.number in page
    assert "on its way – missing payment or approval" in page
    assert "Search for a complaint" in page and "Showing 1 complaint." in page
    assert "Complainant&#x27;s CPR or CVR number" in page or "Complainant's CPR or CVR number" in page
