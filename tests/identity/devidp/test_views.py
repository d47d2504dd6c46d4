"""The development identity provider keeps its own login apart from the portal's (AUTH-1)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories import CitizenFactory
from tests.identity.conftest import AUTHORIZE_QUERY


def choose_identity(client, key: str, next_url: str = ""):
    return client.post("/devidp/login/", {"identity": key, "next": next_url})


def test_login_page_offers_every_role_group(client, db):
    response = client.get("/devidp/login/")

    content = response.content.decode()
    assert response.status_code == 200
    for key in ("mette", "lars", "birgitte", "anders", "kirsten"):
        assert f'data-identity="{key}"' in content


def test_login_page_never_shows_a_full_cpr_number(client, db):
    """X-4: the provider's page masks the CPR numbers of its test identities."""
    response = client.get("/devidp/login/")

    assert "1203781234" not in response.content.decode()
    assert "120378-xxxx" in response.content.decode()


def test_provider_cookie_alone_never_logs_in_to_the_portal(client, catalogue):
    choose_identity(client, "mette")
    assert client.cookies["kp_devidp"].value

    response = client.get("/mine-klager/")

    assert response.status_code == 302
    assert response["Location"].startswith("/oidc/authenticate/")
    assert not response.wsgi_request.user.is_authenticated


def test_portal_session_never_logs_in_to_the_provider(client, catalogue, devidp):
    client.force_login(CitizenFactory(full_name="Mette Hansen"))

    response = client.get(f"/devidp/o/authorize/?{AUTHORIZE_QUERY}")

    assert response.status_code == 302
    assert response["Location"].startswith("/devidp/login/?next=")
    assert isinstance(response.wsgi_request.user, AnonymousUser)


def test_inside_the_provider_the_user_is_the_provider_account_not_the_portal_user(client, catalogue):
    portal_user = CitizenFactory()
    client.force_login(portal_user)
    choose_identity(client, "lars")

    response = client.get("/devidp/done/")

    assert response.wsgi_request.user.username == "devidp-lars"
    assert response.wsgi_request.user.pk != portal_user.pk
    assert client.get("/mine-klager/").wsgi_request.user == portal_user


def test_provider_account_carries_no_portal_identity(client, db):
    choose_identity(client, "kirsten")

    account = client.get("/devidp/done/").wsgi_request.user

    assert account.oidc_sub is None
    assert not account.is_staff
    assert not account.is_superuser
    assert not account.has_usable_password()


def test_unsigned_provider_cookie_is_ignored(client, db):
    client.cookies["kp_devidp"] = "kirsten"

    response = client.get("/devidp/done/")

    assert isinstance(response.wsgi_request.user, AnonymousUser)


def test_provider_login_sets_an_http_only_cookie_limited_to_the_provider(client, db):
    response = choose_identity(client, "mette")

    cookie = response.cookies["kp_devidp"]
    assert cookie["path"] == "/devidp/"
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/devidp/", "/mine-klager/"])
def test_provider_login_only_returns_inside_the_provider(client, db, next_url):
    response = choose_identity(client, "mette", next_url)

    assert response.status_code == 302
    assert response["Location"] == "/devidp/done/"


def test_provider_login_refuses_an_unknown_identity(client, db):
    response = choose_identity(client, "mallory")

    assert response.status_code == 200
    assert "kp_devidp" not in response.cookies
