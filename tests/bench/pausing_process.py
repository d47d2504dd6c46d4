"""A process that speaks bench.inbox's pause protocol, for tests/bench/test_production.py: after each phase it
waits for the harness, then says which phases found the harness's file (written while it waited)."""

import json
import sys
from pathlib import Path

from bench.inbox import _pause

found = []
for phase in ("1k", "1m"):
    _pause(phase)
    if (Path(sys.argv[1]) / phase).exists():
        found.append(phase)
print("a line that is not the result", flush=True)
print(json.dumps({"found": found}), flush=True)
sys.exit(int(sys.argv[2]) if len(sys.argv) > 2 else 0)
