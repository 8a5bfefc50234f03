"""The set-up offers a panel, and a typed panel interview shows who asks each question (AppTest, offline)."""
from __future__ import annotations

import pytest

from core.spec import PracticeSpec
from services.storage import Store
from tests.apptest_helpers import button, chat_texts, new_app, say

pytestmark = pytest.mark.slow

from tests.answers import answer_to_last_question  # noqa: E402


def test_a_typed_panel_interview_from_set_up_to_who_asked(tmp_path):
    at = new_app()
    interviewers = next(r for r in at.radio if r.label == "Interviewers")
    assert list(interviewers.options) == ["One", "A panel of 2", "A panel of 3"]
    interviewers.set_value(2).run()
    assert any("Priya (technical lead)" in c.value for c in at.caption)
    at.slider(key="iv_count").set_value(2)
    button(at, "Start interview").click().run()
    assert not at.exception, at.exception
    [(role, opening)] = chat_texts(at)
    assert "With me is Priya, our technical lead" in opening

    [session] = Store(tmp_path / "parley.db").list_sessions("interview")
    say(at, answer_to_last_question(Store(tmp_path / "parley.db").turns(session["id"])))
    reply = chat_texts(at)[-1][1]
    assert "Thanks, Alex — I'm Priya, I lead the team you'd join." in reply
    asked = [c.value for c in at.caption if "Asked by" in c.value]
    assert asked[-1].endswith("Asked by Priya (technical lead)")

    [session] = Store(tmp_path / "parley.db").list_sessions("interview")
    assert PracticeSpec.from_dict(session["spec"]).panel == 2 and session["title"].endswith("panel of 2")


def test_a_live_panel_call_speaks_each_interviewer_in_their_voice(tmp_path, monkeypatch):
    import streamlit_webrtc.component
    import streamlit_webrtc.shutdown

    from config import Settings
    from services.conversation import Conversation
    from tests.apptest_helpers import goto
    from tests.test_live_page import press_start
    from ui import live

    for module in (streamlit_webrtc.component, streamlit_webrtc.shutdown):  # the call component is inert here
        monkeypatch.setattr(module, "get_this_session_info", lambda: None)
    chosen = []
    monkeypatch.setattr(live, "voiced_speak", lambda voice_of, *a: chosen.append(voice_of) or (lambda text: iter(())))
    at = goto(new_app(), "pages/live.py")
    at.radio(key="live_mode").set_value("interview").run()
    next(r for r in at.radio if r.label == "Interviewers").set_value(2).run()
    press_start(at)
    worker = at.session_state["live:worker"]
    try:
        store = Store(tmp_path / "parley.db")
        [session] = store.list_sessions("interview")
        convo = Conversation(store, session["id"], Settings(parley_llm="offline"))
        convo.run_later = lambda job: None
        "".join(convo.reply())
        convo.add_user(answer_to_last_question(store.turns(session["id"])))
        worker._speak_for(convo, "neutral")
        [voice_of] = chosen
        said = ["That's a good start.", "Thanks, Alex — I'm Priya, I lead the team you'd join.", "How would you index it?"]
        assert [voice_of(s) for s in said] == ["natural", "lighter", "lighter"]
    finally:
        worker.stop()
