"""Figures in answers as people say them, and no credit from a checker that does not read numbers: a key point
whose figure the answer states only otherwise ("a slope of up to 1 in 8" for "a maximum slope of 1 in 12") is
never confirmed (core.judge.answer.other_figures_only)."""
from __future__ import annotations

import pytest

from core import banks
from core.judge.answer import other_figures_only
from core.judge.polarity import figures
from core.judge.substance import classify


@pytest.mark.parametrize("text, expected", [
    ("a slope of 1 in 12", {1, 12}),
    ("um between eighty eight and ninety two percent", {88, 92}),
    ("about one hundred and twenty beds", {120}),
    ("four point five percent of risk weighted assets", {4.5}),
    ("two and a half million users", {2.5e6}),
    ("seven hundred fifty", {750}),
    ("1,000 requests at 10ms", {1000, 10}),
    ("CET1 at 4.5%", {4.5}),  # a name with a digit in it is not a figure
    ("a hundred reads for every write", {100}),
    ("scoring around point seven", {0.7}),
    ("a three oh one gets cached by browsers", {3, 0, 1, 301}),  # said digit by digit: also run together
    ("I'd line it up with ISO nineteen six fifty", {19, 6, 50, 19650}),
    ("two or three teams", {2, 3}),
])
def test_figures_are_read_in_digits_and_in_words_as_recognizers_write_them(text, expected):
    assert figures(text) == expected


RAMP_Q = "arch-technical-03"


def _ramp():
    question = banks.all_questions()[RAMP_Q]
    point = next(p for p in question["key_points"] if "1 in 12" in p["point"])
    return question, point


@pytest.mark.parametrize("answer, other", [
    ("Where a ramp is needed, the ADA allows a slope of up to 1 in 8, so you can keep ramps short.", True),
    ("um so the ramp slope can go up to like one in eight under the ADA you know", True),
    ("Ramps need a maximum slope of 1 in 12 under the ADA, with level landings and handrails.", False),
    ("so ramps uh a slope of no more than one in twelve with landings and handrails on both sides", False),
    ("A ramp needs level landings and handrails on both sides.", False),  # no figure: the checker decides
])
def test_a_point_whose_figure_is_stated_only_otherwise_is_not_confirmed(answer, other):
    question, point = _ramp()
    real = [s for s in classify(answer, question["question"]) if s.real]
    assert other_figures_only(point, real, question["question"]) is other
