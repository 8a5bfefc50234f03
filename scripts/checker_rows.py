"""The helpers' JSON Lines, as every claim-checker training source reads them.

Helpers append one object per line; a line that does not parse, is not an object, has no text or names a label
the source does not know is skipped, so one bad line never loses a file.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Container
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


def point_pairs(rows: list[dict], questions: dict[str, dict], source: str,
                skip: Callable[[dict, dict, str], bool] | None = None) -> list[dict]:
    """One pair per line, against the key point it names (`qid`, `kp`), labelled as written; lines naming no key
    point, or that `skip(row, question, point)` leaves out, give none."""
    pairs = []
    for row in rows:
        q = questions.get(row.get("qid"))
        try:
            point = q["key_points"][int(row.get("kp"))]["point"] if q else None
        except (IndexError, KeyError, TypeError, ValueError):
            point = None
        if not point or (skip and skip(row, q, point)):
            continue
        pairs.append({"text": row["text"], "statement": point, "label": row["label"], "qid": row["qid"],
                      "style": row.get("style", "written"), "source": source,
                      "kind": f"{row['label']}:{row.get('kind', '')}"})
    return pairs
