"""The production server (gunicorn.conf.py, `make serve-prod`) behind a TLS proxy, with static files by WhiteNoise.

One server for the module: production settings, a fresh SQLite database, `collectstatic` into its own
directory, and 127.0.0.1 as the trusted proxy that terminates TLS.
"""

import http.client
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.processes import free_port, gunicorn_start
from tests.site.test_deploy_check import BASE_DIR, production_environment

HOST = "klageportal.example"
THROUGH_PROXY = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}


@dataclass
class Server:
    port: int
    static_root: Path
    log: Path

    def get(self, path: str, headers: dict[str, str] | None = None) -> http.client.HTTPResponse:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.body = response.read()  # type: ignore[attr-defined]
        connection.close()
        return response

    def manifest(self) -> dict[str, str]:
        return json.loads((self.static_root / "staticfiles.json").read_text())["paths"]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    var_dir = tmp_path_factory.mktemp("production")
    port = free_port()
    environment = production_environment(
        var_dir,
        DJANGO_ALLOWED_HOSTS=HOST,
        KP_TRUSTED_PROXIES="127.0.0.1",
        KP_BIND=f"127.0.0.1:{port}",
        KP_WEB_WORKERS="1",
        KP_WEB_THREADS="4",
    )
    del environment["KP_CACHE_URL"]  # one process: its own cache will do, and no Redis is needed
    manage = [sys.executable, "manage.py"]
    preparing = [
        subprocess.Popen([*manage, *command], cwd=BASE_DIR, env=environment, stdout=subprocess.PIPE, text=True)
        for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"])
    ]
    for process in preparing:
        output, _ = process.communicate(timeout=180)
        assert process.returncode == 0, output

    log = var_dir / "gunicorn.log"
    process = gunicorn_start(environment, log)
    started = Server(port=port, static_root=var_dir / "staticfiles", log=log)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, log.read_text()
            try:
                started.get("/", THROUGH_PROXY)
                break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        yield started
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_start_page_through_the_tls_proxy_is_https_with_hsts(server):
    response = server.get("/", THROUGH_PROXY)

    assert response.status == 200
    assert response.getheader("Server") == "gunicorn"
    assert response.getheader("Strict-Transport-Security") == "max-age=31536000; includeSubDomains"
    assert b"Klageportal" in response.body  # type: ignore[attr-defined]


def test_plain_http_from_the_proxy_is_sent_to_https(server):
    response = server.get("/", {"Host": HOST})

    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/"
    assert response.getheader("Strict-Transport-Security") is None


def test_login_through_the_proxy_sets_secure_cookies_and_gives_https_return_addresses(server):
    response = server.get("/oidc/authenticate/", THROUGH_PROXY)

    assert response.status == 302
    query = parse_qs(urlsplit(response.getheader("Location")).query)
    assert query["redirect_uri"] == [f"https://{HOST}/oidc/callback/"]
    cookies = [value for name, value in response.getheaders() if name.lower() == "set-cookie"]
    assert cookies  # the login's state waits in a cookie for the identity provider's answer
    assert all("; Secure" in cookie and "; HttpOnly" in cookie for cookie in cookies), cookies


def test_static_files_have_hashed_names_and_compressed_variants(server):
    hashed = server.manifest()["css/portal.css"]
    assert hashed != "css/portal.css"
    assert hashed.startswith("css/portal.") and hashed.endswith(".css")
    for variant in (hashed, f"{hashed}.gz", f"{hashed}.br"):
        assert (server.static_root / variant).is_file(), variant

    plain = server.get(f"/static/{hashed}", THROUGH_PROXY)
    brotli = server.get(f"/static/{hashed}", {**THROUGH_PROXY, "Accept-Encoding": "br"})
    gzip = server.get(f"/static/{hashed}", {**THROUGH_PROXY, "Accept-Encoding": "gzip"})

    assert plain.status == brotli.status == gzip.status == 200
    assert plain.getheader("Content-Encoding") is None
    assert plain.body == (server.static_root / hashed).read_bytes()  # type: ignore[attr-defined]
    assert brotli.getheader("Content-Encoding") == "br"
    assert brotli.body == (server.static_root / f"{hashed}.br").read_bytes()  # type: ignore[attr-defined]
    assert gzip.getheader("Content-Encoding") == "gzip"
    assert "immutable" in plain.getheader("Cache-Control")
    assert plain.getheader("Vary") == "Accept-Encoding"


def test_the_access_log_names_no_query_string_and_no_payment_token(server):
    server.get("/?code=secret-code-4711&state=secret-state", THROUGH_PROXY)
    server.get("/betal/secret-token-4711/", THROUGH_PROXY)

    deadline = time.monotonic() + 10  # a request is logged once its answer has gone
    while '"GET /betal/.../ HTTP/1.1"' not in (log := server.log.read_text()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert '"GET /betal/.../ HTTP/1.1"' in log
    assert '"GET / HTTP/1.1" 200' in log
    assert "secret-code" not in log
    assert "secret-state" not in log
    assert "secret-token-4711/ HTTP" not in log
