"""Known wrong claims as statements the checker reads "not" as well as "shows", as claim-checker training pairs.

The shipped recipe pairs a misconception's claim with the sentences that state it ("shows") and with those that
state its correction ("contradicts"), but never with an on-topic sentence that does neither: the checker has not
seen a claim it should read as "not". So it reads almost any sentence on the claim's topic as saying the claim
("I'd combine a rules engine for known patterns with a gradient-boosted model" as "machine learning makes a rules
engine unnecessary", 0.99), and cannot be asked whether a sentence states a known wrong claim.

From the blind sentences (data/checker/written), for each claim of a question:
- the sentences written to state it: "shows"; those written to state its correction: "contradicts";
- "not": the sentences written to be on its topic without stating it or its correction, the sentences written to
  state another of the question's claims, and a sample of the sentences written for the question's key points
  (those that make a point or only name its words), except the point the claim's correction restates, whose right
  sentences contradict the claim.
"""
from __future__ import annotations

import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import checker_data  # noqa: E402

_WORD = re.compile(r"[a-z][a-z0-9'-]+")


def _stems(text: str) -> set[str]:
    """Words of five letters or more, cut to five (the judge's own stems need the app's packages, not the trainer's)."""
    return {w[:5] for w in _WORD.findall(text.lower()) if len(w) >= 5}


def _corrected_point(question: dict, correction: str) -> int | None:
    """The key point a correction restates: the one sharing most of its words (None when none shares two)."""
    said = _stems(correction) - _stems(question["question"])
    overlap = [len(said & _stems(p["point"])) for p in question["key_points"]]
    best = max(range(len(overlap)), key=overlap.__getitem__) if overlap else None
    return best if best is not None and overlap[best] >= 2 else None


def claim_pairs(questions: dict[str, dict], seed: int = 0, per_claim: int = 5, other_claims: int = 3) -> list[dict]:
    """Pairs of each misconception's claim with blind sentences of its question (see the module docstring)."""
    rng = random.Random(seed + 11)
    by_q: dict[str, list[dict]] = {}
    for row in checker_data.written_rows():
        by_q.setdefault(row.get("qid"), []).append(row)
    pairs = []
    for qid in sorted(by_q):
        q = questions.get(qid)
        if not q or not q.get("misconceptions"):
            continue
        rows = by_q[qid]
        for j, item in enumerate(q["misconceptions"]):
            claim, own = item["claim"], f"mc:{j}"
            skip = _corrected_point(q, item["correction"])
            base = {"statement": claim, "qid": qid, "source": "claims"}

            def add(row: dict, label: str, kind: str) -> None:
                pairs.append({**base, "text": row["text"], "label": label, "style": row.get("style", "written"),
                              "kind": kind})

            for row in rows:
                if row["target"] == own:
                    add(row, {"contradicts": "shows", "shows": "contradicts", "not": "not"}[row["label"]],
                        {"contradicts": "states_claim", "shows": "corrects_claim", "not": "not:beside_claim"}[
                            row["label"]])
            others = [r for r in rows if str(r["target"]).startswith("mc:") and r["target"] != own
                      and r["label"] == "contradicts"]
            for row in rng.sample(others, min(other_claims, len(others))):
                add(row, "not", "not:other_claim")
            points = [r for r in rows if str(r["target"]).startswith("kp:") and r["label"] != "contradicts"
                      and (skip is None or r["target"] != f"kp:{skip}")]
            for row in rng.sample(points, min(per_claim, len(points))):
                add(row, "not", "not:point_sentence")
    return pairs
