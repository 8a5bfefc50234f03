"""The claim checker's labelled pairs: (text, statement) -> shows / does not show / contradicts.

Used by scripts/train_checker.py (training) and by the tests and bench (scoring); pure Python, no torch.

Sources, each kept apart so a set used to choose thresholds is never trained on:
- `written`: sentences written blind by helpers for every key point and misconception of the bank
  (data/checker/written/*.jsonl, brief in data/checker/brief.md), plus pairs derived from them (a text written
  for one key point against the question's other key points; a misconception stated, against the claim itself);
- `bank`: the banks' own `said_as` forms (data/interview/*.json);
- `claims`: the labelled answers of tests/data/claims_*.json and data/checker/claims_spoken_train*.json, point by
  point (whole answers): read by scripts/calibrate_checker.py to choose thresholds, never trained on.
"""
from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRITTEN = ROOT / "data" / "checker" / "written"
LABELS = ("not", "shows", "contradicts")
LABEL_ID = {name: i for i, name in enumerate(LABELS)}
CLAIM_LABELS = {"made": "shows", "not_made": "not", "contradicted": "contradicts"}
# Whole labelled answers are not trained on: the checker reads windows of one or two sentences, and an answer's
# label does not say which of its sentences made a point. They choose thresholds instead (never trained on).
SPOKEN_DEV = (ROOT / "data" / "checker" / "claims_spoken_train.json", ROOT / "data" / "checker" / "claims_spoken_train2.json")
DEV_CLAIMS = ("claims_first.json", "claims_second.json", "claims_third.json", "claims_fourth.json",
              "claims_spoken_dev.json") + tuple(str(p) for p in SPOKEN_DEV)  # thresholds: never trained on


def bank() -> dict[str, dict]:
    """Every bank question by id."""
    out = {}
    for path in sorted((ROOT / "data" / "interview").glob("*.json")):
        for q in json.loads(path.read_text(encoding="utf-8"))["questions"]:
            out[q["id"]] = q
    return out


def statement(question: dict, target: str) -> str | None:
    """The statement a target names: a key point (kp:i) or a misconception's correction (mc:j)."""
    kind, _, index = str(target).partition(":")
    try:
        i = int(index)
        return question["key_points"][i]["point"] if kind == "kp" else question["misconceptions"][i]["correction"]
    except (KeyError, IndexError, ValueError):
        return None


def written_rows() -> list[dict]:
    rows = []
    for path in sorted(WRITTEN.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(row, dict) and row.get("label") in LABEL_ID and str(row.get("text") or "").strip():
                rows.append(row)
    return rows


def written_pairs(seed: int = 0, cross: int = 1) -> list[dict]:
    """Pairs from the helpers' sentences, with derived ones (see the module docstring)."""
    questions = bank()
    rng = random.Random(seed)
    pairs = []
    for row in written_rows():
        q = questions.get(row.get("qid"))
        said = statement(q, row.get("target")) if q else None
        if not said:
            continue
        base = {"text": row["text"], "qid": row["qid"], "style": row.get("style", "written"), "source": "written",
                "kind": row.get("kind", "")}
        pairs.append({**base, "statement": said, "label": row["label"]})
        kind, _, index = row["target"].partition(":")
        if kind == "mc":
            claim = q["misconceptions"][int(index)]["claim"]
            if row["label"] == "contradicts":  # stating the wrong claim shows the claim
                pairs.append({**base, "statement": claim, "label": "shows", "kind": "states_claim"})
            elif row["label"] == "shows":  # stating the correction contradicts the claim
                pairs.append({**base, "statement": claim, "label": "contradicts", "kind": "corrects_claim"})
            continue
        if row.get("kind") == "other_point":
            continue  # it makes another point of the question: which one is not labelled
        others = [p["point"] for j, p in enumerate(q["key_points"]) if j != int(index)]
        for other in rng.sample(others, min(cross, len(others))):
            pairs.append({**base, "statement": other, "label": "not", "kind": "cross_point"})
    return pairs


def bank_pairs() -> list[dict]:
    """The banks' own spoken forms: each key point's `said_as` shows it; a misconception's forms contradict
    its correction and show its claim."""
    pairs = []
    for qid, q in bank().items():
        for p in q["key_points"]:
            for text in p.get("said_as") or []:
                pairs.append({"text": text, "statement": p["point"], "label": "shows", "qid": qid, "source": "bank",
                              "style": "spoken", "kind": "said_as"})
        for m in q.get("misconceptions") or []:
            for text in (m.get("said_as") or []) + (m.get("said_otherwise") or []):
                pairs.append({"text": text, "statement": m["correction"], "label": "contradicts", "qid": qid,
                              "source": "bank", "style": "spoken", "kind": "said_as"})
                pairs.append({"text": text, "statement": m["claim"], "label": "shows", "qid": qid,
                              "source": "bank", "style": "spoken", "kind": "states_claim"})
    return pairs


def claims_pairs(names: tuple[str, ...]) -> list[dict]:
    """Whole labelled answers against each of their key points."""
    pairs = []
    for name in names:
        path = Path(name) if Path(name).is_absolute() else ROOT / "tests" / "data" / name
        if not path.exists():
            continue
        for item in json.loads(path.read_text(encoding="utf-8"))["answers"]:
            for p in item["points"]:
                pairs.append({"text": item["answer"], "statement": p["point"], "label": CLAIM_LABELS[p["label"]],
                              "qid": item["question_id"], "source": name, "style": "answer",
                              "kind": item["category"]})
    return pairs


def training_pairs(seed: int = 0) -> list[dict]:
    return written_pairs(seed) + bank_pairs()


def inputs_digest() -> dict[str, str]:
    """SHA-256 of every file training reads (the model's manifest records these)."""
    files = sorted(WRITTEN.glob("*.jsonl")) + sorted((ROOT / "data" / "interview").glob("*.json")) + \
        [ROOT / "scripts" / "checker_data.py", ROOT / "scripts" / "train_checker.py"]
    return {str(f.relative_to(ROOT)): hashlib.sha256(f.read_bytes()).hexdigest() for f in files}
