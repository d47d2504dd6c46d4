"""`manage.py check --deploy` with the settings of a production deployment reports nothing."""

import secrets
import subprocess
import sys
from pathlib import Path

from tests.processes import portal_environment

BASE_DIR = Path(__file__).resolve().parents[2]


def production_environment(var_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a production server behind a TLS proxy, with nothing of this test run in it."""
    environment = portal_environment(
        KP_ENVIRONMENT="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="klageportal.example",
        KP_BASE_URL="https://klageportal.example",
        KP_TRUSTED_PROXIES="10.0.0.5",
        KP_CACHE_URL="redis://127.0.0.1:6379/1",
        KP_VAR_DIR=str(var_dir),
    )
    return environment | extra


def check_deploy(environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_production_deployment_passes_the_deploy_checks_without_a_warning(tmp_path):
    result = check_deploy(production_environment(tmp_path))

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "ERRORS" not in output
    assert "System check identified no issues" in output


def test_the_deploy_checks_still_speak_when_production_is_configured_weakly(tmp_path):
    environment = production_environment(tmp_path, KP_HSTS_INCLUDE_SUBDOMAINS="false")
    del environment["KP_CACHE_URL"]

    result = check_deploy(environment)

    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "security.W005" in output  # HSTS without the host's subdomains
    assert "klageportal.W001" in output  # several processes without a shared cache
    assert "oauth2_provider" not in output
