"""Negations and contrasts: right sentences that say "not" or compare two things, as claim-checker training pairs.

The checker read the bank's own right sentences as contradicting their key points when they held a negation or
a contrast ("…I don't think he's safe to go home", "processes are isolated, unlike threads") and doubted right
answers. Helpers who saw only a bank and data/checker/contrast_brief.md wrote, for every key point, four
sentences (data/checker/contrast/*.jsonl): the point made with a negation, the point made by a contrast, the point
denied, and a sentence beside it on the same subject. Each gives one pair against its key point, labelled as
written: shows, shows, contradicts, not.

Not yet a source of scripts/checker_data.py: that file's hash is in the shipped checker's manifest, so the two-line
hook (`contrast` in the sources; these files in `inputs_digest`) lands with the next checker trained on it. One run
with it, r22, is measured in docs/claim-checker.md.
"""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTRAST = ROOT / "data" / "checker" / "contrast"
LABELS = ("shows", "contradicts", "not")


def rows() -> list[dict]:
    """The helpers' lines that parse and carry a known label."""
    out = []
    for path in sorted(CONTRAST.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(row, dict) and row.get("label") in LABELS and str(row.get("text") or "").strip():
                out.append(row)
    return out


def contrast_pairs(questions: dict[str, dict]) -> list[dict]:
    """One pair per sentence, against the key point it was written for; lines naming no key point are skipped."""
    pairs = []
    for row in rows():
        q = questions.get(row.get("qid"))
        try:
            point = q["key_points"][int(row.get("kp"))]["point"] if q else None
        except (IndexError, KeyError, TypeError, ValueError):
            point = None
        if not point:
            continue
        pairs.append({"text": row["text"], "statement": point, "label": row["label"], "qid": row["qid"],
                      "style": row.get("style", "written"), "source": "contrast",
                      "kind": f"{row['label']}:{row.get('kind', '')}"})
    return pairs


def files() -> list[Path]:
    """What these pairs are read from (for the model's manifest)."""
    return sorted(CONTRAST.glob("*.jsonl")) + [Path(__file__).resolve()]
