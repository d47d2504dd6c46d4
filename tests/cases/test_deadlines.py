"""Danish deadline arithmetic: holidays, closing days, moved deadlines and the last minute (SPEC §12, AS-32, AS-33)."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from klageportal.cases.deadlines import (
    authority_closing_days,
    complaint_deadline,
    danish_public_holidays,
    deadline_passed,
    easter_sunday,
    forwarding_deadline_after_partial_upheld,
    is_working_day,
    next_working_day,
    reassessment_deadline,
    received_on,
)

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture(autouse=True)
def _closing_days_skipped(settings):
    settings.DEADLINES_SKIP_CLOSING_DAYS = True


@pytest.mark.parametrize(
    "expected",
    [
        date(1818, 3, 22),
        date(2000, 4, 23),
        date(2008, 3, 23),
        date(2011, 4, 24),
        date(2019, 4, 21),
        date(2024, 3, 31),
        date(2025, 4, 20),
        date(2026, 4, 5),
        date(2027, 3, 28),
        date(2038, 4, 25),
    ],
)
def test_easter_sunday_falls_on_the_known_date(expected):
    assert easter_sunday(expected.year) == expected


@given(st.integers(min_value=1583, max_value=4099))
def test_easter_sunday_is_a_sunday_between_22_march_and_25_april(year):
    easter = easter_sunday(year)

    assert easter.weekday() == 6
    assert date(year, 3, 22) <= easter <= date(year, 4, 25)


def test_public_holidays_of_2026_are_computed_from_easter():
    assert danish_public_holidays(2026) == {
        date(2026, 1, 1): "Nytårsdag",
        date(2026, 4, 2): "Skærtorsdag",
        date(2026, 4, 3): "Langfredag",
        date(2026, 4, 5): "Påskedag",
        date(2026, 4, 6): "2. påskedag",
        date(2026, 5, 14): "Kristi himmelfartsdag",
        date(2026, 5, 24): "Pinsedag",
        date(2026, 5, 25): "2. pinsedag",
        date(2026, 12, 25): "Juledag",
        date(2026, 12, 26): "2. juledag",
    }


def easter_by_the_anonymous_gregorian_algorithm(year: int) -> date:
    """Easter Sunday computed by hand (Meeus/Jones/Butcher), independently of the libraries the portal uses."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday) // 451
    month, day = divmod(h + weekday - 7 * m + 114, 31)
    return date(year, month, day + 1)


def public_holidays_by_the_law(year: int) -> dict[date, str]:
    """The holidays as the law lists them (helligdagsloven), Store bededag only until 2023."""
    easter = easter_by_the_anonymous_gregorian_algorithm(year)
    days = {
        date(year, 1, 1): "Nytårsdag",
        easter - timedelta(days=3): "Skærtorsdag",
        easter - timedelta(days=2): "Langfredag",
        easter: "Påskedag",
        easter + timedelta(days=1): "2. påskedag",
        easter + timedelta(days=39): "Kristi himmelfartsdag",
        easter + timedelta(days=49): "Pinsedag",
        easter + timedelta(days=50): "2. pinsedag",
        date(year, 12, 25): "Juledag",
        date(year, 12, 26): "2. juledag",
    }
    if year <= 2023:
        days[easter + timedelta(days=26)] = "Store bededag"
    return dict(sorted(days.items()))


def test_the_librarys_danish_holidays_are_the_laws_for_every_year_from_1990_to_2100():
    for year in range(1990, 2101):
        assert danish_public_holidays(year) == public_holidays_by_the_law(year), year


def test_the_holidays_are_in_date_order():
    assert list(danish_public_holidays(2023)) == sorted(danish_public_holidays(2023))


@given(st.integers(min_value=1583, max_value=4099))
def test_easter_sunday_agrees_with_the_anonymous_gregorian_algorithm(year):
    assert easter_sunday(year) == easter_by_the_anonymous_gregorian_algorithm(year)


def test_store_bededag_is_a_holiday_in_2023_and_not_from_2024():
    """SPEC §12: Store Bededag is no holiday from 2024."""
    assert danish_public_holidays(2023)[date(2023, 5, 5)] == "Store bededag"
    assert "Store bededag" not in danish_public_holidays(2024).values()
    assert "Store bededag" not in danish_public_holidays(2026).values()
    assert is_working_day(date(2024, 4, 26))  # the fourth Friday after Easter 2024


def test_closing_days_are_not_public_holidays():
    closing = authority_closing_days(2026)

    assert closing == {
        date(2026, 6, 5): "Grundlovsdag",
        date(2026, 12, 24): "Juleaftensdag",
        date(2026, 12, 31): "Nytårsaftensdag",
    }
    assert not set(closing) & set(danish_public_holidays(2026))


def test_changing_the_returned_holidays_does_not_change_the_calendar():
    danish_public_holidays(2026).clear()

    assert not is_working_day(date(2026, 4, 2))


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 3, 2), True),  # a Monday
        (date(2026, 3, 6), True),  # a Friday
        (date(2026, 3, 7), False),  # a Saturday
        (date(2026, 3, 8), False),  # a Sunday
        (date(2026, 1, 1), False),  # nytårsdag
        (date(2026, 5, 14), False),  # Kristi himmelfartsdag
        (date(2026, 5, 15), True),  # the Friday after it is an ordinary day
        (date(2026, 5, 25), False),  # 2. pinsedag
        (date(2026, 6, 5), False),  # grundlovsdag, a closing day
        (date(2026, 12, 24), False),  # juleaftensdag, a closing day
    ],
)
def test_working_days(day, working):
    assert is_working_day(day) is working


def test_closing_days_can_count_as_working_days():
    assert is_working_day(date(2026, 6, 5), skip_closing_days=False)
    assert is_working_day(date(2026, 12, 31), skip_closing_days=False)
    assert not is_working_day(date(2026, 12, 25), skip_closing_days=False)


def test_the_setting_decides_whether_closing_days_are_skipped(settings):
    settings.DEADLINES_SKIP_CLOSING_DAYS = False

    assert is_working_day(date(2026, 6, 5))
    assert next_working_day(date(2026, 6, 5)) == date(2026, 6, 5)
    assert is_working_day(date(2026, 6, 5), skip_closing_days=True) is False


def test_next_working_day_is_the_day_itself_on_a_working_day():
    assert next_working_day(date(2026, 3, 4)) == date(2026, 3, 4)


def test_next_working_day_after_a_weekend_is_monday():
    assert next_working_day(date(2026, 3, 7)) == date(2026, 3, 9)
    assert next_working_day(date(2026, 3, 8)) == date(2026, 3, 9)


def test_next_working_day_passes_easter_from_skaertorsdag_to_the_tuesday():
    """Skærtorsdag → langfredag → Saturday → påskedag → 2. påskedag → Tuesday."""
    assert next_working_day(date(2026, 4, 2)) == date(2026, 4, 7)


def test_next_working_day_passes_christmas_and_new_year():
    assert next_working_day(date(2026, 12, 24)) == date(2026, 12, 28)
    assert next_working_day(date(2026, 12, 31)) == date(2027, 1, 4)
    assert next_working_day(date(2026, 12, 24), skip_closing_days=False) == date(2026, 12, 24)


def test_complaint_deadline_is_four_weeks_after_the_decision_was_communicated():
    """AS-32: a decision communicated on a Monday can be appealed until the Monday four weeks later."""
    assert complaint_deadline(date(2026, 3, 2)) == date(2026, 3, 30)
    assert complaint_deadline(date(2026, 1, 29)) == date(2026, 2, 26)


def test_complaint_deadline_on_a_saturday_moves_to_monday():
    assert complaint_deadline(date(2026, 2, 14)) == date(2026, 3, 16)


def test_complaint_deadline_on_a_sunday_moves_to_monday():
    assert complaint_deadline(date(2026, 2, 15)) == date(2026, 3, 16)


def test_complaint_deadline_on_a_public_holiday_moves_to_the_next_working_day():
    assert complaint_deadline(date(2026, 4, 16)) == date(2026, 5, 15)  # Kristi himmelfartsdag → Friday
    assert complaint_deadline(date(2026, 4, 27)) == date(2026, 5, 26)  # 2. pinsedag → Tuesday


def test_complaint_deadline_on_skaertorsdag_moves_past_easter():
    assert complaint_deadline(date(2026, 3, 5)) == date(2026, 4, 7)


def test_complaint_deadline_on_grundlovsdag_moves_unless_closing_days_count(settings):
    assert complaint_deadline(date(2026, 5, 8)) == date(2026, 6, 8)
    assert complaint_deadline(date(2026, 5, 8), skip_closing_days=False) == date(2026, 6, 5)

    settings.DEADLINES_SKIP_CLOSING_DAYS = False

    assert complaint_deadline(date(2026, 5, 8)) == date(2026, 6, 5)


def test_complaint_deadline_on_juleaftensdag_moves_past_christmas():
    assert complaint_deadline(date(2026, 11, 26)) == date(2026, 12, 28)


def test_complaint_deadline_on_store_bededag_moved_in_2023_but_not_in_2024():
    assert complaint_deadline(date(2023, 4, 7)) == date(2023, 5, 8)
    assert complaint_deadline(date(2024, 3, 29)) == date(2024, 4, 26)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)), st.booleans())
def test_complaint_deadline_is_the_first_working_day_from_four_weeks_on(communicated, skip):
    deadline = complaint_deadline(communicated, skip_closing_days=skip)
    four_weeks = communicated + timedelta(weeks=4)

    assert is_working_day(deadline, skip_closing_days=skip)
    assert four_weeks <= deadline <= four_weeks + timedelta(days=6)
    days_between = (four_weeks + timedelta(days=n) for n in range((deadline - four_weeks).days))
    assert not any(is_working_day(day, skip_closing_days=skip) for day in days_between)


def test_reassessment_is_due_four_weeks_after_the_complaint_was_received():
    """AS-33."""
    assert reassessment_deadline(date(2026, 2, 26)) == date(2026, 3, 26)
    assert reassessment_deadline(date(2026, 5, 8)) == date(2026, 6, 8)
    assert reassessment_deadline(date(2026, 5, 17)) == date(2026, 6, 15)


def test_partly_upheld_case_is_forwarded_within_14_days_of_the_complaint_being_maintained():
    """AS-33."""
    assert forwarding_deadline_after_partial_upheld(date(2026, 1, 12)) == date(2026, 1, 26)
    assert forwarding_deadline_after_partial_upheld(date(2026, 3, 20)) == date(2026, 4, 7)
    assert forwarding_deadline_after_partial_upheld(date(2026, 12, 17)) == date(2027, 1, 4)
    assert forwarding_deadline_after_partial_upheld(date(2026, 12, 17), skip_closing_days=False) == date(2026, 12, 31)


@pytest.mark.parametrize(
    ("method", "letter_days", "expected"),
    [
        ("letter", 0, date(2026, 3, 2)),
        ("letter", 2, date(2026, 3, 4)),
        ("digital", 0, date(2026, 3, 2)),
        ("oral", 0, date(2026, 3, 2)),
        ("digital", 5, date(2026, 3, 2)),
    ],
)
def test_decision_counts_as_received_by_how_it_was_sent(method, letter_days, expected):
    """SPEC §12: a letter on the authority's configured day (default its date), digital post and oral the same day."""
    assert received_on(date(2026, 3, 2), method=method, letter_days=letter_days) == expected


def test_decision_by_letter_received_on_default_day_is_the_letters_date():
    assert received_on(date(2026, 3, 2), method="letter") == date(2026, 3, 2)


def test_letter_received_days_later_moves_the_complaint_deadline():
    received = received_on(date(2026, 3, 2), method="letter", letter_days=3)

    assert received == date(2026, 3, 5)
    assert complaint_deadline(received) == date(2026, 4, 7)  # four weeks end on skærtorsdag


@pytest.mark.parametrize(("method", "letter_days"), [("fax", 0), ("", 0), ("letter", -1)])
def test_received_on_refuses_unknown_methods_and_negative_days(method, letter_days):
    with pytest.raises(ValueError):
        received_on(date(2026, 3, 2), method=method, letter_days=letter_days)


def test_deadline_runs_until_2359_danish_time():
    deadline = date(2026, 3, 30)

    assert not deadline_passed(deadline, datetime(2026, 3, 30, 23, 59, tzinfo=CPH))
    assert not deadline_passed(deadline, datetime(2026, 3, 30, 23, 59, 59, 999999, tzinfo=CPH))
    assert deadline_passed(deadline, datetime(2026, 3, 31, 0, 0, tzinfo=CPH))
    assert not deadline_passed(deadline, datetime(2026, 3, 1, 12, 0, tzinfo=CPH))


def test_deadline_is_judged_in_danish_time_whatever_the_time_zone_given():
    """Summer time: 23:59 in Copenhagen is 21:59 UTC; winter time: 22:59 UTC."""
    assert not deadline_passed(date(2026, 3, 30), datetime(2026, 3, 30, 21, 59, tzinfo=UTC))
    assert deadline_passed(date(2026, 3, 30), datetime(2026, 3, 30, 22, 0, tzinfo=UTC))
    assert not deadline_passed(date(2026, 12, 28), datetime(2026, 12, 28, 22, 59, tzinfo=UTC))
    assert deadline_passed(date(2026, 12, 28), datetime(2026, 12, 28, 23, 0, tzinfo=UTC))


def test_naive_time_is_read_as_danish_time():
    assert not deadline_passed(date(2026, 3, 30), datetime(2026, 3, 30, 23, 59))
    assert deadline_passed(date(2026, 3, 30), datetime(2026, 3, 31, 0, 0))


def test_deadline_passed_without_a_time_uses_now():
    today = datetime.now(CPH).date()

    assert not deadline_passed(today)
    assert not deadline_passed(today + timedelta(days=1))
    assert deadline_passed(today - timedelta(days=1))
