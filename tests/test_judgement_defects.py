"""Defects of the offline judgement found by trying Parley as a user (issue: honest judgement), each a test
that failed on the old code: job terms, messages after the interview, and strengths quoting one sentence."""
from __future__ import annotations

from config import Settings
from core.feedback import offline_report
from core.job_terms import extract, said, usage
from core.spec import PracticeSpec
from services.report import generate_report, session_turns
from services.storage import Store

JD = ("Financial analyst, FP&A team. You will own monthly forecasting, variance analysis and budgeting. "
      "Skills: SQL, Excel, financial modelling, stakeholder management; sensitivity analysis of assumptions.")


def test_terms_said_word_for_word_or_inflected_count_as_used_and_missed_only_when_absent():
    answers = ["I ran a sensitivity analysis on the key assumption, the discount rate, and wrote the SQL myself."]
    used, missed = usage(["sensitivity analysis", "assumptions", "SQL", "variance analysis"], answers)
    assert used == ["sensitivity analysis", "assumptions", "SQL"] and missed == ["variance analysis"]
    assert not said("attractive", "The offer was unattractive to them.")  # a whole word, never a prefix
    assert said("API", "We exposed an api for it.") and said("TCP", "over TCP sockets")


def test_job_description_terms_are_extracted_and_tracked_in_the_report(tmp_path):
    terms = extract(JD)
    assert {"forecasting", "variance analysis", "SQL", "sensitivity analysis"} <= set(terms)
    store = Store(tmp_path / "p.db")
    sid = store.create_session(PracticeSpec(mode="interview", domain="Finance & Banking", num_questions=1,
                                            job_description=JD))
    store.add_turn(sid, "assistant", "Hi. First question: Walk me through how you would build a forecast?")
    store.add_turn(sid, "user", "I start from last year's actuals in SQL, build the forecast by driver, then run a "
                                "sensitivity analysis on the main assumptions and explain the variance each month.")
    report = generate_report(store.get_session(sid), store.turns(sid), Settings(parley_llm="offline"))
    used, missed = report["job_terms"]["used"], report["job_terms"]["missed"]
    assert {"SQL", "sensitivity analysis", "forecasting"} <= set(used)
    assert "sensitivity analysis" not in missed and "budgeting" in missed


def test_a_message_after_the_interview_is_complete_is_not_scored_as_an_answer():
    stored = [
        {"role": "assistant", "content": "Hi, I'm Alex. First question: Why do you want to work in finance?"},
        {"role": "user", "content": "I did an internship at a credit union and loved building their loan models."},
        {"role": "assistant", "content": "That was the last question — thanks. Press End session to see your feedback."},
        {"role": "user", "content": "Thanks, that was useful practice, I will come back tomorrow for more."},
    ]
    turns = session_turns(stored, "interview", limit=1)
    assert [t["answer"] for t in turns] == [stored[1]["content"]]
    assert len(offline_report(turns, "interview")["answers"]) == 1


def test_every_strength_and_improvement_quotes_a_different_sentence():
    answer = ("Last year our month-end close took eight days and the team was exhausted. My task was to shorten it "
              "without losing accuracy. I mapped every step, automated the bank reconciliations in Python and moved "
              "two reviews earlier. As a result we closed in five days, and errors fell by 40 percent in a quarter.")
    report = offline_report([{"question": "Tell me about a time you improved a process.", "answer": answer}],
                            "interview")
    quotes = [i["quote"] for i in report["strengths"] + report["improvements"] if i.get("quote")]
    assert len(quotes) >= 2 and len(set(quotes)) == len(quotes), quotes
