"""The production shape for the benchmarks: gunicorn servers with production settings, and sessions they accept.

Used by the mixed load (bench/mixed.py) and by the inbox benchmark's pages over HTTP (bench/inbox.py):

- `production_env(database_url, …)`: the servers' environment: KP_ENVIRONMENT=production, a random secret key,
  127.0.0.1 the trusted TLS proxy (every request carries `X-Forwarded-Proto: https`, `PROXY`), Redis db 12 of
  127.0.0.1:6379 (KP_BENCH_REDIS_URL; that database alone is flushed) as the shared cache and session cache,
  the access log on, KP_BENCH_VIEWS=1;
- `servers_running(env, …)`: that many servers (`python -m gunicorn -c gunicorn.conf.py`, gthread) on free
  loopback ports, each in a session of its own, stopped when the block ends (and by the harness's cleanup);
- `sessions_minted(env, usernames)`: for existing users, the headers of a browser logged in as each (a session
  as the OIDC login makes it, a CSRF cookie and its header), minted by `python -m bench.production sessions`, a
  process with the servers' settings and secret key;
- `HttpClient`: a logged-in browser behind the proxy, sending its requests to the servers in turn, with the
  answers in the shape of `django.test.Client`'s (`status_code`, `content`, `response["Location"]`), so that a
  benchmark's in-process requests can be sent over HTTP unchanged.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

REPO_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
REDIS_URL = os.environ.get("KP_BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
PROXY = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
"""What the TLS-terminating proxy sends along (KP_TRUSTED_PROXIES=127.0.0.1)."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def redis_cache(url: str) -> str:
    """The cache address after flushing its database, or "" when Redis does not answer (each process then has
    its own cache: sessions are read from the database)."""
    try:
        import redis

        client = redis.Redis.from_url(url, socket_timeout=3)
        client.flushdb()
        client.close()
        return url
    except Exception as exc:  # no Redis: say so and go on
        log(f"  Redis at {url} is not available ({type(exc).__name__}: {exc}); no shared cache")
        return ""


def production_env(
    database_url: str, *, cache_url: str, workers: int = 1, threads: int = 8, max_requests: str = "1000"
) -> dict[str, str]:
    """The environment of the production servers (and of the process minting their sessions)."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "KP_ENVIRONMENT": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
        "KP_BASE_URL": "https://klageportal.example",
        "KP_TRUSTED_PROXIES": HOST,
        "KP_CACHE_URL": cache_url,
        "KP_WEB_WORKERS": str(workers),
        "KP_WEB_THREADS": str(threads),
        "KP_WEB_MAX_REQUESTS": max_requests,
        "KP_WEB_ACCESS_LOG": "-",
    }


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def tree_cpu(pid: int) -> float:
    """CPU seconds of a gunicorn master, its live workers and the workers it has reaped (restarted)."""
    ticks = os.sysconf("SC_CLK_TCK")
    fields = stat(pid)
    total = sum(int(fields[i]) for i in (11, 12, 13, 14))
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                child = stat(int(entry.name))
                if int(child[1]) == pid:
                    total += sum(int(child[i]) for i in (11, 12))
    return total / ticks


class Gunicorn:
    """One production server: gunicorn.conf.py with the environment given, in a session of its own."""

    def __init__(self, env: dict[str, str], log_path: Path):
        self.port = free_port()
        self.log_path = log_path
        with open(log_path, "ab") as server_log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "klageportal.wsgi"],
                cwd=REPO_DIR,
                env={**env, "KP_BIND": f"{HOST}:{self.port}"},
                stdin=subprocess.DEVNULL,
                stdout=server_log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def get(self, path: str, cookie: str | None = None) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        try:
            connection.request("GET", path, headers={**PROXY, **({"Cookie": cookie} if cookie else {})})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def wait_ready(self, path: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            with contextlib.suppress(OSError, http.client.HTTPException):
                if self.get(path)[0] == 200:
                    return
            time.sleep(0.3)
        tail = "\n".join(self.log_path.read_text(errors="replace").splitlines()[-30:])
        raise RuntimeError(f"gunicorn on port {self.port} did not answer {path}:\n{tail}")

    def cpu_seconds(self) -> float:
        return tree_cpu(self.process.pid)

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 5)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue


@contextlib.contextmanager
def servers_running(
    env: dict[str, str], *, count: int, log_dir: Path, stack: contextlib.ExitStack, ready: str = "/healthz"
) -> Iterator[list[Gunicorn]]:
    """`count` production servers, each answering `ready` with 200 before the block starts; stopped at its end
    (and by the harness's cleanup, should the harness be stopped before)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    servers: list[Gunicorn] = []
    try:
        for index in range(count):
            server = Gunicorn(env, log_dir / f"gunicorn-{index + 1}.log")
            stack.callback(server.stop)
            servers.append(server)
        for server in servers:
            server.wait_ready(ready)
        yield servers
    finally:
        for server in servers:
            server.stop()


def sessions_minted(env: dict[str, str], usernames: list[str]) -> dict[str, dict[str, str]]:
    """Per username, the headers of a browser logged in as that user on servers of this environment."""
    from bench.inbox import json_from_process

    return json_from_process("bench.production", ["sessions", *usernames], env=env)


class Response:
    """An answer over HTTP with what the benchmarks read of django.test.Client's."""

    def __init__(self, status_code: int, headers: dict[str, str], content: bytes):
        self.status_code = status_code
        self.headers = headers
        self.content = content

    def __getitem__(self, name: str) -> str:
        return self.headers[name.lower()]


class HttpClient:
    """A browser logged in with `headers` (from sessions_minted) behind the TLS proxy: its requests go to the
    servers in turn, one keep-alive connection to each (as locust's users and a proxy keeping its upstream
    connections open send them); POSTs carry the CSRF token and the page's own origin, as a browser's do."""

    def __init__(self, servers: list[Gunicorn], headers: dict[str, str] | None = None, *, timeout: float = 60):
        self.servers = servers
        self.headers = {**PROXY, **(headers or {})}
        self.timeout = timeout
        self.connections: dict[int, http.client.HTTPConnection] = {}
        self.turn = 0

    def _connection(self, port: int) -> http.client.HTTPConnection:
        if port not in self.connections:
            self.connections[port] = http.client.HTTPConnection(HOST, port, timeout=self.timeout)
        return self.connections[port]

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None):
        server = self.servers[self.turn % len(self.servers)]
        self.turn += 1
        headers = {**self.headers, **(headers or {})}
        if method == "POST":
            headers["Origin"] = f"https://{HOST}:{server.port}"
        for attempt in (1, 2):
            connection = self._connection(server.port)
            try:
                connection.request(method, path, body=body, headers=headers)
                answer = connection.getresponse()
                content = answer.read()
            except (http.client.RemoteDisconnected, ConnectionError):  # the server closed an idle connection
                connection.close()
                del self.connections[server.port]
                if attempt == 2:
                    raise
                continue
            if answer.will_close:
                connection.close()
                del self.connections[server.port]
            return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, content)
        raise AssertionError("unreachable")

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict[str, str]) -> Response:
        body = urlencode(data).encode()
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def close(self) -> None:
        for connection in self.connections.values():
            connection.close()
        self.connections.clear()


def _sessions(usernames: list[str]) -> dict[str, dict[str, str]]:
    from bench.scenarios import login_headers
    from klageportal.identity.models import User

    return {name: login_headers(User.objects.get(username=name), csrf=True) for name in usernames}


def main(argv: list[str] | None = None) -> int:
    """`sessions USERNAME…`: Django with the servers' settings (the environment); the headers as JSON on stdout."""
    parser = argparse.ArgumentParser(description="Mint logged-in sessions for the production servers; JSON.")
    parser.add_argument("command", choices=["sessions"])
    parser.add_argument("usernames", nargs="+")
    args = parser.parse_args(argv)
    if str(REPO_DIR) not in sys.path:
        sys.path.insert(0, str(REPO_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klageportal.settings")
    import django

    django.setup()
    print(json.dumps(_sessions(args.usernames)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
