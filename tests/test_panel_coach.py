"""A panel interview (core.coach.panel): two or three interviewers take turns, each asking their own types,
handing over by name, and every question record says who asked it."""
from __future__ import annotations

import pytest

from core import asked as core_asked
from core.coach import followup, interview, panel
from core.coach.followup import Probe
from core.prompts import interview_prompt
from core.spec import PracticeSpec

pytestmark = pytest.mark.slow

from tests.answers import complete_answer  # noqa: E402

ANSWER = "I would profile first, then add an index and a cache. It cut the p99 latency by 40 percent in two weeks."


def _spec(size: int, **kw) -> PracticeSpec:
    return PracticeSpec(mode="interview", domain="Computer Science & Technology", interview_type="technical",
                        num_questions=kw.pop("num_questions", 4), seed=kw.pop("seed", 3), panel=size, **kw)


def _interview(spec: PracticeSpec, answers: list[str]) -> list[dict]:
    """The transcript of the offline coach's interview: every reply is (text, record), saved as a turn would be."""
    transcript: list[dict] = []
    for answer in [None, *answers]:
        if answer is not None:
            transcript.append({"role": "user", "content": answer, "meta": {}})
        text, record = interview.turn(spec, transcript)
        transcript.append({"role": "assistant", "content": text, "meta": {"asks": record}})
    return transcript


def test_the_spec_has_a_panel_size_and_older_sessions_have_one_interviewer():
    assert PracticeSpec.from_dict({"mode": "interview"}).panel == 1
    spec = _spec(3)
    assert PracticeSpec.from_dict(spec.to_dict()) == spec and spec.title().endswith("· panel of 3")
    assert "panel" not in _spec(1).title()
    with pytest.raises(ValueError):
        _spec(4)


def test_a_question_record_names_who_asks_only_when_told():
    assert core_asked.record("Why?") == {"id": None, "text": "Why?", "kind": "question"}  # as before
    assert core_asked.record("Why?", "q1", "repeat", by="hr") == {"id": "q1", "text": "Why?", "kind": "repeat",
                                                                   "by": "hr"}


def test_one_interviewer_asks_as_before_with_no_by():
    spec = _spec(1)
    assert all("by" not in q for q in interview.question_plan(spec))
    text, record = interview.turn(spec, [])
    assert text.startswith("Hi, I'm Alex. We'll do 4 technical questions") and "by" not in record


@pytest.mark.parametrize("size", [2, 3])
def test_each_panelist_asks_their_own_types_in_turn(size):
    spec = _spec(size, num_questions=6)
    plan = interview.question_plan(spec)
    team = panel.members(spec)
    assert [q["by"] for q in plan] == [team[i % size].key for i in range(6)]
    for q in plan:
        assert q["type"] in panel.get(q["by"]).types
    assert {q["by"] for q in plan} == {p.key for p in team} and len({q["id"] for q in plan}) == 6


def test_a_panel_of_three_takes_turns_hands_over_by_name_and_records_who_asks():
    spec = _spec(3)
    transcript = _interview(spec, [complete_answer(q["id"]) for q in interview.question_plan(spec)])
    replies = [t for t in transcript if t["role"] == "assistant"]
    opening = replies[0]["content"]
    assert opening.startswith("Hi, I'm Alex, the hiring manager for this role. With me are Priya, our technical lead, "
                              "and Sam, our HR partner")
    asked = [core_asked.asks(t) for t in replies]
    assert [a["by"] for a in asked[:4]] == ["hiring_manager", "technical_lead", "hr", "hiring_manager"]
    assert asked[4] is None and "thanks from all of us" in replies[4]["content"]
    assert "Thanks, Alex — I'm Priya, I lead the team you'd join." in replies[1]["content"]
    assert "Thanks, Priya — I'm Sam, I look after people and culture here." in replies[2]["content"]
    assert "Thanks, Sam — Alex again. Last question:" in replies[3]["content"]
    speakers = [[p.name for p in said] for said in panel.turn_speakers(spec, transcript) if said]
    assert speakers == [["Alex"], ["Alex", "Priya"], ["Priya", "Sam"], ["Sam", "Alex"], ["Alex"]]
    assert interview.is_complete(spec, transcript)


def test_a_first_question_of_another_panelist_is_handed_over_in_the_opening():
    spec = _spec(2, review_ids=("cs-technical-04", "cs-behavioral-03"))
    plan = interview.question_plan(spec)
    assert [q["by"] for q in plan] == ["technical_lead", "hiring_manager"]  # each by their types
    text, record = interview.turn(spec, [])
    assert "Priya will start. Thanks, Alex — I'm Priya" in text and record["by"] == "technical_lead"
    assert [p.name for p, _ in panel.speakers_of(spec, text, None)] == ["Alex", "Priya"]


def test_a_follow_up_and_a_repeat_stay_with_the_panelist_who_asked(monkeypatch):
    spec = _spec(2)
    transcript = _interview(spec, [])
    monkeypatch.setattr(followup, "probe", lambda *a, **k: Probe("Can you give me a number?", "example"))
    transcript = transcript + [{"role": "user", "content": ANSWER, "meta": {}}]
    text, record = interview.turn(spec, transcript)
    assert record["kind"] == "follow_up" and record["by"] == "hiring_manager" and "Thanks, Alex" not in text
    transcript += [{"role": "assistant", "content": text, "meta": {"asks": record}},
                   {"role": "user", "content": "repeat", "meta": {}}]
    text, record = interview.turn(spec, transcript)
    assert record["kind"] == "repeat" and record["by"] == "hiring_manager"


def test_voices_switch_where_the_next_panelist_names_themselves():
    spec = _spec(2)
    transcript = _interview(spec, [complete_answer(interview.question_plan(spec)[0]["id"])])
    before, reply = transcript[:-1], transcript[-1]["content"]
    voices = panel.Voices(spec, before)
    from services.speaker import SpokenUnits

    units = SpokenUnits()
    chunks = units.feed(reply) + units.flush()
    said = [(voices.voice(chunk), chunk) for chunk in chunks]
    handover = next(i for i, (_, c) in enumerate(said) if "I'm Priya" in c)
    assert {v for v, _ in said[:handover]} == {"natural"} and {v for v, _ in said[handover:]} == {"lighter"}
    assert panel.speaker_after(spec, transcript) is panel.TECHNICAL_LEAD


def test_a_model_interviewers_panel_is_told_the_turns_and_the_handover():
    prompt = interview_prompt(_spec(3, num_questions=4))
    assert "panel of 3" in prompt and "question 1: Alex, 2: Priya, 3: Sam, 4: Alex" in prompt
    assert "Thanks, Alex — I'm Priya" in prompt and "technical and system design" in prompt
    assert interview_prompt(_spec(1)).startswith("You are Alex, a senior engineering manager")


def test_a_model_reply_without_by_is_read_for_who_asked():
    spec = _spec(2)
    turns = [{"role": "assistant", "content": "Hi, I'm Alex. With me is Priya. Why this role?",
              "meta": {"asks": core_asked.record("Why this role?")}},
             {"role": "user", "content": ANSWER, "meta": {}},
             {"role": "assistant", "content": "Okay, that's clear. Thanks, Alex — I'm Priya, I lead the team. "
              "How does an index work?", "meta": {"asks": core_asked.record("How does an index work?")}}]
    assert [(q, p.name) for q, p in panel.who_asked(spec, turns)] == [("Why this role?", "Alex"),
                                                                      ("How does an index work?", "Priya")]
