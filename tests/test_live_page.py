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


def press_start(at) -> None:
    """What the call's own Start button does (the component is inert here): streamlit-webrtc's callback marks
    the call as connecting, and the page runs."""
    from streamlit_webrtc.component import WebRtcStreamerState

    at.session_state["live_call"]._set_state(WebRtcStreamerState(playing=False, signalling=True))
    at.session_state["live:starting"] = True  # what ui.live._call_changed notes on that change
    at.run()


def press_stop(at) -> None:
    from streamlit_webrtc.component import WebRtcStreamerState

    at.session_state["live_call"]._set_state(WebRtcStreamerState(playing=False, signalling=False))
    at.run()


def set_up(mode: str, **choices):
    at = goto(new_app(), "pages/live.py")
    assert at.title[0].value == "Live voice"
    at.radio(key="live_mode").set_value(mode).run()
    for key, value in choices.items():
        at.selectbox(key=key).select(value).run()
    assert not at.exception, at.exception
    return at


def start(mode: str, **choices):
    at = set_up(mode, **choices)
    press_start(at)
    assert not at.exception, at.exception
    return at


def test_one_button_starts_the_call_and_makes_the_session(tmp_path, monkeypatch):
    """Issue 29: "Start interview" was followed by a second START button. The call's own button, labelled
    for the mode, is the only one; pressing it makes the session from the set-up shown."""
    import streamlit_webrtc

    calls = []
    real = streamlit_webrtc.webrtc_streamer
    monkeypatch.setattr(streamlit_webrtc, "webrtc_streamer", lambda **kw: calls.append(kw) or real(**kw))
    at = set_up("interview", iv_domain="Finance & Banking")
    assert not [b.label for b in at.button if b.label.startswith("Start")]
    assert calls[-1]["translations"]["start"] == "Start interview"
    assert Store(tmp_path / "parley.db").list_sessions() == []  # nothing is saved before the call starts
    press_start(at)
    [session] = Store(tmp_path / "parley.db").list_sessions("interview")
    assert session["spec"]["domain"] == "Finance & Banking"
    assert at.session_state["active:live"] == session["id"] == at.session_state["live:bridge"].session_id
    at.session_state["live:worker"].stop()


def test_the_pause_setting_reads_in_seconds_a_person_understands():
    """It read "3.00" at its far left."""
    at = start("chat")
    pause = at.select_slider(key="live_eot")
    assert pause.options == ["3 seconds", "4 seconds", "5 seconds", "6 seconds"] and pause.value == 3.0
    assert pause.label == "How long you can pause mid-sentence before the coach answers"
    pause.set_value(5.0).run()
    assert at.session_state["live:bridge"].policy.cap_ms == 5000
    at.session_state["live:worker"].stop()


def test_no_connection_advice_until_a_call_fails_to_connect(monkeypatch):
    import time

    from ui import live

    at = start("chat")
    assert "TURN" not in all_text(at) and "not connecting" not in all_text(at)
    at.session_state["live:dialled"] = time.monotonic() - live.CONNECT_S - 1
    at.run()
    assert "The call is not connecting" in all_text(at)
    assert "PARLEY_ICE_SERVERS" in at.expander[-2].children[0].value or "PARLEY_ICE_SERVERS" in all_text(at)
    at.session_state["live:worker"].stop()


def test_the_meter_and_the_cannot_hear_you_hint_follow_the_bridge(monkeypatch):
    at = start("chat")
    bridge = at.session_state["live:bridge"]
    real = bridge.snapshot
    bridge.snapshot = lambda: {**real(), "state": "listening", "level": 0.42, "unheard_ms": 1000}
    at.run()
    assert 'data-level="0.420"' in all_text(at) and "I can't hear you" not in all_text(at)
    bridge.snapshot = lambda: {**real(), "state": "listening", "level": 0.0, "unheard_ms": 6000}
    at.run()
    assert "I can't hear you — check the microphone" in all_text(at)
    at.session_state["live:worker"].stop()


def test_end_session_after_stop_with_no_answer_reaches_feedback_and_keeps_nothing(tmp_path):
    """The half-started session stayed in Feedback as "1 turns · in progress", with no way to end it."""
    at = start("chat")
    worker = at.session_state["live:worker"]
    try:
        [session] = Store(tmp_path / "parley.db").list_sessions("chat")
        press_stop(at)
        button(at, "End session").click().run()
        assert not at.exception, at.exception
        assert at.title[0].value == "Feedback"
        assert "Nothing was said in that call" in all_text(at)
        assert Store(tmp_path / "parley.db").get_session(session["id"]) is None
    finally:
        worker.stop()


def test_back_to_set_up_at_any_moment_keeps_only_an_answered_session(tmp_path):
    at = start("chat")
    worker = at.session_state["live:worker"]
    try:
        store = Store(tmp_path / "parley.db")
        [empty] = store.list_sessions("chat")
        button(at, "Back to set-up").click().run()
        assert "active:live" not in at.session_state and store.get_session(empty["id"]) is None
        assert at.radio(key="live_mode").value == "chat"  # the set-up again, the call asked to stop
        press_stop(at)
        press_start(at)
        [answered] = store.list_sessions("chat")
        store.add_turn(answered["id"], "user", "I went hiking.", {"input": "voice", "live": True})
        at.run()
        button(at, "Back to set-up").click().run()
        assert store.get_session(answered["id"])["ended_at"] is None  # kept, to resume from Feedback
    finally:
        worker.stop()


def test_the_set_up_chosen_on_the_practice_page_carries_over():
    at = goto(new_app(), "pages/interview.py")
    at.selectbox(key="iv_domain").select("Finance & Banking").run()
    at.slider(key="iv_count").set_value(2).run()
    goto(at, "pages/chat.py")  # only looked at on the way: the interview is still what was set up
    goto(at, "pages/live.py")
    assert at.radio(key="live_mode").value == "interview"
    assert at.selectbox(key="iv_domain").value == "Finance & Banking" and at.slider(key="iv_count").value == 2
    at.selectbox(key="iv_domain").select("Healthcare & Medicine").run()
    goto(at, "pages/interview.py")
    assert at.selectbox(key="iv_domain").value == "Healthcare & Medicine"


def test_a_live_chat_session_is_saved_and_shows_the_call_view(tmp_path):
    at = start("chat")
    [session] = Store(tmp_path / "parley.db").list_sessions("chat")
    assert at.session_state["active:live"] == session["id"]
    text = all_text(at)
    assert "Not connected" in text
    assert "Direct connection" not in text and "TURN" not in text  # advice only when a call fails
    bridge = at.session_state["live:bridge"]
    assert bridge.session_id == session["id"] and at.session_state["live:worker"].alive
    assert bridge.interrupt is at.session_state["live:interrupt"]
    at.session_state["live:worker"].stop()


def test_offline_transcription_covers_other_languages_in_a_call():
    at = start("language", lt_lang="es")
    assert "English-only" not in all_text(at)
    assert at.select_slider(key="live_eot").value == 4.0  # learners pause more
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
    at = set_up("chat")
    assert any("Live voice is not set up correctly" in e.value for e in at.error)
    assert "PARLEY_ICE_SERVERS is not valid JSON" not in " ".join(e.value for e in at.error)
    assert "PARLEY_ICE_SERVERS is not valid JSON" in all_text(at)  # under Technical details
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


def test_a_call_left_before_a_word_was_said_is_not_listed_in_progress(tmp_path):
    """Leaving Live voice by the sidebar mid-call kept "1 turns · in progress" in Feedback and History."""
    at = start("chat")
    try:
        store = Store(tmp_path / "parley.db")
        [session] = store.list_sessions("chat")
        store.add_turn(session["id"], "assistant", "Hi! What did you do last weekend?", {"provider": "offline"})
        goto(at, "pages/feedback.py")
        assert any("No saved sessions yet" in i.value for i in at.info)
        goto(at, "pages/history.py")
        assert any("No sessions here yet" in i.value for i in at.info)
        store.add_turn(session["id"], "user", "I went hiking.", {"input": "voice", "live": True})
        goto(at, "pages/feedback.py")
        assert "in progress" in at.selectbox(key="fb_pick").format_func(session["id"])
    finally:
        at.session_state["live:worker"].stop()


def test_a_stale_call_state_makes_no_session(tmp_path):
    """Only a press of Start makes a session: a "playing" state seen on a later run (upstream restores the
    component's last value) made a second, empty session after End session in the browser walk."""
    from streamlit_webrtc.component import WebRtcStreamerState

    at = set_up("chat")
    try:
        at.session_state["live_call"]._set_state(WebRtcStreamerState(playing=True, signalling=True))
        at.run()
        assert Store(tmp_path / "parley.db").list_sessions() == [] and "active:live" not in at.session_state
    finally:
        at.session_state["live:worker"].stop()
