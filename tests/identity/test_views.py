"""Who reaches the admin site, and logging out (AUTH-1, X-3)."""

import pytest
from django.test import Client

from tests.factories import (
    AdminFactory,
    AuthorityUserFactory,
    BodyStaffFactory,
    CitizenFactory,
    CompanyUserFactory,
)

NON_ADMIN_ROLES = [
    pytest.param(CitizenFactory, id="citizen"),
    pytest.param(CompanyUserFactory, id="company"),
    pytest.param(AuthorityUserFactory, id="authority"),
    pytest.param(BodyStaffFactory, id="body"),
]


@pytest.mark.parametrize("factory", NON_ADMIN_ROLES)
@pytest.mark.parametrize("path", ["/admin/", "/admin/catalog/board/", "/admin/identity/user/"])
def test_admin_site_is_refused_to_every_non_admin_role(client, catalogue, factory, path):
    client.force_login(factory())

    response = client.get(path, follow=True)

    assert response.status_code == 403
    assert "errors/403.html" in [t.name for t in response.templates]
    assert "admin/index.html" not in [t.name for t in response.templates]
    assert response.wsgi_request.user.is_authenticated  # refused, not silently logged out


def test_admin_site_is_open_to_the_admin_role(client, catalogue):
    client.force_login(AdminFactory())

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "admin/index.html" in [t.name for t in response.templates]


def test_admin_site_sends_anonymous_visitors_to_the_identity_provider(client, catalogue):
    """AUTH-1: administrators log in through the same identity broker as everyone else."""
    response = client.get("/admin/", follow=True)

    assert [url for url, _ in response.redirect_chain][:2] == [
        "/admin/login/?next=/admin/",
        "/oidc/authenticate/?next=%2Fadmin%2F",
    ]
    assert response.redirect_chain[2][0].startswith("/devidp/o/authorize/")
    assert "admin/login.html" not in [t.name for t in response.templates]


def test_logout_ends_the_session(client, catalogue):
    client.force_login(CitizenFactory())

    response = client.post("/log-ud/")

    assert response.status_code == 302
    assert response["Location"] == "/logget-ud/"
    assert "_auth_user_id" not in client.session
    follow_up = client.get("/mine-klager/")
    assert follow_up.status_code == 302
    assert follow_up["Location"].startswith("/oidc/authenticate/")


def test_logout_invalidates_the_old_session_cookie(client, catalogue):
    client.force_login(CitizenFactory())
    old_session_cookie = client.cookies["sessionid"].value

    client.post("/log-ud/")

    replay = Client()
    replay.cookies["sessionid"] = old_session_cookie
    response = replay.get("/mine-klager/")
    assert response.status_code == 302
    assert not response.wsgi_request.user.is_authenticated


def test_logout_also_forgets_the_identity_chosen_at_the_development_provider(client, catalogue):
    client.force_login(CitizenFactory())

    response = client.post("/log-ud/")

    cookie = response.cookies["kp_devidp"]
    assert cookie.value == ""
    assert cookie["max-age"] == 0
    assert cookie["path"] == "/devidp/"


def test_logout_by_get_is_refused(client, catalogue):
    """A link or an image must not log a person out; only the form's POST does."""
    client.force_login(CitizenFactory())

    response = client.get("/log-ud/")

    assert response.status_code == 405
    assert "_auth_user_id" in client.session


def test_login_failed_page_is_a_clear_error_page(client, db):
    response = client.get("/log-ind/fejl/")

    assert response.status_code == 400
    assert "identity/login_error.html" in [t.name for t in response.templates]
    assert "Log ind igen" in response.content.decode()
