"""The embedded default (`manage.py serve` with the development login) holds 50 simultaneous logins.

A real server in a subprocess, a database of its own, and 50 browsers (requests sessions) that go through
the whole OpenID Connect dance at once: the portal, the provider's login page, a test identity, the callback.
"""

import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.processes import free_port

ROOT = Path(__file__).resolve().parents[2]
LOGINS = 50
BOUND_SECONDS = 90
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def _manage(env: dict[str, str], *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs)


@pytest.fixture(scope="module")
def served_portal(tmp_path_factory):
    """`manage.py serve` on a free port, on a fresh SQLite database; yields its base address."""
    var = tmp_path_factory.mktemp("served")
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{var / 'portal.sqlite3'}",
        "KP_MEDIA_ROOT": str(var / "media"),
        "KP_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "KP_LOG_LEVEL": "WARNING",
    }
    env.pop("KP_BASE_URL", None)
    _manage(env, "migrate", "--noinput", "-v0", capture_output=True)
    _manage(env, "setup_portal", "--no-demo", capture_output=True)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(f"{base}/", timeout=2)
                break
            except requests.ConnectionError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(server.stdout.read().decode() if server.stdout else "no output") from None
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def _login(base: str, key: str) -> str:
    """One browser logs in as `key`; return the path of the page it lands on."""
    with requests.Session() as browser:
        page = browser.get(f"{base}/oidc/authenticate/", timeout=BOUND_SECONDS)
        assert page.status_code == 200 and urlsplit(page.url).path == "/devidp/login/", (page.status_code, page.url)
        csrf = CSRF.search(page.content)
        assert csrf
        next_url = parse_qs(urlsplit(page.url).query)["next"][0]
        landing = browser.post(
            f"{base}/devidp/login/",
            data={"csrfmiddlewaretoken": csrf.group(1).decode(), "identity": key, "next": next_url},
            headers={"Referer": page.url},
            timeout=BOUND_SECONDS,
        )
        assert landing.status_code == 200, (landing.status_code, landing.url)
        return urlsplit(landing.url).path


def test_fifty_simultaneous_logins_all_land_on_their_workspace_within_the_bound(served_portal):
    keys = ["mette", "jens", "karen", "ole", "lars"] * (LOGINS // 5)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=LOGINS) as pool:
        landings = list(pool.map(lambda key: _login(served_portal, key), keys))
    elapsed = time.monotonic() - started

    assert landings == ["/mine-klager/"] * LOGINS
    assert elapsed < BOUND_SECONDS, elapsed
