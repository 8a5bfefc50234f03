"""The intelligibility estimate: from per-word recognizer confidence, with the unsure words as evidence."""
from __future__ import annotations

from core.intelligibility import estimate, evidence, words_of


def test_clear_speech_scores_high_and_lists_no_unsure_words():
    result = estimate([(w, 0.95) for w in "yo fui a la playa con mi familia el verano".split()])
    assert result["band"] == "clear" and result["score"] >= 9 and result["unsure"] == []


def test_unsure_words_are_the_evidence_and_lower_the_score():
    words = [(w, 0.92) for w in "me gusta mucho viajar con mis amigos".split()] + [("ferrocarril", 0.21),
                                                                                     ("desayunamos", 0.35)]
    clear = estimate([(w, 0.92) for w, _ in words])
    result = estimate(words)
    assert result["score"] < clear["score"] and result["unsure"] == ["ferrocarril", "desayunamos"]
    assert any("ferrocarril" in line for line in evidence(result, "Spanish"))
    assert any("estimate" in line for line in evidence(result, "Spanish"))


def test_too_few_words_give_no_estimate_and_bad_entries_are_skipped():
    assert estimate([("hola", 0.9)] * 3) is None
    assert words_of({"words": [["hola", 0.9], ["", 0.5], ["x"], ["adiós", "high"], ["bien", 1.7]]}) == [
        ("hola", 0.9), ("bien", 1.0)]
