"""The soundness model's labelled pairs: (question and key points, a window of an answer) -> "sound" or "wrong".

Used by scripts/train_soundness.py and by the tests; pure Python, no torch.

Two sources, both written blind:
- the labelled claims sets' answers, cut into the windows the app reads (core.judge.soundness.windows): a window is
  "wrong" when it holds most of a sentence the examiner marked wrong in a confident-wrong, opposite or mixed
  answer, "sound" otherwise (so the right half of a mixed answer is sound). Off-topic answers are left out: their
  marked sentences are off topic, not wrong, and the topic model reads them;
- answers put together from one question's blind sentences (data/checker/written): sentences that make a key point,
  a misconception's correction, vague or partial ones, and, in half of them, one or two sentences that contradict a
  key point or state a listed misconception. They give every bank question wrong claims in both styles.

Split: the claim checker's calibration sets, its choice sets (tests 7-9) and the newest blind tests (26-28) choose
this model's threshold and are never trained on; blind tests still held are scored once first.
"""
from __future__ import annotations

import hashlib
import json
import random
import re
import sys
from pathlib import Path

import checker_data

ROOT = checker_data.ROOT
sys.path.insert(0, str(ROOT))
from core.text.windows import statement, windows  # noqa: E402

LABELS = ("sound", "wrong")
WRONG_KINDS = ("confident_wrong", "opposite", "mixed")
CHOICE_SETS = checker_data.DEV_CLAIMS + tuple(f"claims_{s}_test{n}.json" for n in (7, 8, 9, 26, 27, 28)
                                              for s in ("written", "spoken"))
COMPOSED = 2  # answers put together per question, style and label
_WORD = re.compile(r"\S+")


LAST_TRAINED = 25  # blind tests after this one were not yet written or are choice sets: never trained on
_NUMBER = re.compile(r"_test(\d*)\.json$")


def train_sets() -> list[Path]:
    """The labelled claims sets trained on: tests/data's up to test LAST_TRAINED and data/checker's, less the choice
    sets (a blind set written later joins only when this list is changed and the model retrained)."""
    sets = sorted((ROOT / "tests" / "data").glob("claims_*.json")) + sorted((ROOT / "data" / "checker").glob("claims_*.json"))
    number = {p: _NUMBER.search(p.name) for p in sets}
    return [p for p in sets if p.name not in CHOICE_SETS
            and (number[p] is None or int(number[p].group(1) or 1) <= LAST_TRAINED)]


def _covered(span: tuple[int, int], marked: tuple[int, int], text: str) -> bool:
    """Whether the window holds most (more than half the words) of the marked sentence."""
    inside = text[max(span[0], marked[0]):min(span[1], marked[1])]
    return len(_WORD.findall(inside)) * 2 > len(_WORD.findall(text[marked[0]:marked[1]]))


def window_pairs(answer: str, marked: list[str], head: str, base: dict) -> list[dict]:
    """One answer's windows, each labelled by whether it holds a marked sentence."""
    spans = []
    for sentence in marked:
        at = answer.find(sentence.strip())
        if at >= 0:
            spans.append((at, at + len(sentence.strip())))
    return [{**base, "statement": head, "text": answer[a:b],
             "label": "wrong" if any(_covered((a, b), m, answer) for m in spans) else "sound"}
            for a, b in windows(answer)]


def answer_pairs(path: Path, questions: dict[str, dict]) -> list[dict]:
    out = []
    for item in json.loads(path.read_text(encoding="utf-8"))["answers"]:
        question = questions.get(item["question_id"])
        if question is None or item.get("category") == "off_topic":
            continue
        marked = list(item.get("bad_sentences") or []) if item.get("category") in WRONG_KINDS else []
        base = {"kind": item.get("category", ""), "qid": item["question_id"]}
        out += window_pairs(item["answer"], marked, statement(question), base)
    return out


def composed_pairs(questions: dict[str, dict], rng: random.Random) -> list[dict]:
    """Answers put together from a question's blind sentences (see the module docstring)."""
    by_q: dict[tuple[str, str], dict[str, list[str]]] = {}
    for row in checker_data.written_rows():
        wrong = row["label"] == "contradicts"
        kind = "wrong" if wrong else "sound"
        if row["target"].startswith("mc:") and row["label"] == "not":
            continue
        by_q.setdefault((row["qid"], row.get("style", "written")), {"wrong": [], "sound": []})[kind].append(row["text"])
    out = []
    for (qid, style) in sorted(by_q):
        question, rows = questions.get(qid), by_q[(qid, style)]
        if question is None or len(rows["sound"]) < 4 or not rows["wrong"]:
            continue
        for label in LABELS:
            for _ in range(COMPOSED):
                parts = [s.strip() for s in rng.sample(rows["sound"], rng.randint(2, 4))]
                marked = [s.strip() for s in rng.sample(rows["wrong"], min(len(rows["wrong"]), rng.randint(1, 2)))] \
                    if label == "wrong" else []
                for s in marked:
                    parts.insert(rng.randint(0, len(parts)), s)
                out += window_pairs(" ".join(parts), marked, statement(question), {"kind": "composed", "qid": qid})
    return out


def training_pairs(seed: int = 13) -> list[dict]:
    rng = random.Random(seed)
    questions = checker_data.bank()
    return [p for path in train_sets() for p in answer_pairs(path, questions)] + composed_pairs(questions, rng)


def inputs_digest() -> dict[str, str]:
    """SHA-256 of every file training reads (the model's manifest records these)."""
    files = sorted((ROOT / "data" / "interview").glob("*.json")) + sorted(checker_data.WRITTEN.glob("*.jsonl")) + \
        train_sets() + [ROOT / "scripts" / n for n in ("soundness_data.py", "train_soundness.py", "train_checker.py")] + \
        [ROOT / "core" / "text" / "windows.py"]
    return {str(f.relative_to(ROOT)): hashlib.sha256(f.read_bytes()).hexdigest() for f in files if f.exists()}


def pairs_digest(seed: int = 13) -> str:
    digest = hashlib.sha256()
    for p in training_pairs(seed):
        digest.update(json.dumps([p["statement"], p["text"], p["label"]], ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()
