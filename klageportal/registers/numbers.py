"""Reduce typed CPR and CVR numbers to their digits, or to None when they cannot be one (SPEC §12)."""

import re
from datetime import date

from stdnum.dk import cpr as stdnum_cpr
from stdnum.dk import cvr as stdnum_cvr
from stdnum.exceptions import ValidationError

SEPARATORS = re.compile(r"[\s-]")


def clean_cpr(value: str) -> str | None:
    """Return the 10 digits of a CPR number typed with or without hyphen; format and date only, no mod 11."""
    digits = SEPARATORS.sub("", value or "")
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return None
    try:
        birth_date = stdnum_cpr.get_birth_date(digits)
    except ValidationError:
        return None
    if birth_date > date.today():
        return None
    return digits


def clean_cvr(value: str) -> str | None:
    """Return the 8 digits of a CVR number that passes the mod-11 check."""
    digits = SEPARATORS.sub("", value or "")
    if not digits.isascii():
        return None
    try:
        return stdnum_cvr.validate(digits)
    except ValidationError:
        return None
