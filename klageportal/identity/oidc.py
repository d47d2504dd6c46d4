"""The OpenID Connect client: authorization code flow with PKCE and nonce (AUTH-1).

Endpoints given as paths ("/devidp/o/token/") mean this very server, which is how the embedded
development identity provider is reached; absolute URLs point at a NemLog-in broker.
"""

import logging
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.contrib import auth
from django.core import signing
from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.http import url_has_allowed_host_and_scheme
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import absolutify, generate_code_challenge
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView, get_next_url
from requests.auth import HTTPBasicAuth

from klageportal.core.ratelimits import limit_reached, too_many_requests
from klageportal.identity.claims import InvalidClaims, identity_from_claims
from klageportal.identity.inprocess import InProcessAdapter
from klageportal.identity.models import User
from klageportal.identity.services import user_sync_from_identity

logger = logging.getLogger(__name__)


STATE_COOKIE = "kp_oidc"
"""Logins under way (state, nonce, PKCE verifier, where to go after), signed, in the browser: starting a login
writes no session row, so a flood of anonymous login starts does not grow the session table."""
STATE_SALT = "klageportal.oidc.state"
STATE_MAX_AGE = 15 * 60
STATES_KEPT = 5
"""Logins started in parallel tabs each keep their state; the oldest is forgotten beyond this many."""


def _is_local(endpoint: str | None) -> bool:
    return bool(endpoint) and str(endpoint).startswith("/")


def _absolute(request, endpoint: str) -> str:
    return request.build_absolute_uri(endpoint) if _is_local(endpoint) else endpoint


def login_states(request) -> dict[str, dict[str, Any]]:
    """The logins this browser has started and not finished, by state."""
    raw = request.COOKIES.get(STATE_COOKIE)
    if not raw:
        return {}
    try:
        value = signing.loads(raw, salt=STATE_SALT, max_age=STATE_MAX_AGE)
    except (signing.BadSignature, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def set_login_states(request, response, states: dict[str, dict[str, Any]]) -> None:
    if not states:
        response.delete_cookie(STATE_COOKIE, path="/oidc/")
        return
    response.set_cookie(
        STATE_COOKIE,
        signing.dumps(states, salt=STATE_SALT, compress=True),
        max_age=STATE_MAX_AGE,
        path="/oidc/",
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


class PortalOIDCBackend(OIDCAuthenticationBackend):
    """Users are found by the token's subject and rebuilt from the ID token's claims at every login."""

    in_process: tuple[str, ...] = ()

    def authenticate(self, request, **kwargs):
        if request is not None:
            token, jwks = self.get_settings("OIDC_OP_TOKEN_ENDPOINT"), self.get_settings("OIDC_OP_JWKS_ENDPOINT", None)
            self.OIDC_OP_TOKEN_ENDPOINT = _absolute(request, token)
            self.OIDC_OP_JWKS_ENDPOINT = _absolute(request, jwks)
            if self.get_settings("OIDC_OP_IN_PROCESS", True):
                # This server's own provider is answered in the same thread: no worker waits for another.
                self.in_process = tuple(
                    url
                    for endpoint, url in ((token, self.OIDC_OP_TOKEN_ENDPOINT), (jwks, self.OIDC_OP_JWKS_ENDPOINT))
                    if _is_local(endpoint)
                )
        return super().authenticate(request, **kwargs)

    def _session(self) -> requests.Session:
        session = requests.Session()
        for url in self.in_process:
            session.mount(url, InProcessAdapter())
        return session

    def _call(self, method: str, url: str, **kwargs) -> requests.Response:
        with self._session() as session:
            return session.request(
                method,
                url,
                verify=self.get_settings("OIDC_VERIFY_SSL", True),
                timeout=self.get_settings("OIDC_TIMEOUT", None),
                proxies=self.get_settings("OIDC_PROXY", None),
                **kwargs,
            )

    def get_token(self, payload):
        auth_header = None
        if self.get_settings("OIDC_TOKEN_USE_BASIC_AUTH", False):
            auth_header = HTTPBasicAuth(payload.get("client_id"), payload.pop("client_secret", None))
        response = self._call("POST", self.OIDC_OP_TOKEN_ENDPOINT, data=payload, auth=auth_header)
        self.raise_token_response_error(response)
        return response.json()

    def retrieve_matching_jwk(self, token):
        response = self._call("GET", self.OIDC_OP_JWKS_ENDPOINT)
        response.raise_for_status()
        header = jwt.get_unverified_header(token)
        key = None
        for jwk in response.json()["keys"]:
            if self.get_settings("OIDC_VERIFY_KID", True) and jwk.get("kid") != str(header.get("kid")):
                continue
            if "alg" in jwk and jwk["alg"] != str(header.get("alg")):
                continue
            key = jwk
        if key is None:
            raise SuspiciousOperation("Could not find a valid JWKS.")
        return jwt.PyJWK(key)

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
    """Start the login; a relative authorization endpoint is this server's identity provider.

    Someone logged in who follows a link here stays logged in and goes on to the workspace (any site can
    link here); a new login as someone else is started with a POST, which ends the current session first.
    """

    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        if limit_reached(request, "login", counter="start"):
            return too_many_requests(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        if request.user.is_authenticated:
            next_url = get_next_url(request, "next")
            return redirect(next_url or "workspace_home")
        return self._start(request)

    def post(self, request):
        if request.user.is_authenticated:
            auth.logout(request)  # a new login replaces the old one, never mixes with it
        return self._start(request)

    def _start(self, request):
        state = get_random_string(self.get_settings("OIDC_STATE_SIZE", 32))
        nonce = get_random_string(self.get_settings("OIDC_NONCE_SIZE", 32))
        code_verifier = get_random_string(self.get_settings("OIDC_PKCE_CODE_VERIFIER_SIZE", 64))
        params = {
            "response_type": "code",
            "scope": self.get_settings("OIDC_RP_SCOPES", "openid email"),
            "client_id": self.OIDC_RP_CLIENT_ID,
            "redirect_uri": absolutify(request, reverse("oidc_authentication_callback")),
            "state": state,
            "nonce": nonce,
            "code_challenge": generate_code_challenge(code_verifier, "S256"),
            "code_challenge_method": "S256",
            **self.get_extra_params(request),
        }
        states = login_states(request)
        states[state] = {
            "nonce": nonce,
            "code_verifier": code_verifier,
            "next": get_next_url(request, self.get_settings("OIDC_REDIRECT_FIELD_NAME", "next")),
        }
        response = HttpResponseRedirect(f"{self.OIDC_OP_AUTH_ENDPOINT}?{urlencode(params)}")
        set_login_states(request, response, dict(list(states.items())[-STATES_KEPT:]))
        return response


def login_error(request, *, reason: str, status: int = 400):
    return render(request, "identity/login_error.html", {"reason": reason}, status=status)


class PortalCallbackView(OIDCAuthenticationCallbackView):
    """Finish the login. A tampered state, nonce or code ends on a clear page, never a server error."""

    next_url: str | None = None

    def dispatch(self, request, *args, **kwargs):
        if limit_reached(request, "login", counter="callback"):
            return too_many_requests(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        states = login_states(request)
        started = states.pop(request.GET.get("state", ""), None)
        response = self._finish(request, started)
        # The state is used once, whatever the outcome (no replay).
        set_login_states(request, response, states)
        return response

    def _finish(self, request, started: dict[str, Any] | None):
        if request.GET.get("error"):
            if request.user.is_authenticated:
                auth.logout(request)
            return login_error(request, reason="denied")
        if not request.GET.get("code") or not request.GET.get("state"):
            return login_error(request, reason="incomplete")
        if started is None:
            return login_error(request, reason="state")
        self.next_url = started.get("next")
        try:
            self.user = auth.authenticate(
                request=request, nonce=started.get("nonce"), code_verifier=started.get("code_verifier")
            )
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
        if self.user is not None and self.user.is_active:
            return self.login_success()
        return self.login_failure()

    def login_failure(self):
        return login_error(self.request, reason="verification")

    @property
    def success_url(self):
        next_url = self.next_url
        if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={self.request.get_host()}):
            return next_url
        return reverse("workspace_home")
