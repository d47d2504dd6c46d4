"""The embedded register of fictitious people and companies (AS-20, AS-23, SPEC §12)."""

from datetime import date

import pytest
from stdnum.dk import cpr as stdnum_cpr
from stdnum.dk import cvr as stdnum_cvr

from klageportal.registers import (
    CompanyRecord,
    PersonRecord,
    RegisterUnavailable,
    company_lookup,
    company_search,
    person_lookup,
)
from klageportal.registers.contrib.local.data import COMPANIES, PEOPLE

CPR_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
POSTCODE_CITIES = {
    # A sample of the real postcode table, so a typo in the data shows.
    "1620": "København V",
    "2100": "København Ø",
    "2200": "København N",
    "2700": "Brønshøj",
    "2800": "Kongens Lyngby",
    "2900": "Hellerup",
    "7400": "Herning",
    "7800": "Skive",
    "8000": "Aarhus C",
    "8200": "Aarhus N",
    "8220": "Brabrand",
    "8260": "Viby J",
    "8600": "Silkeborg",
    "8800": "Viborg",
    "8830": "Tjele",
    "8850": "Bjerringbro",
    "9000": "Aalborg",
}


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@pytest.mark.parametrize(
    ("cpr", "name"),
    [
        ("1203781234", "Mette Hansen"),
        ("0507651237", "Jens Nielsen"),
        ("2311594422", "Karen Sørensen"),
        ("0909901113", "Ole Pedersen"),
    ],
)
def test_development_identities_are_in_the_register(cpr, name):
    person = person_lookup(cpr)

    assert person is not None
    assert person.name == name
    assert person.cpr == cpr


def test_person_lookup_gives_name_and_address():
    assert person_lookup("1203781234") == PersonRecord("1203781234", "Mette Hansen", "Skovvej 4", "8800", "Viborg")


@pytest.mark.parametrize("typed", ["120378-1234", " 1203781234 ", "120378 1234"])
def test_cpr_is_accepted_with_hyphen_or_spaces(typed):
    """AS-20: 10 digits, with or without hyphen."""
    person = person_lookup(typed)

    assert person is not None and person.cpr == "1203781234"


def test_unknown_cpr_is_not_found():
    assert person_lookup("0101801235") is None


@pytest.mark.parametrize(
    "typed", ["", "12037812", "12037812345", "3102781234", "1213781234", "12O3781234", "١٢٠٣٧٨١٢٣٤"]
)
def test_number_that_cannot_be_a_cpr_number_is_not_found(typed):
    assert person_lookup(typed) is None


def test_cpr_is_not_checked_with_mod_11():
    """SPEC §12: numbers since 2007 need not pass mod 11; Mette's does not, and she is found."""
    assert sum(int(d) * w for d, w in zip("1203781234", CPR_WEIGHTS, strict=True)) % 11 != 0
    assert person_lookup("1203781234") is not None


@pytest.mark.parametrize(
    ("cvr", "name"),
    [
        ("37042374", "Byggefirmaet Nord ApS"),
        ("37132497", "Grøn Energi A/S"),
        ("38025694", "Advokatfirmaet Lind & Co"),
    ],
)
def test_development_companies_are_in_the_register(cvr, name):
    company = company_lookup(cvr)

    assert company is not None
    assert company.name == name


def test_company_lookup_gives_name_and_address():
    assert company_lookup("37042374") == CompanyRecord(
        "37042374", "Byggefirmaet Nord ApS", "Industrivej 14", "8800", "Viborg"
    )


def test_cvr_with_spaces_is_found():
    assert company_lookup("3704 2374") == company_lookup("37042374")


@pytest.mark.parametrize("typed", ["37042375", "3704237", "ABCDEFGH", "", "29876541"])
def test_invalid_or_unknown_cvr_is_not_found(typed):
    assert company_lookup(typed) is None


def test_company_search_finds_by_part_of_the_name_ignoring_case():
    names = [company.name for company in company_search("nord")]

    assert names == ["Nordlys IT ApS", "Byggefirmaet Nord ApS"]


def test_company_search_matches_every_word_typed():
    assert [company.cvr for company in company_search("lind advokat")] == ["38025694"]


def test_company_search_finds_danish_letters():
    assert [company.name for company in company_search("GRØN")] == ["Grøn Energi A/S"]


def test_company_search_finds_law_firms_and_accountants():
    assert len(company_search("advokat")) >= 4
    assert len(company_search("revis")) >= 2


def test_company_search_by_whole_cvr_number():
    assert company_search("37132497") == [company_lookup("37132497")]


def test_company_search_by_the_first_digits_of_the_cvr_number():
    cvrs = [company.cvr for company in company_search("37")]

    assert cvrs == sorted(cvrs)
    assert {"37042374", "37132497", "37253340"} <= set(cvrs)
    assert all(cvr.startswith("37") for cvr in cvrs)


def test_company_search_respects_the_limit():
    assert len(company_search("a", limit=3)) == 3
    assert len(company_search("a")) == 10
    assert company_search("a", limit=0) == []


@pytest.mark.parametrize("query", ["", "   ", "ingen sådan virksomhed"])
def test_company_search_without_hits_is_empty(query):
    assert company_search(query) == []


def test_cpr_number_typed_into_the_company_search_finds_nothing():
    assert company_search("120378-1234") == []
    assert company_search("1203781234") == []


def test_switched_off_local_register_is_unavailable_for_every_call(settings):
    """AS-20: the register not answering lets the caseworker type the name; drills switch it off."""
    settings.REGISTER_LOCAL_UNAVAILABLE = True

    with pytest.raises(RegisterUnavailable):
        person_lookup("1203781234")
    with pytest.raises(RegisterUnavailable):
        person_lookup("0101801235")
    with pytest.raises(RegisterUnavailable):
        company_lookup("37042374")
    with pytest.raises(RegisterUnavailable):
        company_search("nord")

    settings.REGISTER_LOCAL_UNAVAILABLE = False

    assert person_lookup("1203781234") is not None


def test_register_holds_at_least_30_people_with_unique_valid_cpr_numbers():
    today = date(2026, 1, 1)
    cprs = [person.cpr for person in PEOPLE]

    assert len(PEOPLE) >= 30
    assert len(set(cprs)) == len(cprs)
    for cpr in cprs:
        assert len(cpr) == 10 and cpr.isdigit()
        assert stdnum_cpr.get_birth_date(cpr) < today


def test_adults_numbers_fail_mod_11_so_they_cannot_belong_to_anyone():
    """Every CPR number issued before 2007 passes mod 11; these fail it, so they are nobody's."""
    for person in PEOPLE:
        if stdnum_cpr.get_birth_date(person.cpr).year < 2007:
            assert sum(int(d) * w for d, w in zip(person.cpr, CPR_WEIGHTS, strict=True)) % 11 != 0, person.name


def test_children_under_18_live_with_an_adult():
    """AS-21: a case about a child needs the custody holder; the register has families to try it with."""
    ages = {person.cpr: age_on(stdnum_cpr.get_birth_date(person.cpr), date(2026, 12, 31)) for person in PEOPLE}
    children = [person for person in PEOPLE if ages[person.cpr] < 18]

    assert len(children) >= 5
    for child in children:
        adults_at_home = [
            person
            for person in PEOPLE
            if ages[person.cpr] >= 18 and (person.address, person.postcode) == (child.address, child.postcode)
        ]
        assert adults_at_home, child.name


def test_register_holds_at_least_12_companies_with_unique_mod_11_cvr_numbers():
    cvrs = [company.cvr for company in COMPANIES]

    assert len(COMPANIES) >= 12
    assert len(set(cvrs)) == len(cvrs)
    for cvr in cvrs:
        assert stdnum_cvr.is_valid(cvr), cvr


@pytest.mark.parametrize("record", [*PEOPLE, *COMPANIES], ids=lambda record: record.name)
def test_every_record_has_a_danish_address(record):
    assert record.name.strip() == record.name and record.name
    assert record.address
    assert POSTCODE_CITIES[record.postcode] == record.city
