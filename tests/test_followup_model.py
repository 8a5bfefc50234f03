"""A model interviewer follows up in its own words, on the offline judgement of the answer, with the scripted
coach's limits: once a question, never after a cue, never about a point made; its answer joins the first. Against
the local fake OpenAI server (the official SDK on the wire)."""
from __future__ import annotations

import pytest

from config import Settings
from core import asked as core_asked
from core import banks
from core.coach import interview
from core.spec import PracticeSpec
from services.conversation import FINAL_NOTE, Conversation
from services.report import session_turns
from services.storage import Store
from tests.fakes.openai_server import FakeOpenAI

pytestmark = pytest.mark.slow  # the sentence model and the claim checker, and a local server

SPEC = PracticeSpec(mode="interview", domain="Finance & Banking", interview_type="technical", difficulty="medium",
                    num_questions=1, seed=5)


def _convo(tmp_path, server) -> tuple[Store, str, Conversation]:
    store = Store(tmp_path / "m.db")
    sid = store.create_session(SPEC)
    settings = Settings(parley_llm="compatible", llm_base_url=server.base_url, max_retries=0)
    convo = Conversation(store, sid, settings)
    convo.run_later = lambda job: None
    return store, sid, convo


def _notes(server) -> list[str]:
    return [m["content"] for m in server.requests[-1].body["messages"] if m["role"] == "system"]


def _general(question: dict) -> str:
    return " ".join(p["said_as"][2] for p in question["key_points"][:3])  # right, but no figure or result


def test_the_model_is_told_to_follow_up_once_and_the_answers_join(tmp_path):
    first = interview.question_plan(SPEC)[0]
    with FakeOpenAI(reply=f"Let's begin. {first['question']}") as server:
        store, sid, convo = _convo(tmp_path, server)
        "".join(convo.reply())
        assert core_asked.asks(store.turns(sid)[-1])["id"] == first["id"]
        general = _general(first)
        convo.add_user(general)
        server.reply = "Could you give me a real example of when you did that, with a figure?"
        "".join(convo.reply())
        notes = _notes(server)
        assert any("exactly one follow-up" in n and "concrete example" in n for n in notes)
        assert FINAL_NOTE not in notes, "the follow-up comes before the wrap-up"
        record = core_asked.asks(store.turns(sid)[-1])
        assert record["kind"] == "follow_up" and record["id"] == first["id"]
        assert convo.answers_given() == 1 and not convo.is_complete()
        example = "At my last firm I valued a regional retailer this way and came within 3 percent of the deal."
        convo.add_user(example)
        server.reply = "Thank you, that's all from me."
        "".join(convo.reply())
        notes = _notes(server)
        assert not any("follow-up" in n for n in notes), "never a second follow-up"
        assert FINAL_NOTE in notes and convo.answers_given() == 1 and convo.is_complete()
    turns = session_turns(store.turns(sid), "interview")
    assert len(turns) == 1 and turns[0]["answer"] == f"{general} {example}"
    assert turns[0]["follow_up"]["answer"] == example


def test_a_contradiction_is_challenged_with_the_users_words_and_points_made_are_never_asked(tmp_path):
    question = banks.all_questions()["fin-technical-04"]
    wrong = question["misconceptions"][0]
    answer = (f"{question['key_points'][0]['said_as'][0]} {wrong['said_as'][0] if wrong.get('said_as') else wrong['claim']}")
    spec = PracticeSpec(mode="interview", domain="Finance & Banking", num_questions=2, seed=5)
    store = Store(tmp_path / "c.db")
    sid = store.create_session(spec)
    with FakeOpenAI(reply=question["question"]) as server:
        convo = Conversation(store, sid, Settings(parley_llm="compatible", llm_base_url=server.base_url,
                                                  max_retries=0))
        convo.run_later = lambda job: None
        "".join(convo.reply())
        convo.add_user(answer)
        "".join(convo.reply())
        note = next(n for n in _notes(server) if "exactly one follow-up" in n)
    assert "seems wrong" in note and "walk you through their reasoning" in note
    assert "rise along with them" in note  # the user's own words, for the model to quote
    made = note.split("do not ask about them:")[-1] if "do not ask about them" in note else ""
    ask_about = note.split("\n")[1]
    assert all(point.strip(" “”.") not in ask_about for point in made.split("; ") if point.strip(" “”."))


@pytest.mark.parametrize("cue", ["skip", "I don't know", "can you repeat the question?"])
def test_no_follow_up_after_a_cue(tmp_path, cue):
    first = interview.question_plan(SPEC)[0]
    with FakeOpenAI(reply=first["question"]) as server:
        store, sid, convo = _convo(tmp_path, server)
        "".join(convo.reply())
        convo.add_user(cue)
        "".join(convo.reply())
        assert not any("follow-up" in n for n in _notes(server))
        assert (core_asked.asks(store.turns(sid)[-1]) or {}).get("kind") != "follow_up"


def test_the_offline_coach_is_never_sent_a_note(tmp_path):
    store = Store(tmp_path / "o.db")
    convo = Conversation(store, store.create_session(SPEC), Settings(parley_llm="offline"))
    assert convo._follow_up([]) is None
