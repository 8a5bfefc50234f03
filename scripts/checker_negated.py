"""Known wrong claims denied, rejected or stated through a "not", as claim-reader training pairs.

The claim reader (scripts/checker_claim_reading.py) learnt to name a claim said in other words, but it read a right
answer that mentions a claim to deny it as stating it ("I didn't skip the reconciliations", s26-070), and it never
saw a claim stated through a negation. Helpers who saw only a bank and data/checker/negated_brief.md wrote, for every
misconception, in its own words: a denial, a mention as a mistake followed by what is right, an account of doing its
opposite (each "contradicts" the claim), and the claim stated with a "not" ("shows" the claim, and "contradicts" its
correction), so that a negation is read for what it asserts, not taken as the sign of a right answer.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import checker_data  # noqa: E402

NEGATED = checker_data.ROOT / "data" / "checker" / "negated"


def files() -> list[Path]:
    return sorted(NEGATED.glob("*.jsonl"))


def rows() -> list[dict]:
    """The helpers' sentences, one dict per line that parses and names a claim by index."""
    out = []
    for path in files():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(row, dict) and row.get("label") in ("shows", "contradicts") and isinstance(row.get("mc"), int) \
                    and str(row.get("text") or "").strip():
                out.append(row)
    return out


def negated_pairs(questions: dict[str, dict]) -> list[dict]:
    """Each sentence against its claim; a claim stated through a "not" against its correction too."""
    pairs = []
    for row in rows():
        claims = (questions.get(row.get("qid")) or {}).get("misconceptions") or []
        if not 0 <= row["mc"] < len(claims):
            continue
        item = claims[row["mc"]]
        base = {"text": row["text"], "qid": row["qid"], "source": "negated", "style": row.get("style", "written"),
                "kind": row.get("kind", "")}
        pairs.append({**base, "statement": item["claim"], "label": row["label"]})
        if row["label"] == "shows":
            pairs.append({**base, "statement": item["correction"], "label": "contradicts"})
    return pairs
