"""The claim checker's training data (scripts/checker_data.py): every blind-written sentence names a real
statement, and no set used to choose thresholds or to score is ever among the training pairs."""
from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import checker_data  # noqa: E402

from core import banks  # noqa: E402
from core.judge import answer as judge_answer  # noqa: E402
from core.judge import checked, checker  # noqa: E402


def test_every_written_sentence_names_a_statement_of_its_question():
    bank = checker_data.bank()
    rows = checker_data.written_rows()
    assert len(rows) >= 12000
    assert all(checker_data.statement(bank[r["qid"]], r["target"]) for r in rows)
    covered = {(r["qid"], r["target"]) for r in rows}
    points = {(q["id"], f"kp:{i}") for q in bank.values() for i in range(len(q["key_points"]))}
    assert points <= covered  # every key point of the 168 questions has its sentences


def test_held_out_answers_are_never_training_pairs():
    pairs = checker_data.training_pairs(13)
    labels = collections.Counter(p["label"] for p in pairs)
    assert min(labels.values()) > 0.2 * len(pairs)  # contradictions are not a rare class (9 % in the first probe)
    held = set()
    for name in checker_data.DEV_CLAIMS + ("claims_written_test.json", "claims_spoken_test.json"):
        path = Path(name) if Path(name).is_absolute() else ROOT / "tests" / "data" / name
        held |= {" ".join(a["answer"].split()) for a in json.loads(path.read_text(encoding="utf-8"))["answers"]}
    assert not any(" ".join(p["text"].split()) in held for p in pairs)
    assert {p["source"] for p in pairs} == {"written", "bank"}


def test_the_checker_path_maps_probabilities_to_claims(monkeypatch):
    """With a checker present, its probabilities decide each point's state and each wrong claim (the model itself
    is not shipped yet: docs/claim-checker.md)."""
    question = banks.all_questions()["fin-technical-04"]
    points = [p["point"] for p in question["key_points"]]
    claim = question["misconceptions"][0]["claim"]

    def fake(pairs):
        out = np.tile(np.array([0.9, 0.05, 0.05], dtype=np.float32), (len(pairs), 1))
        for i, (statement, text) in enumerate(pairs):
            if statement == points[0] and "fixed payments" in text:
                out[i] = (0.01, 0.98, 0.01)
            if statement == points[1] and "fixed payments" in text:
                out[i] = (0.05, 0.7, 0.25)
            if statement == points[2] and "shorter bonds" in text:
                out[i] = (0.01, 0.02, 0.97)
            if statement == claim and "shorter bonds" in text:
                out[i] = (0.01, 0.98, 0.01)
        return out

    monkeypatch.setattr(checker, "available", lambda: True)
    monkeypatch.setattr(checker, "probabilities", fake)
    answer = ("When market rates go up, a bond's price falls, since its fixed payments are now worth less. "
              "Honestly the shorter bonds are the riskiest ones, they move the most when rates change.")
    judged = judge_answer.judge(question["question"], answer, question)
    states = {p.point: p.state for p in judged.points}
    assert judged.method == "checker"
    assert states[points[0]] == "confirmed" and states[points[1]] == "unconfirmed"
    assert states[points[2]] == "contradicted" and states[points[3]] == "missing"
    assert [w.claim for w in judged.wrong] == [claim] and "shorter bonds" in judged.wrong[0].quote
    assert not judged.quotable("Honestly the shorter bonds are the riskiest ones, they move the most when rates change.")
    assert checked.state(checked.Checked(0.99, "x", 0.6, "y")) == "unconfirmed"  # a likely contradiction vetoes
