"""Look-ups as plain answers (AS-20, AS-23): found, not found, invalid, or the register did not answer."""

import pytest

from klageportal.registers import answers

pytestmark = pytest.mark.django_db  # every look-up is kept for the audit


def test_a_person_found_carries_name_and_address():
    answer = answers.person("120378-1234")
    assert answer.status == answers.FOUND
    hit = answer.hit
    assert hit is not None
    assert (hit.number, hit.kind, hit.name) == ("1203781234", answers.PERSON, "Mette Hansen")
    assert hit.address_line == "Skovvej 4, 8800 Viborg"


def test_a_valid_cpr_number_nobody_has_is_not_found():
    assert answers.person("0101011234").status == answers.NOT_FOUND


@pytest.mark.parametrize("typed", ["", "1234", "3102781234"])
def test_a_cpr_number_that_is_no_number_is_invalid_and_not_sent(typed, monkeypatch):
    monkeypatch.setattr(answers, "person_lookup", lambda cpr: pytest.fail("the register was asked"))
    assert answers.person(typed).status == answers.INVALID


def test_the_register_not_answering_is_unavailable(settings):
    settings.REGISTER_LOCAL_UNAVAILABLE = True
    assert answers.person("1203781234").status == answers.UNAVAILABLE
    assert answers.company("38025694").status == answers.UNAVAILABLE
    assert answers.search("Lind").status == answers.UNAVAILABLE


def test_a_company_is_found_by_cvr_number():
    hit = answers.company("3802 5694").hit
    assert hit is not None
    assert (hit.kind, hit.name, hit.postcode, hit.city) == (
        answers.COMPANY,
        "Advokatfirmaet Lind & Co",
        "8000",
        "Aarhus C",
    )


def test_a_cvr_number_failing_modulus_11_is_invalid():
    assert answers.company("38025695").status == answers.INVALID


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("38025694", "Advokatfirmaet Lind & Co"),
        ("advokatfirmaet lind", "Advokatfirmaet Lind & Co"),
        ("0507651237", "Jens Nielsen"),
    ],
)
def test_search_by_cvr_number_name_or_cpr_number(query, name):
    answer = answers.search(query)
    assert answer.status == answers.FOUND
    assert name in [hit.name for hit in answer.hits]


@pytest.mark.parametrize(("query", "status"), [("x", answers.INVALID), ("Findes ikke ApS", answers.NOT_FOUND)])
def test_search_too_short_or_without_hits(query, status):
    assert answers.search(query).status == status


def test_an_answer_as_json_lists_its_hits():
    assert answers.person("1203781234").as_json() == {
        "status": "found",
        "hits": [
            {
                "number": "1203781234",
                "kind": "person",
                "name": "Mette Hansen",
                "address": "Skovvej 4",
                "postcode": "8800",
                "city": "Viborg",
            }
        ],
    }


def test_a_look_up_endpoints_kind_is_looked_up_in_its_register():
    """One dispatch from an endpoint's "kind", shared by the web appeal form and the filing flow."""
    assert answers.by_kind("person", "050765-1237").hit.name == "Jens Nielsen"
    assert answers.by_kind("company", "37042374").hit.name == "Byggefirmaet Nord ApS"
    assert answers.by_kind("search", "Byggefirmaet").status == answers.FOUND


def test_an_unknown_kind_is_not_looked_up():
    from klageportal.registers.models import RegisterLookup

    assert answers.by_kind("address", "Skovvej 4") is None
    assert not RegisterLookup.objects.exists()
