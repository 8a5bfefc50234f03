"""The interviewer's follow-up: asked on what was said, at most once a question, judged with the first answer."""
from __future__ import annotations

import pytest

from config import Settings
from core import asked as core_asked
from core import banks
from core.coach import interview
from core.coach.followup import probe
from core.feedback import offline_report
from core.spec import PracticeSpec
from services.conversation import Conversation
from services.report import session_turns
from services.storage import Store

pytestmark = pytest.mark.slow
SPEC = PracticeSpec(mode="interview", domain="Finance & Banking", interview_type="technical", difficulty="medium",
                    num_questions=2, seed=5)


def _convo(tmp_path) -> tuple[Store, str, Conversation]:
    store = Store(tmp_path / "f.db")
    sid = store.create_session(SPEC)
    convo = Conversation(store, sid, Settings(parley_llm="offline"))
    convo.run_later = lambda job: None
    "".join(convo.reply())
    return store, sid, convo


def _say(convo: Conversation, text: str) -> str:
    convo.add_user(text)
    return "".join(convo.reply())


def test_no_follow_up_after_skip_or_i_dont_know():
    question = banks.all_questions()["fin-technical-04"]
    assert probe("I don't know", question) is None and probe("skip", question) is None


def test_an_answer_to_another_question_is_asked_again():
    question = banks.all_questions()["fin-technical-04"]
    other = banks.all_questions()["fin-general-03"]
    answer = " ".join(p["said_as"][0] for p in other["key_points"][:3])
    found = probe(answer, question)
    assert found is not None and found.kind == "off_topic" and found.text.endswith(question["question"])


def test_an_answer_to_another_question_said_in_one_breath_is_asked_again():
    """Speech often comes as one long run-on sentence: an answer about design, to a question on keeping skills
    current, is asked again like the same answer said in several sentences."""
    question = banks.all_questions()["cs-general-03"]
    said = ("um so basically I would uh start by looking at the requirements and then like I'd pick the simplest "
            "design that works and I'd test it with real users before scaling it up")
    asked = probe(said, question)
    assert asked is not None and asked.kind == "off_topic" and asked.text.endswith(question["question"])


def test_one_follow_up_a_question_and_the_report_shows_it_with_its_answer(tmp_path):
    store, sid, convo = _convo(tmp_path)
    plan = interview.question_plan(SPEC)
    first = plan[0]
    general = " ".join(p["said_as"][2] for p in first["key_points"][:3])  # right, but no figure or result
    reply = _say(convo, general)
    record = core_asked.asks(store.turns(sid)[-1])
    assert record["kind"] == "follow_up" and record["id"] == first["id"]  # the same question, followed up
    assert "concrete example" in reply and plan[1]["question"] not in reply
    example = "At my last firm I valued a regional retailer this way and our price came within 3 percent of the deal."
    reply = _say(convo, example)
    assert plan[1]["question"] in reply  # never a second follow-up: on to the next question
    turns = session_turns(store.turns(sid), "interview")
    assert len(turns) == 1 and turns[0]["answer"] == f"{general} {example}"
    report = offline_report(turns, "interview")
    entry = report["answers"][0]["follow_up"]
    assert "concrete example" in entry["asked"] and entry["answer"] == example
    assert set(entry["added"]) <= set(report["answers"][0]["covered"])
