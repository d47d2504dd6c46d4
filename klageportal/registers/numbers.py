"""The one validation of CPR and CVR numbers (SPEC §12): typed numbers reduced to their digits, or refused.

CVR numbers pass python-stdnum's modulus-11 check; CPR numbers are checked for format and date only, because
numbers given since 2007 need not pass modulus 11. "Today" is the portal's local date, for every check.
"""

import re
from datetime import date

from django.utils import timezone
from stdnum.dk import cpr as stdnum_cpr
from stdnum.dk import cvr as stdnum_cvr
from stdnum.exceptions import ValidationError

SEPARATORS = re.compile(r"[\s\-‐]")
"""Spaces, hyphens and the typographic hyphen that word processors put into "120378‐1234"."""


def digits(value: str) -> str:
    """The number without spaces and hyphens ("120378-1234" → "1203781234")."""
    return SEPARATORS.sub("", value or "")


def cpr_birth_date(value: str) -> date | None:
    """The birth date a CPR number starts with; None unless it is 10 digits with a real date not after today."""
    number = digits(value)
    if len(number) != 10 or not number.isascii() or not number.isdigit():
        return None
    try:
        birth_date = stdnum_cpr.get_birth_date(number)
    except (ValidationError, ValueError):
        return None
    if birth_date > timezone.localdate():
        return None
    return birth_date


def clean_cpr(value: str) -> str | None:
    """Return the 10 digits of a CPR number typed with or without hyphen; format and date only, no mod 11."""
    return digits(value) if cpr_birth_date(value) is not None else None


def clean_cvr(value: str) -> str | None:
    """Return the 8 digits of a CVR number that passes the mod-11 check."""
    number = digits(value)
    if not number.isascii():
        return None
    try:
        return str(stdnum_cvr.validate(number))
    except ValidationError:
        return None


def is_valid_cpr(value: str) -> bool:
    return clean_cpr(value) is not None


def is_valid_cvr(value: str) -> bool:
    return clean_cvr(value) is not None


def is_under_18(cpr: str, on: date | None = None) -> bool:
    """Whether the person with this CPR number is under 18 on the day (today when not given)."""
    birth = cpr_birth_date(cpr)
    if birth is None:
        return False
    on = on or timezone.localdate()
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    return age < 18
