"""Reading a person's identity from the ID token's claims (AUTH-2, AUTH-4, SPEC §12)."""

import pytest

from klageportal.identity.claims import InvalidClaims, claim_names, identity_from_claims

CPR_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def passes_mod_11(cpr: str) -> bool:
    return sum(int(digit) * weight for digit, weight in zip(cpr, CPR_WEIGHTS, strict=True)) % 11 == 0


def claims(**values) -> dict:
    """ID token claims under the configured names; a value of None leaves the claim out."""
    names = claim_names()
    merged = {"sub": "subject-1", "name": "Mette Hansen", "cpr": "1203781234", **values}
    return {names.get(key, key): value for key, value in merged.items() if value is not None}


def test_citizen_claims_give_name_and_cpr():
    identity = identity_from_claims(claims())

    assert identity.sub == "subject-1"
    assert identity.name == "Mette Hansen"
    assert identity.cpr == "1203781234"
    assert identity.cvr == ""
    assert identity.rights == []


def test_employee_claims_give_cvr_organisation_and_rights():
    identity = identity_from_claims(
        claims(cpr=None, cvr="37042374", organisation_name=" Byggefirmaet Nord ApS ", rights=["tegningsret"])
    )

    assert identity.cvr == "37042374"
    assert identity.cpr == ""
    assert identity.organisation_name == "Byggefirmaet Nord ApS"
    assert identity.rights == ["tegningsret"]


def test_claims_are_read_under_the_configured_prefix(settings):
    settings.OIDC_CLAIM_PREFIX = "urn:broker:"

    identity = identity_from_claims(
        {"sub": "s", "urn:broker:fullName": "Jens Nielsen", "urn:broker:cprNumber": "0507651237"}
    )

    assert identity.name == "Jens Nielsen"
    assert identity.cpr == "0507651237"


def test_plain_name_claim_is_used_when_the_full_name_is_missing():
    raw = claims(name=None)
    raw["name"] = "Mette Hansen"

    assert identity_from_claims(raw).name == "Mette Hansen"


@pytest.mark.parametrize("sub", [None, "", "   "])
def test_claims_without_subject_are_refused(sub):
    with pytest.raises(InvalidClaims, match="subject"):
        identity_from_claims(claims(sub=sub))


@pytest.mark.parametrize("name", [None, "", "  "])
def test_claims_without_name_are_refused(name):
    with pytest.raises(InvalidClaims, match="name"):
        identity_from_claims(claims(name=name))


def test_claims_without_cpr_and_cvr_are_refused():
    with pytest.raises(InvalidClaims, match="neither CPR nor CVR"):
        identity_from_claims(claims(cpr=None))


@pytest.mark.parametrize("cvr", ["37042375", "12345678", "3704237", "370423741", "07042374", "ABCDEFGH"])
def test_cvr_failing_format_or_mod_11_is_refused(cvr):
    """SPEC §12: CVR numbers pass the mod-11 check."""
    with pytest.raises(InvalidClaims, match="CVR"):
        identity_from_claims(claims(cpr=None, cvr=cvr))


@pytest.mark.parametrize(
    "cpr",
    [
        pytest.param("3102781234", id="31-february"),
        pytest.param("1213781234", id="month-13"),
        pytest.param("0003781234", id="day-0"),
        pytest.param("120378123", id="nine-digits"),
        pytest.param("12037812345", id="eleven-digits"),
        pytest.param("12037812ab", id="letters"),
    ],
)
def test_cpr_with_invalid_format_or_date_is_refused(cpr):
    with pytest.raises(InvalidClaims, match="CPR"):
        identity_from_claims(claims(cpr=cpr))


def test_cpr_with_birth_date_in_the_future_is_refused():
    """The 7th digit 4 with year 30 means born in 2030."""
    with pytest.raises(InvalidClaims, match="CPR"):
        identity_from_claims(claims(cpr="0101304234"))


def test_cpr_failing_mod_11_with_a_valid_date_is_accepted():
    """SPEC §12: CPR numbers are checked for format and date, not mod 11."""
    assert not passes_mod_11("1203781234")

    assert identity_from_claims(claims(cpr="1203781234")).cpr == "1203781234"


def test_cpr_with_a_dash_is_stored_as_ten_digits():
    assert identity_from_claims(claims(cpr="120378-1234")).cpr == "1203781234"


def test_invalid_cpr_is_refused_even_with_a_valid_cvr():
    with pytest.raises(InvalidClaims, match="CPR"):
        identity_from_claims(claims(cpr="3102781234", cvr="37042374"))


def test_rights_list_is_sorted_without_duplicates():
    """AUTH-4."""
    identity = identity_from_claims(claims(rights=["tegningsret", "ankeskema", "tegningsret"]))

    assert identity.rights == ["ankeskema", "tegningsret"]


def test_rights_given_as_one_string_are_split_on_spaces_and_commas():
    """AUTH-4: brokers may send privileges as one space- or comma-separated string."""
    identity = identity_from_claims(claims(rights="tegningsret, sagsbehandler:mfkn  ankeskema"))

    assert identity.rights == ["ankeskema", "sagsbehandler:mfkn", "tegningsret"]


def test_missing_rights_claim_means_no_rights():
    assert identity_from_claims(claims(rights=None)).rights == []


@pytest.mark.parametrize("rights", [{"tegningsret": True}, ["tegningsret", 7], 42])
def test_rights_that_are_not_strings_are_refused(rights):
    with pytest.raises(InvalidClaims, match="rights"):
        identity_from_claims(claims(rights=rights))
