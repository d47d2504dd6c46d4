"""CPR and CVR look-ups on page 2 (AS-20, AS-23): found, not found, the register not answering."""

import pytest
from django.urls import reverse

from klageportal.forwarding.models import AnkeskemaDraft
from tests.forwarding.conftest import complete_answers, post_page

pytestmark = pytest.mark.django_db

LOOKUP = reverse("forwarding:lookup")


@pytest.fixture
def started(as_birgitte):
    as_birgitte.get(reverse("forwarding:start"))
    return as_birgitte


def _page2(user) -> dict:
    return AnkeskemaDraft.objects.get(owner=user, state=AnkeskemaDraft.State.OPEN).data["2"]


# --- leaving the field: the JSON endpoint --------------------------------------------------------------


def test_leaving_the_cpr_field_finds_the_name(started):
    answer = started.post(LOOKUP, {"kind": "person", "query": "120378-1234"}).json()
    assert answer["status"] == "found"
    assert answer["hits"][0]["name"] == "Mette Hansen"
    assert answer["child"] is False


def test_a_child_is_recognised(started):
    answer = started.post(LOOKUP, {"kind": "person", "query": "2106124536"}).json()
    assert (answer["status"], answer["child"]) == ("found", True)


def test_a_number_not_in_cpr_gives_an_error_to_correct(started):
    answer = started.post(LOOKUP, {"kind": "person", "query": "0101011234"}).json()
    assert answer["status"] == "not_found"
    assert answer["message"] == "CPR-nummeret findes ikke i CPR. Ret nummeret, og prøv igen."


def test_the_register_not_answering_lets_the_name_be_typed(started, settings):
    settings.REGISTER_LOCAL_UNAVAILABLE = True
    answer = started.post(LOOKUP, {"kind": "person", "query": "1203781234"}).json()
    assert answer["status"] == "unavailable"
    assert "Skriv borgerens fulde navn" in answer["message"]


def test_the_number_is_posted_never_in_the_url(started):
    """X-4: a GET with a CPR number in the query string is refused."""
    assert started.get(LOOKUP, {"kind": "person", "query": "1203781234"}).status_code == 405


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("38025694", "Advokatfirmaet Lind & Co"),
        ("advokatfirmaet lind", "Advokatfirmaet Lind & Co"),
        ("0507651237", "Jens Nielsen"),
    ],
)
def test_party_search_by_cvr_name_or_cpr(started, query, name):
    """AS-23: search by CPR, company name or CVR; a hit carries name, address, postcode and town."""
    answer = started.post(LOOKUP, {"kind": "search", "query": query}).json()
    assert answer["status"] == "found"
    hit = next(h for h in answer["hits"] if h["name"] == name)
    assert hit["address"] and hit["postcode"] and hit["city"]


def test_party_search_with_the_register_down(started, settings):
    settings.REGISTER_LOCAL_UNAVAILABLE = True
    assert started.post(LOOKUP, {"kind": "search", "query": "Lind"}).json()["status"] == "unavailable"


# --- on "Næste" and "Slå op" (without JavaScript) -------------------------------------------------------


def test_next_looks_up_the_name_and_ignores_a_typed_one(started, birgitte):
    answers = {"citizen_cpr": "1203781234", "citizen_name": "Forkert Navn", "is_child": "nej"}
    assert post_page(started, 2, answers).status_code == 302
    page2 = _page2(birgitte)
    assert (page2["citizen_name"], page2["citizen_name_source"]) == ("Mette Hansen", "register")


def test_next_with_a_number_not_in_cpr_stays_with_the_error_at_the_field(started, birgitte):
    response = post_page(started, 2, {"citizen_cpr": "0101011234", "is_child": "nej"})
    assert response.status_code == 200
    assert response.context["error_summary"] == [
        ("#id_citizen_cpr", "Borgerens CPR-nummer: CPR-nummeret findes ikke i CPR. Ret nummeret, og prøv igen.")
    ]
    assert _page2(birgitte)["citizen_cpr"] == "0101011234"


def test_register_down_requires_the_typed_name_and_records_it(started, birgitte, settings):
    """AS-20: the caseworker may type the full name; the answers say it was typed."""
    settings.REGISTER_LOCAL_UNAVAILABLE = True
    response = post_page(started, 2, {"citizen_cpr": "1203781234", "is_child": "nej"})
    assert response.context["error_summary"] == [
        ("#id_citizen_name", "Borgerens navn: CPR-registret svarer ikke lige nu. Skriv borgerens fulde navn.")
    ]
    assert "readonly" not in response.content.decode().split('id="id_citizen_name"')[0].rsplit("<input", 1)[1]
    response = post_page(started, 2, {"citizen_cpr": "1203781234", "citizen_name": "Mette Hansen", "is_child": "nej"})
    assert response.status_code == 302
    assert _page2(birgitte)["citizen_name_source"] == "typed"


def test_slaa_op_button_fills_the_name_without_javascript(started, birgitte):
    response = post_page(started, 2, {"citizen_cpr": "120378-1234"}, action="lookup-citizen")
    assert response.status_code == 200
    assert 'value="Mette Hansen"' in response.content.decode()
    assert response.context["error_summary"] == []
    assert _page2(birgitte)["citizen_name"] == "Mette Hansen"


def test_slaa_op_button_shows_not_found_at_the_field(started):
    response = post_page(started, 2, {"citizen_cpr": "0101011234"}, action="lookup-citizen")
    assert response.context["error_summary"] == [
        ("#id_citizen_cpr", "Borgerens CPR-nummer: CPR-nummeret findes ikke i CPR. Ret nummeret, og prøv igen.")
    ]


def test_search_and_pick_a_party_without_javascript(started, birgitte):
    """AS-23: "Søg", then "Vælg" fills name, address, postcode and town."""
    answers = {
        **complete_answers()["2"],
        "has_parties": "on",
        "parties": [{"role": "partsrepraesentant", "search": "38025694"}],
    }
    response = post_page(started, 2, answers, action="search-party-0")
    assert "Vælg Advokatfirmaet Lind &amp; Co" in response.content.decode()
    post_page(started, 2, _page2(birgitte), action="pick-party-0-0")
    party = _page2(birgitte)["parties"][0]
    assert (party["number"], party["name"], party["address"], party["postcode"], party["city"]) == (
        "38025694",
        "Advokatfirmaet Lind & Co",
        "Store Torv 5",
        "8000",
        "Aarhus C",
    )


def test_employer_looked_up_by_cvr(started, birgitte):
    """AS-24."""
    answers = {**complete_answers()["2"], "refusion": "on", "employer_cvr": "31560969"}
    post_page(started, 2, answers, action="lookup-employer")
    assert _page2(birgitte)["employer_name"] == "Viborg Tømrer & Snedker ApS"
    assert _page2(birgitte)["employer_city"] == "Viborg"
