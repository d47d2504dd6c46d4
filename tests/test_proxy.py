"""Behind a TLS proxy: the forwarded scheme and host are believed from the configured proxy only."""

from unittest import mock
from wsgiref.util import setup_testing_defaults

import pytest
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from django.test import override_settings
from waitress.adjustments import Adjustments
from waitress.proxy_headers import proxy_headers_middleware

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"
PRODUCTION = {
    "IS_PRODUCTION": True,
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "ALLOWED_HOSTS": ["klageportal.example", "testserver"],
}
BEHIND_PROXY = {
    **PRODUCTION,
    "TRUSTED_PROXIES": [PROXY],
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "USE_X_FORWARDED_HOST": True,
}
FORWARDED = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_FORWARDED_HOST": "klageportal.example"}


@override_settings(**BEHIND_PROXY)
def test_a_request_through_the_trusted_proxy_is_https_with_hsts_and_https_links(client):
    response = client.get("/", REMOTE_ADDR=PROXY, **FORWARDED)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.wsgi_request.is_secure()
    assert response.wsgi_request.build_absolute_uri("/x/") == "https://klageportal.example/x/"


@override_settings(**BEHIND_PROXY)
def test_the_client_address_is_taken_from_the_trusted_proxys_forwarded_for(client):
    response = client.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.5", **FORWARDED)
    assert response.wsgi_request.META["REMOTE_ADDR"] == "203.0.113.9"


@override_settings(**BEHIND_PROXY)
def test_forwarded_headers_from_an_untrusted_client_are_not_believed(client):
    response = client.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1", **FORWARDED)
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"
    assert response.wsgi_request.META["REMOTE_ADDR"] == "203.0.113.9"
    assert "HTTP_X_FORWARDED_HOST" not in response.wsgi_request.META


@override_settings(**PRODUCTION, SECURE_PROXY_SSL_HEADER=None, TRUSTED_PROXIES=[])
def test_without_a_trusted_proxy_no_client_can_claim_https(client):
    response = client.get("/", REMOTE_ADDR=PROXY, **FORWARDED)
    assert response.status_code == 301


def _serve_kwargs() -> dict:
    with mock.patch("waitress.serve") as serve, mock.patch("threading.Thread"):
        call_command("serve", "--port", "8123")
    return serve.call_args.kwargs


def _through_waitress(kwargs: dict, remote_addr: str) -> tuple[str, dict]:
    """One request through waitress's proxy-header handling, as the serve command configures it, then Django."""
    from django.core.handlers.wsgi import WSGIHandler

    options = {key: value for key, value in kwargs.items() if key in dict(Adjustments._params)}
    adj = Adjustments(**options)
    app = proxy_headers_middleware(
        WSGIHandler(),
        trusted_proxy=adj.trusted_proxy,
        trusted_proxy_count=adj.trusted_proxy_count,
        trusted_proxy_headers=adj.trusted_proxy_headers,
        clear_untrusted=adj.clear_untrusted_proxy_headers,
    )
    environ: dict = {"REMOTE_ADDR": remote_addr, "PATH_INFO": "/", "HTTP_HOST": "klageportal.example", **FORWARDED}
    setup_testing_defaults(environ)
    answer: dict = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    # As Django's test client does: the request must not close the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        b"".join(app(environ, start_response))
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"]


def test_the_served_portal_behind_its_trusted_proxy_answers_instead_of_redirecting_forever():
    with override_settings(**BEHIND_PROXY):
        kwargs = _serve_kwargs()
        status, headers = _through_waitress(kwargs, PROXY)
    assert status.startswith("200"), status
    assert "Strict-Transport-Security" in headers


def test_the_served_portal_redirects_a_direct_client_claiming_https():
    with override_settings(**BEHIND_PROXY):
        kwargs = _serve_kwargs()
        status, headers = _through_waitress(kwargs, "203.0.113.9")
    assert status.startswith("301"), status
    assert headers["Location"].startswith("https://")
