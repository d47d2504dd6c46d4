"""Sessions end after inactivity with a clear Danish message; work in progress stays (AUTH-3)."""

import time

import pytest

from klageportal.identity.middleware import LAST_SEEN_KEY
from tests.factories import CitizenFactory

TIMEOUT = 60


@pytest.fixture
def citizen_client(client, catalogue, settings):
    settings.SESSION_INACTIVITY_TIMEOUT = TIMEOUT
    client.force_login(CitizenFactory())
    return client


def last_seen(client, seconds_ago: int) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds_ago
    session.save()


def test_request_after_inactivity_logs_out_and_shows_session_expired_page(citizen_client):
    """AUTH-3."""
    last_seen(citizen_client, TIMEOUT + 5)

    response = citizen_client.get("/mine-klager/", follow=True)

    assert response.redirect_chain == [("/session-udloebet/", 302)]
    assert response.status_code == 200
    assert "site/session_expired.html" in [t.name for t in response.templates]
    assert not response.wsgi_request.user.is_authenticated
    assert "_auth_user_id" not in citizen_client.session


def test_session_expired_page_says_in_danish_why_and_that_work_is_kept(citizen_client):
    """AUTH-3: the message names the inactivity and that saved work is not lost."""
    last_seen(citizen_client, TIMEOUT + 5)

    response = citizen_client.get("/mine-klager/", follow=True)

    shown = [str(message) for message in response.context["messages"]]
    assert len(shown) == 1
    assert "Du er blevet logget ud, fordi du ikke har været aktiv" in shown[0]
    assert "Det, du har gemt, er ikke gået tabt" in shown[0]
    assert shown[0] in response.content.decode()


def test_after_the_timeout_the_next_page_asks_for_a_new_login(citizen_client):
    last_seen(citizen_client, TIMEOUT + 5)
    citizen_client.get("/mine-klager/")

    response = citizen_client.get("/mine-klager/")

    assert response.status_code == 302
    assert response["Location"].startswith("/oidc/authenticate/")


def test_active_session_continues_and_is_kept_alive(citizen_client):
    last_seen(citizen_client, TIMEOUT - 5)
    before = citizen_client.session[LAST_SEEN_KEY]

    response = citizen_client.get("/mine-klager/")

    assert response.status_code == 200
    assert response.wsgi_request.user.is_authenticated
    assert citizen_client.session[LAST_SEEN_KEY] > before


def test_steady_activity_never_times_out(citizen_client, monkeypatch):
    """Each request restarts the clock: three requests, each 40 s apart, span more than the timeout."""
    start = time.time()
    for step in range(3):
        monkeypatch.setattr(time, "time", lambda step=step: start + step * 40)
        response = citizen_client.get("/mine-klager/")
        assert response.status_code == 200, step


def test_inactivity_is_measured_from_the_last_request(citizen_client, monkeypatch):
    start = time.time()
    monkeypatch.setattr(time, "time", lambda: start)
    citizen_client.get("/mine-klager/")

    monkeypatch.setattr(time, "time", lambda: start + TIMEOUT + 1)
    response = citizen_client.get("/mine-klager/")

    assert response.status_code == 302
    assert response["Location"] == "/session-udloebet/"


def test_message_counts_minutes_of_the_configured_timeout(citizen_client, settings):
    settings.SESSION_INACTIVITY_TIMEOUT = 30 * 60
    last_seen(citizen_client, 31 * 60)

    response = citizen_client.get("/mine-klager/", follow=True)

    assert "ikke har været aktiv i 30 minutter" in response.content.decode()
