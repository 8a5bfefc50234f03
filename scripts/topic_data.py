"""The topic model's labelled pairs: (question, answer) -> "this" (the answer answers this question) or "other".

Used by scripts/train_topic.py and by the tests; pure Python, no torch.

An answer to one question of the banks, told to another, is the off-topic answer the judge by meaning cannot tell
apart when the two questions are of one kind: two behavioural questions share their "result" and "lesson" points,
and a story about leading a change reads as close to a question about competing deadlines as to its own
(docs/topic-model.md). Every labelled answer teaches both sides: it answers its own question ("this", unless an
examiner marked it off topic) and not the questions beside it ("other"): all of its domain's questions of the same
type (three of them), and one more question of the domain. An off-topic answer is "other" for the question it was filed under, and
"this" for the question its examiner named in the notes.

Split, kept apart as for the claim checker: the calibration sets (checker_data.DEV_CLAIMS) choose the thresholds
and are never trained on; claims tests 7-9 and the judge's pair sets are kept out as checks; newer blind sets are
scored once first (tests 10 and 11 joined after that).
"""
from __future__ import annotations

import hashlib
import json
import random
import re
from pathlib import Path

import checker_data

ROOT = checker_data.ROOT
LABELS = ("other", "this")
SPOKEN_TRAIN5 = tuple(ROOT / "data" / "checker" / f"claims_spoken_{n}.json" for n in ("train5a", "train5b"))
TRAIN_SETS = checker_data.TRAIN_CLAIMS + ("claims_written_test5.json", "claims_spoken_test5.json",
                                          "claims_written_test6.json", "claims_spoken_test6.json",
                                          "claims_written_test10.json", "claims_spoken_test10.json",
                                          "claims_written_test11.json", "claims_spoken_test11.json") + \
    tuple(str(p) for p in SPOKEN_TRAIN5)
HELD_OUT = ("claims_written_test7.json", "claims_spoken_test7.json")  # never trained on: a check after calibration
SIBLINGS = 2  # questions of the same type an answer is read against as "other" (of the domain's five)
NAMED = re.compile(r"\b([a-z]+-(?:behavioral|general|technical|system_design)-\d\d)\b")


def _kind(qid: str) -> str:
    return qid.split("-")[1]


def _answers(name: str) -> list[dict]:
    path = Path(name) if Path(name).is_absolute() else ROOT / "tests" / "data" / name
    return json.loads(path.read_text(encoding="utf-8"))["answers"] if path.exists() else []


def pairs_for(item: dict, questions: dict[str, dict], rng: random.Random) -> list[dict]:
    """One labelled answer's pairs (see the module docstring)."""
    qid = item["question_id"]
    if qid not in questions:
        return []
    domain = qid.split("-")[0]
    off = item.get("category") == "off_topic"
    answered = qid
    if off:
        named = [q for q in NAMED.findall(item.get("notes") or "") if q in questions and q != qid]
        answered = named[0] if named else None
    base = {"text": item["answer"], "kind": item.get("category", ""), "qid": qid}
    out = [{**base, "statement": questions[qid]["question"], "label": "other" if off else "this"}]
    if answered and answered != qid:
        out.append({**base, "statement": questions[answered]["question"], "label": "this"})
    around = answered or qid
    same = sorted(q for q in questions if q.startswith(domain + "-") and _kind(q) == _kind(around)
                  and q not in (qid, answered))
    rest = sorted(q for q in questions if q.startswith(domain + "-") and _kind(q) != _kind(around)
                  and q not in (qid, answered))
    for other in rng.sample(same, min(SIBLINGS, len(same))) + rng.sample(rest, min(1, len(rest))):
        out.append({**base, "statement": questions[other]["question"], "label": "other"})
    return out


COMPOSED = 3  # answers put together per question and style from its blind sentences


def composed_pairs(questions: dict[str, dict], rng: random.Random) -> list[dict]:
    """Answers put together from one question's blind sentences (data/checker/written: every kind, right, partial,
    vague or wrong, is about that question): "this" for it, "other" for SIBLINGS questions of its domain and type.
    The labelled sets hold about 13 answers a question; these add many more ways of being on a question's topic."""
    by_q: dict[tuple[str, str], list[dict]] = {}
    for row in checker_data.written_rows():
        if str(row.get("target", "")).startswith("kp:"):
            by_q.setdefault((row["qid"], row.get("style", "written")), []).append(row)
    out = []
    for (qid, style) in sorted(by_q):
        if qid not in questions:
            continue
        rows = by_q[(qid, style)]
        domain = qid.split("-")[0]
        same = sorted(q for q in questions if q.startswith(domain + "-") and _kind(q) == _kind(qid) and q != qid)
        for _ in range(COMPOSED):
            text = " ".join(r["text"].strip() for r in rng.sample(rows, min(len(rows), rng.randint(3, 6))))
            base = {"text": text, "kind": "composed", "qid": qid}
            out.append({**base, "statement": questions[qid]["question"], "label": "this"})
            for other in rng.sample(same, min(SIBLINGS, len(same))):
                out.append({**base, "statement": questions[other]["question"], "label": "other"})
    return out


STORIES = tuple(sorted((ROOT / "data" / "topic").glob("topic_stories_*.json")))
STORY_WEIGHT = 3  # each story's pairs are repeated: they are the case the model is for, and few


def story_pairs(questions: dict[str, dict], rng: random.Random) -> list[dict]:
    """Behavioural stories written blind for this model (data/topic): each "this" for the question it really answers;
    an off-topic one "other" for the question it was told to, an on-topic one "other" for two siblings."""
    out = []
    for path in STORIES:
        for item in json.loads(path.read_text(encoding="utf-8"))["answers"]:
            asked, real = item["question_id"], item["answers_id"]
            if asked not in questions or real not in questions:
                continue
            base = {"text": item["answer"], "kind": "story", "qid": asked}
            pairs = [{**base, "statement": questions[real]["question"], "label": "this"}]
            if real != asked:
                pairs.append({**base, "statement": questions[asked]["question"], "label": "other"})
            else:
                domain = asked.split("-")[0]
                same = sorted(q for q in questions if q.startswith(domain + "-") and _kind(q) == _kind(asked)
                              and q != asked)
                pairs += [{**base, "statement": questions[o]["question"], "label": "other"}
                          for o in rng.sample(same, min(2, len(same)))]
            out += pairs * STORY_WEIGHT
    return out


OWN_WORDS = tuple(sorted((ROOT / "data" / "topic").glob("own_words_*.json")))
OWN_WORDS_WEIGHT = 2  # the right answers the model must not doubt: in the candidate's own words, or plain


def own_words_pairs(questions: dict[str, dict], rng: random.Random) -> list[dict]:
    """Right answers written blind in the candidate's own words or plainly (data/topic/own_words_*.json, brief
    data/topic/own_words_brief.md): "this" for their question, "other" for two of the same type in its domain."""
    out = []
    for path in OWN_WORDS:
        for item in json.loads(path.read_text(encoding="utf-8"))["answers"]:
            qid = item["question_id"]
            if qid not in questions:
                continue
            domain = qid.split("-")[0]
            same = sorted(q for q in questions if q.startswith(domain + "-") and _kind(q) == _kind(qid) and q != qid)
            base = {"text": item["answer"], "kind": "own_words", "qid": qid}
            pairs = [{**base, "statement": questions[qid]["question"], "label": "this"}]
            pairs += [{**base, "statement": questions[o]["question"], "label": "other"}
                      for o in rng.sample(same, min(SIBLINGS, len(same)))]
            out += pairs * OWN_WORDS_WEIGHT
    return out


def training_pairs(seed: int = 13) -> list[dict]:
    rng = random.Random(seed)
    questions = checker_data.bank()
    return [p for name in TRAIN_SETS for item in _answers(name) for p in pairs_for(item, questions, rng)] + \
        composed_pairs(questions, rng) + story_pairs(questions, rng) + own_words_pairs(questions, rng)


def inputs_digest() -> dict[str, str]:
    """SHA-256 of every file training reads (the model's manifest records these)."""
    sets = [Path(n) if Path(n).is_absolute() else ROOT / "tests" / "data" / n for n in TRAIN_SETS]
    files = sorted((ROOT / "data" / "interview").glob("*.json")) + sorted(checker_data.WRITTEN.glob("*.jsonl")) + list(STORIES) + list(OWN_WORDS) + sets + \
        [ROOT / "scripts" / "topic_data.py", ROOT / "scripts" / "train_topic.py", ROOT / "scripts" / "train_checker.py"]
    return {str(f.relative_to(ROOT)): hashlib.sha256(f.read_bytes()).hexdigest() for f in files if f.exists()}


def pairs_digest(seed: int = 13) -> str:
    digest = hashlib.sha256()
    for p in training_pairs(seed):
        digest.update(json.dumps([p["statement"], p["text"], p["label"]], ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()
