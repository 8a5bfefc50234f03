"""Exports put each answer's score beside that answer, and each practise-again attempt's score beside it."""
from __future__ import annotations

from services.export import report_markdown
from tests.report_helpers import CAP_A, CAP_Q, DEBUG_A, DEBUG_Q, interview_llm_report

SESSION = {"id": "s1", "mode": "interview", "title": "Interview", "spec": {"mode": "interview"}, "created_at": 0}


def _turn(role: str, content: str, **meta) -> dict:
    return {"role": role, "content": content, "meta": meta}


def _transcript(md: str) -> str:
    return md.split("## Transcript", 1)[1].split("\n## ", 1)[0]


def test_each_answer_has_its_score_beside_it():
    turns = [_turn("assistant", f"Hi, I'm Alex. {DEBUG_Q}"), _turn("user", DEBUG_A),
             _turn("assistant", f"Next one. {CAP_Q}"), _turn("user", CAP_A, input="voice"),
             _turn("assistant", "Thanks, that was the last question.")]
    report = interview_llm_report(answers=[{"question": DEBUG_Q, "answer": DEBUG_A, "score": 8},
                                           {"question": CAP_Q, "answer": CAP_A, "score": 4}])
    transcript = _transcript(report_markdown(SESSION, turns, report))
    assert f"**You:** {DEBUG_A[:40]}" in transcript and "300 milliseconds. — *scored 8/10*" in transcript
    assert "**You (spoken):** Um, so, basically" in transcript and "quorum reads. — *scored 4/10*" in transcript
    assert transcript.count("scored") == 2  # the coach's turns carry none


def test_a_request_has_no_score_and_an_answer_in_two_turns_has_one_after_its_last_part():
    first, rest = "I added tracing to the checkout service.", "Then I found the missing index and fixed it."
    turns = [_turn("assistant", DEBUG_Q), _turn("user", "repeat"), _turn("assistant", DEBUG_Q),
             _turn("user", first), _turn("user", rest), _turn("assistant", CAP_Q), _turn("user", "skip"),
             _turn("assistant", "Another one: what is a quorum?"), _turn("user", "skip")]
    report = interview_llm_report(answers=[{"question": DEBUG_Q, "answer": f"{first} {rest}", "score": 6},
                                           {"question": CAP_Q, "answer": "skip", "score": 1},
                                           {"question": "What is a quorum?", "answer": "skip", "score": 2}])
    lines = [line for line in _transcript(report_markdown(SESSION, turns, report)).splitlines() if line]
    assert lines[1] == "**You:** repeat"
    assert lines[3] == f"**You:** {first}" and lines[4] == f"**You:** {rest} — *scored 6/10*"
    assert lines[6] == "**You:** skip — *scored 1/10*" and lines[8] == "**You:** skip — *scored 2/10*"


def test_practise_again_attempts_carry_their_scores():
    turns = [_turn("assistant", f"Hi, I'm Alex. {DEBUG_Q}"), _turn("user", "I fixed a bug once.")]
    attempts = [{"answer_index": 0, "question": DEBUG_Q, "answer": DEBUG_A,
                 "meta": {"judgement": {"score": 7, "covered": 2, "missing": 1},
                          "earlier_judgement": {"score": 2, "covered": 0, "missing": 3}}},
                {"answer_index": 0, "question": DEBUG_Q, "answer": "A third try, shorter.",
                 "meta": {"judgement": {"score": 5, "covered": 1, "missing": 2}}}]
    md = report_markdown(SESSION, turns, None, attempts)
    again = md.split("## Practised again", 1)[1]
    assert again.count(f"Question 1: {DEBUG_Q}") == 1
    assert f"Attempt 2: 7/10 · 2 key points covered · 1 missing\n\n> {DEBUG_A[:30]}" in again
    assert "Attempt 3: 5/10 · 1 key point covered · 2 missing\n\n> A third try, shorter." in again
