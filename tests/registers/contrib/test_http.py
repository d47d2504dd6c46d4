"""The HTTP register client against a small register service started in the test."""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from klageportal.registers import (
    CompanyRecord,
    PersonRecord,
    RegisterUnavailable,
    company_lookup,
    company_search,
    person_lookup,
)

METTE = {"cpr": "1203781234", "name": "Mette Hansen", "address": "Skovvej 4", "postcode": "8800", "city": "Viborg"}
NORD = {
    "cvr": "37042374",
    "name": "Byggefirmaet Nord ApS",
    "address": "Industrivej 14",
    "postcode": 8800,
    "city": "Viborg",
}
LIND = {
    "cvr": "38025694",
    "name": "Advokatfirmaet Lind & Co",
    "address": "Store Torv 5",
    "postcode": "8000",
    "city": "Aarhus C",
}


class RegisterService(ThreadingHTTPServer):
    """Answers GET requests from `routes`: path → (status, body); a body that is not bytes is sent as JSON."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes: dict[str, tuple[int, object]] = {}
        self.requests: list[str] = []
        self.delay = 0.0

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/api/v1"


class Handler(BaseHTTPRequestHandler):
    server: RegisterService

    def do_GET(self):  # noqa: N802 - the name http.server asks for
        self.server.requests.append(self.path)
        time.sleep(self.server.delay)
        status, body = self.server.routes.get(urlsplit(self.path).path, (404, {"fejl": "ikke fundet"}))
        payload = body if isinstance(body, bytes) else json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting, as the timeout test wants

    def log_message(self, format, *args):  # noqa: A002 - quiet; the test reads `requests`
        pass


@pytest.fixture
def service(settings):
    server = RegisterService()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    settings.REGISTER_BACKEND = "http"
    settings.REGISTER_HTTP_URL = server.url + "/"
    settings.REGISTER_TIMEOUT_SECONDS = 2
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_person_is_found_by_cpr(service):
    service.routes["/api/v1/personer/1203781234"] = (200, METTE)

    assert person_lookup("120378-1234") == PersonRecord("1203781234", "Mette Hansen", "Skovvej 4", "8800", "Viborg")
    assert service.requests == ["/api/v1/personer/1203781234"]


def test_person_not_in_the_register_is_none(service):
    assert person_lookup("0101801235") is None


def test_company_is_found_by_cvr(service):
    service.routes["/api/v1/virksomheder/37042374"] = (200, NORD)

    assert company_lookup("37042374") == CompanyRecord(
        "37042374", "Byggefirmaet Nord ApS", "Industrivej 14", "8800", "Viborg"
    )


def test_company_not_in_the_register_is_none(service):
    assert company_lookup("37132497") is None


def test_company_search_sends_the_query_and_limit(service):
    service.routes["/api/v1/virksomheder"] = (200, [LIND, NORD])

    hits = company_search("Lind & Co / Ø", limit=5)

    assert [company.cvr for company in hits] == ["38025694", "37042374"]
    query = parse_qs(urlsplit(service.requests[0]).query)
    assert query == {"q": ["Lind & Co / Ø"], "limit": ["5"]}


def test_company_search_keeps_to_the_limit_whatever_the_service_sends(service):
    service.routes["/api/v1/virksomheder"] = (200, [LIND, NORD, LIND])

    assert len(company_search("a", limit=2)) == 2


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_error_means_unavailable(service, status):
    service.routes["/api/v1/personer/1203781234"] = (status, {"fejl": "nede"})

    with pytest.raises(RegisterUnavailable):
        person_lookup("1203781234")


@pytest.mark.parametrize(
    "body",
    [
        b"<html>vedligeholdelse</html>",
        ["not", "an", "object"],
        {"cpr": "1203781234", "name": "", "address": "", "postcode": "", "city": ""},
        {"cpr": "1203781234", "name": {"first": "Mette"}, "address": "", "postcode": "", "city": ""},
        {**METTE, "cpr": "0507651237"},
    ],
    ids=["not-json", "not-an-object", "no-name", "odd-name", "another-person"],
)
def test_unusable_answer_means_unavailable(service, body):
    service.routes["/api/v1/personer/1203781234"] = (200, body)

    with pytest.raises(RegisterUnavailable):
        person_lookup("1203781234")


def test_search_answer_that_is_not_a_list_means_unavailable(service):
    service.routes["/api/v1/virksomheder"] = (200, {"results": [NORD]})

    with pytest.raises(RegisterUnavailable):
        company_search("nord")


def test_slow_register_times_out_as_unavailable(service, settings):
    settings.REGISTER_TIMEOUT_SECONDS = 0.2
    service.delay = 1.0
    service.routes["/api/v1/virksomheder/37042374"] = (200, NORD)

    started = time.monotonic()
    with pytest.raises(RegisterUnavailable):
        company_lookup("37042374")
    assert time.monotonic() - started < 1.0


def test_register_that_does_not_listen_is_unavailable(settings):
    probe = socket.create_server(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    settings.REGISTER_BACKEND = "http"
    settings.REGISTER_HTTP_URL = f"http://127.0.0.1:{port}"

    with pytest.raises(RegisterUnavailable) as failure:
        person_lookup("1203781234")

    assert "1203781234" not in str(failure.value)
    assert failure.value.__cause__ is None and failure.value.__suppress_context__


def test_missing_url_is_unavailable(settings):
    settings.REGISTER_BACKEND = "http"
    settings.REGISTER_HTTP_URL = ""

    with pytest.raises(RegisterUnavailable):
        company_lookup("37042374")
