"""A login that goes wrong ends on a clear page, never a server error, and never logged in (AUTH-1)."""

import json
from dataclasses import replace
from urllib.parse import urlencode, urlsplit

import pytest

from klageportal.identity.devidp import identities
from klageportal.identity.models import User
from tests.identity.conftest import CALLBACK_PATH, login_states, query_of, set_login_states

NOT_RECOGNISED = "Login kunne ikke genkendes"
NOT_VERIFIED = "Svaret fra login-tjenesten kunne ikke godkendes"
INCOMPLETE = "Svaret fra login-tjenesten var ufuldstændigt"
DENIED = "Login blev afbrudt eller afvist"
UNREACHABLE = "Login-tjenesten svarer ikke"


def assert_login_refused(client, response, *, status: int, heading: str):
    assert response.status_code == status
    assert "identity/login_error.html" in [t.name for t in response.templates]
    assert heading in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert "_auth_user_id" not in client.session
    follow_up = client.get("/mine-klager/")
    assert follow_up.status_code == 302
    assert follow_up["Location"].startswith("/oidc/authenticate/")


def with_params(callback_url: str, **changes) -> str:
    params = {**query_of(callback_url), **changes}
    params = {key: value for key, value in params.items() if value is not None}
    return f"{urlsplit(callback_url).path}?{urlencode(params)}"


def test_tampered_state_shows_clear_error_page(oidc_login):
    callback_url = oidc_login.authorize(oidc_login.start(), "mette")

    response = oidc_login.callback(with_params(callback_url, state="x" + query_of(callback_url)["state"]))

    assert_login_refused(oidc_login.client, response, status=400, heading=NOT_RECOGNISED)
    assert oidc_login.transport.calls == []  # the code was never sent to the token endpoint


def test_callback_without_a_started_login_shows_clear_error_page(client, devidp):
    response = client.get(f"{CALLBACK_PATH}?{urlencode({'code': 'abc', 'state': 'never-issued'})}")

    assert_login_refused(client, response, status=400, heading=NOT_RECOGNISED)


def test_replayed_callback_is_refused(oidc_login):
    callback_url = oidc_login.authorize(oidc_login.start(), "mette")
    oidc_login.callback(callback_url)
    oidc_login.client.post("/log-ud/")

    response = oidc_login.callback(callback_url)

    assert_login_refused(oidc_login.client, response, status=400, heading=NOT_RECOGNISED)


def test_missing_code_shows_clear_error_page(oidc_login):
    callback_url = oidc_login.authorize(oidc_login.start(), "mette")

    response = oidc_login.callback(with_params(callback_url, code=None))

    assert_login_refused(oidc_login.client, response, status=400, heading=INCOMPLETE)


def test_tampered_code_refused_by_the_token_endpoint_shows_clear_error_page(oidc_login):
    callback_url = oidc_login.authorize(oidc_login.start(), "mette")

    response = oidc_login.callback(with_params(callback_url, code=query_of(callback_url)["code"] + "x"))

    assert oidc_login.transport.calls == [("POST", "/devidp/o/token/")]
    assert_login_refused(oidc_login.client, response, status=400, heading=NOT_VERIFIED)
    assert not User.objects.filter(oidc_sub="devidp-mette").exists()


def test_wrong_pkce_verifier_is_refused_by_the_provider(oidc_login):
    """AUTH-1: a code is only exchanged with the verifier of the browser that started the login."""
    authorize_url = oidc_login.start()
    state = query_of(authorize_url)["state"]
    states = login_states(oidc_login.client)
    states[state]["code_verifier"] = "v" * 64
    set_login_states(oidc_login.client, states)

    response = oidc_login.callback(oidc_login.authorize(authorize_url, "mette"))

    assert_login_refused(oidc_login.client, response, status=400, heading=NOT_VERIFIED)


def test_nonce_mismatch_shows_clear_error_page(oidc_login):
    """AUTH-1: an ID token issued for another login attempt is refused."""
    authorize_url = oidc_login.start()
    state = query_of(authorize_url)["state"]
    states = login_states(oidc_login.client)
    states[state]["nonce"] = "a-nonce-of-another-login"
    set_login_states(oidc_login.client, states)

    response = oidc_login.callback(oidc_login.authorize(authorize_url, "mette"))

    assert_login_refused(oidc_login.client, response, status=400, heading=NOT_VERIFIED)
    assert not User.objects.filter(oidc_sub="devidp-mette").exists()


def test_provider_error_shows_clear_error_page_and_forgets_the_state(oidc_login):
    state = query_of(oidc_login.start())["state"]

    response = oidc_login.client.get(f"{CALLBACK_PATH}?{urlencode({'error': 'access_denied', 'state': state})}")

    assert_login_refused(oidc_login.client, response, status=400, heading=DENIED)
    assert state not in login_states(oidc_login.client)


def test_provider_error_ends_an_existing_session(oidc_login):
    oidc_login.login("mette")

    response = oidc_login.client.get(f"{CALLBACK_PATH}?error=login_required")

    assert_login_refused(oidc_login.client, response, status=400, heading=DENIED)


def test_unreachable_identity_provider_shows_clear_error_page(oidc_login):
    callback_url = oidc_login.authorize(oidc_login.start(), "mette")
    oidc_login.transport.unreachable = True

    response = oidc_login.callback(callback_url)

    assert oidc_login.transport.calls == [("POST", "/devidp/o/token/")]
    assert_login_refused(oidc_login.client, response, status=502, heading=UNREACHABLE)


def test_token_endpoint_server_error_shows_provider_error_page(oidc_login):
    callback_url = oidc_login.authorize(oidc_login.start(), "mette")

    def server_error(path, response):
        response.status_code = 503
        response._content = b"Service Unavailable"
        return response

    oidc_login.transport.rewrite = server_error

    response = oidc_login.callback(callback_url)

    assert_login_refused(oidc_login.client, response, status=502, heading=UNREACHABLE)


def test_malformed_id_token_shows_clear_error_page(oidc_login):
    callback_url = oidc_login.authorize(oidc_login.start(), "mette")

    def garble_id_token(path, response):
        if path.endswith("/token/"):
            body = json.loads(response.content)
            response._content = json.dumps({**body, "id_token": "not-a-jwt"}).encode()
        return response

    oidc_login.transport.rewrite = garble_id_token

    response = oidc_login.callback(callback_url)

    assert_login_refused(oidc_login.client, response, status=400, heading=NOT_VERIFIED)


def test_expired_id_token_shows_clear_error_page(oidc_login, settings):
    """An ID token outside its validity (e.g. the provider's clock is off) is refused on a clear page."""
    settings.OAUTH2_PROVIDER = {**settings.OAUTH2_PROVIDER, "ID_TOKEN_EXPIRE_SECONDS": -60}
    callback_url = oidc_login.authorize(oidc_login.start(), "mette")

    response = oidc_login.callback(callback_url)

    assert ("GET", "/devidp/o/.well-known/jwks.json") in oidc_login.transport.calls
    assert_login_refused(oidc_login.client, response, status=400, heading=NOT_VERIFIED)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"cvr": "37042375"}, id="cvr-fails-mod-11"),
        pytest.param({"name": ""}, id="no-name"),
    ],
)
def test_untrustworthy_claims_refuse_the_login(oidc_login, monkeypatch, change):
    """AUTH-2: claims the portal cannot trust never create a user."""
    monkeypatch.setitem(identities.BY_KEY, "lars", replace(identities.BY_KEY["lars"], **change))

    response = oidc_login.callback(oidc_login.authorize(oidc_login.start(), "lars"))

    assert_login_refused(oidc_login.client, response, status=400, heading=NOT_VERIFIED)
    assert not User.objects.filter(oidc_sub="devidp-lars").exists()
