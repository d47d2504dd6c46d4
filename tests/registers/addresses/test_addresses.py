"""Address search (KP-4): the built-in list for development and Danmarks Adresser's API (DAWA) for production,
behind one function; a service that does not answer is said so, never taken for "no address"."""

import threading
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured

from klageportal.registers.addresses import AddressRecord, AddressServiceUnavailable, address_search, registry
from tests.registers.contrib.test_http import RegisterService

SKOVVEJ = {"betegnelse": "Skovvej 4, 8800 Viborg", "x": 9.3897412, "y": 56.4551234, "postnr": "8800"}


def test_the_built_in_list_finds_by_the_beginnings_of_words(settings):
    settings.ADDRESS_BACKEND = "local"
    found = address_search("skovvej 4 vib")
    assert found == [AddressRecord("Skovvej 4, 8800 Viborg", Decimal("56.455120"), Decimal("9.389740"))]
    assert {a.text for a in address_search("Skovvej 4")} >= {"Skovvej 4, 8800 Viborg", "Skovvej 4, 8240 Risskov"}
    assert address_search("Nøgletvej 99") == []


def test_too_little_text_is_not_searched(settings):
    settings.ADDRESS_LOCAL_UNAVAILABLE = True  # would raise if it were asked
    assert address_search("  a  ") == []
    assert address_search("") == []


def test_the_built_in_list_switched_off_is_unavailable(settings):
    settings.ADDRESS_LOCAL_UNAVAILABLE = True
    with pytest.raises(AddressServiceUnavailable):
        address_search("Skovvej")


def test_an_unknown_service_is_a_configuration_error(settings):
    settings.ADDRESS_BACKEND = "kortforsyningen"
    with pytest.raises(ImproperlyConfigured, match="dawa, local"):
        address_search("Skovvej")
    assert registry.names() == ["dawa", "local"]


@pytest.fixture
def dawa(settings):
    server = RegisterService()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    settings.ADDRESS_BACKEND = "dawa"
    settings.ADDRESS_DAWA_URL = server.url + "/"
    settings.ADDRESS_TIMEOUT_SECONDS = 1
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_dawa_is_asked_for_the_text_and_its_answer_read_as_points(dawa):
    dawa.routes["/api/v1/adresser"] = (200, [SKOVVEJ])
    assert address_search("Skovvej  4, Viborg", limit=5) == [
        AddressRecord("Skovvej 4, 8800 Viborg", Decimal("56.455123"), Decimal("9.389741"))
    ]
    (request,) = dawa.requests
    query = parse_qs(urlsplit(request).query)
    assert query == {"q": ["Skovvej 4, Viborg"], "struktur": ["mini"], "per_side": ["5"]}


def test_dawa_finding_nothing_is_an_empty_list(dawa):
    dawa.routes["/api/v1/adresser"] = (200, [])
    assert address_search("Ingenvej 1") == []


@pytest.mark.parametrize(
    "answer",
    [
        (500, {"type": "InternalError"}),
        (200, b"<html>maintenance</html>"),
        (200, {"not": "a list"}),
        (200, [{"betegnelse": "Skovvej 4, 8800 Viborg"}]),
        (200, [{"x": 9.3, "y": 56.4}]),
        (200, [{"betegnelse": "Skovvej 4", "x": "NaN", "y": 56.4}]),
    ],
    ids=["5xx", "not-json", "not-a-list", "no-point", "no-text", "not-a-number"],
)
def test_dawa_answering_something_unusable_is_unavailable(dawa, answer):
    dawa.routes["/api/v1/adresser"] = answer
    with pytest.raises(AddressServiceUnavailable):
        address_search("Skovvej 4")


def test_dawa_not_answering_in_time_is_unavailable(dawa, settings):
    settings.ADDRESS_TIMEOUT_SECONDS = 0.2
    dawa.delay = 1.0
    dawa.routes["/api/v1/adresser"] = (200, [SKOVVEJ])
    with pytest.raises(AddressServiceUnavailable):
        address_search("Skovvej 4")
