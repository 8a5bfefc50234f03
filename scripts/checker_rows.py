"""The helpers' JSON Lines, as every claim-checker training source reads them.

Helpers append one object per line; a line that does not parse, is not an object, has no text or names a label
the source does not know is skipped, so one bad line never loses a file.
"""
from __future__ import annotations

import json
from collections.abc import Container
from pathlib import Path


def rows(folder: Path, labels: Container[str]) -> list[dict]:
    """Every usable line of the folder's *.jsonl files, in file order."""
    out = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(row, dict) and row.get("label") in labels and str(row.get("text") or "").strip():
                out.append(row)
    return out
