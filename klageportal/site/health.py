"""Health for the load balancer and the orchestrator: /healthz (the process answers) and /readyz (what it needs).

/readyz asks the database, the cache, the broker, the storage of files and the document scanner, each in a
thread of its own, and waits for them together at most HEALTH_CHECK_TIMEOUT_SECONDS. The answer names each
check, its status and its time; never an exception's text (it may hold an address with a password).
"""

import contextvars
import logging
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from klageportal.core.access import EVERYONE, access
from klageportal.documents.scanners import get_scanner

logger = logging.getLogger(__name__)

PROBE = b"ok"


class CheckFailed(Exception):
    """A dependency answered, but not as it should."""


def database_check() -> str:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            row = cursor.fetchone()
    finally:
        connections.close_all()  # the check's own thread: its connection must not outlive it
    if row is None or row[0] != 1:
        raise CheckFailed("database")
    return "ok"


def cache_check() -> str:
    key = f"kp:readyz:{uuid.uuid4().hex}"
    cache.set(key, PROBE, timeout=10)
    try:
        if cache.get(key) != PROBE:
            raise CheckFailed("cache")
    finally:
        cache.delete(key)
    return "ok"


def broker_check() -> str:
    """Without a broker (the embedded default) tasks run in-process: there is nothing to reach."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    from kombu import Connection

    timeout = settings.HEALTH_CHECK_TIMEOUT_SECONDS
    options = {"socket_timeout": timeout, "socket_connect_timeout": timeout, "max_retries": 0}
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=timeout, transport_options=options) as connection:
        connection.ensure_connection(max_retries=0, timeout=timeout)
    return "ok"


def storage_check() -> str:
    """Write, read and delete a tiny file in the storage of documents."""
    name = default_storage.save(f"readyz-{uuid.uuid4().hex}.probe", ContentFile(PROBE))
    try:
        with default_storage.open(name, "rb") as probe:
            if probe.read() != PROBE:
                raise CheckFailed("storage")
    finally:
        default_storage.delete(name)
    return "ok"


def clamd_ping(address: str, timeout: float) -> None:
    """PING the ClamAV daemon ("host:port" or a unix socket path); it answers PONG."""
    sock: socket.socket
    if ":" in address and not address.startswith("/"):
        host, port = address.rsplit(":", 1)
        sock = socket.create_connection((host, int(port)), timeout=timeout)
    else:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(address)
    with sock:
        sock.sendall(b"zPING\0")
        reply = b""
        while not reply.endswith(b"\0") and len(reply) < 64:
            data = sock.recv(64)
            if not data:
                break
            reply += data
    if reply.rstrip(b"\0").strip() != b"PONG":
        raise CheckFailed("scanner")


def scanner_check() -> str:
    """clamd is asked for PING; another scanner (eicar) runs in-process and needs only to load."""
    get_scanner()
    if settings.DOCUMENT_SCANNER == "clamd":
        clamd_ping(settings.CLAMD_ADDRESS, settings.HEALTH_CHECK_TIMEOUT_SECONDS)
    return "ok"


CHECKS: dict[str, Callable[[], str]] = {
    "database": database_check,
    "cache": cache_check,
    "broker": broker_check,
    "storage": storage_check,
    "scanner": scanner_check,
}
"""Each check returns its status ("ok", or "in-process" for the broker) or raises."""


@dataclass
class Outcome:
    status: str = "timeout"
    ms: float = 0.0


def _run(name: str, check: Callable[[], str], outcome: Outcome) -> None:
    started = time.monotonic()
    try:
        outcome.status = check()
    except Exception as exc:  # noqa: BLE001 (any failure means "not ready"; its text is not shown)
        outcome.status = "failed"
        logger.warning("Readiness check %s failed: %s", name, type(exc).__name__)
    finally:
        outcome.ms = round((time.monotonic() - started) * 1000, 1)


def readiness() -> dict[str, Outcome]:
    """Run every check at once; a check still running when the time is up counts as "timeout"."""
    outcomes = {name: Outcome() for name in CHECKS}
    threads = [
        # Each in a copy of the request's context, so that a check's log line carries the request's id.
        threading.Thread(
            target=contextvars.copy_context().run,
            args=(_run, name, check, outcomes[name]),
            name=f"readyz-{name}",
            daemon=True,
        )
        for name, check in CHECKS.items()
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + settings.HEALTH_CHECK_TIMEOUT_SECONDS
    for thread in threads:
        thread.join(max(deadline - time.monotonic(), 0))
    result = {}
    for thread, (name, outcome) in zip(threads, outcomes.items(), strict=True):
        if thread.is_alive():
            logger.warning("Readiness check %s timed out", name)
            result[name] = Outcome("timeout", round(settings.HEALTH_CHECK_TIMEOUT_SECONDS * 1000, 1))
        else:
            result[name] = outcome
    return result


def _json(data: dict[str, object], status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status)
    response["Cache-Control"] = "no-store"
    return response


@access(EVERYONE)
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The process answers; nothing else is asked."""
    return _json({"status": "ok"})


@access(EVERYONE)
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when every dependency answers, else 503 naming those that did not."""
    outcomes = readiness()
    failed = [name for name, outcome in outcomes.items() if outcome.status not in {"ok", "in-process"}]
    checks = {name: {"status": outcome.status, "ms": outcome.ms} for name, outcome in outcomes.items()}
    if failed:
        return _json({"status": "failed", "failed": failed, "checks": checks}, status=503)
    return _json({"status": "ok", "checks": checks})
