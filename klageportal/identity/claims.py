"""Read a person's identity from the ID token's claims (AUTH-2, AUTH-4); see docs/identity.md."""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from stdnum.dk import cpr as stdnum_cpr
from stdnum.dk import cvr as stdnum_cvr
from stdnum.exceptions import ValidationError


class InvalidClaims(ValueError):
    """The identity provider sent claims the portal cannot trust or use."""


@dataclass(frozen=True)
class Identity:
    sub: str
    name: str
    cpr: str = ""
    cvr: str = ""
    organisation_name: str = ""
    rights: list[str] = field(default_factory=list)


def claim_names() -> dict[str, str]:
    prefix = settings.OIDC_CLAIM_PREFIX
    return {
        "name": f"{prefix}fullName",
        "cpr": f"{prefix}cprNumber",
        "cvr": f"{prefix}professional/cvr",
        "organisation_name": f"{prefix}professional/orgName",
        "rights": getattr(settings, "OIDC_RIGHTS_CLAIM", "klageportal_rights"),
    }


def validate_cpr(value: str) -> str:
    """CPR numbers are checked for format and date, not mod 11 (numbers since 2007 need not pass it)."""
    digits = stdnum_cpr.compact(value or "")
    if not digits.isdigit() or len(digits) != 10:
        raise InvalidClaims("CPR number must be 10 digits")
    try:
        birth_date = stdnum_cpr.get_birth_date(digits)
    except ValidationError as exc:
        raise InvalidClaims("CPR number has no valid date") from exc
    if birth_date > date.today():
        raise InvalidClaims("CPR number has a birth date in the future")
    return digits


def validate_cvr(value: str) -> str:
    try:
        return stdnum_cvr.validate(value)
    except ValidationError as exc:
        raise InvalidClaims("CVR number is invalid") from exc


def identity_from_claims(claims: dict) -> Identity:
    names = claim_names()
    sub = str(claims.get("sub") or "").strip()
    if not sub:
        raise InvalidClaims("no subject")
    name = str(claims.get(names["name"]) or claims.get("name") or "").strip()
    if not name:
        raise InvalidClaims("no name")
    cpr = claims.get(names["cpr"]) or ""
    cvr = claims.get(names["cvr"]) or ""
    if not cpr and not cvr:
        raise InvalidClaims("neither CPR nor CVR")
    rights = claims.get(names["rights"]) or []
    if isinstance(rights, str):
        rights = [item for item in rights.replace(",", " ").split() if item]
    if not isinstance(rights, list) or not all(isinstance(item, str) for item in rights):
        raise InvalidClaims("rights must be a list of strings")
    return Identity(
        sub=sub,
        name=name,
        cpr=validate_cpr(str(cpr)) if cpr else "",
        cvr=validate_cvr(str(cvr)) if cvr else "",
        organisation_name=str(claims.get(names["organisation_name"]) or "").strip(),
        rights=sorted(set(rights)),
    )
