"""The claim checker's labelled pairs: (text, statement) -> shows / does not show / contradicts.

Used by scripts/train_checker.py (training) and by the tests and bench (scoring); pure Python, no torch.

Sources, each kept apart so a set used to choose thresholds is never trained on:
- `written`: sentences written blind by helpers for every key point and misconception of the bank
  (data/checker/written/*.jsonl, brief in data/checker/brief.md), plus pairs derived from them (a text written
  for one key point against the question's other key points; a misconception stated, against the claim itself);
- `bank`: the banks' own `said_as` forms (data/interview/*.json);
- `answers`: whole labelled answers, point by point: the training sets (CHECKER_TRAIN) are trained on as they
  are judged, (key point, whole answer); the calibration sets (DEV_CLAIMS) choose thresholds in
  scripts/calibrate_checker.py and are never trained on; the blind test sets (TEST_CLAIMS) are scored once;
- `composed`: answers put together from the blind sentences of one question (one sentence per key point at
  most, never one that makes an unnamed other point), so each key point's label is known: shows, contradicted
  (a sentence contradicts it), or not; and answers of another question's sentences, which make none of them.
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
# The checker reads (statement, whole answer), the unit the judge decides on.
# Spoken answers written blind for training; train3a-c were scored once as a test set before they joined.
SPOKEN_TRAIN = tuple(ROOT / "data" / "checker" / f"claims_spoken_{n}.json"
                     for n in ("train", "train2", "train3a", "train3b", "train3c", "train4a", "train4b"))
# Blind test sets join training once they have been scored (once per shipped model, docs/claim-checker.md).
SCORED_TESTS = ("claims_written_test.json", "claims_spoken_test.json",
                "claims_written_test2.json", "claims_spoken_test2.json",
                "claims_written_test3.json", "claims_spoken_test3.json",
                "claims_written_test4.json", "claims_spoken_test4.json")
TRAIN_CLAIMS = ("claims_first.json", "claims_second.json", "claims_third.json") + \
    tuple(str(p) for p in SPOKEN_TRAIN) + SCORED_TESTS
# Sets the checker trains on but the topic model's split (scripts/topic_data.py) lists apart: blind tests scored once
# against an earlier checker, and spoken sets written blind for the topic model.
CHECKER_ONLY = ("claims_written_test6.json", "claims_spoken_test6.json",
                "claims_written_test10.json", "claims_spoken_test10.json",
                "claims_written_test11.json", "claims_spoken_test11.json",
                "claims_written_test12.json", "claims_spoken_test12.json") + \
    tuple(str(ROOT / "data" / "checker" / f"claims_spoken_{n}.json") for n in ("train5a", "train5b"))
CHECKER_TRAIN = TRAIN_CLAIMS + CHECKER_ONLY
DEV_CLAIMS = ("claims_fourth.json", "claims_spoken_dev.json")  # thresholds: never trained on
TEST_CLAIMS = ("claims_written_test5.json", "claims_spoken_test5.json")  # blind: scored once, never trained on
SENTENCES = 6000  # blind sentence pairs kept beside the answers (short: they teach the wording, cheaply)


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


def composed_pairs(seed: int = 0, per_style: int = 2) -> list[dict]:
    """Answers put together from one question's blind sentences, each key point labelled from the sentences in
    it; and, as off-topic answers, another question's sentences against this one's points (all "not")."""
    questions = bank()
    rng = random.Random(seed + 1)
    by_q: dict[tuple[str, str], list[dict]] = {}
    for row in written_rows():
        kind, _, _ = str(row["target"]).partition(":")
        if kind == "kp" and row.get("kind") != "other_point":
            by_q.setdefault((row["qid"], row.get("style", "written")), []).append(row)
    keys = sorted(by_q)
    pairs = []
    for qid, style in keys:
        q = questions.get(qid)
        if not q:
            continue
        rows = by_q[(qid, style)]
        for _ in range(per_style):
            picked: dict[str, dict] = {}
            for row in rng.sample(rows, len(rows)):
                if row["target"] not in picked and len(picked) < rng.randint(2, 5):
                    picked[row["target"]] = row
            chosen = list(picked.values())
            rng.shuffle(chosen)
            text = " ".join(r["text"].strip() for r in chosen)
            for i, p in enumerate(q["key_points"]):
                row = picked.get(f"kp:{i}")
                label = row["label"] if row else "not"
                pairs.append({"text": text, "statement": p["point"], "label": label, "qid": qid, "style": style,
                              "source": "composed", "kind": row.get("kind", "absent") if row else "absent"})
        other = by_q[keys[rng.randrange(len(keys))]]
        if other is not rows and other[0]["qid"] != qid:
            text = " ".join(r["text"].strip() for r in rng.sample(other, min(3, len(other))))
            for p in rng.sample(q["key_points"], min(2, len(q["key_points"]))):
                pairs.append({"text": text, "statement": p["point"], "label": "not", "qid": qid, "style": style,
                              "source": "composed", "kind": "off_topic"})
    return pairs


def wrong_sentence_pairs(names: tuple[str, ...]) -> list[dict]:
    """Contradictions where they are said: each sentence an examiner marked wrong (`bad_sentences`) against the one
    key point its answer contradicts (answers that contradict two or more points are left out: which sentence
    contradicts which is not labelled)."""
    pairs = []
    for name in names:
        path = Path(name) if Path(name).is_absolute() else ROOT / "tests" / "data" / name
        for item in json.loads(path.read_text(encoding="utf-8"))["answers"]:
            contradicted = [p["point"] for p in item["points"] if p["label"] == "contradicted"]
            if len(contradicted) != 1:
                continue
            pairs += [{"text": bad, "statement": contradicted[0], "label": "contradicts", "qid": item["question_id"],
                       "source": name, "style": "wrong_sentence", "kind": item["category"]}
                      for bad in item.get("bad_sentences") or [] if len(bad.split()) >= 4]
    return pairs


SOURCES = ("answers", "composed", "sentences", "wrong")


def training_pairs(seed: int = 0, sources: tuple[str, ...] = SOURCES) -> list[dict]:
    """Whole answers (labelled and composed) and a stratified sample of the blind sentence pairs."""
    rng = random.Random(seed)
    wrong = wrong_sentence_pairs(CHECKER_TRAIN) if "wrong" in sources else []
    if "sentences" not in sources:
        return (claims_pairs(CHECKER_TRAIN) if "answers" in sources else []) + \
            (composed_pairs(seed) if "composed" in sources else []) + wrong
    sentences = written_pairs(seed) + bank_pairs()
    rng.shuffle(sentences)
    keep = [p for p in sentences if p["label"] == "contradicts"][:SENTENCES // 3]
    keep += [p for p in sentences if p["label"] == "shows"][:SENTENCES // 3]
    keep += [p for p in sentences if p["label"] == "not"][:SENTENCES // 3]
    return claims_pairs(CHECKER_TRAIN) + composed_pairs(seed) + keep + wrong


def inputs_digest() -> dict[str, str]:
    """SHA-256 of every file training reads (the model's manifest records these)."""
    claims = [Path(n) if Path(n).is_absolute() else ROOT / "tests" / "data" / n for n in CHECKER_TRAIN]
    files = sorted(WRITTEN.glob("*.jsonl")) + sorted((ROOT / "data" / "interview").glob("*.json")) + claims + \
        [ROOT / "scripts" / "checker_data.py", ROOT / "scripts" / "train_checker.py"]
    return {str(f.relative_to(ROOT)): hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


def pairs_digest(seed: int = 13, sources: tuple[str, ...] = SOURCES) -> str:
    """SHA-256 of the training pairs (statement, text, label) as training reads them: the manifest keeps it, so a
    shipped model is tied to its data even when a script changes in a way that leaves the pairs alone."""
    digest = hashlib.sha256()
    for p in training_pairs(seed, sources):
        digest.update(json.dumps([p["statement"], p["text"], p["label"]], ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()
