"""Every request has an id: in its X-Request-ID header and in every log line written while it is answered."""

import logging
import re

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from klageportal.core.logging import REQUEST_ID, RequestIdFilter
from klageportal.core.middleware import RequestIdMiddleware

PROXY = "10.0.0.5"
GENERATED = re.compile(r"[0-9a-f]{32}")


class Recorder(logging.Handler):
    """Keeps the records of one logger, through the filter the console handler has."""

    def __init__(self):
        super().__init__()
        self.addFilter(RequestIdFilter())
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def recorder():
    handler = Recorder()
    loggers = [logging.getLogger("tests.request_id"), logging.getLogger("django.request")]
    for logger in loggers:
        logger.addHandler(handler)
    yield handler
    for logger in loggers:
        logger.removeHandler(handler)


def test_each_request_gets_a_new_id_in_its_response_header(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert GENERATED.fullmatch(first["X-Request-ID"])
    assert GENERATED.fullmatch(second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_an_incoming_id_is_ignored_without_trusted_proxies(client, settings):
    settings.TRUSTED_PROXIES = []
    response = client.get("/healthz", HTTP_X_REQUEST_ID="from-the-client-1", REMOTE_ADDR=PROXY)
    assert GENERATED.fullmatch(response["X-Request-ID"])


def test_an_incoming_id_from_a_trusted_proxy_is_kept(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-4f2a.9c:1", REMOTE_ADDR=PROXY)
    assert response["X-Request-ID"] == "lb-4f2a.9c:1"


def test_an_incoming_id_from_anyone_else_is_ignored(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    response = client.get(
        "/healthz", HTTP_X_REQUEST_ID="claimed-id", HTTP_X_FORWARDED_FOR=PROXY, REMOTE_ADDR="192.0.2.7"
    )
    assert GENERATED.fullmatch(response["X-Request-ID"])


@pytest.mark.parametrize(
    "unsafe",
    [
        "two words",
        "<script>",
        "id;drop",
        "x" * 129,
        "-starts-with-a-dash",
        "case-0101901234",  # a CPR-like number never reaches the logs
        "case-010190-1234",
        "æøå",
    ],
)
def test_an_unsafe_id_from_a_trusted_proxy_is_replaced(client, settings, unsafe):
    settings.TRUSTED_PROXIES = [PROXY]
    response = client.get("/healthz", HTTP_X_REQUEST_ID=unsafe, REMOTE_ADDR=PROXY)
    assert GENERATED.fullmatch(response["X-Request-ID"])


def test_log_records_written_while_answering_carry_the_id_and_none_after(recorder):
    def view(request):
        logging.getLogger("tests.request_id").warning("answering")
        return HttpResponse("ok")

    response = RequestIdMiddleware(view)(RequestFactory().get("/"))
    [record] = recorder.records
    assert record.request_id == response["X-Request-ID"]
    assert REQUEST_ID.get() is None
    logging.getLogger("tests.request_id").warning("between requests")
    assert recorder.records[-1].request_id is None


def test_the_id_is_kept_on_the_request(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    seen = []
    request = RequestFactory().get("/", HTTP_X_REQUEST_ID="abc123", REMOTE_ADDR=PROXY)
    RequestIdMiddleware(lambda r: seen.append(r.request_id) or HttpResponse())(request)
    assert seen == ["abc123"]


def test_a_refusal_is_logged_once_with_the_id(client, settings, recorder):
    """Django logs a 4xx answered without an exception after the middleware returned; here it is logged inside."""
    settings.REQUEST_MAX_BODY_BYTES = 10
    response = client.generic("POST", "/healthz", b"x" * 100, content_type="application/octet-stream")
    assert response.status_code == 413
    [record] = [record for record in recorder.records if record.name == "django.request"]
    assert record.getMessage() == "Request Entity Too Large: /healthz"
    assert record.request_id == response["X-Request-ID"]


def test_an_error_answered_by_a_view_is_logged_with_the_id(recorder):
    response = RequestIdMiddleware(lambda request: HttpResponse(status=503))(RequestFactory().get("/readyz"))
    [record] = recorder.records
    assert record.levelname == "ERROR"
    assert record.request_id == response["X-Request-ID"]


@pytest.mark.django_db
def test_a_refused_payment_link_is_logged_without_its_token(client, recorder):
    response = client.get("/betal/hemmelig-token-123/")

    assert response.status_code == 404
    lines = [record.getMessage() for record in recorder.records if record.name == "django.request"]
    assert lines == ["Not Found: /betal/.../"]


def test_a_text_log_line_ends_with_the_request_id_it_was_written_in():
    from klageportal.core.logging import MaskCprFormatter

    formatter = MaskCprFormatter("%(levelname)s %(name)s %(message)s")
    record = logging.LogRecord("tests.request_id", logging.INFO, __file__, 1, "borger 010203-1234", None, None)
    token = REQUEST_ID.set("abc123")
    try:
        inside = formatter.format(record)
    finally:
        REQUEST_ID.reset(token)
    outside = formatter.format(record)

    assert inside == "INFO tests.request_id borger 010203-xxxx request_id=abc123"
    assert outside == "INFO tests.request_id borger 010203-xxxx"
