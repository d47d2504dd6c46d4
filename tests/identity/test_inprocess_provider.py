"""The development provider's token and JWKS endpoints are answered in the same thread, not over HTTP (a
callback waiting for another worker of the same server is how a dozen simultaneous logins froze it)."""

import pytest

from klageportal.identity.models import User


@pytest.fixture
def in_process_login(oidc_login, settings):
    settings.OIDC_OP_IN_PROCESS = True
    return oidc_login


def test_login_against_the_embedded_provider_sends_no_http_request(in_process_login):
    response = in_process_login.login("mette")

    assert response.redirect_chain[-1][0] == "/mine-klager/"
    assert in_process_login.transport.calls == []
    assert User.objects.get(oidc_sub="devidp-mette").full_name == "Mette Hansen"


def test_a_tampered_code_is_refused_in_process_as_over_http(in_process_login):
    from tests.identity.conftest import query_of
    from tests.identity.test_oidc_callback_errors import NOT_VERIFIED, assert_login_refused, with_params

    callback_url = in_process_login.authorize(in_process_login.start(), "mette")

    response = in_process_login.callback(with_params(callback_url, code=query_of(callback_url)["code"] + "x"))

    assert in_process_login.transport.calls == []
    assert_login_refused(in_process_login.client, response, status=400, heading=NOT_VERIFIED)


def test_an_absolute_provider_address_is_still_called_over_http(in_process_login, settings):
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://testserver/devidp/o/token/"
    settings.OIDC_OP_JWKS_ENDPOINT = "http://testserver/devidp/o/.well-known/jwks.json"

    in_process_login.login("mette")

    assert in_process_login.transport.calls == [
        ("POST", "/devidp/o/token/"),
        ("GET", "/devidp/o/.well-known/jwks.json"),
    ]
