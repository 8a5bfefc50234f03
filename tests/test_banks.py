"""The curated content the offline coach relies on: complete, well-formed, spread over levels."""
from __future__ import annotations

import re
from collections import Counter

import pytest

from core import banks
from core.languages import CEFR_LEVELS, CODES
from core.spec import DIFFICULTIES, DOMAINS, INTERVIEW_TYPES


def test_every_domain_has_a_bank():
    assert set(banks.interview_banks()) == set(DOMAINS)


@pytest.mark.parametrize("domain", DOMAINS)
def test_each_domain_and_type_has_five_plus_questions_over_three_difficulties(domain):
    for kind in INTERVIEW_TYPES:
        questions = banks.questions_for(domain, kind)
        assert len(questions) >= 5, (domain, kind)
        assert {q["difficulty"] for q in questions} == set(DIFFICULTIES), (domain, kind)
        for q in questions:
            assert q["question"].strip() and q["outline"].strip()
            assert 3 <= len(q["key_points"]) <= 5
            for point in q["key_points"]:
                assert point["point"] and point["keywords"]
                assert all(k == k.lower() and k.strip() for k in point["keywords"])


def test_at_least_140_unique_questions():
    questions = list(banks.all_questions().values())
    assert len(questions) >= 140
    assert len({q["question"] for q in questions}) == len(questions)
    assert sum(len(qs) for qs in banks.interview_banks().values()) == len(questions)  # ids unique


@pytest.mark.parametrize("code", CODES)
def test_language_packs(code):
    pack = banks.language_pack(code)
    assert pack["code"] == code
    levels = Counter(p["level"] for p in pack["prompts"])
    assert len(pack["prompts"]) >= 10 and set(levels) == set(CEFR_LEVELS)
    assert "{level}" in pack["phrases"]["opening"]
    for key in ("acks", "more", "next", "repeat", "skip", "wait", "closing"):
        assert pack["phrases"][key]


def test_chat_script_is_honest_about_being_scripted():
    script = banks.chat_script()
    assert "scripted" in script["opening"] and "key" in script["opening"]
    assert len(script["topics"]) >= 10


def test_every_question_has_two_plus_distinct_misconceptions_with_corrections():
    """Each misconception is a wrong claim a candidate might assert plus the user-facing correction."""
    for qid, q in banks.all_questions().items():
        items = q.get("misconceptions")
        assert isinstance(items, list) and len(items) >= 2, qid
        claims = [m["claim"].strip().lower() for m in items]
        corrections = [m["correction"].strip().lower() for m in items]
        assert len(set(claims)) == len(claims) and len(set(corrections)) == len(corrections), qid
        for m in items:
            assert set(m) <= {"claim", "correction", "said_as", "said_otherwise"}, qid
            claim, correction = m["claim"].strip(), m["correction"].strip()
            assert claim and correction and claim.lower() != correction.lower(), qid
            assert 4 <= len(claim.split()) <= 40, (qid, claim)
            assert 6 <= len(correction.split()) <= 60, (qid, correction)


def test_every_misconception_lists_how_a_candidate_says_it():
    """`said_as`: three ways the claim sounds in an answer, so the judge catches it in other words; `said_otherwise`:
    the claim said over two sentences, matched against two adjacent sentences (core.judge.answer)."""
    for qid, q in banks.all_questions().items():
        for m in q["misconceptions"]:
            forms = m.get("said_as")
            assert isinstance(forms, list) and len(forms) == 3 and len(set(forms)) == 3, (qid, m["claim"])
            for form in forms:
                assert 8 <= len(form.split()) <= 35 and form.strip().lower() != m["claim"].strip().lower(), (qid, form)
            split = m.get("said_otherwise")
            assert isinstance(split, list) and len(split) == 1, (qid, m["claim"])
            assert 8 <= len(split[0].split()) <= 50 and re.search(r"[.!?]\s+\S", split[0].strip()), (qid, split)


def test_every_key_point_lists_three_ways_a_candidate_says_it():
    """`said_as` on a key point: how a candidate makes it out loud, so the judge can confirm it in everyday words."""
    for qid, q in banks.all_questions().items():
        for point in q["key_points"]:
            forms = point.get("said_as")
            assert isinstance(forms, list) and len(forms) == 3 and len(set(forms)) == 3, (qid, point["point"])
            for form in forms:
                assert 8 <= len(form.split()) <= 40, (qid, form)
