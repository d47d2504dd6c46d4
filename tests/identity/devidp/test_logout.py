"""The development provider's logout goes on only to a path of this site."""

import pytest


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:x"])
def test_logout_never_follows_next_to_another_site(client, next_url):
    response = client.get("/devidp/logout/", {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_logout_follows_a_local_next_and_forgets_the_chosen_identity(client):
    client.cookies["kp_devidp"] = "x"

    response = client.get("/devidp/logout/", {"next": "/logget-ud/"})

    assert response["Location"] == "/logget-ud/"
    assert response.cookies["kp_devidp"].value == ""
