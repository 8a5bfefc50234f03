"""The safety screen on every blind set of tests/test_safety_blind.py against its measured floors, the sets that
have joined training included (the suite reads only the set never trained on and the newest). Prints one JSON line.

    .venv/bin/python bench/safety_sets.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_safety_blind import SETS, figures  # noqa: E402


def main() -> None:
    out = {}
    for name, (path, totals, floors) in SETS.items():
        got = figures(path)
        out[name] = {**got["hits"], "floors_met": got["totals"] == totals and all(
            got["hits"].get(k, 0) >= v for k, v in floors.items())}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
