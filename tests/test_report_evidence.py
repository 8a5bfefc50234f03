"""Must show (#9): with an LLM, the report gets Parley's measurements as evidence, and an LLM claim that
contradicts a measurement is flagged or dropped (core.report.evidence), end to end through the SDK."""
from __future__ import annotations

import json

import pytest

from config import Settings
from core.banks import all_questions
from core.feedback import offline_report
from core.report.evidence import check, evidence_lines
from services.report import generate_report
from services.storage import Store
from core.spec import PracticeSpec
from tests.report_helpers import ScriptedOpenAI

QUESTION = all_questions()["health-technical-05"]
WRONG = ("The first thing is to lie the patient completely flat, because that takes the strain off the heart. "
         "I'd hold off on oxygen until we've got a blood gas back, since giving oxygen too early causes CO2 "
         "retention in pretty much anyone. Then I'd do a full set of observations.")
PRAISED = "I'd hold off on oxygen until we've got a blood gas back"
RIGHT = ("First I'd call for help early, then go A to E: check the airway, sit them up and start oxygen aiming for "
         "94 to 98 percent, take a full set of observations, listen to the chest and ask for a blood gas and an ECG.")


def turns(answer: str) -> list[dict]:
    return [{"question": QUESTION["question"], "answer": answer, "question_id": QUESTION["id"]}]


def llm_report(**changes) -> dict:
    """An LLM interview report that praises what it should not."""
    report = {
        "mode": "interview", "overall": 8,
        "criteria": {"relevance": {"score": 9, "evidence": ["Thorough."]},
                     "structure": {"score": 8, "evidence": ["Ordered."]},
                     "clarity": {"score": 8, "evidence": ["Clear."]},
                     "confidence": {"score": 9, "evidence": ["Assured."]}},
        "strengths": [{"point": "Sound clinical reasoning about oxygen.", "quote": PRAISED}],
        "improvements": [], "recommendations": ["Keep practising."],
        "job_terms": {"used": [], "missed": []},
        "answers": [{"question": QUESTION["question"], "answer": WRONG, "score": 9, "covered": [], "missing": []}],
        "summary": "Excellent.",
    }
    report.update(changes)
    return report


@pytest.fixture(scope="module")
def measured_wrong() -> dict:
    return offline_report(turns(WRONG), "interview")


@pytest.mark.slow  # the judgement loads the embedding model
def test_the_measured_judgement_names_the_misconception_for_the_model(measured_wrong):
    lines = evidence_lines(measured_wrong, "interview")
    assert any("asserts a known misconception" in line and "oxygen" in line.lower() for line in lines), lines


@pytest.mark.slow
def test_praise_of_a_wrong_claim_is_dropped_and_the_answer_capped(measured_wrong):
    checked = check(llm_report(), measured_wrong, "interview")
    assert checked["strengths"] == []
    answer = checked["answers"][0]
    assert answer["score"] <= 4 and answer["wrong"], answer
    assert checked["criteria"]["relevance"]["score"] < 9
    assert any("misconception" in line for line in checked["checks"])


@pytest.mark.slow
def test_a_point_the_answer_makes_is_not_left_missing():
    measured = offline_report(turns(RIGHT), "interview")
    covered = measured["answers"][0]["covered"]
    assert covered, "the right answer should make at least one key point"
    report = llm_report(strengths=[], answers=[{"question": QUESTION["question"], "answer": RIGHT, "score": 7,
                                                "covered": [], "missing": [covered[0]]}])
    checked = check(report, measured, "interview")
    assert covered[0] in checked["answers"][0]["covered"] and covered[0] not in checked["answers"][0]["missing"]
    assert any("missing" in line for line in checked["checks"])


def test_a_report_that_agrees_with_the_measurements_is_left_alone():
    measured = {"criteria": {"relevance": {"score": 7, "evidence": []}}, "job_terms": {"used": ["SQL"], "missed": []},
                "answers": [{"question": "Q", "answer": "I used SQL daily.", "covered": ["Uses SQL"], "missing": [],
                             "wrong": [], "verified": True}]}
    report = llm_report(strengths=[{"point": "Names the tool.", "quote": "I used SQL daily."}],
                        criteria={"relevance": {"score": 8, "evidence": []}},
                        job_terms={"used": ["SQL"], "missed": []},
                        answers=[{"question": "Q", "answer": "I used SQL daily.", "score": 7,
                                  "covered": ["Uses SQL"], "missing": []}])
    checked = check(report, measured, "interview")
    assert checked["checks"] == []
    assert {k: v for k, v in checked.items() if k != "checks"} == report


def test_a_said_term_is_never_listed_as_missed():
    measured = {"job_terms": {"used": ["sensitivity analysis"], "missed": []}, "answers": []}
    checked = check(llm_report(answers=[], job_terms={"used": [], "missed": ["Sensitivity analysis", "DCF"]}),
                    measured, "interview")
    assert checked["job_terms"] == {"used": ["Sensitivity analysis"], "missed": ["DCF"]}


def test_a_cefr_level_far_from_the_measured_one_is_flagged():
    measured = {"cefr": {"level": "A2", "range": "A1–B1"}}
    report = {"cefr": {"level": "C1", "evidence": ["Rich vocabulary."]}}
    checked = check(report, measured, "language")
    assert checked["cefr"]["level"] == "C1" and "A2" in checked["cefr"]["evidence"][-1]
    assert checked["checks"] and "A2" in checked["checks"][0]
    assert check({"cefr": {"level": "B1", "evidence": []}}, measured, "language")["checks"] == []


@pytest.mark.slow
def test_end_to_end_the_model_gets_the_evidence_and_its_praise_is_dropped(tmp_path):
    store = Store(tmp_path / "p.db")
    sid = store.create_session(PracticeSpec(mode="interview", domain="Healthcare & Medicine",
                                            interview_type="technical", num_questions=1))
    store.add_turn(sid, "assistant", f"Let's begin. {QUESTION['question']}", {})
    store.add_turn(sid, "user", WRONG, {"input": "text"})
    store.end_session(sid)
    with ScriptedOpenAI(json.dumps(llm_report())) as server:
        settings = Settings(parley_llm="compatible", llm_base_url=server.base_url, llm_model="fake")
        report = generate_report(store.get_session(sid), store.turns(sid), settings)
        sent = json.dumps(server.chat_requests()[0].body)
    assert report["source"] == "llm" and not report.get("fallback")
    assert "asserts a known misconception" in sent
    assert report["strengths"] == [] and report["checks"]


def test_a_point_no_sentence_makes_is_not_counted_as_covered():
    measured = {"answers": [{"question": "Q", "answer": "We added a cache.", "covered": [],
                             "missing": ["Invalidate the cache when the data changes."], "wrong": [], "verified": True}]}
    report = llm_report(strengths=[], answers=[{"question": "Q", "answer": "We added a cache.", "score": 6,
                                                "covered": ["Invalidates the cache when data changes"], "missing": []}])
    answer = check(report, measured, "interview")["answers"][0]
    assert answer["covered"] == [] and answer["missing"] == ["Invalidate the cache when the data changes."]
