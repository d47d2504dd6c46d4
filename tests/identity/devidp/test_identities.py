"""The development provider's fictitious identities: valid numbers, every role, every right (AUTH-1, AUTH-4)."""

from types import SimpleNamespace

import pytest
from stdnum.dk import cpr as stdnum_cpr
from stdnum.dk import cvr as stdnum_cvr

from klageportal.identity.claims import identity_from_claims
from klageportal.identity.devidp.identities import GROUPS, IDENTITIES
from klageportal.identity.devidp.services import provider_account
from klageportal.identity.devidp.validators import DevIdpValidator
from klageportal.identity.models import Role
from klageportal.identity.services import role_for

ROLE_OF_GROUP = {
    "citizen": Role.CITIZEN,
    "company": Role.COMPANY,
    "authority": Role.AUTHORITY,
    "body": Role.BODY_STAFF,
    "admin": Role.ADMIN,
}

ALL = [pytest.param(identity, id=identity.key) for identity in IDENTITIES]


@pytest.mark.parametrize("identity", ALL)
def test_test_identity_has_a_cpr_valid_in_format_and_date_or_a_cvr_passing_mod_11(identity):
    """SPEC §12: fictitious CVR numbers pass mod 11; CPR numbers have a valid format and date."""
    assert identity.cpr or identity.cvr
    if identity.cpr:
        assert stdnum_cpr.is_valid(identity.cpr)
    if identity.cvr:
        assert stdnum_cvr.is_valid(identity.cvr)
        assert identity.organisation


@pytest.mark.parametrize("identity", ALL)
def test_test_identity_claims_are_accepted_and_give_the_role_of_its_group(catalogue, identity):
    """AUTH-1: every offered identity can log in, in the role the login page lists it under."""
    claims = DevIdpValidator().get_claim_dict(SimpleNamespace(user=provider_account(identity.key)))

    parsed = identity_from_claims(claims)

    assert parsed.sub == f"devidp-{identity.key}"
    assert parsed.name == identity.name
    assert parsed.rights == sorted(identity.rights)
    assert role_for(parsed)[0] == ROLE_OF_GROUP[identity.group]


def test_every_role_group_has_a_test_identity():
    """AUTH-1: citizens, company employees, municipal caseworkers, board staff, administrators."""
    assert {identity.group for identity in IDENTITIES} == set(GROUPS) == set(ROLE_OF_GROUP)


@pytest.mark.parametrize(
    ("right", "groups"),
    [
        ("tegningsret", {"company"}),
        ("klagesager", {"company"}),
        ("ankeskema", {"authority"}),
        ("sagsbehandler:", {"body", "admin"}),
        ("administrator", {"body", "admin"}),
    ],
)
def test_each_right_is_offered_both_with_and_without_inside_the_same_kind_of_organisation(right, groups):
    """AUTH-4: identities with and without signing authority, web-form access, caseworker and admin rights."""
    holds = [any(r.startswith(right) for r in i.rights) for i in IDENTITIES if i.group in groups]

    assert any(holds)
    assert not all(holds)


def test_test_identities_have_distinct_keys_and_cpr_numbers():
    keys = [identity.key for identity in IDENTITIES]
    cprs = [identity.cpr for identity in IDENTITIES if identity.cpr]
    assert len(keys) == len(set(keys))
    assert len(cprs) == len(set(cprs))
