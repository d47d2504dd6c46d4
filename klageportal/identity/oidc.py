"""The OpenID Connect client: authorization code flow with PKCE and nonce (AUTH-1).

Endpoints given as paths ("/devidp/o/token/") mean this very server, which is how the embedded
development identity provider is reached; absolute URLs point at a NemLog-in broker.
"""

import logging

import jwt
import requests
from django.contrib import auth
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import render
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from klageportal.identity.claims import InvalidClaims, identity_from_claims
from klageportal.identity.models import User
from klageportal.identity.services import user_sync_from_identity

logger = logging.getLogger(__name__)


def _absolute(request, endpoint: str) -> str:
    return request.build_absolute_uri(endpoint) if endpoint and endpoint.startswith("/") else endpoint


class PortalOIDCBackend(OIDCAuthenticationBackend):
    """Users are found by the token's subject and rebuilt from the ID token's claims at every login."""

    def authenticate(self, request, **kwargs):
        if request is not None:
            self.OIDC_OP_TOKEN_ENDPOINT = _absolute(request, self.get_settings("OIDC_OP_TOKEN_ENDPOINT"))
            self.OIDC_OP_JWKS_ENDPOINT = _absolute(request, self.get_settings("OIDC_OP_JWKS_ENDPOINT", None))
        return super().authenticate(request, **kwargs)

    def _verify_jws(self, payload, key):
        """Check signature, algorithm and audience, with a little tolerance for clock skew."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("The provider's signing algorithm is not the one configured.")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                leeway=self.get_settings("OIDC_CLOCK_LEEWAY_SECONDS", 30),
            )
        except jwt.InvalidTokenError as exc:
            raise SuspiciousOperation(f"ID token refused: {type(exc).__name__}") from exc

    def get_userinfo(self, access_token, id_token, payload):
        # Identity comes from the signed ID token only (AUTH-2), not from a second, unsigned call.
        return payload

    def verify_claims(self, claims):
        try:
            identity_from_claims(claims)
        except InvalidClaims as exc:
            logger.warning("Login refused: %s", exc)
            return False
        return True

    def filter_users_by_claims(self, claims):
        return User.objects.filter(oidc_sub=str(claims.get("sub")))

    def create_user(self, claims):
        return user_sync_from_identity(identity=identity_from_claims(claims))

    def update_user(self, user, claims):
        return user_sync_from_identity(identity=identity_from_claims(claims), user=user)

    def get_user(self, user_id):
        try:
            return User.objects.get(pk=user_id, is_active=True)
        except (User.DoesNotExist, ValueError):
            return None


class PortalAuthenticationRequestView(OIDCAuthenticationRequestView):
    """Start the login; a relative authorization endpoint is this server's identity provider."""

    def get(self, request):
        if request.user.is_authenticated:
            auth.logout(request)  # a new login replaces the old one, never mixes with it
        return super().get(request)


def login_error(request, *, reason: str, status: int = 400):
    return render(request, "identity/login_error.html", {"reason": reason}, status=status)


class PortalCallbackView(OIDCAuthenticationCallbackView):
    """Finish the login. A tampered state, nonce or code ends on a clear page, never a server error."""

    def get(self, request):
        if request.GET.get("error"):
            super().get(request)
            return login_error(request, reason="denied")
        if not request.GET.get("code") or not request.GET.get("state"):
            return login_error(request, reason="incomplete")
        if request.GET["state"] not in request.session.get("oidc_states", {}):
            return login_error(request, reason="state")
        try:
            response = super().get(request)
        except (SuspiciousOperation, jwt.InvalidTokenError) as exc:
            logger.warning("Login callback refused: %s", exc)
            return login_error(request, reason="verification")
        except requests.HTTPError as exc:
            if exc.response is not None and 400 <= exc.response.status_code < 500:
                # The provider answered and refused the code (altered, reused, expired, wrong PKCE verifier).
                logger.warning("Login callback refused by the identity provider: %s", exc.response.status_code)
                return login_error(request, reason="verification")
            logger.warning("Login callback could not reach the identity provider: %s", type(exc).__name__)
            return login_error(request, reason="provider", status=502)
        except requests.RequestException as exc:
            logger.warning("Login callback could not reach the identity provider: %s", type(exc).__name__)
            return login_error(request, reason="provider", status=502)
        return response

    def login_failure(self):
        return login_error(self.request, reason="verification")

    @property
    def success_url(self):
        next_url = self.request.session.pop("oidc_login_next", None)
        from django.urls import reverse
        from django.utils.http import url_has_allowed_host_and_scheme

        if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={self.request.get_host()}):
            return next_url
        return reverse("workspace_home")
