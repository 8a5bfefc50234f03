"""Near corrections: right sentences worded like a known wrong claim, as claim-checker training pairs.

The checker once read "you divide it by one plus the interest rate" as the claim "multiply by one plus the
rate" and accused a right answer. Helpers who saw only the banks and data/checker/near_brief.md wrote, for every
misconception of the banks, three sentences that state its correction in the claim's own vocabulary (the claim's
frame with the error fixed, the claim named and rejected, the right version said in passing), one that states
the claim in new words and one on the same subject that says neither (data/checker/near/*.jsonl).

Each sentence gives two pairs, against the claim and against its correction:
- a correction: shows the correction, contradicts the claim;
- a claim: shows the claim, contradicts the correction;
- neither: shows neither.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import checker_rows  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NEAR = ROOT / "data" / "checker" / "near"
AGAINST = {  # label of the sentence -> (label against the correction, label against the claim)
    "correction": ("shows", "contradicts"),
    "claim": ("contradicts", "shows"),
    "neither": ("not", "not"),
}


def rows() -> list[dict]:
    """The helpers' lines that parse and name a label this module knows."""
    return checker_rows.rows(NEAR, AGAINST)


def near_pairs(questions: dict[str, dict]) -> list[dict]:
    """Two pairs per sentence (see the module docstring); lines naming no known misconception are skipped."""
    pairs = []
    for row in rows():
        q = questions.get(row.get("qid"))
        try:
            m = q["misconceptions"][int(row.get("mc"))] if q else None
        except (IndexError, TypeError, ValueError):
            m = None
        if not m:
            continue
        base = {"text": row["text"], "qid": row["qid"], "style": row.get("style", "written"), "source": "near",
                "kind": f"{row['label']}:{row.get('kind', '')}"}
        to_correction, to_claim = AGAINST[row["label"]]
        pairs.append({**base, "statement": m["correction"], "label": to_correction})
        pairs.append({**base, "statement": m["claim"], "label": to_claim})
    return pairs


def files() -> list[Path]:
    return sorted(NEAR.glob("*.jsonl")) + [Path(__file__).resolve()]
