"""The register is chosen by setting; callers get numbers cleaned and CPR numbers kept out of the log (X-4)."""

import logging

import pytest
from django.core.exceptions import ImproperlyConfigured

from klageportal.registers import (
    CompanyRecord,
    PersonRecord,
    RegisterUnavailable,
    company_lookup,
    company_search,
    get_register,
    person_lookup,
    registry,
)
from klageportal.registers.contrib.http.register import HttpRegister
from klageportal.registers.contrib.local.register import LocalRegister

MARIE = PersonRecord("0101801235", "Marie Testesen", "Prøvevej 1", "8800", "Viborg")
FIRMA = CompanyRecord("37042374", "Prøvefirmaet ApS", "Prøvevej 2", "8800", "Viborg")


class RecordingRegister:
    """A backend that remembers what it was asked."""

    calls: list[tuple] = []

    def person(self, cpr):
        self.calls.append(("person", cpr))
        return MARIE if cpr == MARIE.cpr else None

    def company(self, cvr):
        self.calls.append(("company", cvr))
        return FIRMA if cvr == FIRMA.cvr else None

    def search_companies(self, query, *, limit):
        self.calls.append(("search", query, limit))
        return [FIRMA] * 20


class BrokenRegister:
    def person(self, cpr):
        raise RegisterUnavailable("down")

    def company(self, cvr):
        raise RegisterUnavailable("down")

    def search_companies(self, query, *, limit):
        raise RegisterUnavailable("down")


@pytest.fixture
def stand_in(settings):
    """Register a test backend under a name of its own and choose it, as a new contrib folder would be."""
    names = []

    def choose(cls):
        name = f"test-{cls.__name__.lower()}"
        registry.register(name)(cls)
        names.append(name)
        settings.REGISTER_BACKEND = name
        return cls

    yield choose
    for name in names:
        registry.unregister(name)


@pytest.fixture
def recording(stand_in):
    RecordingRegister.calls = []
    return stand_in(RecordingRegister)


def test_local_register_is_the_default(settings):
    assert isinstance(get_register(), LocalRegister)


def test_http_register_is_chosen_by_setting(settings):
    settings.REGISTER_BACKEND = "http"

    assert isinstance(get_register(), HttpRegister)


def test_a_registered_backend_is_chosen_by_its_name(recording):
    assert person_lookup("010180-1235") == MARIE
    assert company_lookup("37042374") == FIRMA
    assert recording.calls == [("person", "0101801235"), ("company", "37042374")]


def test_unknown_backend_fails_loudly(settings):
    settings.REGISTER_BACKEND = "nosuchregister"

    with pytest.raises(ImproperlyConfigured, match="KP_REGISTER='nosuchregister'.*http, local"):
        person_lookup("1203781234")


def test_a_dotted_path_is_no_backend_name(settings):
    settings.REGISTER_BACKEND = "klageportal.registers.contrib.local.register.LocalRegister"

    with pytest.raises(ImproperlyConfigured):
        person_lookup("1203781234")


def test_backend_is_asked_only_for_numbers_that_can_exist(recording):
    assert person_lookup("3102781234") is None
    assert company_lookup("37042375") is None
    assert recording.calls == []


def test_search_query_is_tidied_and_the_limit_kept(recording):
    hits = company_search("  prøve   firma ", limit=5)

    assert len(hits) == 5
    assert recording.calls == [("search", "prøve firma", 5)]


def test_unavailable_register_is_reported_to_the_caller(stand_in):
    stand_in(BrokenRegister)

    with pytest.raises(RegisterUnavailable):
        person_lookup("1203781234")
    with pytest.raises(RegisterUnavailable):
        company_lookup("37042374")
    with pytest.raises(RegisterUnavailable):
        company_search("nord")


def test_full_cpr_number_never_reaches_the_log(settings, caplog):
    caplog.set_level(logging.DEBUG, logger="klageportal.registers")
    person_lookup("1203781234")
    person_lookup("0101801235")
    settings.REGISTER_LOCAL_UNAVAILABLE = True
    with pytest.raises(RegisterUnavailable):
        person_lookup("120378-1234")

    assert "120378-xxxx" in caplog.text
    assert "1203781234" not in caplog.text
    assert "0101801235" not in caplog.text
    assert "120378-1234" not in caplog.text
