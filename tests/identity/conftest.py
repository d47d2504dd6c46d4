"""Login fixtures: the whole OpenID Connect flow runs in-process against the development provider.

The portal's own calls to the provider (token and JWKS endpoints) go through `requests`; here they are
answered by a second Django test client, so the browser's cookies and the back channel never mix.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from django.core import signing
from django.test import Client
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict

from klageportal.identity import oidc
from klageportal.identity.devidp.services import client_ensure

TEST_HOST = "testserver"
AUTHENTICATE_URL = "/oidc/authenticate/"
CALLBACK_PATH = "/oidc/callback/"
AUTHORIZE_QUERY = urlencode(
    {
        "response_type": "code",
        "scope": "openid profile",
        "client_id": "klageportal-dev",
        "redirect_uri": f"http://{TEST_HOST}{CALLBACK_PATH}",
        "state": "s" * 32,
        "nonce": "n" * 32,
        "code_challenge": "c" * 43,
        "code_challenge_method": "S256",
    }
)
"""A well-formed authorization request, for tests that call the provider directly."""


@dataclass
class ProviderTransport:
    """Serve `requests` calls to the test host from Django; any other host is unreachable."""

    client: Client = field(default_factory=Client)
    calls: list[tuple[str, str]] = field(default_factory=list)
    unreachable: bool = False
    rewrite: Callable[[str, requests.Response], requests.Response] | None = None

    def send(self, request: requests.PreparedRequest) -> requests.Response:
        url = urlsplit(request.url)
        self.calls.append((request.method, url.path))
        if self.unreachable or url.hostname != TEST_HOST:
            raise requests.ConnectionError(f"no route to {url.hostname}", request=request)
        headers = {
            "HTTP_" + name.upper().replace("-", "_"): value
            for name, value in request.headers.items()
            if name.lower() not in {"content-type", "content-length", "host"}
        }
        body = request.body or b""
        django_response = self.client.generic(
            request.method,
            url.path + (f"?{url.query}" if url.query else ""),
            data=body.encode() if isinstance(body, str) else body,
            content_type=request.headers.get("Content-Type", "application/octet-stream"),
            **headers,
        )
        response = requests.Response()
        response.status_code = django_response.status_code
        response.reason = django_response.reason_phrase
        response.headers = CaseInsensitiveDict(dict(django_response.items()))
        response._content = django_response.content
        response.encoding = "utf-8"
        response.url = request.url
        response.request = request
        return self.rewrite(url.path, response) if self.rewrite else response


@pytest.fixture
def provider_transport(monkeypatch):
    """Answer the portal's outgoing HTTP calls in-process; nothing leaves the test."""
    transport = ProviderTransport()
    monkeypatch.setattr(HTTPAdapter, "send", lambda adapter, request, **kwargs: transport.send(request))
    return transport


@pytest.fixture
def devidp(catalogue, settings, provider_transport):
    """The development identity provider, with the portal registered as its client for this host."""
    settings.PORTAL_BASE_URL = f"http://{TEST_HOST}"
    # The back channel goes over `requests` here, as it does to NemLog-in, so that these tests see and
    # alter what the provider answers; `test_inprocess_provider.py` covers the in-process path.
    settings.OIDC_OP_IN_PROCESS = False
    client_ensure()
    return provider_transport


def login_states(client: Client) -> dict:
    """The logins under way that the browser (the test client) keeps in its signed cookie."""
    morsel = client.cookies.get(oidc.STATE_COOKIE)
    return signing.loads(morsel.value, salt=oidc.STATE_SALT) if morsel and morsel.value else {}


def set_login_states(client: Client, states: dict) -> None:
    client.cookies[oidc.STATE_COOKIE] = signing.dumps(states, salt=oidc.STATE_SALT, compress=True)


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


@dataclass
class LoginFlow:
    """A browser going through the login: the portal, the provider's login page, back to the portal."""

    client: Client
    transport: ProviderTransport

    def start(self, next_url: str | None = None, *, method: str = "get") -> str:
        """Ask the portal to log in; return the provider's authorization URL it redirects to."""
        url = AUTHENTICATE_URL + (f"?{urlencode({'next': next_url})}" if next_url else "")
        response = getattr(self.client, method)(url)
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith("/devidp/o/authorize/")
        return response["Location"]

    def authorize(self, authorize_url: str, key: str) -> str:
        """Pick a test identity at the provider; return the callback URL the provider sends back."""
        response = self.client.get(authorize_url)
        assert response.status_code == 302
        login_url = response["Location"]
        assert login_url.startswith("/devidp/login/")
        page = self.client.get(login_url)
        assert page.status_code == 200
        assert f'data-identity="{key}"'.encode() in page.content
        response = self.client.post("/devidp/login/", {"identity": key, "next": query_of(login_url)["next"]})
        assert response.status_code == 302
        assert response["Location"] == authorize_url
        response = self.client.get(authorize_url)
        assert response.status_code == 302
        callback_url = response["Location"]
        assert urlsplit(callback_url).path == CALLBACK_PATH
        return callback_url

    def callback(self, callback_url: str, **kwargs):
        split = urlsplit(callback_url)
        return self.client.get(f"{split.path}?{split.query}", **kwargs)

    def login(self, key: str, next_url: str | None = None):
        """The whole flow; return the response of the page the person lands on."""
        callback_url = self.authorize(self.start(next_url), key)
        return self.callback(callback_url, follow=True)


@pytest.fixture
def oidc_login(client, devidp) -> LoginFlow:
    return LoginFlow(client=client, transport=devidp)
