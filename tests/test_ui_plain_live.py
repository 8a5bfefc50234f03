"""Live voice's call component: audio only, with no empty video placeholder and no stray "MICROPHONE" label."""
from __future__ import annotations

import pytest

from tests.apptest_helpers import goto, new_app


@pytest.fixture
def calls(monkeypatch) -> list[dict]:
    """Every call of `webrtc_streamer`, inert under AppTest (no session info: see tests/test_live_page.py)."""
    import streamlit_webrtc
    import streamlit_webrtc.component
    import streamlit_webrtc.shutdown

    monkeypatch.setattr(streamlit_webrtc.component, "get_this_session_info", lambda: None)
    monkeypatch.setattr(streamlit_webrtc.shutdown, "get_this_session_info", lambda: None)
    seen: list[dict] = []
    real = streamlit_webrtc.webrtc_streamer
    monkeypatch.setattr(streamlit_webrtc, "webrtc_streamer", lambda **kw: seen.append(kw) or real(**kw))
    return seen


def test_the_call_is_audio_only_with_its_video_hidden_and_its_buttons_in_words(calls):
    at = goto(new_app(), "pages/live.py")
    assert not at.exception, at.exception
    call = calls[-1]
    assert call["media_stream_constraints"]["video"] is False and call["sendback_video"] is False
    assert call["video_html_attrs"].get("hidden") is True
    device = call["translations"]["select_device"]
    assert device.lower() != "microphone" and "microphone" in device.lower()  # an action, not a bare label
    at.session_state["live:worker"].stop()


def test_the_video_placeholder_is_hidden_inside_the_components_frame(calls):
    """The component draws a grey box with a video icon above its Start button whatever the constraints, and
    writes its buttons in capitals: a style put into its own frame hides the one and keeps the words as written."""
    at = goto(new_app(), "pages/live.py")
    [script] = [h.proto.body for h in at.get("html") if "webrtc_streamer" in h.proto.body]
    assert 'data-testid=\\"VideoLabelIcon\\"' in script and "display: none" in script  # the placeholder's icon
    assert "text-transform: none" in script
    assert "streamlit:setFrameHeight" in script  # the frame shrinks to what is left
    at.session_state["live:worker"].stop()
