"""Every generated sentence is true to the transcript: counts match their lists, "used" only for words said,
job terms only from real requirements, no "no corrections" beside corrections, no "no strengths" beside a 10/10."""
from __future__ import annotations

import re

from core.feedback import offline_report
from core.job_terms import requirement_terms, said
from core.report.consistent import reconcile

PHARMACY = """Pharmacy Technician, full time. Springfield, IL.
Requirements:
- PTCB certification
- Accurately fill prescriptions
- Friendly customer service
- 2 years retail pharmacy experience"""


def test_job_terms_are_the_requirements_words_never_a_place_hours_or_fragment():
    terms = requirement_terms(PHARMACY)
    assert "PTCB certification" in terms and "fill prescriptions" in terms
    assert not any(t in ("Springfield", "IL", "full time") or t.lower().startswith("accurately") for t in terms)


def test_used_means_every_word_was_said():
    assert not said("unlevered free cash flow", "I'd project free cash flow and discount it at the WACC.")
    assert said("free cash flow", "I'd project free cash flows and discount them.")
    report = offline_report([{"question": "How would you value a company with a DCF?", "question_id": "fin-technical-01",
                              "answer": "I'd project free cash flow for five years, add a terminal value and "
                                        "discount it at the WACC."}], "interview",
                            job_terms=["unlevered free cash flow"])
    assert "unlevered free cash flow" not in report["job_terms"]["used"]


def test_a_chat_reports_filler_list_adds_up_to_its_count():
    turns = [{"question": "How was your weekend?", "answer": "Um, it was, like, nice, you know. Uh, we basically "
              "went hiking, I mean, sort of far, and then, well, we came back really tired but happy about it."}]
    report = offline_report(turns, "chat")
    line = next(e for e in report["criteria"]["fillers"]["evidence"] if "filler word" in e)
    total = int(re.match(r"(\d+) filler", line).group(1))
    listed = [int(n) for n in re.findall(r"×(\d+)", line)] + [int(n) for n in re.findall(r"and (\d+) other", line)]
    assert total >= 4 and sum(listed) == total, line


def test_no_corrections_line_never_stands_above_corrections():
    report = {"criteria": {"grammar": {"score": 5, "evidence": ["No corrections were recorded.", "Other."]}},
              "corrections": [{"said": "I goed", "fix": "I went"}] * 3, "strengths": [{"point": "x", "quote": ""}],
              "answers": [{"answer": "Ayer goed al cine."}]}
    assert reconcile(report)["criteria"]["grammar"]["evidence"] == ["Other."]


def test_no_strengths_never_stands_beside_a_top_score():
    report = {"criteria": {"confidence": {"score": 10, "evidence": ["No hedging, own actions named."]},
                           "relevance": {"score": 3, "evidence": []}},
              "strengths": [], "answers": [{"answer": "I did it."}]}
    strengths = reconcile(report)["strengths"]
    assert strengths and "confidence" in strengths[0]["point"] and "10/10" in strengths[0]["point"]
    empty = reconcile({**report, "answers": [{"answer": ""}]})
    assert empty["strengths"] == []  # nothing answered: nothing to praise
