from oauth2_provider.oauth2_validators import OAuth2Validator

from klageportal.identity.claims import claim_names
from klageportal.identity.devidp.services import identity_for_account


class DevIdpValidator(OAuth2Validator):
    """Issue the claims a NemLog-in broker would: name, CPR, CVR, organisation and rights."""

    oidc_claim_scope = None  # every claim goes into the ID token

    def get_claim_dict(self, request):
        identity = identity_for_account(request.user)
        if identity is None:
            return {"sub": f"devidp-unknown-{request.user.pk}"}
        names = claim_names()
        claims: dict[str, str | list[str]] = {
            "sub": f"devidp-{identity.key}",
            names["name"]: identity.name,
            "name": identity.name,
        }
        if identity.cpr:
            claims[names["cpr"]] = identity.cpr
        if identity.cvr:
            claims[names["cvr"]] = identity.cvr
            claims[names["organisation_name"]] = identity.organisation
        claims[names["rights"]] = list(identity.rights)
        return claims
