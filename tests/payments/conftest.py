"""Payment fixtures: cases waiting for their fee, and the gateway's calls to the portal answered in-process.

The test gateway notifies the portal with `requests.post` to the callback URL; here those calls to the
test host are served by a second Django test client, so the browser's session and the back channel never mix.
"""

import json
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client
from django.urls import reverse
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict

from klageportal.cases.models import Case, PartyKind, PartyRole, Status
from klageportal.payments.contrib.testgateway.gateway import SIGNATURE_HEADER, signature
from klageportal.payments.models import Payment
from klageportal.payments.services import payment_start
from klageportal.payments.signals import fee_paid
from tests.factories import AuthorityUserFactory, CaseFactory, PartyFactory

TEST_HOST = "testserver"
RETURN_URL = f"http://{TEST_HOST}/betaling/retur/testgateway/"
CALLBACK_PATH = "/betaling/notifikation/testgateway/"
CALLBACK_URL = f"http://{TEST_HOST}{CALLBACK_PATH}"


@dataclass
class PortalTransport:
    """Serve `requests` calls to the test host from Django; any other host is unreachable."""

    client: Client = field(default_factory=Client)
    calls: list[tuple[str, str, int]] = field(default_factory=list)

    def send(self, request: requests.PreparedRequest) -> requests.Response:
        url = urlsplit(request.url)
        if url.hostname != TEST_HOST:
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
        self.calls.append((request.method, url.path, django_response.status_code))
        response = requests.Response()
        response.status_code = django_response.status_code
        response.headers = CaseInsensitiveDict(dict(django_response.items()))
        response._content = django_response.content
        response.url = request.url
        response.request = request
        return response


@pytest.fixture(autouse=True)
def _base_url_is_the_test_host(settings):
    settings.PORTAL_BASE_URL = f"http://{TEST_HOST}"


@pytest.fixture
def portal_transport(monkeypatch):
    """Answer the gateway's notifications to the portal in-process; nothing leaves the test."""
    transport = PortalTransport()
    monkeypatch.setattr(HTTPAdapter, "send", lambda adapter, request, **kwargs: transport.send(request))
    return transport


@pytest.fixture
def fee_paid_calls():
    """Every `fee_paid` signal sent, as (case id, payment id)."""
    calls: list[tuple[int, int]] = []

    def receiver(sender, case, payment, **kwargs):
        calls.append((case.pk, payment.pk))

    fee_paid.connect(receiver, weak=False, dispatch_uid="tests.payments.fee_paid")
    yield calls
    fee_paid.disconnect(dispatch_uid="tests.payments.fee_paid")


@pytest.fixture
def fi_staff(authority):
    return AuthorityUserFactory(authority=authority, full_name="Birgitte Kommune")


@pytest.fixture
def make_case(authority, filer, complainant):
    """A complaint filed by a representative for a citizen (by CPR); the fee of the type is 900/1800 kr."""

    def make(status: Status = Status.UDFYLDT, *, complainant_kinds=(PartyKind.PERSON,), **fields) -> Case:
        fields.setdefault("authority", authority)
        fields.setdefault("created_by", filer)
        case = CaseFactory(status=status, filer__role=PartyRole.REPRESENTATIVE, **fields)
        for index, kind in enumerate(complainant_kinds):
            PartyFactory(
                case=case,
                role=PartyRole.COMPLAINANT,
                kind=kind,
                cpr=complainant.cpr if kind == PartyKind.PERSON and index == 0 else "",
                name=f"Klager {index + 1}",
            )
        return case

    return make


@pytest.fixture
def case(make_case):
    """A complaint in Udfyldt, waiting for its 900 kr. fee."""
    return make_case()


@pytest.fixture
def start_payment(filer):
    """Open a card payment as the filer would; return the Payment."""

    def start(case: Case, by=None) -> Payment:
        url = payment_start(case=case, by=by or filer, return_url=RETURN_URL, callback_url=CALLBACK_URL)
        return Payment.objects.get(gateway_reference=url.rstrip("/").rsplit("/", 1)[-1])

    return start


def notification(payment: Payment, status: str, *, event_id: str, amount_ore: int | None = None) -> bytes:
    return json.dumps(
        {
            "event_id": event_id,
            "reference": payment.gateway_reference,
            "status": status,
            "amount_ore": payment.amount_ore if amount_ore is None else amount_ore,
            "currency": "DKK",
        }
    ).encode()


def post_notification(client: Client, body: bytes, *, sign: str | None = None):
    """POST a notification to the portal as the test gateway would, signed unless told otherwise."""
    return client.post(
        reverse("payments:callback", kwargs={"gateway": "testgateway"}),
        data=body,
        content_type="application/json",
        headers={SIGNATURE_HEADER: signature(body) if sign is None else sign},
    )
