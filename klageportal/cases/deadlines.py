"""Danish deadline arithmetic (SPEC §12, AS-32, AS-33).

A deadline that ends on a Saturday, a Sunday or a public holiday moves to the next working day and runs
until 23:59 of that day, Danish time. The public holidays come from the `holidays` library (country DK),
never typed in. Grundlovsdag, juleaftensdag and nytårsaftensdag are not public holidays, but the
authorities are closed; deadlines move past them too unless DEADLINES_SKIP_CLOSING_DAYS is off.
"""

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from dateutil.easter import easter
from django.conf import settings
from django.utils import timezone

DANISH_TIME = ZoneInfo("Europe/Copenhagen")
COMPLAINT_PERIOD = timedelta(weeks=4)
REASSESSMENT_PERIOD = timedelta(weeks=4)
FORWARDING_PERIOD_AFTER_PARTIAL_UPHELD = timedelta(days=14)
SECOND_DAYS = {"Anden påskedag": "2. påskedag", "Anden pinsedag": "2. pinsedag", "Anden juledag": "2. juledag"}
"""The library spells the second days out; the portal writes them as the authorities do."""

RECEIPT_METHODS = ("digital", "letter", "oral")


class DateOutOfRange(ValueError):
    """A deadline would fall after the last day the calendar can hold (dates typed as year 9999)."""


def _after(day: date, period: timedelta, *, skip_closing_days: bool | None) -> date:
    try:
        return next_working_day(day + period, skip_closing_days=skip_closing_days)
    except OverflowError as exc:
        raise DateOutOfRange(f"{period} after {day} is beyond the calendar") from exc


def easter_sunday(year: int) -> date:
    """Return Easter Sunday of a year in the Gregorian calendar."""
    sunday: date = easter(year)
    return sunday


@lru_cache(maxsize=256)
def _public_holidays(year: int) -> tuple[tuple[date, str], ...]:
    calendar = holidays.country_holidays("DK", years=year, language="da")
    return tuple(sorted((day, SECOND_DAYS.get(name, name)) for day, name in calendar.items()))


def danish_public_holidays(year: int) -> dict[date, str]:
    """Return the Danish public holidays (helligdage) of a year with their names, in date order.

    They come from the `holidays` library, which follows the law as it changes (Store bededag is no public
    holiday from 2024, lov nr. 153 of 28 February 2023).
    """
    return dict(_public_holidays(year))


def authority_closing_days(year: int) -> dict[date, str]:
    """Return the days that are no public holidays but on which the authorities are closed."""
    return {
        date(year, 6, 5): "Grundlovsdag",
        date(year, 12, 24): "Juleaftensdag",
        date(year, 12, 31): "Nytårsaftensdag",
    }


@lru_cache(maxsize=128)
def _days_off(year: int, skip_closing_days: bool) -> frozenset[date]:
    days = set(danish_public_holidays(year))
    if skip_closing_days:
        days |= set(authority_closing_days(year))
    return frozenset(days)


def is_working_day(day: date, *, skip_closing_days: bool | None = None) -> bool:
    """Tell whether a day is a weekday that is no public holiday and, unless told otherwise, no closing day.

    `skip_closing_days=None` follows the setting DEADLINES_SKIP_CLOSING_DAYS.
    """
    if skip_closing_days is None:
        skip_closing_days = settings.DEADLINES_SKIP_CLOSING_DAYS
    return day.weekday() < 5 and day not in _days_off(day.year, bool(skip_closing_days))


def next_working_day(day: date, *, skip_closing_days: bool | None = None) -> date:
    """Return the day itself when it is a working day, else the first working day after it."""
    while not is_working_day(day, skip_closing_days=skip_closing_days):
        day += timedelta(days=1)
    return day


def received_on(sent: date, *, method: str, letter_days: int = 0) -> date:
    """Return the day a decision counts as received (SPEC §12).

    By letter: `letter_days` after the letter's date, as the authority has configured it (default 0, the
    letter's date). Digital post: the day it is sent. Orally: the day it is given.
    """
    if method == "letter":
        if letter_days < 0:
            raise ValueError("letter_days cannot be negative")
        try:
            return sent + timedelta(days=letter_days)
        except OverflowError as exc:
            raise DateOutOfRange(f"{letter_days} days after {sent} is beyond the calendar") from exc
    if method in {"digital", "oral"}:
        return sent
    raise ValueError(f"unknown way of receiving a decision: {method!r}; expected one of {RECEIPT_METHODS}")


def complaint_deadline(communicated: date, *, skip_closing_days: bool | None = None) -> date:
    """Return the last day to complain: 4 weeks after the decision was communicated, moved to a working day.

    Raises DateOutOfRange for a day so late that the deadline falls beyond the calendar (as the others do)."""
    return _after(communicated, COMPLAINT_PERIOD, skip_closing_days=skip_closing_days)


def reassessment_deadline(complaint_received: date, *, skip_closing_days: bool | None = None) -> date:
    """Return the day the reassessment is due: 4 weeks after the complaint was received."""
    return _after(complaint_received, REASSESSMENT_PERIOD, skip_closing_days=skip_closing_days)


def forwarding_deadline_after_partial_upheld(maintained_on: date, *, skip_closing_days: bool | None = None) -> date:
    """Return the day a partly upheld case must be forwarded by: 14 days after the complaint was maintained."""
    return _after(maintained_on, FORWARDING_PERIOD_AFTER_PARTIAL_UPHELD, skip_closing_days=skip_closing_days)


def deadline_passed(deadline: date, at: datetime | None = None) -> bool:
    """Tell whether a deadline has run out: only after 23:59:59 Danish time of its last day.

    A naive `at` is read as Danish time.
    """
    if at is None:
        at = timezone.now()
    if timezone.is_naive(at):
        at = at.replace(tzinfo=DANISH_TIME)
    return at.astimezone(DANISH_TIME).date() > deadline
