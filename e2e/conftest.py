"""Browser tests: Chromium (Playwright) against a live server, every page checked with axe-core.

The OIDC client calls the token and JWKS endpoints of the same server over HTTP while it handles
the callback, so the live server (pytest-django's, threaded) must answer concurrent requests. With
SQLite the test database is therefore a file under var/ (an in-memory database is one connection
shared by every server thread); with DATABASE_URL pointing at PostgreSQL it is the usual test_<name>.
"""

import os
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started

from e2e.browser import PortalPage

CHROMIUM = os.environ.get("KP_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS = Path(django_settings.VAR_DIR) / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def _portal_settings(settings, tmp_path):
    # The live server serves /static/ from the finders; the manifest storage would ask for hashed names
    # that only exist after collectstatic, so the e2e run uses plain names, like the unit tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    # The identity provider stores its client secret hashed; the default hasher's slowness buys nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class _InFlight:
    """Requests the live server is answering. A page's script may still post (an autosave as the page closes, a
    keep-alive) when a test ends; the database is flushed after the test, and a request holding a lock then
    deadlocks the flush on PostgreSQL. The portal fixture waits for none to be in flight before it ends."""

    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    def started(self, **_kwargs):
        with self.lock:
            self.count += 1

    def finished(self, **_kwargs):
        with self.lock:
            self.count -= 1

    def wait_until_idle(self, *, grace: float = 0.3, timeout: float = 15.0) -> None:
        time.sleep(grace)  # a request sent as the browser closed may not have reached the server yet
        deadline = time.monotonic() + timeout
        while self.count > 0 and time.monotonic() < deadline:
            time.sleep(0.05)


IN_FLIGHT = _InFlight()
request_started.connect(IN_FLIGHT.started, dispatch_uid="e2e-in-flight-started")
request_finished.connect(IN_FLIGHT.finished, dispatch_uid="e2e-in-flight-finished")


@pytest.fixture(autouse=True)
def portal(live_server, _portal_settings, settings):
    """The live server with the catalogue and the development login's client (the database is flushed
    between tests, so they are loaded for each one)."""
    from django.core.cache import cache

    from klageportal.catalog.services import catalog_load_defaults
    from klageportal.identity.devidp.services import client_ensure

    cache.clear()  # rate-limit counters start from nothing in each test
    # Gateway return and notification addresses, and e-mail links, are built from the configured base address.
    settings.PORTAL_BASE_URL = live_server.url
    catalog_load_defaults()
    client_ensure()
    yield live_server
    IN_FLIGHT.wait_until_idle()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, portal):
    """A fresh browser context (no cookies) per test, wrapped so that every page it lands on is checked."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    context.set_default_timeout(15_000)
    raw = context.new_page()
    visitor = PortalPage(raw, base_url=portal.url, screenshots=SCREENSHOTS)
    yield visitor
    try:
        visitor.assert_every_page_checked()
    finally:
        context.close()


@pytest.fixture
def visitor(browser, portal):
    """Open another browser (its own cookies): a complainant who answers, a visitor without JavaScript
    (java_script_enabled=False), a phone (viewport=..., page_class=a PortalPage that measures more)."""
    opened = []

    def open_visitor(*, page_class=PortalPage, viewport=None, **options) -> PortalPage:
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, locale="da-DK", **options)
        context.set_default_timeout(15_000)
        other = page_class(
            context.new_page(),
            base_url=portal.url,
            screenshots=SCREENSHOTS,
            javascript=options.get("java_script_enabled", True),
        )
        opened.append((context, other))
        return other

    yield open_visitor
    try:
        for _context, other in opened:
            other.assert_every_page_checked()
    finally:
        for context, _other in opened:
            context.close()
