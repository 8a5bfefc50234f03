"""Structure checks for the hand-labelled evaluation data in tests/data/.

The learner texts (CEFR) and the strong/weak answer pairs are what the judgement is measured
against, so a malformed, lopsided or silently shrunken set must fail here, before any scorer
is measured on it. These tests only read JSON: they are quick and load no model.
"""

import collections
import json
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2"]
TWO_PER_LEVEL = ["en", "es", "fr", "de"]
ONE_PER_LEVEL = ["zh", "it"]
ARROW = " → "


def _load(name):
    with open(DATA / name, encoding="utf-8") as fh:
        return json.load(fh)


# ------------------------------------------------------------------ learner texts

@pytest.fixture(scope="module")
def learner():
    return _load("learner_texts.json")


def test_learner_texts_top_level(learner):
    assert isinstance(learner.get("about"), str) and len(learner["about"]) > 40
    assert isinstance(learner.get("texts"), list)
    assert len(learner["texts"]) >= 60


def test_learner_texts_fields(learner):
    for t in learner["texts"]:
        where = t.get("id")
        for key, kind in [("id", str), ("language", str), ("level", str), ("prompt", str),
                          ("answers", list), ("corrections", list)]:
            assert isinstance(t.get(key), kind), f"{where}: {key} missing or not {kind.__name__}"
        assert t["level"] in LEVELS, where
        assert t["prompt"].strip(), where
        assert 2 <= len(t["answers"]) <= 4, f"{where}: needs 2-4 answers"
        for a in t["answers"]:
            assert isinstance(a, str) and a.strip(), where
            assert not any(m in a for m in ("**", "##", "\n- ", "`")), f"{where}: markdown in speech"


def test_learner_ids_unique(learner):
    ids = [t["id"] for t in learner["texts"]]
    assert len(ids) == len(set(ids))


def test_learner_counts_per_language_and_level(learner):
    counts = collections.Counter((t["language"], t["level"]) for t in learner["texts"])
    for lang in TWO_PER_LEVEL:
        for level in LEVELS:
            assert counts[(lang, level)] >= 2, f"{lang} {level}: {counts[(lang, level)]}"
    for lang in ONE_PER_LEVEL:
        for level in LEVELS:
            assert counts[(lang, level)] >= 1, f"{lang} {level}: {counts[(lang, level)]}"
    assert len({t["language"] for t in learner["texts"]}) >= 5


def test_learner_corrections_quote_the_text(learner):
    """Each correction is 'wrong → right' and the wrong part is really in the answers."""
    for t in learner["texts"]:
        spoken = " ".join(t["answers"]).lower()
        for c in t["corrections"]:
            assert isinstance(c, str) and c.count(ARROW) == 1, f"{t['id']}: {c!r}"
            wrong, right = (part.strip() for part in c.split(ARROW))
            assert wrong and right and wrong != right, f"{t['id']}: {c!r}"
            assert wrong.lower() in spoken, f"{t['id']}: {wrong!r} is not in the answers"


def test_learner_low_levels_have_errors(learner):
    for t in learner["texts"]:
        if t["level"] in ("A1", "A2", "B1"):
            assert t["corrections"], f"{t['id']}: a {t['level']} text with nothing to correct"


def test_learner_hard_cases_present(learner):
    """Each two-per-level language has a talkative A2, a concise C1/C2 and a mechanical-linker B1."""
    by_lang = collections.defaultdict(set)
    for t in learner["texts"]:
        by_lang[t["language"]].add((t.get("profile"), t["level"]))
    for lang in TWO_PER_LEVEL + ONE_PER_LEVEL:
        profiles = by_lang[lang]
        assert ("talkative", "A2") in profiles, lang
        assert ("mechanical_linkers", "B1") in profiles, lang
        assert ("concise", "C1") in profiles or ("concise", "C2") in profiles, lang


def _size(t):
    text = " ".join(t["answers"])
    return len(text.replace(" ", "")) if t["language"] == "zh" else len(text.split())


def test_learner_length_does_not_track_level(learner):
    """Within each language a talkative A2 text is longer than a concise C1/C2 one."""
    for lang in TWO_PER_LEVEL + ONE_PER_LEVEL:
        texts = [t for t in learner["texts"] if t["language"] == lang]
        talkative = max(_size(t) for t in texts if t.get("profile") == "talkative")
        concise = min(_size(t) for t in texts if t.get("profile") == "concise")
        assert talkative > 2 * concise, lang
