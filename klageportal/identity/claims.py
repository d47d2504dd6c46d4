"""Read a person's identity from the ID token's claims (AUTH-2, AUTH-4); see docs/identity.md."""

from dataclasses import dataclass, field

from django.conf import settings

from klageportal.registers.numbers import clean_cpr, clean_cvr


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
    """The claim's CPR number as 10 digits, checked as every CPR number in the portal is (registers.numbers)."""
    digits = clean_cpr(value)
    if digits is None:
        raise InvalidClaims("CPR number must be 10 digits beginning with a valid date")
    return digits


def validate_cvr(value: str) -> str:
    digits = clean_cvr(value)
    if digits is None:
        raise InvalidClaims("CVR number is invalid")
    return digits


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
