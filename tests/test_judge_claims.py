"""Known wrong claims are caught when a candidate says them in other words (the bank's `said_as`), and not
when the sentence denies them (issue: honest judgement, known wrong claims)."""
from __future__ import annotations

import copy

import pytest

from core import banks
from core.judge import judge

pytestmark = pytest.mark.judge  # runs the embedding model

VAR = banks.all_questions()["fin-technical-06"]


def _without_said_as(bank: dict) -> dict:
    bare = copy.deepcopy(bank)
    for item in bare["misconceptions"]:
        item.pop("said_as", None)
    return bare


@pytest.mark.parametrize("sentence, claim", [
    ("Our var is five million, so five million is the ceiling on our losses.", "maximum the portfolio can ever lose"),
    ("The bank's total VaR is simply the sum of the individual desk VaRs.", "sum of the desks"),
])
def test_a_wrong_claim_in_other_words_is_caught_through_the_ways_candidates_say_it(sentence, claim):
    judged = judge(VAR["question"], sentence, VAR)
    assert [w.quote for w in judged.wrong] == [sentence] and claim in judged.wrong[0].claim
    assert judge(VAR["question"], sentence, _without_said_as(VAR)).wrong == []  # the claim's own words miss it


@pytest.mark.parametrize("sentence", [
    "Our var is five million, but five million is not the ceiling on our losses.",
    "The bank's total VaR is not simply the sum of the individual desk VaRs, because of diversification.",
    "A one-day 99 percent VaR of five million means we expect to lose more than that on about one day in a hundred.",
])
def test_a_sentence_that_denies_or_corrects_the_claim_is_not_marked_wrong(sentence):
    assert judge(VAR["question"], sentence, VAR).wrong == []
