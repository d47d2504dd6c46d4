"""The development identity provider and the e-mail catcher are never available in production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from tests.identity.conftest import AUTHORIZE_QUERY

PROJECT_DIR = Path(django_settings.BASE_DIR)

PROVIDER_PAGES = ["/devidp/login/", "/devidp/done/", "/devidp/logout/", f"/devidp/o/authorize/?{AUTHORIZE_QUERY}"]


@pytest.mark.parametrize("path", PROVIDER_PAGES)
def test_provider_pages_answer_when_enabled(client, devidp, path):
    response = client.get(path)

    assert response.status_code in {200, 302}


@pytest.mark.parametrize("path", PROVIDER_PAGES)
def test_provider_pages_are_not_found_when_disabled(client, devidp, settings, path):
    settings.DEVIDP_ENABLED = False

    response = client.get(path)

    assert response.status_code == 404


def test_provider_login_does_not_accept_an_identity_when_disabled(client, db, settings):
    settings.DEVIDP_ENABLED = False

    response = client.post("/devidp/login/", {"identity": "kirsten"})

    assert response.status_code == 404
    assert "kp_devidp" not in response.cookies


def test_mail_catcher_answers_when_dev_tools_are_on(client, db):
    assert client.get("/dev/mail/").status_code == 200


@pytest.mark.parametrize("path", ["/dev/mail/", "/dev/mail/1/"])
def test_mail_catcher_is_not_found_when_dev_tools_are_off(client, db, settings, path):
    settings.DEV_TOOLS = False

    assert client.get(path).status_code == 404


def run_with_environment(tmp_path, code: str, **environment) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("KP_", "DJANGO_")) and key != "DATABASE_URL"
    }
    env.update({"KP_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "klageportal.settings", **environment})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_settings_refuse_dev_tools_in_production(tmp_path):
    result = run_with_environment(
        tmp_path,
        "import klageportal.settings",
        KP_ENVIRONMENT="production",
        KP_DEV_TOOLS="1",
        DJANGO_SECRET_KEY="a-production-secret",
    )

    assert result.returncode != 0
    assert "RuntimeError: KP_DEV_TOOLS cannot be enabled when KP_ENVIRONMENT=production" in result.stderr


def test_production_serves_neither_provider_nor_mail_catcher(tmp_path):
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.urls import Resolver404, resolve\n"
        "print(settings.DEV_TOOLS, settings.DEVIDP_ENABLED)\n"
        "for path in ('/devidp/login/', '/devidp/o/token/', '/devidp/o/.well-known/jwks.json', '/dev/mail/'):\n"
        "    try:\n"
        "        resolve(path)\n"
        "        print('served', path)\n"
        "    except Resolver404:\n"
        "        print('absent', path)\n"
    )
    result = run_with_environment(tmp_path, code, KP_ENVIRONMENT="production", DJANGO_SECRET_KEY="a-production-secret")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n") == [
        "False False",
        "absent /devidp/login/",
        "absent /devidp/o/token/",
        "absent /devidp/o/.well-known/jwks.json",
        "absent /dev/mail/",
        "",
    ]
    assert not (tmp_path / "devidp-signing-key.pem").exists()


def test_development_serves_provider_and_mail_catcher(tmp_path):
    """The control for the production test: the same check finds the pages in development."""
    code = (
        "import django; django.setup()\n"
        "from django.urls import resolve\n"
        "for path in ('/devidp/login/', '/devidp/o/token/', '/dev/mail/'):\n"
        "    resolve(path)\n"
        "print('ok')\n"
    )
    result = run_with_environment(tmp_path, code, KP_ENVIRONMENT="development")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
