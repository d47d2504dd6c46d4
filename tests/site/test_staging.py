"""`KP_ENVIRONMENT=staging` (make prod-local): production's security settings, with the test identities allowed."""

import json
import subprocess
import sys

from tests.site.test_deploy_check import BASE_DIR, check_deploy, production_environment

SETTINGS = (
    "import django, json; django.setup()\n"
    "from django.conf import settings as s\n"
    "from django.urls import resolve\n"
    "from klageportal.payments.gateways import gateway_is_active\n"
    "resolve('/devidp/login/'); resolve('/dev/mail/')\n"
    "print(json.dumps({'production': s.IS_PRODUCTION, 'devidp': s.DEVIDP_ENABLED, 'redirect': s.SECURE_SSL_REDIRECT,"
    " 'hsts': s.SECURE_HSTS_SECONDS, 'subdomains': s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
    " 'cookies': [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE], 'proxy': s.SECURE_PROXY_SSL_HEADER,"
    " 'schemes': s.OAUTH2_PROVIDER['ALLOWED_REDIRECT_URI_SCHEMES'], 'log': s.LOG_FORMAT,"
    " 'test_gateway': gateway_is_active('testgateway')}))\n"
)


def staging_environment(var_dir, **extra: str) -> dict[str, str]:
    return production_environment(var_dir, KP_ENVIRONMENT="staging", KP_DEV_TOOLS="1", **extra)


def python(code: str, environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=120
    )


def test_staging_keeps_productions_security_and_allows_the_test_identities(tmp_path):
    result = python(SETTINGS, staging_environment(tmp_path))

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "production": False,
        "devidp": True,
        "redirect": True,
        "hsts": 31536000,
        "subdomains": True,
        "cookies": [True, True],
        "proxy": ["HTTP_X_FORWARDED_PROTO", "https"],
        "schemes": ["https"],
        "log": "json",
        "test_gateway": True,
    }


def test_staging_passes_the_deploy_checks_without_a_warning(tmp_path):
    result = check_deploy(staging_environment(tmp_path))

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output


def test_staging_needs_a_secret_key_of_its_own(tmp_path):
    environment = staging_environment(tmp_path)
    del environment["DJANGO_SECRET_KEY"]

    result = python("import klageportal.settings", environment)

    assert result.returncode != 0
    assert "RuntimeError: DJANGO_SECRET_KEY must be set in staging" in result.stderr
