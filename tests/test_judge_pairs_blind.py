"""Labelled pairs written blind (the authors read only the question banks, never the judge or another set):
the judgement must keep ranking the strong answer above the weak one, and a strong session above a weak one.

Each set was scored once before any change was made while looking at it (docs/judging.md).
The fifth was scored once, blind, after the last change to the judge; the sixth was written and scored once
a session later, and the seventh two sessions later, with no change to the judge since. The eighth was written
from the question texts alone (no key points, no known wrong claims) and scored once after the bank's wrong
claims were extended (24 Nov). The floors below are those results, to catch regressions: they are not the
issue's bar (90 % of pairs, 85 % in every category, 3 points between sessions), which the four together do
not reach yet (162 of 182 pairs; confident-wrong 31 of 42; sessions 1.3-3.7 apart). The second, third
and fourth sets have been looked at while changing the judge, so they are no longer blind: `bench/judge.py`
scores them (and these four) against their floors, outside the test suite's time budget.
"""
from __future__ import annotations

import pytest

from tests.labelled_pairs import load, rank_set

pytestmark = [pytest.mark.slow, pytest.mark.judge]  # runs the embedding model over 280 answers

# set: (pairs ranked right at least, smallest strong-minus-weak session gap at least)
FLOORS = {  # with the claim checker run r17 (docs/claim-checker.md): pairs ranked right 37, 39, 40, 54 (r14 37, 40, 40, 54);
    # smallest session gaps 1.6, 2.5, 2.6, 2.8: r17 confirms fewer points of strong answers, so the sixth's and
    # seventh's narrowest domains close by 0.3 and 0.1. With r14 when it shipped: pairs ranked right 37, 39, 40, 54; smallest
    # session gaps 1.7, 2.8, 2.7, 2.3 (r13: 36, 40, 41, 54 and 1.6, 2.9, 2.9, 2.4; r12: 36, 40, 40, 53 and 1.3, 2.7,
    # 2.8, 1.9; r8: 37, 38, 41, 52; the judge by meaning alone: 37, 38, 41, 50): r14 ranks one pair fewer on the
    # sixth (a confident-wrong answer) and more on the third and fourth (bench/judge.py).
    "judge_pairs_fifth.json": (36, 1.25),
    "judge_pairs_sixth.json": (39, 2.45),
    # The soundness model (docs/soundness-model.md) doubts two strong paraphrase answers of the seventh (v020, v038:
    # they score 4.0 and lose their pairs) and wins a confident-wrong pair of the fifth (v022); over the eight pair
    # sets 367 of 392 pairs are ranked right with it, 370 without.
    "judge_pairs_seventh.json": (39, 2.55),
    "judge_pairs_eighth.json": (53, 1.85),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_a_blind_set_stays_ranked(name):
    pairs = load(name)
    assert len(pairs) >= 40 and len({p["category"] for p in pairs}) == 6 and len({p["domain"] for p in pairs}) == 7
    assert sum(1 for p in pairs if not p.get("question_id")) >= 14  # a third of the 42 the recipe asks for
    misses, _, sessions = rank_set(pairs)
    right_floor, gap_floor = FLOORS[name]
    assert len(pairs) - len(misses) >= right_floor, misses
    for domain, (strong, weak) in sessions.items():
        assert strong - weak >= gap_floor, (domain, strong, weak)
