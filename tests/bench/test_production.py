"""The benchmarks' production shape (bench/production.py) and the inbox benchmark's conversation with its measuring
process (bench/inbox.py): what is sent to the servers, and the harness measuring while the process waits."""

import http.server
import json
import os
import threading

import pytest

from bench.inbox import json_from_process
from bench.production import HttpClient


class Recorder(http.server.BaseHTTPRequestHandler):
    """Records each request (method, path, headers, body, its server's port) and answers as the inbox does: a POST
    with a redirect to the search's address, a GET with a page; every second answer closes the connection."""

    protocol_version = "HTTP/1.1"
    seen: list[dict] = []

    def _answer(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            self.send_header(name, value)
        if len(self.seen) % 2 == 0:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.seen.append({"method": "GET", "path": self.path, "headers": dict(self.headers), "port": self.server.port})
        self._answer(200, {"Content-Type": "text/html"}, b"<p>INB-TARGET</p>")

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        self.seen.append(
            {"method": "POST", "path": self.path, "headers": dict(self.headers), "body": body, "port": self.server.port}
        )
        self._answer(302, {"Location": "/myndighed/?soeg=token-1"}, b"")

    def log_message(self, *args):
        pass


class Server:
    def __init__(self):
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
        self.port = self.httpd.server_address[1]
        self.httpd.port = self.port
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def servers():
    Recorder.seen = []
    started = [Server(), Server()]
    yield started
    for server in started:
        server.stop()


def test_the_client_sends_as_a_logged_in_browser_behind_the_proxy_to_the_servers_in_turn(servers):
    login = {"Cookie": "sessionid=abc; csrftoken=tok", "X-CSRFToken": "tok"}
    client = HttpClient(servers, login)

    searched = client.post("/myndighed/?status=indsendt", {"nummer": "0203781234"})
    pages = [client.get("/myndighed/?soeg=token-1") for _ in range(3)]
    client.close()

    assert searched.status_code == 302
    assert searched["Location"] == "/myndighed/?soeg=token-1"
    assert [page.status_code for page in pages] == [200, 200, 200]
    assert all(b"INB-TARGET" in page.content for page in pages)
    ports = [request["port"] for request in Recorder.seen]
    assert ports == [servers[0].port, servers[1].port, servers[0].port, servers[1].port]
    post = Recorder.seen[0]
    assert post["body"] == "nummer=0203781234"
    assert post["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    assert post["headers"]["Origin"] == f"https://127.0.0.1:{servers[0].port}"  # the page's own origin
    for request in Recorder.seen:
        assert request["headers"]["Cookie"] == "sessionid=abc; csrftoken=tok"
        assert request["headers"]["X-CSRFToken"] == "tok"
        assert request["headers"]["X-Forwarded-Proto"] == "https"
    assert all("Origin" not in request["headers"] for request in Recorder.seen[1:])


def test_the_harness_measures_while_the_process_waits(tmp_path):
    phases = []

    def at_pause(phase):
        phases.append(phase)
        (tmp_path / phase).touch()  # the process looks for it only after it has been let go on

    result = json_from_process("tests.bench.pausing_process", [str(tmp_path)], env=dict(os.environ), on_pause=at_pause)

    assert phases == ["1k", "1m"]
    assert result == {"found": ["1k", "1m"]}


def test_a_failed_process_fails_the_benchmark(tmp_path):
    with pytest.raises(RuntimeError, match="exit code 3"):
        json_from_process(
            "tests.bench.pausing_process", [str(tmp_path), "3"], env=dict(os.environ), on_pause=lambda _: None
        )


def test_the_figures_over_http_and_without():
    from bench.inbox import InboxResult, figures

    http = {
        phase: {
            "authority": {"ms": {"a": 20.0 * factor, "b": 30.0}, "baseline_ms": 10.0 * factor},
            "body": {"ms": {"a": 40.0, "b": 40.0 * factor}, "baseline_ms": 20.0},
        }
        for phase, factor in (("1k", 1.0), ("1m", 1.5))
    }
    measured = InboxResult(
        small_ms={"a": 1.0}, large_ms={"a": 1.0}, body_small_ms={"a": 1.0}, body_large_ms={"a": 1.0}, http=http
    )
    lines = dict(figures(measured))
    assert lines["inbox_http_1m_vs_1k"] == pytest.approx(60 / 50)
    assert lines["inbox_http_1m_vs_1k_vs_baseline"] == pytest.approx((60 / 50) / 1.5)
    assert lines["inbox_http_1m_vs_1k_worst"] == pytest.approx(1.5)
    assert (lines["inbox_http_1m_ms"], lines["inbox_http_1k_ms"]) == (pytest.approx(60), pytest.approx(50))
    assert lines["body_inbox_http_1m_vs_1k"] == pytest.approx(100 / 80)
    assert lines["body_inbox_http_1m_vs_1k_vs_baseline"] == pytest.approx(100 / 80)
    assert json.loads(json.dumps(http)) == http  # as the harness keeps it

    on_sqlite = dict(
        figures(
            InboxResult(small_ms={"a": 1.0}, large_ms={"a": 1.0}, body_small_ms={"a": 1.0}, body_large_ms={"a": 1.0})
        )
    )
    assert on_sqlite["inbox_http_1m_vs_1k"] == "unavailable"
    assert on_sqlite["body_inbox_http_1m_vs_1k"] == "unavailable"
    assert "inbox_http_1m_ms" not in on_sqlite
