"""Must show: on labelled learner texts the CEFR estimate is within 0.6 levels on average and rises with level.

The texts run through the public entry point, `offline_report(turns, "language", language)`. The set is
tests/data/learner_texts.json (60 texts transcribed as spoken, with deliberate hard cases: talkative A2,
concise C1/C2, mechanical linkers) plus tests/data/cefr_dev_texts.json (60 written-style texts): 120 texts in
en, es, fr, de (4 per level), it and zh (2 per level). All were written in-house and the model was fitted on
them, so the fitted numbers are optimistic; the leave-one-language-out error (the model refitted without the
language it is scored on) is the honest guide. German C1 and C2 are only 0.01 levels apart: the signals
barely tell those two levels apart, and the test says so by staying strict.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from core.cefr import fit as cefr_fit
from core.cefr.model import MODELS
from core.feedback import offline_report
from core.languages import CEFR_LEVELS

pytestmark = pytest.mark.cpu  # model work with no server, page or clock: make test runs it beside the browser tests

DATA = Path(__file__).parent / "data"
TEXTS = cefr_fit.load_sets([str(DATA / "learner_texts.json"), str(DATA / "cefr_dev_texts.json")])
LANGS = sorted({t["lang"] for t in TEXTS})


def turns_of(text: dict) -> list[dict]:
    """The text as a language-test session: one turn per answer, the examiner's corrections on the first."""
    turns = [{"question": "Tell me more.", "answer": answer} for answer in text["answers"]]
    if text["corrections"] is not None:
        for i, turn in enumerate(turns):
            turn["corrections"] = text["corrections"] if i == 0 else []
    return turns


@pytest.fixture(scope="module")
def estimates() -> list[tuple[dict, dict]]:
    return [(t, offline_report(turns_of(t), "language", language=t["lang"])["cefr"]) for t in TEXTS]


def test_the_labelled_set_is_big_and_varied_enough():
    assert len(TEXTS) >= 40 and len(LANGS) >= 5
    for lang in LANGS:
        assert {t["level"] for t in TEXTS if t["lang"] == lang} == set(range(6)), lang


def test_mean_absolute_error_is_at_most_0_6_levels(estimates):
    errors = [abs(CEFR_LEVELS.index(c["level"]) - t["level"]) for t, c in estimates]
    assert sum(errors) / len(errors) <= 0.6


@pytest.mark.parametrize("lang", LANGS)
def test_the_mean_estimate_rises_strictly_with_the_true_level(estimates, lang):
    by_level: dict[int, list[float]] = {}
    for t, c in estimates:
        if t["lang"] == lang:
            by_level.setdefault(t["level"], []).append(c["score"])
    means = [sum(v) / len(v) for _, v in sorted(by_level.items())]
    assert all(a < b for a, b in zip(means, means[1:])), [round(m, 2) for m in means]


def test_every_estimate_has_a_range_that_holds_its_level(estimates):
    for _, c in estimates:
        low, _, high = c["range"].partition("–")
        assert CEFR_LEVELS.index(low) <= CEFR_LEVELS.index(c["level"]) <= CEFR_LEVELS.index(high or low)


def test_the_shipped_model_is_the_one_fitted_on_this_set():
    fitted = cefr_fit.fit_all(TEXTS)["models"]
    for name, model in MODELS.items():
        assert model["names"] == fitted[name]["names"]
        for signal, weight in model["weights"].items():
            assert weight == pytest.approx(fitted[name]["weights"][signal], abs=1e-4)


def test_held_out_error_is_reported_and_not_far_off():
    """Leave one language out: the model never saw the language it is scored on."""
    result = cefr_fit.fit_all(TEXTS)
    held_out = result["leave_one_language_out"]["corrections"]["mae"]
    assert held_out >= result["fit"]["corrections"]["mae"] - 0.05  # held-out can't honestly be much better
    assert held_out <= 0.6


SECOND = cefr_fit.load_sets([str(DATA / "learner_texts_second.json")])


def test_texts_written_blind_stay_within_their_measured_error():
    """36 texts written blind and never fitted on (docs/cefr.md): 0.64 levels when first scored. Held there, so a
    change to a signal or to the weights that makes unseen texts worse fails here."""
    errors = [abs(CEFR_LEVELS.index(offline_report(turns_of(t), "language", language=t["lang"])["cefr"]["level"])
                  - t["level"]) for t in SECOND]
    assert len(SECOND) >= 36 and sum(errors) / len(errors) <= 0.65
