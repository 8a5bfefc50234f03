"""Structure checks for the hand-labelled evaluation data in tests/data/.

The learner texts (CEFR) and the strong/weak answer pairs are what the judgement is measured
against, so a malformed, lopsided or silently shrunken set must fail here, before any scorer
is measured on it. These tests only read JSON: they are quick and load no model.
"""

import collections
import json
import pathlib
import re

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


# ------------------------------------------------------------------ judge pairs

CATEGORIES = ["plain", "paraphrase", "keyword_stuffing", "confident_wrong",
              "rambling_vs_concise", "fillers_vs_empty"]
DOMAINS = ["Computer Science & Technology", "Finance & Banking", "Healthcare & Medicine",
           "Business & Management", "Sales & Marketing", "Education & Teaching",
           "Architecture & Design"]
TYPES = ["general", "behavioral", "technical", "system_design"]


@pytest.fixture(scope="module")
def pairs():
    return _load("judge_pairs.json")


@pytest.fixture(scope="module")
def bank():
    questions = {}
    for path in sorted((ROOT / "data" / "interview").glob("*.json")):
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        for q in data["questions"]:
            questions[q["id"]] = dict(q, domain=data["domain"])
    assert questions, "the interview bank is empty"
    return questions


def _words(text):
    return len(text.split())


def test_pairs_top_level(pairs):
    assert isinstance(pairs.get("about"), str) and len(pairs["about"]) > 40
    assert isinstance(pairs.get("pairs"), list)
    assert len(pairs["pairs"]) >= 84


def test_pairs_fields(pairs):
    for p in pairs["pairs"]:
        where = p.get("id")
        for key in ("id", "category", "domain", "type", "question", "strong", "weak", "why"):
            assert isinstance(p.get(key), str) and p[key].strip(), f"{where}: {key}"
        assert "question_id" in p, where
        assert p["question_id"] is None or isinstance(p["question_id"], str), where
        assert p["category"] in CATEGORIES, where
        assert p["domain"] in DOMAINS, where
        assert p["type"] in TYPES, where
        assert p["strong"] != p["weak"], where
        assert 40 <= _words(p["strong"]) <= 200, f"{where}: strong has {_words(p['strong'])} words"
        assert _words(p["weak"]) >= 15, f"{where}: weak answer is too short to be plausible"
        assert "\n" not in p["why"], where


def test_pair_ids_unique(pairs):
    ids = [p["id"] for p in pairs["pairs"]]
    assert len(ids) == len(set(ids))


def test_pair_counts_per_category(pairs):
    counts = collections.Counter(p["category"] for p in pairs["pairs"])
    for c in CATEGORIES:
        assert counts[c] >= 14, f"{c}: {counts[c]}"


def test_pairs_cover_every_domain_and_type(pairs):
    assert {p["domain"] for p in pairs["pairs"]} == set(DOMAINS)
    assert {p["type"] for p in pairs["pairs"]} == set(TYPES)


def test_pairs_bank_questions_match(pairs, bank):
    for p in pairs["pairs"]:
        qid = p["question_id"]
        if qid is None:
            continue
        assert qid in bank, f"{p['id']}: {qid} is not in data/interview"
        assert p["question"] == bank[qid]["question"], f"{p['id']}: question text differs from the bank"
        assert p["domain"] == bank[qid]["domain"], p["id"]
        assert p["type"] == bank[qid]["type"], p["id"]


def test_pairs_off_bank_share(pairs, bank):
    """At least a third are questions not in the bank, and their text is not a bank question."""
    off = [p for p in pairs["pairs"] if p["question_id"] is None]
    assert 3 * len(off) >= len(pairs["pairs"]), f"{len(off)} of {len(pairs['pairs'])} off-bank"
    bank_texts = {q["question"].strip().lower() for q in bank.values()}
    for p in off:
        assert p["question"].strip().lower() not in bank_texts, f"{p['id']}: is a bank question"
    for c in CATEGORIES:
        assert any(p["category"] == c for p in off), f"{c}: no off-bank pair"


def test_paraphrase_strong_avoids_bank_keywords(pairs, bank):
    """A paraphrase pair is only a test of meaning if the strong answer shares no bank keyword."""
    for p in pairs["pairs"]:
        if p["category"] != "paraphrase" or p["question_id"] is None:
            continue
        q = bank[p["question_id"]]
        keywords = [k for kp in q["key_points"] for k in kp.get("keywords", [])] + list(q.get("terms", []))
        strong = p["strong"].lower()
        used = [k for k in keywords if re.search(r"\b" + re.escape(k.lower()), strong)]
        assert not used, f"{p['id']}: strong answer uses bank keywords {used}"


def test_rambling_weak_is_longer(pairs):
    for p in pairs["pairs"]:
        if p["category"] == "rambling_vs_concise":
            assert _words(p["weak"]) > 1.2 * _words(p["strong"]), p["id"]


def test_keyword_stuffing_weak_is_short_list(pairs):
    for p in pairs["pairs"]:
        if p["category"] == "keyword_stuffing":
            assert p["weak"].count(",") >= 5, f"{p['id']}: weak answer is not a list of terms"
            assert _words(p["weak"]) < _words(p["strong"]), p["id"]


def test_fillers_in_strong_not_in_weak(pairs):
    fillers = re.compile(r"\b(um|uh|like|you know)\b", re.IGNORECASE)
    for p in pairs["pairs"]:
        if p["category"] == "fillers_vs_empty":
            assert len(fillers.findall(p["strong"])) >= 2, f"{p['id']}: strong has no fillers"
            assert not re.search(r"\b(um|uh)\b", p["weak"], re.IGNORECASE), p["id"]
