#!/usr/bin/env python3
"""Find CPR numbers in log files (X-4: logs hold them masked only): `scripts/cpr_scan.py PATH...`.

Each PATH is a file, or a directory whose *.log files (at any depth) are read. Every line holding a CPR-like
number is listed as `file:line: text`, with the number masked in that text too, and the exit status is 1; 0 when
there is none; 2 when a PATH cannot be read. .ci/run scans its own output and the logs of the servers the tests
start with it, so that a CPR number in any of them fails the run.

A CPR-like number is the shape the portal masks in its own logs, klageportal/core/masking.py's CPR_PATTERN
(six digits and four, not part of a longer run of digits), read from that file so that the rule is written
once; the script needs nothing but the standard library, not Django, not the portal's packages. A log is
full of numbers, so the scan asks more of a match than the masking does:

- the first six digits are a date (DDMMYY, 29 February in any year divisible by four);
- the two halves are joined by "-" or nothing: a space between two numbers is how an access log writes a
  response's size and its duration;
- no letter or digit is written against it: hexadecimal ids (request ids, hashes) hold runs of digits.
"""

import calendar
import importlib.util
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

MASKING = Path(__file__).resolve().parents[1] / "klageportal" / "core" / "masking.py"


def _masking():
    spec = importlib.util.spec_from_file_location("klageportal_masking", MASKING)
    assert spec is not None and spec.loader is not None, MASKING
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


masking = _masking()


def _is_date(ddmmyy: str) -> bool:
    day, month, year = int(ddmmyy[:2]), int(ddmmyy[2:4]), 2000 + int(ddmmyy[4:])
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def cpr_numbers(line: str) -> list[str]:
    """The CPR-like numbers in a line of text, as written there."""
    found = []
    for match in masking.CPR_PATTERN.finditer(line):
        separator = line[match.end(1) : match.start(2)]
        before = line[match.start() - 1 : match.start()]
        after = line[match.end() : match.end() + 1]
        if separator in {"", "-"} and _is_date(match.group(1)) and not before.isalnum() and not after.isalnum():
            found.append(match.group())
    return found


def log_files(paths: Iterable[str]) -> Iterator[Path]:
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(found for found in path.rglob("*.log") if found.is_file())
        else:
            yield path  # a missing file is an error when it is read


def findings(path: Path) -> Iterator[str]:
    """`path:line: text` for each line of the file holding a CPR-like number, the number masked."""
    with path.open(encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            if cpr_numbers(line):
                yield f"{path}:{number}: {masking.mask_cpr_in_text(line.rstrip())[:300]}"


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.splitlines()[0], file=sys.stderr)
        return 2
    found = 0
    for path in log_files(argv):
        try:
            for finding in findings(path):
                print(finding)
                found += 1
        except OSError as exc:
            print(f"cpr_scan: cannot read {path}: {exc.strerror}", file=sys.stderr)
            return 2
    if found:
        print(f"cpr_scan: {found} line(s) with a CPR number", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
