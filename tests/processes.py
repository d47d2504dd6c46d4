"""For tests that start processes of their own (servers, workers, private services): a free port, waiting for a
condition, and an environment for a portal process with nothing of the test run in it."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on (bound and let go again)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition: Callable[[], object], what: str, seconds: float = 60) -> object:
    """Poll until `condition` returns something true, and return it; fail the test, saying what was awaited, if it
    never does within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    pytest.fail(f"waited {seconds} s for {what}")


def portal_environment(**settings: str) -> dict[str, str]:
    """This process's environment without the portal's settings (KP_*, DJANGO_*, DATABASE_URL) and pytest's,
    with `settings` added: a server or command started with it is configured by `settings` alone."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("KP_", "DJANGO_", "DATABASE_URL", "PYTEST"))
    }
    return environment | {"DJANGO_SETTINGS_MODULE": "klageportal.settings"} | settings


ROOT = Path(__file__).resolve().parents[1]


def gunicorn_start(environment: dict[str, str], log: Path) -> subprocess.Popen:
    """The production server (`make serve-prod`: gunicorn.conf.py) in the project's folder, configured by
    `environment` alone, writing everything it logs to `log`."""
    with log.open("w") as log_file:
        return subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "klageportal.wsgi"],
            cwd=ROOT,
            env=environment,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
