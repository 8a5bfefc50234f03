"""The offline judgement ranks the strong answer of each labelled pair above the weak one (issue: honest
judgement), per category, and a whole strong session clearly above a whole weak one. The pairs were written
by the same team as the judge, and its thresholds were chosen on them: treat the rates as optimistic."""
from __future__ import annotations

import collections

import pytest

from core.feedback import offline_report
from tests.labelled_pairs import load, pair_turn

pytestmark = [pytest.mark.slow, pytest.mark.judge]  # runs the embedding model over 168 answers

PAIRS = load("judge_pairs.json")


def _overall(pair: dict, side: str) -> int:
    return offline_report([pair_turn(pair, side)], "interview")["overall"]


@pytest.fixture(scope="module")
def ranked():
    hits = collections.defaultdict(list)
    for pair in PAIRS:
        hits[pair["category"]].append(_overall(pair, "strong") > _overall(pair, "weak"))  # a tie is a miss
    return hits


def test_at_least_90_percent_of_pairs_ranked_right(ranked):
    right = sum(sum(v) for v in ranked.values())
    assert right / len(PAIRS) >= 0.90, {k: f"{sum(v)}/{len(v)}" for k, v in ranked.items()}


def test_at_least_85_percent_in_every_category(ranked):
    assert len(ranked) == 6
    for category, hits in ranked.items():
        assert sum(hits) / len(hits) >= 0.85, (category, f"{sum(hits)}/{len(hits)}")


def test_a_strong_session_beats_a_weak_one_by_three_points_in_every_domain():
    by_domain = collections.defaultdict(list)
    for pair in PAIRS:
        by_domain[pair["domain"]].append(pair)
    assert len(by_domain) == 7
    for domain, pairs in by_domain.items():
        scores = {side: offline_report([pair_turn(p, side) for p in pairs[:5]], "interview")["overall"]
                  for side in ("strong", "weak")}
        assert scores["strong"] - scores["weak"] >= 3, (domain, scores)


def test_a_known_wrong_claim_is_quoted_with_its_correction():
    pair = next(p for p in PAIRS if p["id"] == "p045")
    report = offline_report([{"question": pair["question"], "answer": pair["weak"],
                              "question_id": pair["question_id"]}], "interview")
    wrong = report["answers"][0]["wrong"]
    assert wrong and "maximum" in wrong[0]["quote"] and wrong[0]["correction"]
    assert any("misconception" in i["point"] for i in report["improvements"])
    assert report["overall"] <= 5
    strong = offline_report([{"question": pair["question"], "answer": pair["strong"],
                              "question_id": pair["question_id"]}], "interview")
    assert strong["answers"][0]["wrong"] == []


def test_a_list_of_terms_earns_little_for_content():
    for pair in (p for p in PAIRS if p["category"] == "keyword_stuffing" and p.get("question_id")):
        report = offline_report([{"question": pair["question"], "answer": pair["weak"],
                                  "question_id": pair["question_id"]}], "interview")
        assert len(report["answers"][0]["covered"]) <= 2 and report["overall"] <= 5, pair["id"]
