"""CPR and CVR numbers are checked in one place (SPEC §12): CVR by mod 11, CPR by format and date only."""

from datetime import date
from pathlib import Path

import pytest

import klageportal
from klageportal.registers import numbers


@pytest.fixture
def today_is(monkeypatch):
    """Set the portal's local date, the one clock every check reads."""

    def set_today(day: date) -> None:
        monkeypatch.setattr(numbers.timezone, "localdate", lambda: day)

    return set_today


@pytest.mark.parametrize("typed", ["1203781234", "120378-1234", "120378 1234", "120378‐1234", " 120378-1234 "])
def test_a_cpr_number_typed_with_or_without_separators_becomes_its_ten_digits(typed):
    assert numbers.clean_cpr(typed) == "1203781234"


def test_a_cpr_number_that_fails_modulus_11_is_still_a_cpr_number():
    """Numbers given since 2007 need not pass the modulus-11 check."""
    assert numbers.clean_cpr("1203781235") == "1203781235"


@pytest.mark.parametrize(
    "typed", ["", "12037812", "3102781234", "1213781234", "12037812345", "120378-123x", "١٢٠٣٧٨١٢٣٤"]
)
def test_a_cpr_number_without_ten_digits_or_a_real_date_is_refused(typed):
    assert numbers.clean_cpr(typed) is None
    assert not numbers.is_valid_cpr(typed)


def test_a_cpr_number_born_after_the_portals_today_is_refused(today_is):
    today_is(date(2026, 6, 20))
    assert numbers.clean_cpr("2106264536") is None
    today_is(date(2026, 6, 21))
    assert numbers.clean_cpr("2106264536") == "2106264536"


def test_the_birth_date_follows_the_century_digit():
    assert numbers.cpr_birth_date("2106124536") == date(2012, 6, 21)
    assert numbers.cpr_birth_date("120378-1234") == date(1978, 3, 12)


@pytest.mark.parametrize(("on", "under_18"), [(date(2030, 6, 20), True), (date(2030, 6, 21), False)])
def test_under_18_changes_on_the_18th_birthday(on, under_18):
    assert numbers.is_under_18("2106124536", on=on) is under_18


def test_under_18_without_a_date_is_on_the_portals_today(today_is):
    today_is(date(2030, 6, 20))
    assert numbers.is_under_18("2106124536")
    today_is(date(2030, 6, 21))
    assert not numbers.is_under_18("2106124536")


def test_an_invalid_cpr_number_is_never_under_18():
    assert not numbers.is_under_18("3102121234")


@pytest.mark.parametrize("typed", ["31560969", "3156 0969", "3156-0969"])
def test_a_cvr_number_passing_modulus_11_becomes_its_eight_digits(typed):
    assert numbers.clean_cvr(typed) == "31560969"
    assert numbers.is_valid_cvr(typed)


@pytest.mark.parametrize("typed", ["", "31560968", "3156096", "315609690", "abcdefgh"])
def test_a_cvr_number_failing_modulus_11_or_the_format_is_refused(typed):
    assert numbers.clean_cvr(typed) is None
    assert not numbers.is_valid_cvr(typed)


def test_identity_numbers_are_validated_in_registers_numbers_only():
    """SPEC §12: one module checks CPR and CVR numbers; no other module reaches for python-stdnum or a birth date."""
    package = Path(klageportal.__file__).parent
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path != package / "registers" / "numbers.py"
        and ("stdnum" in (text := path.read_text()) or "get_birth_date" in text)
    ]
    assert offenders == []
