"""The Live voice page under AppTest: set-up, the call view with the WebRTC component inert, and
one bridge (with its own interrupt flag) per browser session."""
from __future__ import annotations

import pytest

from services.storage import Store
from tests.apptest_helpers import all_text, button, goto, new_app


@pytest.fixture(autouse=True)
def inert_webrtc(monkeypatch):
    """streamlit-webrtc needs a live Streamlit runtime; under AppTest `webrtc_streamer` raises
    AttributeError (Mock has no '_session_mgr'). With no session info the component is inert."""
    import streamlit_webrtc.component
    import streamlit_webrtc.shutdown

    monkeypatch.setattr(streamlit_webrtc.component, "get_this_session_info", lambda: None)
    monkeypatch.setattr(streamlit_webrtc.shutdown, "get_this_session_info", lambda: None)


def start(mode: str, **choices):
    at = goto(new_app(), "pages/live.py")
    assert at.title[0].value == "Live voice"
    at.radio(key="live_mode").set_value(mode).run()
    for key, value in choices.items():
        at.selectbox(key=key).select(value).run()
    label = {"chat": "Start a conversation", "interview": "Start interview", "language": "Start test"}[mode]
    button(at, label).click().run()
    assert not at.exception, at.exception
    return at


def test_a_live_chat_session_is_saved_and_shows_the_call_view(tmp_path):
    at = start("chat")
    [session] = Store(tmp_path / "parley.db").list_sessions("chat")
    assert at.session_state["active:live"] == session["id"]
    slider = at.slider(key="live_eot")  # the end-of-turn model is bundled: the slider is the mid-sentence wait
    assert (slider.min, slider.max, slider.value) == (3.0, 6.0, 3.0) and "mid-sentence" in slider.label
    text = all_text(at)
    assert "Not connected" in text and "Diagnostics" in text
    assert "Direct connection (no TURN server configured)" in text  # no ICE servers locally
    bridge = at.session_state["live:bridge"]
    assert bridge.session_id == session["id"] and at.session_state["live:worker"].alive
    assert bridge.interrupt is at.session_state["live:interrupt"]

    slider.set_value(5.0).run()
    assert not at.exception
    assert bridge.uses_model and bridge.policy.cap_ms == 5000
    at.session_state["live:worker"].stop()


def test_offline_transcription_covers_other_languages_in_a_call():
    at = start("language", lt_lang="es")
    assert "English-only" not in all_text(at)
    assert (at.slider(key="live_eot").min, at.slider(key="live_eot").value) == (4.0, 4.0)  # learners pause more
    at.session_state["live:worker"].stop()


def test_each_browser_session_gets_its_own_bridge_and_flag():
    one, two = start("chat"), start("chat")
    a, b = one.session_state["live:bridge"], two.session_state["live:bridge"]
    assert a is not b and a.interrupt is not b.interrupt and a.playout is not b.playout
    assert a.session_id != b.session_id
    a.barge_in()
    assert a.interrupt.is_set() and not b.interrupt.is_set()
    for at in (one, two):
        at.session_state["live:worker"].stop()


def test_ice_servers_come_from_configuration(monkeypatch):
    from config import load_settings
    from services.realtime import ice

    def configured(env=None, secrets=None):
        return ice.rtc_configuration(load_settings(env=env or {}, secrets=secrets or {}))

    assert configured() == {"iceServers": []}
    turn = '[{"urls": "turn:turn.example.com:3478", "username": "u", "credential": "p"}]'
    config = configured(env={"PARLEY_ICE_SERVERS": turn})
    assert config == {"iceServers": [{"urls": ["turn:turn.example.com:3478"], "username": "u", "credential": "p"}]}
    # secrets.toml: an array of tables, or a single table
    from_secrets = configured(secrets={"PARLEY_ICE_SERVERS": [{"urls": ["stun:stun.example.org"]}]})
    assert from_secrets == {"iceServers": [{"urls": ["stun:stun.example.org"]}]}
    one_table = configured(secrets={"PARLEY_ICE_SERVERS": {"urls": "turn:t.example.org", "username": "u"}})
    assert one_table == {"iceServers": [{"urls": ["turn:t.example.org"], "username": "u"}]}
    assert configured(env={"PARLEY_ICE_SERVERS": turn}, secrets={"PARLEY_ICE_SERVERS": []}) == config  # env wins
    for bad in ("not json", '[{"username": "u"}]', '[{"urls": "http://x"}]', '"turn:x"'):
        with pytest.raises(ValueError):
            configured(env={"PARLEY_ICE_SERVERS": bad})

    monkeypatch.setenv("PARLEY_ICE_SERVERS", "broken")
    at = start("chat")
    assert any("PARLEY_ICE_SERVERS is not valid JSON" in e.value for e in at.error)
    at.session_state["live:worker"].stop()


def test_the_webrtc_context_quirk_is_undone_only_while_staying_on_the_page(monkeypatch):
    from ui import webrtc_quirks as quirks

    class Context:  # the attribute streamlit-webrtc 0.79 uses to spot contexts it thinks are stale
        _last_rendered_run_count = 7

    state = {"live_call": Context()}
    monkeypatch.setattr(quirks.st, "session_state", state)
    quirks.keep_webrtc_context("live_call", returning_to_page=True)
    assert state["live_call"]._last_rendered_run_count == 7  # back from another page: upstream resets it
    quirks.keep_webrtc_context("live_call", returning_to_page=False)
    assert state["live_call"]._last_rendered_run_count is None
    quirks.keep_webrtc_context("missing", returning_to_page=False)  # first run: nothing to do


def test_end_session_hangs_up_and_opens_feedback_on_the_first_click(tmp_path):
    """Issue 11. The button is drawn by the 300 ms live panel (a call reruns only that fragment), and
    its callback ends the session even if the run carrying the click is cut short."""
    at = start("chat")
    worker, bridge = at.session_state["live:worker"], at.session_state["live:bridge"]
    try:
        assert not any(b.label == "End session" for b in at.button)  # nothing said yet
        store = Store(tmp_path / "parley.db")
        [session] = store.list_sessions("chat")
        store.add_turn(session["id"], "user", "I went hiking last weekend.", {"input": "voice", "live": True})
        at.run()
        hung_up = []
        bridge.hang_up = lambda: hung_up.append(True)
        button(at, "End session").click().run()
        assert not at.exception, at.exception
        assert at.title[0].value == "Feedback" and hung_up == [True]
        assert Store(tmp_path / "parley.db").get_session(session["id"])["ended_at"] is not None
        assert "active:live" not in at.session_state and "live:ending" not in at.session_state
    finally:
        worker.stop()


def test_the_call_transcript_shows_a_live_answers_delivery(tmp_path):
    at = start("chat")
    try:
        store = Store(tmp_path / "parley.db")
        [session] = store.list_sessions("chat")
        metrics = {"seconds": 6.2, "wpm": 142.0, "filler_total": 2, "long_pauses": 1}
        store.add_turn(session["id"], "user", "Um, I went hiking.", {"input": "voice", "live": True, "metrics": metrics})
        at.run()
        assert "6.2 s · 142 words/min · 2 filler words · 1 long pause" in all_text(at)
    finally:
        at.session_state["live:worker"].stop()


def test_the_call_asks_the_browser_for_echo_cancellation(monkeypatch):
    """Issue 11: the bot's own voice must not come back through the speakers as a barge-in."""
    import streamlit_webrtc

    calls = []
    real = streamlit_webrtc.webrtc_streamer
    monkeypatch.setattr(streamlit_webrtc, "webrtc_streamer", lambda **kw: calls.append(kw) or real(**kw))
    at = start("chat")
    try:
        audio = calls[-1]["media_stream_constraints"]["audio"]
        assert audio == {"echoCancellation": True, "noiseSuppression": True, "autoGainControl": True}
        assert calls[-1]["media_stream_constraints"]["video"] is False
    finally:
        at.session_state["live:worker"].stop()
