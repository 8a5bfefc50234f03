"""The live call's Diagnostics show each turn's voice-to-voice time (the user's last voiced frame →
the coach's first audible frame) and the stages between (issue 11), from the bridge's TurnTimings."""
from __future__ import annotations

import pytest

from services.realtime.bridge import TurnTimings
from ui.diagnostics import LIVE_STAGES, voice_to_voice_rows, voice_to_voice_summary


def answer(seq: int, v2v_s: float, barge: bool = False) -> TurnTimings:
    """A turn whose user stopped talking at t=100 s; the coach was heard `v2v_s` later."""
    t = TurnTimings(seq=seq, end_of_speech=100.0, end_of_turn=100.5, transcript=100.6, first_token=100.9,
                    first_chunk=101.0, first_pcm=101.1, first_audio=100.0 + v2v_s)
    if barge:
        t.barge_in, t.silence = 103.0, 103.02
    return t


def test_each_answer_shows_voice_to_voice_and_stages_that_add_up_to_it():
    [row] = voice_to_voice_rows([answer(1, 1.25).row()])
    assert row["voice-to-voice"] == 1250
    assert [row[label] for label in LIVE_STAGES] == [500, 100, 300, 100, 250]
    assert sum(row[label] for label in LIVE_STAGES) == row["voice-to-voice"]
    assert row["barge-in → silence"] is None


def test_the_opening_has_stages_but_no_voice_to_voice():
    opening = TurnTimings(seq=1, end_of_turn=10.0, first_token=10.3, first_chunk=10.4, first_audio=11.0, kind="opening")
    [row] = voice_to_voice_rows([opening.row()])
    assert row["voice-to-voice"] is None and row["end-of-turn wait"] is None
    assert row["model's first token"] == 300 and row["first sentence written"] == 100 and row["voice and playout"] == 600


def test_unfinished_and_cut_turns():
    pending = TurnTimings(seq=2, end_of_speech=5.0, end_of_turn=5.5)  # still transcribing
    [row] = voice_to_voice_rows([pending.row()])
    assert row["voice-to-voice"] is None and row["end-of-turn wait"] == 500 and row["speech to text"] is None
    [cut] = voice_to_voice_rows([answer(3, 1.2, barge=True).row()])
    assert cut["barge-in → silence"] == 20
    assert voice_to_voice_rows([TurnTimings(seq=4).row()]) == []  # nothing measured yet: no row


def test_the_summary_gives_median_and_tail():
    rows = voice_to_voice_rows([answer(i, s).row() for i, s in enumerate([0.9, 1.0, 1.1, 1.2, 2.5], 1)])
    assert voice_to_voice_summary(rows) == ("Voice-to-voice over 5 answers: median 1,100 ms, "
                                            "95th percentile 2,500 ms, slowest 2,500 ms.")
    assert voice_to_voice_summary([]) is None


@pytest.mark.slow
def test_the_call_page_shows_voice_to_voice(monkeypatch):
    from tests.apptest_helpers import all_text
    from tests.test_live_page import inert_webrtc, start  # noqa: F401

    import streamlit_webrtc.component
    import streamlit_webrtc.shutdown

    monkeypatch.setattr(streamlit_webrtc.component, "get_this_session_info", lambda: None)
    monkeypatch.setattr(streamlit_webrtc.shutdown, "get_this_session_info", lambda: None)
    at = start("chat")
    try:
        bridge = at.session_state["live:bridge"]
        bridge._timings.append(answer(1, 0.95))  # as the worker leaves a finished turn
        cut = answer(2, 1.25, barge=True)
        cut.first_pcm = None  # a stage not reached: its cell is "–" beside numbers in the same column
        bridge._timings.append(cut)
        at.run()
        assert "Voice-to-voice" not in all_text(at)  # nothing went wrong: Diagnostics only on request
        at.sidebar.toggle(key="diag_show").set_value(True).run()
        assert not at.exception, at.exception
        text = all_text(at)
        assert "Voice-to-voice over 2 answers: median" in text
        [table] = at.table  # a plain table (a screen reader can read it), every stage in it
        cells = table.value.astype(str).to_numpy().ravel().tolist()
        assert "950" in cells and "1,250" in cells and "–" in cells and "20" in cells
    finally:
        at.session_state["live:worker"].stop()
