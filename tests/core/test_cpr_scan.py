"""scripts/cpr_scan.py: the scan .ci/run makes of its own output and the servers' logs (X-4)."""

import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from klageportal.core.masking import mask_cpr_in_text

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "cpr_scan.py"
_spec = importlib.util.spec_from_file_location("cpr_scan", SCRIPT)
assert _spec is not None and _spec.loader is not None
cpr_scan = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cpr_scan)


def _scan(*paths: Path) -> subprocess.CompletedProcess[str]:
    """The script as CI runs it: its own process, with nothing of Django or the portal imported."""
    return subprocess.run([sys.executable, "-I", str(SCRIPT), *map(str, paths)], capture_output=True, text=True)


@pytest.mark.parametrize(
    "line",
    [
        "INFO klageportal.registers cpr=0101801234 looked up",
        'ERROR {"message": "no answer for 311299-4321", "request_id": "abc"}',
        "2902-00 is no CPR, 290200-1234 is (29 February 2000)",
        "party 0101801234\tsaved",
    ],
    ids=["plain", "hyphen", "leap day", "tab"],  # a test's id is printed by pytest: no CPR number in it
)
def test_a_line_with_a_cpr_number_is_found(line):
    assert cpr_scan.cpr_numbers(line)


@pytest.mark.parametrize(
    "line",
    [
        "INFO klageportal.registers cpr=010180-xxxx looked up",  # masked, as the portal's logs write it
        mask_cpr_in_text("cpr=0101801234"),
        "[2026-12-04 20:24:16 +0100] [14368] [INFO] Listening at: http://127.0.0.1:43127 (14368)",
        '127.0.0.1 [04/Dec/2026:20:24:21 +0100] "GET /healthz HTTP/1.1" 200 150326 1234ms "python-requests/2.34.2"',
        "2026-12-04T19:35:06.123456+01:00 took 1733339706 s since the epoch",  # timestamps
        "Ring på +45 12 34 56 78 eller 4512345678, +4520123456",  # phone numbers (45: no day of a month)
        "Sagen KP-2026-000123 og KP-2026-012345 er oprettet",  # case numbers
        "request_id=3f2a0101801234b9c7d0e1f2a3b4c5d6 request_id=a1010180-1234-4abc-8def-0123456789ab",
        "310280-1234 and 001080-1234 and 011380-1234 are no dates",
        "an 11-digit run 01018012345 and 101018012345 and a 9-digit one 010180123",
        "static/css/portal.a0101801234f.css",  # written against letters (a hexadecimal hash)
        "tests/core/test_x.py ........................................ [ 12%]",
    ],
    ids=[
        "masked",
        "masked by the portal",
        "error log",
        "access log",
        "timestamps",
        "phone numbers",
        "case numbers",
        "request ids",
        "no dates",
        "longer and shorter runs",
        "hash",
        "test progress",
    ],
)
def test_a_line_without_a_cpr_number_passes(line):
    assert cpr_scan.cpr_numbers(line) == []


@pytest.fixture
def scratch():
    """A folder for logs that hold a CPR number on purpose, removed after the test: not under pytest's temporary
    root, whose logs CI scans for CPR numbers after the run (.ci/run)."""
    with tempfile.TemporaryDirectory(prefix="kp-cpr-scan-") as folder:
        yield Path(folder)


def test_the_scan_fails_naming_file_and_line_and_masks_the_number_in_its_own_output(scratch):
    log = scratch / "server.log"
    log.write_text("started\nlooked up 0101801234 for the case\nstopped\n")

    result = _scan(log)

    assert result.returncode == 1
    assert result.stdout == f"{log}:2: looked up 010180-xxxx for the case\n"
    assert "0101801234" not in result.stdout + result.stderr


def test_a_clean_log_passes(tmp_path):
    log = tmp_path / "ci.log"
    log.write_text("==> make test\ntests/core/test_masking.py ....  [ 1%]\n======= 12 passed in 3.1s =======\n")

    result = _scan(log)

    assert (result.returncode, result.stdout) == (0, "")


def test_a_directory_is_scanned_for_log_files_at_any_depth_and_nothing_else(scratch):
    tmp_path = scratch
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "gunicorn.log").write_text("GET /sag/ 311299-4321\n")
    (tmp_path / "a" / "receipt.txt").write_text("CPR 0101801234\n")  # a document, not a log

    result = _scan(tmp_path)

    assert result.returncode == 1
    assert result.stdout == f"{tmp_path / 'a' / 'b' / 'gunicorn.log'}:1: GET /sag/ 311299-xxxx\n"


def test_a_missing_file_is_an_error_not_a_pass(tmp_path):
    result = _scan(tmp_path / "missing.log")

    assert result.returncode == 2
    assert "cannot read" in result.stderr
