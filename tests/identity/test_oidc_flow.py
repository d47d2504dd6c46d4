"""The login through the identity broker, end to end and in-process (AUTH-1, AUTH-2, AUTH-4)."""

import base64
import hashlib
from dataclasses import replace

import jwt
import pytest

from klageportal.identity.devidp import identities
from klageportal.identity.models import Role, User
from tests.identity.conftest import login_states, query_of

ONE_OF_EACH_ROLE = [
    pytest.param(
        "mette",
        {
            "landing": "/mine-klager/",
            "role": Role.CITIZEN,
            "full_name": "Mette Hansen",
            "cpr": "1203781234",
            "cvr": "",
            "organisation_name": "",
            "rights": [],
            "authority": None,
            "appeals_body": None,
            "boards": [],
            "is_staff": False,
        },
        id="citizen",
    ),
    pytest.param(
        "lars",
        {
            "landing": "/mine-klager/",
            "role": Role.COMPANY,
            "full_name": "Lars Møller",
            "cpr": "",
            "cvr": "37042374",
            "organisation_name": "Byggefirmaet Nord ApS",
            "rights": ["tegningsret"],
            "authority": None,
            "appeals_body": None,
            "boards": [],
            "is_staff": False,
        },
        id="company",
    ),
    pytest.param(
        "birgitte",
        {
            "landing": "/myndighed/",
            "role": Role.AUTHORITY,
            "full_name": "Birgitte Andersen",
            "cpr": "",
            "cvr": "31415926",
            "organisation_name": "Viborg Kommune",
            "rights": ["ankeskema"],
            "authority": "Viborg Kommune",
            "appeals_body": None,
            "boards": [],
            "is_staff": False,
        },
        id="authority",
    ),
    pytest.param(
        "anders",
        {
            "landing": "/klageinstans/",
            "role": Role.BODY_STAFF,
            "full_name": "Anders Vinther",
            "cpr": "",
            "cvr": "12345674",
            "organisation_name": "Nævnenes Hus",
            "rights": ["sagsbehandler:mfkn"],
            "authority": None,
            "appeals_body": "naevneneshus",
            "boards": ["mfkn"],
            "is_staff": False,
        },
        id="body",
    ),
    pytest.param(
        "kirsten",
        {
            "landing": "/admin/",
            "role": Role.ADMIN,
            "full_name": "Kirsten Bach",
            "cpr": "",
            "cvr": "12345674",
            "organisation_name": "Nævnenes Hus",
            "rights": ["administrator"],
            "authority": None,
            "appeals_body": None,
            "boards": [],
            "is_staff": True,
        },
        id="admin",
    ),
]


@pytest.mark.parametrize(("key", "expected"), ONE_OF_EACH_ROLE)
def test_login_lands_in_the_workspace_of_the_role(oidc_login, key, expected):
    """AUTH-1: authorization code flow with PKCE and nonce, from the start page to the workspace."""
    response = oidc_login.login(key)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == expected["landing"]
    user = response.wsgi_request.user
    assert user.is_authenticated
    assert user.oidc_sub == f"devidp-{key}"
    assert user.role == expected["role"]


@pytest.mark.parametrize(("key", "expected"), ONE_OF_EACH_ROLE)
def test_login_takes_identity_and_rights_from_the_claims(oidc_login, key, expected):
    """AUTH-2, AUTH-4: name, CPR/CVR, organisation, rights and workplace come from the ID token."""
    oidc_login.login(key)

    user = User.objects.get(oidc_sub=f"devidp-{key}")
    assert user.full_name == expected["full_name"]
    assert user.cpr == expected["cpr"]
    assert user.cvr == expected["cvr"]
    assert user.organisation_name == expected["organisation_name"]
    assert user.rights == expected["rights"]
    assert (user.authority.name if user.authority else None) == expected["authority"]
    assert (user.appeals_body.slug if user.appeals_body else None) == expected["appeals_body"]
    assert sorted(user.boards.values_list("slug", flat=True)) == expected["boards"]
    assert user.is_staff is expected["is_staff"]
    assert user.is_superuser is expected["is_staff"]
    assert not user.has_usable_password()


def test_logged_in_page_shows_the_name_from_the_login(oidc_login):
    """AUTH-2: the person's name is shown as the provider sent it."""
    response = oidc_login.login("mette")

    assert "Mette Hansen" in response.content.decode()


def test_login_request_carries_pkce_challenge_and_nonce_kept_in_the_browser(oidc_login):
    """AUTH-1: the authorization request binds state, nonce and an S256 code challenge to the browser."""
    params = query_of(oidc_login.start())

    stored = login_states(oidc_login.client)[params["state"]]
    expected_challenge = (
        base64.urlsafe_b64encode(hashlib.sha256(stored["code_verifier"].encode()).digest()).rstrip(b"=").decode()
    )
    assert params["response_type"] == "code"
    assert params["code_challenge_method"] == "S256"
    assert params["code_challenge"] == expected_challenge
    assert params["nonce"] == stored["nonce"]
    assert params["redirect_uri"] == "http://testserver/oidc/callback/"


def test_id_token_is_fetched_and_verified_over_the_back_channel(oidc_login):
    """AUTH-1: the code is exchanged at the token endpoint and the ID token checked against the JWKS."""
    authorize_url = oidc_login.start()
    nonce = query_of(authorize_url)["nonce"]
    oidc_login.callback(oidc_login.authorize(authorize_url, "mette"))

    assert oidc_login.transport.calls == [
        ("POST", "/devidp/o/token/"),
        ("GET", "/devidp/o/.well-known/jwks.json"),
    ]
    id_token = jwt.decode(oidc_login.client.session["oidc_id_token"], options={"verify_signature": False})
    assert id_token["nonce"] == nonce
    assert id_token["sub"] == "devidp-mette"
    assert jwt.get_unverified_header(oidc_login.client.session["oidc_id_token"])["alg"] == "RS256"


def test_login_returns_to_the_page_asked_for(oidc_login):
    response = oidc_login.login("mette", next_url="/mine-klager/?naevn=pkn")

    assert response.redirect_chain[-1][0] == "/mine-klager/?naevn=pkn"


def test_login_never_redirects_to_another_site(oidc_login):
    response = oidc_login.login("mette", next_url="https://evil.example/phish")

    assert [url for url, _ in response.redirect_chain] == ["/arbejdsrum/", "/mine-klager/"]


def test_starting_a_new_login_with_a_post_ends_the_current_session(oidc_login):
    oidc_login.login("mette")

    oidc_login.start(method="post")

    response = oidc_login.client.get("/mine-klager/")
    assert response.status_code == 302
    assert response["Location"].startswith("/oidc/authenticate/")


def test_second_login_updates_the_same_user_when_a_right_is_removed(oidc_login, monkeypatch):
    """AUTH-4: rights are rebuilt from every login; the person is found again by the token's subject."""
    oidc_login.login("lars")
    first = User.objects.get(oidc_sub="devidp-lars")
    assert first.can_sign_for_company
    oidc_login.client.post("/log-ud/")

    without_signing = replace(identities.BY_KEY["lars"], name="Lars Møller Holm", rights=())
    monkeypatch.setitem(identities.BY_KEY, "lars", without_signing)
    response = oidc_login.login("lars")

    assert response.wsgi_request.user.pk == first.pk
    assert User.objects.filter(oidc_sub="devidp-lars").count() == 1
    second = User.objects.get(pk=first.pk)
    assert second.rights == []
    assert second.full_name == "Lars Møller Holm"
    assert not second.can_sign_for_company


def test_administrator_right_removed_at_the_provider_revokes_admin_at_next_login(oidc_login, monkeypatch):
    """AUTH-4: the administrator right lives at the provider; losing it there ends staff access."""
    oidc_login.login("kirsten")
    oidc_login.client.post("/log-ud/")

    monkeypatch.setitem(identities.BY_KEY, "kirsten", replace(identities.BY_KEY["kirsten"], rights=()))
    response = oidc_login.login("kirsten")

    user = User.objects.get(oidc_sub="devidp-kirsten")
    assert user.role == Role.COMPANY
    assert not user.is_staff
    assert not user.is_superuser
    assert response.redirect_chain[-1][0] == "/mine-klager/"


def test_a_link_to_the_login_start_keeps_the_current_session(oidc_login):
    """Any site can link to /oidc/authenticate/: following the link does not log the person out."""
    oidc_login.login("mette")

    response = oidc_login.client.get("/oidc/authenticate/?next=/mine-klager/")

    assert response.status_code == 302
    assert response["Location"] == "/mine-klager/"
    assert oidc_login.client.get("/mine-klager/").status_code == 200


def test_a_link_to_the_login_start_never_sends_a_logged_in_person_to_another_site(oidc_login):
    oidc_login.login("mette")

    response = oidc_login.client.get("/oidc/authenticate/?next=https://evil.example/")

    assert response["Location"] == "/arbejdsrum/"


def test_anonymous_login_starts_store_no_session(client, devidp):
    """A flood of anonymous login starts does not grow the session table."""
    from django.contrib.sessions.models import Session

    for _ in range(20):
        assert client.get("/oidc/authenticate/").status_code == 302
        client.cookies.pop("sessionid", None)

    assert Session.objects.count() == 0


def test_login_starts_beyond_the_rate_from_one_address_get_the_429_page(client, devidp, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": {"ip": "3/m"}}

    statuses = [client.get("/oidc/authenticate/").status_code for _ in range(4)]
    refused = client.get("/oidc/authenticate/")

    assert statuses == [302, 302, 302, 429]
    assert refused["Retry-After"] == "60"
    assert "Du har sendt for mange forespørgsler på kort tid" in refused.content.decode()


def test_login_callbacks_beyond_the_rate_are_refused_before_any_provider_call(client, devidp, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": {"ip": "2/m"}}

    statuses = [client.get("/oidc/callback/?code=abc&state=never").status_code for _ in range(3)]

    assert statuses == [400, 400, 429]
    assert devidp.calls == []
