"""KP_LOG_FORMAT=json: one JSON object a line, with the request's id, and never a CPR number (X-4)."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from klageportal.core.logging import REQUEST_ID, JsonFormatter, MaskCprFilter, RequestIdFilter

CPR = "0101901234"
CPR_DASHED = "010190-1234"
MASKED = "010190-xxxx"
BASE_DIR = Path(__file__).resolve().parents[2]


def _record(msg: str, *args, exc_info=None, level=logging.WARNING) -> logging.LogRecord:
    return logging.LogRecord("klageportal.test", level, __file__, 1, msg, args, exc_info)


def _line(record: logging.LogRecord) -> str:
    """As the console handler writes it: the filters, then the formatter."""
    MaskCprFilter().filter(record)
    RequestIdFilter().filter(record)
    return JsonFormatter().format(record)


def test_a_record_is_one_json_object_on_one_line_with_its_fields():
    line = _line(_record("Sag %s modtaget\nanden linje", "NH-2026-000001"))
    assert "\n" not in line
    entry = json.loads(line)
    assert set(entry) == {"time", "level", "logger", "message", "request_id"}
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "klageportal.test"
    assert entry["message"] == "Sag NH-2026-000001 modtaget\nanden linje"
    assert entry["request_id"] is None
    assert entry["time"].endswith("+00:00") and "T" in entry["time"]


def test_the_request_id_of_the_request_being_answered_is_in_the_line():
    token = REQUEST_ID.set("abc123")
    try:
        entry = json.loads(_line(_record("svar")))
    finally:
        REQUEST_ID.reset(token)
    assert entry["request_id"] == "abc123"


@pytest.mark.parametrize(
    "message",
    [
        f"CPR {CPR}",
        f"CPR {CPR_DASHED}",
        f"linje\n{CPR}",
        f"Ærø{CPR}",
        f"tab\t{CPR_DASHED}",
    ],
)
def test_a_cpr_number_in_a_message_is_masked_by_the_formatter_itself(message):
    line = JsonFormatter().format(_record(message))
    assert CPR not in line.replace("-", "") and "1234" not in line
    assert MASKED in json.loads(line)["message"]


def test_a_cpr_number_after_a_control_character_is_masked_before_json_escapes_it():
    """JSON writes the character as \\u0010, whose last digit would hide the number from the mask of the line."""
    line = JsonFormatter().format(_record(f"styretegn\x10{CPR}"))
    assert "1234" not in line
    assert json.loads(line)["message"].startswith("styretegn\x10")


def test_a_cpr_number_given_as_an_argument_is_masked_in_the_line():
    line = _line(_record("Opslag på %s mislykkedes", CPR))
    assert "1234" not in line
    assert json.loads(line)["message"] == f"Opslag på {MASKED} mislykkedes"


def test_a_cpr_number_in_an_exception_is_masked_and_the_traceback_kept():
    try:
        raise ValueError(f"ugyldigt CPR {CPR}\npå linje to: {CPR_DASHED}")
    except ValueError:
        record = _record("Fejl", exc_info=sys.exc_info(), level=logging.ERROR)
    line = _line(record)
    assert "\n" not in line and "1234" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["exception"].startswith("Traceback (most recent call last):")
    assert f"ValueError: ugyldigt CPR {MASKED}\npå linje to: {MASKED}" in entry["exception"]


def _log_from_a_fresh_process(**env: str) -> subprocess.CompletedProcess:
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('klageportal.test').warning('CPR %s', '0101901234')\n"
        "try:\n    raise RuntimeError('0101901234')\n"
        "except RuntimeError:\n    logging.getLogger('klageportal.test').exception('fejl')\n"
    )
    inherited = {key: value for key, value in os.environ.items() if key not in {"KP_LOG_FORMAT", "KP_ENVIRONMENT"}}
    environment = {**inherited, "DJANGO_SETTINGS_MODULE": "klageportal.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=60
    )


def test_kp_log_format_json_makes_every_line_of_the_console_a_masked_json_object(tmp_path):
    result = _log_from_a_fresh_process(KP_LOG_FORMAT="json", KP_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["message"] == f"CPR {MASKED}"
    assert second["message"] == "fejl" and f"RuntimeError: {MASKED}" in second["exception"]
    assert "1234" not in result.stderr


def test_production_writes_json_lines_unless_told_otherwise(tmp_path):
    result = _log_from_a_fresh_process(
        KP_ENVIRONMENT="production", DJANGO_SECRET_KEY="x" * 50, KP_VAR_DIR=str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stderr.splitlines()[0])["message"] == f"CPR {MASKED}"


def test_development_writes_text_lines_unless_told_otherwise(tmp_path):
    result = _log_from_a_fresh_process(KP_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0] == f"WARNING klageportal.test CPR {MASKED}"


def test_kp_log_format_text_keeps_plain_masked_lines(tmp_path):
    result = _log_from_a_fresh_process(KP_LOG_FORMAT="text", KP_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0] == f"WARNING klageportal.test CPR {MASKED}"
    assert "1234" not in result.stderr


def test_an_unknown_kp_log_format_is_refused(tmp_path):
    result = _log_from_a_fresh_process(KP_LOG_FORMAT="xml", KP_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "KP_LOG_FORMAT" in result.stderr
