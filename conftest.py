"""Settings shared by the unit and browser tests, whichever of them a run collects first."""

import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings

# Playwright's sync API runs an event loop in the test's thread; the ORM refuses to run next to one
# unless told that this is on purpose.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# The development identity provider accepts loopback redirect URIs on any port: 127.0.0.1, not localhost.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """A file-based SQLite test database, so that every live-server thread opens its own connection."""
    db = django_settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        db.setdefault("TEST", {})
        # One file per test process, so that runs side by side never share a database.
        db["TEST"]["NAME"] = str(Path(django_settings.VAR_DIR) / f"test-{os.getpid()}.sqlite3")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The identity provider stores its client secret hashed; a slow hasher buys nothing in tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
