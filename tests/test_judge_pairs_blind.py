"""Labelled pairs written blind (the authors read only the question banks, never the judge or another set):
the judgement must keep ranking the strong answer above the weak one, and a strong session above a weak one.

Each set was scored once before any change was made while looking at it (README, "How answers are judged").
The second, third and fourth sets have since been looked at, so they are no longer blind; the fifth was scored
once, blind, after the last change. The floors below are today's results, to catch regressions: they are not
the issue's bar (90 % of pairs, 3 points between sessions), which the blind sets do not reach yet.
"""
from __future__ import annotations

import collections

import pytest

from core.feedback import offline_report
from tests.labelled_pairs import load, pair_turn

pytestmark = [pytest.mark.slow, pytest.mark.judge]  # runs the embedding model over 336 answers

# set: (pairs ranked right at least, smallest strong-minus-weak session gap at least)
FLOORS = {
    "judge_pairs_second.json": (40, 1.0),
    "judge_pairs_third.json": (38, 1.5),
    "judge_pairs_fourth.json": (35, 1.0),
    "judge_pairs_fifth.json": (36, 1.2),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_a_blind_set_stays_ranked(name):
    pairs = load(name)
    assert len(pairs) >= 40 and len({p["category"] for p in pairs}) == 6 and len({p["domain"] for p in pairs}) == 7
    assert sum(1 for p in pairs if not p.get("question_id")) >= len(pairs) // 3
    misses = []
    for pair in pairs:
        strong, weak = (offline_report([pair_turn(pair, side)], "interview")["overall"] for side in ("strong", "weak"))
        if not strong > weak:  # a tie is a miss
            misses.append((pair["id"], pair["category"], strong, weak))
    right_floor, gap_floor = FLOORS[name]
    assert len(pairs) - len(misses) >= right_floor, misses

    by_domain = collections.defaultdict(list)
    for pair in pairs:
        by_domain[pair["domain"]].append(pair)
    for domain, group in by_domain.items():
        scores = {side: offline_report([pair_turn(p, side) for p in group], "interview")["overall"]
                  for side in ("strong", "weak")}
        assert scores["strong"] - scores["weak"] >= gap_floor, (domain, scores)
