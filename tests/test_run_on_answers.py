"""Answers as a recognizer writes them: a whole spoken answer may come as one run-on with no full stop. The
score must not mistake that for an answer with little in it (blind spoken test 13: its writer's strong answers
were single run-ons, and one making all five key points scored 4.8)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from core import banks
from core.feedback import offline_report

pytestmark = pytest.mark.judge  # the sentence model and the claim checker

DATA = Path(__file__).resolve().parent / "data" / "claims_spoken_test13.json"


# answer: (points confirmed at least, score at least). Claim checker r17 reads s15-044's points 0.86-0.98 likely
# (r14: 0.98-0.99), so four of its five are said as "couldn't confirm" rather than covered: named, never missing.
RUN_ONS = {"s15-001": (4, 6.5), "s15-044": (1, 6.0)}


@pytest.mark.parametrize("answer_id", sorted(RUN_ONS))
def test_a_strong_answer_said_as_one_run_on_scores_as_a_strong_answer(answer_id):
    item = next(a for a in json.loads(DATA.read_text(encoding="utf-8"))["answers"] if a["id"] == answer_id)
    assert item["category"] == "strong" and item["answer"].count(".") <= 1  # one run-on, as transcribed
    question = banks.all_questions()[item["question_id"]]
    report = offline_report([{"question": question["question"], "answer": item["answer"],
                              "question_id": item["question_id"]}], "interview")
    confirmed, score = RUN_ONS[answer_id]
    found = report["answers"][0]
    assert len(found["covered"]) >= confirmed and len(found["covered"]) + len(found["unconfirmed"]) >= 4
    assert report["overall"] >= score, report["overall"]
