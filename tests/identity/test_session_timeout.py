"""The timeout warning's server side (WCAG 2.2.1, AUTH-3): every logged-in page knows its seconds left, the
keep-alive counts as activity, and the expiry page leads back to the page that was left."""

import time

import pytest
from django.urls import reverse

from klageportal.identity.middleware import LAST_SEEN_KEY
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

KEEP_ALIVE = reverse("session_keep_alive")
EXPIRED = reverse("session_expired")


@pytest.fixture
def citizen_client(client, catalogue, settings):
    settings.SESSION_INACTIVITY_TIMEOUT = 600
    settings.SESSION_TIMEOUT_WARNING_SECONDS = 120
    client.force_login(CitizenFactory())
    return client


def seen(client, seconds_ago: int) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds_ago
    session.save()


def test_a_logged_in_page_carries_the_warning_with_the_seconds_left(citizen_client):
    # The page itself is activity; seen 20 seconds ago is recent enough that the session is not written again.
    seen(citizen_client, 20)

    html = citizen_client.get("/mine-klager/").content.decode()

    assert 'role="dialog"' in html and 'aria-modal="true"' in html
    assert 'data-timeout="600"' in html and 'data-warn="120"' in html
    remaining = int(html.split('data-remaining="')[1].split('"')[0])
    assert 578 <= remaining <= 580
    assert "Bliv logget ind" in html
    assert f'data-expired-url="{EXPIRED}?next=/mine-klager/"' in html


def test_pages_without_a_login_have_no_warning(client, catalogue):
    html = client.get("/").content.decode()

    assert "data-session-timeout" not in html


def test_keep_alive_counts_as_activity(citizen_client):
    seen(citizen_client, 500)

    response = citizen_client.post(KEEP_ALIVE)

    assert response.status_code == 200
    assert response.json() == {"remaining": 600}
    assert abs(citizen_client.session[LAST_SEEN_KEY] - int(time.time())) <= 1


def test_keep_alive_after_the_session_ran_out_does_not_revive_it(citizen_client):
    seen(citizen_client, 605)

    response = citizen_client.post(KEEP_ALIVE)

    assert response.status_code == 302 and response["Location"] == EXPIRED
    assert "_auth_user_id" not in citizen_client.session


def test_keep_alive_without_a_login_is_sent_to_the_login(client, catalogue):
    response = client.post(KEEP_ALIVE)

    assert response.status_code == 302 and "/oidc/authenticate/" in response["Location"]
    assert LAST_SEEN_KEY not in client.session


def test_keep_alive_only_answers_post(citizen_client):
    assert citizen_client.get(KEEP_ALIVE).status_code == 405


def test_the_browsers_timer_lands_on_the_expiry_page_with_the_way_back(citizen_client):
    seen(citizen_client, 605)

    response = citizen_client.get(EXPIRED, {"next": "/mine-klager/"}, follow=True)

    assert response.redirect_chain == [(f"{EXPIRED}?next=%2Fmine-klager%2F", 302)]
    html = response.content.decode()
    assert "Du er blevet logget ud, fordi du ikke har været aktiv" in html
    assert 'href="/oidc/authenticate/?next=/mine-klager/"' in html


def test_a_session_that_still_runs_goes_back_from_the_expiry_page(citizen_client):
    """Another window kept the session alive: the browser's timer was early for this one."""
    response = citizen_client.get(EXPIRED, {"next": "/mine-klager/"})

    assert response.status_code == 302 and response["Location"] == "/mine-klager/"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_the_expiry_page_leads_only_to_this_portal(client, catalogue, next_url):
    html = client.get(EXPIRED, {"next": next_url}).content.decode()

    assert 'href="/oidc/authenticate/"' in html
    assert "/oidc/authenticate/?next=" not in html
