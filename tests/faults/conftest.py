"""Fault tests: real services stopped, killed or refusing while the portal works.

Selected with `-m faults` and run only when KP_TEST_FAULTS=1 (.ci/run sets it); with it set, a component that is
missing (redis-server, the celery command) fails the test instead of skipping it.

Every service is private to the test: a redis-server on a free port in a temporary directory (never the shared
one on 6379), Celery worker processes started with the `celery` command, and a small SMTP server written here
that accepts, refuses or hangs. The worker processes reach the test database: on PostgreSQL the test database
itself, on SQLite a file (set below) instead of the usual in-memory database.
"""

from __future__ import annotations

import os
import shutil
import signal
import socketserver
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.conf import settings as django_settings
from django.db import connection

from tests.processes import free_port, wait_until

FAULTS_ENV = "KP_TEST_FAULTS"
WAIT_SECONDS = 60
"""The longest any test waits for something to happen before it fails; never a fixed sleep."""
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def pytest_collection_modifyitems(config, items):
    """Skip `faults` tests unless KP_TEST_FAULTS=1."""
    if os.environ.get(FAULTS_ENV) == "1":
        return
    skip = pytest.mark.skip(reason=f"starts and kills real services: set {FAULTS_ENV}=1")
    for item in items:
        if "faults" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """Worker processes must reach the test database: on SQLite it is a file, not memory."""
    database = django_settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("faults-db") / "test.sqlite3")


def database_url() -> str:
    """The test database as DATABASE_URL, for a worker process."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        name = str(db["NAME"])
        if "memory" in name or not name.startswith("/"):
            pytest.fail(f"the test database {name!r} is in memory: run tests/faults on their own (see conftest.py)")
        return f"sqlite:///{name}"
    if db["ENGINE"] == "django.db.backends.postgresql":
        auth = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            auth += ":" + quote(db["PASSWORD"], safe="")
        return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{quote(db['NAME'], safe='')}"
    pytest.fail(f"no DATABASE_URL for {db['ENGINE']}")


# --- A private Redis ----------------------------------------------------------------------------------------


class RedisServer:
    """redis-server on a free port in a temporary directory, without persistence; stopped and started at will."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_connect_timeout=2, socket_timeout=5)

    def answers(self) -> bool:
        try:
            return bool(self.client().ping())
        except redis.RedisError:
            return False

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is not installed (the faults tests need it: apt-get install redis-server)")
        self.process = subprocess.Popen(  # noqa: S603
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.directory)]
            + ["--save", "", "--appendonly", "no", "--logfile", str(self.directory / "redis.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.answers, f"the private redis-server on port {self.port} to answer")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=WAIT_SECONDS)
        self.process = None


@pytest.fixture
def redis_server(tmp_path) -> Iterator[RedisServer]:
    directory = tmp_path / "redis"
    directory.mkdir()
    server = RedisServer(directory)
    server.start()
    yield server
    server.stop()


# --- An SMTP server that accepts, refuses or hangs ------------------------------------------------------------


class SmtpServer(socketserver.ThreadingTCPServer):
    """Just enough SMTP for Django's backend. `mode`: "accept" keeps each message and replies 250; "refuse" answers
    the greeting with `refuse_code` (421: try later, 554: no service) and hangs up; "hang" reads the message and
    never replies to it, until the client goes away (the message is then not delivered, as SMTP has it)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), SmtpHandler)
        self.port = self.server_address[1]
        self.mode = "accept"
        self.refuse_code = 421
        self.refused = 0
        self.messages: list[bytes] = []
        self.hanging = threading.Event()
        self.lock = threading.Lock()

    def recipients(self) -> list[str]:
        with self.lock:
            return [line.split(b":", 1)[1].strip().decode() for m in self.messages for line in m.split(b"\r\n")[:1]]


class SmtpHandler(socketserver.StreamRequestHandler):
    server: SmtpServer

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        server = self.server
        if server.mode == "refuse":
            with server.lock:
                server.refused += 1
            self.reply(f"{server.refuse_code} test.example Service not available, closing transmission channel")
            return
        self.reply("220 test.example ESMTP")
        recipients: list[bytes] = []
        while line := self.rfile.readline():
            command = line.strip().upper()
            if command.startswith(b"EHLO"):
                self.reply("250-test.example\r\n250 8BITMIME")
            elif command.startswith((b"HELO", b"MAIL", b"RSET", b"NOOP")):
                self.reply("250 OK")
            elif command.startswith(b"RCPT"):
                recipients.append(line.strip().split(b":", 1)[1].strip(b" <>"))
                self.reply("250 OK")
            elif command == b"DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                body = b"".join(iter(self.rfile.readline, b".\r\n"))
                if server.mode == "hang":
                    server.hanging.set()
                    while self.rfile.read(1):  # until the client goes away
                        pass
                    return
                with server.lock:
                    server.messages.append(b"To: " + b", ".join(recipients) + b"\r\n" + body)
                recipients = []
                self.reply("250 OK queued")
            elif command == b"QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("500 Command not recognised")


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def smtp_settings(settings, smtp_server):
    """E-mails sent by this process go to the test's SMTP server."""
    settings.EMAIL_BACKEND = SMTP_BACKEND
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    return settings


# --- Celery worker processes and the broker this process publishes to --------------------------------------


VISIBILITY_TIMEOUT_SECONDS = 2
"""Short, so that a task whose whole worker was killed is handed to the next worker within seconds."""


class Worker:
    """One `celery -A klageportal worker` process (prefork, one child) in its own process group."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        celery = Path(sys.executable).with_name("celery")
        if not celery.exists():
            pytest.fail(f"the celery command is missing: {celery}")
        self.log = log
        with log.open("ab") as out:
            self.process = subprocess.Popen(  # noqa: S603
                [str(celery), "-A", "klageportal", "worker", "--pool=prefork", "--concurrency=1"]
                + ["--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"]
                + [f"--hostname=faults-{uuid.uuid4().hex[:8]}@%h"],
                env=env,
                cwd=django_settings.BASE_DIR,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def children(self) -> list[int]:
        """The pool's processes (the ones that run the tasks)."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def kill(self) -> None:
        """SIGKILL the whole worker: no chance to hand anything back."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=WAIT_SECONDS)

    def stop(self) -> None:
        """Cold shutdown (SIGQUIT): the test is over, nothing the worker still holds matters."""
        if self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGQUIT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()


@contextmanager
def publishing_to(url: str, settings) -> Iterator[None]:
    """This process hands tasks to the broker at `url` instead of running them in-process."""
    from klageportal.celery import app

    keys = ("broker_url", "task_always_eager", "result_backend", "broker_transport_options")
    saved = {key: app.conf.get(key) for key in keys}
    options = {**saved["broker_transport_options"], "visibility_timeout": VISIBILITY_TIMEOUT_SECONDS}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(broker_url=url, task_always_eager=False, result_backend=None, broker_transport_options=options)
    _forget_connections(app)
    try:
        yield
    finally:
        app.conf.update(saved)
        _forget_connections(app)


@pytest.fixture
def broker(redis_server, settings) -> Iterator[RedisServer]:
    """Tasks go to the private Redis."""
    with publishing_to(redis_server.url, settings):
        yield redis_server


def _forget_connections(app) -> None:
    """The producer pool holds connections to the broker of the moment: drop them when the broker changes."""
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def start_worker(redis_server, smtp_server, tmp_path) -> Iterator[Callable[..., Worker]]:
    """Start worker processes on the private Redis, sending e-mail to the test's SMTP server; all are stopped
    after the test. Extra environment (KP_OUTBOX_BACKOFF_SECONDS, …) as keyword arguments."""
    workers: list[Worker] = []
    media = tmp_path / "worker-media"
    media.mkdir()

    def start(**extra: str) -> Worker:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "klageportal.settings",
            "DATABASE_URL": database_url(),
            "KP_CELERY_BROKER_URL": redis_server.url,
            "KP_CELERY_VISIBILITY_TIMEOUT_SECONDS": str(VISIBILITY_TIMEOUT_SECONDS),
            "KP_EMAIL_BACKEND": SMTP_BACKEND,
            "KP_EMAIL_HOST": "127.0.0.1",
            "KP_EMAIL_PORT": str(smtp_server.port),
            "KP_EMAIL_USE_TLS": "0",
            "KP_EMAIL_TIMEOUT_SECONDS": str(WAIT_SECONDS),
            "KP_MEDIA_ROOT": str(media),
            "KP_LOG_FORMAT": "json",
            **extra,
        }
        worker = Worker(env, tmp_path / "worker.log")
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()
    connection.close()


@pytest.fixture
def worker_log(tmp_path) -> Callable[[], str]:
    """What the workers wrote, to show when a test fails."""
    return lambda: (tmp_path / "worker.log").read_text(errors="replace") if (tmp_path / "worker.log").exists() else ""
