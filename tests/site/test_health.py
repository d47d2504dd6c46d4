"""/healthz answers for the process alone; /readyz asks the database, cache, broker, storage and scanner."""

import logging
import os
import socket
import threading
import time

import pytest
from django.db import OperationalError

from klageportal.core.logging import RequestIdFilter
from klageportal.site import health

SECRET = "s3cr3t-password"
CHECK_NAMES = ["database", "cache", "broker", "storage", "scanner"]


def _closed_port() -> int:
    """A local TCP port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FakeClamd:
    """A daemon on a local port that answers each connection with `reply` (clamd answers PING with PONG)."""

    def __init__(self, reply: bytes):
        self.reply = reply
        self.received: list[bytes] = []
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen()
        self.address = f"127.0.0.1:{self.server.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                self.received.append(conn.recv(64))
                conn.sendall(self.reply)

    def close(self) -> None:
        self.server.close()


class Recorder(logging.Handler):
    def __init__(self):
        super().__init__()
        self.addFilter(RequestIdFilter())
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def health_log():
    recorder = Recorder()
    logger = logging.getLogger("klageportal.site.health")
    logger.addHandler(recorder)
    yield recorder
    logger.removeHandler(recorder)


def _failing(exc: Exception):
    def check():
        raise exc

    return check


def test_healthz_answers_ok_without_asking_any_dependency(client, monkeypatch):
    """No database access here (no `db` mark: pytest-django would refuse it), and every check would fail."""
    for name in CHECK_NAMES:
        monkeypatch.setitem(health.CHECKS, name, _failing(AssertionError(name)))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


@pytest.mark.django_db
def test_readyz_answers_200_with_each_check_its_status_and_time(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert list(body["checks"]) == CHECK_NAMES
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "cache": "ok",
        "broker": "in-process",
        "storage": "ok",
        "scanner": "ok",
    }
    assert all(isinstance(check["ms"], float | int) and check["ms"] >= 0 for check in body["checks"].values())
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    assert client.head("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_needs_no_login_and_takes_only_get(client):
    assert client.get("/readyz").status_code == 200
    assert client.post("/readyz").status_code == 405
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_probes_over_plain_http_are_answered_where_pages_are_sent_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_leaves_no_probe_in_the_cache_or_the_storage(client, settings):
    from django.core.cache import cache

    assert client.get("/readyz").status_code == 200
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(media.iterdir())
    assert not [key for key in cache._cache if "readyz" in key]  # type: ignore[attr-defined]


def _assert_failed(response, name: str, status: str = "failed") -> None:
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failed"
    assert body["failed"] == [name]
    assert body["checks"][name]["status"] == status
    others = {other: check["status"] for other, check in body["checks"].items() if other != name}
    assert set(others.values()) <= {"ok", "in-process"}
    assert SECRET not in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


class BrokenConnections:
    """The database cannot be reached; the driver's message names the address, password included."""

    def __getitem__(self, alias):
        raise OperationalError(f'connection to "postgres://kp:{SECRET}@db:5432/kp" failed')

    def close_all(self):
        pass


@pytest.mark.django_db
def test_readyz_names_the_database_when_it_cannot_be_reached(client, monkeypatch, health_log):
    monkeypatch.setattr(health, "connections", BrokenConnections())
    response = client.get("/readyz")
    _assert_failed(response, "database")
    [record] = health_log.records
    assert record.getMessage() == "Readiness check database failed: OperationalError"
    assert record.request_id == response["X-Request-ID"]


class BrokenCache:
    def set(self, *args, **kwargs):
        raise ConnectionError(f"Error connecting to redis://:{SECRET}@cache:6379/1")

    def delete(self, key):
        pass


class ForgetfulCache:
    """Takes a key and has lost it when asked."""

    def set(self, *args, **kwargs):
        pass

    def get(self, key):
        return None

    def delete(self, key):
        pass


@pytest.mark.django_db
@pytest.mark.parametrize("broken", [BrokenCache, ForgetfulCache])
def test_readyz_names_the_cache_when_it_fails_or_loses_what_it_was_given(client, monkeypatch, broken):
    monkeypatch.setattr(health, "cache", broken())
    _assert_failed(client.get("/readyz"), "cache")


@pytest.mark.django_db
def test_readyz_names_the_storage_when_files_cannot_be_written(client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker / "media"
    _assert_failed(client.get("/readyz"), "storage")


@pytest.mark.django_db
def test_readyz_names_the_storage_when_a_file_reads_back_wrong(client, monkeypatch):
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage

    monkeypatch.setattr(FileSystemStorage, "open", lambda self, name, mode="rb": ContentFile(b"something else"))
    _assert_failed(client.get("/readyz"), "storage")


@pytest.mark.django_db
def test_readyz_asks_clamd_for_ping(client, settings):
    clamd = FakeClamd(b"PONG\0")
    settings.DOCUMENT_SCANNER = "clamd"
    settings.CLAMD_ADDRESS = clamd.address
    try:
        response = client.get("/readyz")
    finally:
        clamd.close()
    assert response.status_code == 200
    assert response.json()["checks"]["scanner"]["status"] == "ok"
    assert clamd.received == [b"zPING\0"]


@pytest.mark.django_db
def test_readyz_names_the_scanner_when_clamd_is_not_there(client, settings):
    settings.DOCUMENT_SCANNER = "clamd"
    settings.CLAMD_ADDRESS = f"127.0.0.1:{_closed_port()}"
    _assert_failed(client.get("/readyz"), "scanner")


@pytest.mark.django_db
def test_readyz_names_the_scanner_when_its_socket_file_is_missing(client, settings, tmp_path):
    settings.DOCUMENT_SCANNER = "clamd"
    settings.CLAMD_ADDRESS = str(tmp_path / "clamd.sock")
    _assert_failed(client.get("/readyz"), "scanner")


@pytest.mark.django_db
def test_readyz_names_the_scanner_when_clamd_answers_something_else(client, settings):
    clamd = FakeClamd(b"UNKNOWN COMMAND\0")
    settings.DOCUMENT_SCANNER = "clamd"
    settings.CLAMD_ADDRESS = clamd.address
    try:
        _assert_failed(client.get("/readyz"), "scanner")
    finally:
        clamd.close()


@pytest.mark.django_db
def test_readyz_names_a_configured_broker_that_cannot_be_reached_without_its_password(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = f"redis://:{SECRET}@127.0.0.1:{_closed_port()}/0"
    _assert_failed(client.get("/readyz"), "broker")


@pytest.mark.django_db
def test_readyz_does_not_wait_longer_than_its_timeout_for_a_check_that_hangs(client, settings, monkeypatch):
    settings.HEALTH_CHECK_TIMEOUT_SECONDS = 0.3
    release = threading.Event()

    def hangs():
        release.wait(10)
        return "ok"

    monkeypatch.setitem(health.CHECKS, "cache", hangs)
    started = time.monotonic()
    try:
        response = client.get("/readyz")
    finally:
        release.set()
    assert time.monotonic() - started < 2
    _assert_failed(response, "cache", status="timeout")


@pytest.mark.celery_redis
@pytest.mark.django_db
def test_readyz_reaches_a_real_redis_as_broker_and_cache(client, settings):
    """With KP_TEST_REDIS_URL (see conftest.py): the broker and the cache answer for real."""
    url = os.environ["KP_TEST_REDIS_URL"]
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = url
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    checks = response.json()["checks"]
    assert (checks["broker"]["status"], checks["cache"]["status"]) == ("ok", "ok")
