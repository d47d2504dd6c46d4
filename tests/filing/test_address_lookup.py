"""The decision step's address search (KP-4): a person filing gets addresses with their points as JSON; the
service down is said so; others are refused; the searches are rate limited."""

import pytest
from django.urls import reverse

from klageportal.catalog.models import Authority
from tests.factories import AuthorityUserFactory, BodyStaffFactory, CitizenFactory

URL = reverse("filing:address_lookup")


@pytest.mark.django_db
def test_a_citizen_gets_matching_addresses_with_their_points(client):
    client.force_login(CitizenFactory())
    answer = client.get(URL, {"q": "Skovvej 4 Viborg"}).json()
    assert answer == {
        "status": "found",
        "hits": [{"text": "Skovvej 4, 8800 Viborg", "lat": "56.455120", "lon": "9.389740"}],
        "message": "",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("Sk", "invalid", "Skriv mindst tre tegn af adressen."),
        ("Nøgletvej 99", "not_found", "Ingen adresser passer på søgningen."),
    ],
)
def test_too_little_or_nothing_found_says_so(client, query, status, message):
    client.force_login(CitizenFactory())
    assert client.get(URL, {"q": query}).json() == {"status": status, "hits": [], "message": message}


@pytest.mark.django_db
def test_the_service_down_says_type_the_address(client, settings):
    settings.ADDRESS_LOCAL_UNAVAILABLE = True
    client.force_login(CitizenFactory())
    answer = client.get(URL, {"q": "Skovvej 4"}).json()
    assert answer["status"] == "unavailable" and answer["hits"] == []
    assert "Skriv adressen" in answer["message"]


@pytest.mark.django_db
def test_agency_staff_and_visitors_are_refused(client):
    assert client.get(URL, {"q": "Skovvej 4"}).status_code == 302  # to the login
    client.force_login(AuthorityUserFactory(authority__kind=Authority.Kind.AGENCY))
    assert client.get(URL, {"q": "Skovvej 4"}).status_code == 403
    client.force_login(BodyStaffFactory())
    assert client.get(URL, {"q": "Skovvej 4"}).status_code == 403


@pytest.mark.django_db
def test_municipality_staff_filing_for_an_exempt_citizen_may_search(client):
    """KP-2: the decision step of a complaint a municipality files for an exempt citizen has the address search."""
    client.force_login(AuthorityUserFactory())
    assert client.get(URL, {"q": "Skovvej 4"}).status_code == 200


@pytest.mark.django_db
def test_searches_are_rate_limited_per_person(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "address": {"user": "2/m", "ip": ""}}
    client.force_login(CitizenFactory())
    assert [client.get(URL, {"q": "Skovvej 4"}).status_code for _ in range(3)] == [200, 200, 429]
