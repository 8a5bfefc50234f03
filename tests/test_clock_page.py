"""A timed mock interview on the page (AppTest): the countdown, the lock when the time is up, a typed answer
sent after the limit kept and marked cut, a recording trimmed to the limit before transcription. The
server's clock (services.clock.now) is set by the test; the browser's is never read."""
from __future__ import annotations

import numpy as np
import pytest

from core import clock
from services import clock as answer_clock
from services.audio import to_wav_bytes
from services.stt.base import Transcription
from services.storage import Store
from tests.apptest_helpers import all_text, button, chat_texts, new_app, say

THINK, ANSWER = 30, 120


@pytest.fixture
def timed(tmp_path, monkeypatch):
    """A timed interview (30 s to think, 2 min to answer) just started; `at(t)` sets the server's clock to
    t seconds after the open question was saved. Returns (app, at, store, session id)."""
    app = new_app()
    app.selectbox(key="iv_domain").select("Computer Science & Technology")
    app.selectbox(key="iv_timed").select((THINK, ANSWER))
    button(app, "Start interview").click().run()
    assert not app.exception, app.exception
    store = Store(tmp_path / "parley.db")
    [session] = store.list_sessions()
    assert session["spec"]["think_s"] == THINK and session["spec"]["answer_s"] == ANSWER

    def at(seconds: float):
        asked = clock.open_question_at(store.turns(session["id"]))
        monkeypatch.setattr(answer_clock, "now", lambda: asked + seconds)
        return app

    return app, at, store, session["id"]


def clock_text(app) -> str:
    return next((m.value for m in app.markdown if 'id="parley-clock"' in m.value), "")


def test_the_countdown_shows_thinking_time_then_answer_time(timed):
    app, at, _, _ = timed
    at(0).run()
    shown = clock_text(app)
    assert "Thinking time 0:30" in shown and "then 2:00 to answer" in shown and 'data-phase="thinking"' in shown
    at(40.2).run()
    assert "Answer time 1:50" in clock_text(app)
    assert not app.chat_input[0].proto.disabled  # answering is open


def test_when_the_time_is_up_the_box_is_locked_and_next_question_moves_on(timed):
    app, at, store, sid = timed
    at(THINK + ANSWER + 5).run()
    assert not app.exception, app.exception
    assert app.chat_input[0].proto.disabled  # locked
    assert "Time's up for this question" in all_text(app)
    assert not app.audio_input  # no new recording once the time is up
    button(app, "Next question").click().run()
    assert not app.exception, app.exception
    turns = store.turns(sid)
    assert [t["role"] for t in turns] == ["assistant", "user", "assistant"]
    assert turns[1]["content"] == clock.TIMED_OUT_TEXT
    assert turns[1]["meta"]["cut"] and turns[1]["meta"]["timed_out"]
    assert "No answer was sent before the 2 min limit" in all_text(app)
    at(0).run()  # the new question's clock, from its own save
    assert "Thinking time 0:30" in clock_text(app) and not app.chat_input[0].proto.disabled


def test_a_next_question_click_before_the_limit_does_nothing(timed):
    app, at, store, sid = timed
    at(THINK + ANSWER + 5).run()
    at(10)  # the server says there is time left: the click is stale
    button(app, "Next question").click().run()
    assert [t["role"] for t in store.turns(sid)] == ["assistant"]


def test_a_typed_answer_sent_after_the_limit_is_kept_and_marked_cut(timed):
    app, at, store, sid = timed
    at(THINK + ANSWER - 10).run()
    at(THINK + ANSWER + 0.5)  # sent just after the limit (the box is locked a moment later)
    say(app, "I would cache the hot keys in Redis with a short TTL and")
    answer = [t for t in store.turns(sid) if t["role"] == "user"][0]
    assert answer["content"] == "I would cache the hot keys in Redis with a short TTL and"  # nothing lost
    assert answer["meta"]["cut"] is True and answer["meta"]["cut_reason"] == "sent_late"
    assert answer["meta"]["limit_s"] == ANSWER
    assert "Cut at the 2 min limit" in all_text(app)
    assert [r for r, _ in chat_texts(app)] == ["assistant", "user", "assistant"]  # and the coach goes on


def test_a_typed_answer_in_time_is_not_marked(timed):
    app, at, store, sid = timed
    at(THINK + 5)
    say(app, "I would cache the hot keys in Redis.")
    answer = [t for t in store.turns(sid) if t["role"] == "user"][0]
    assert "cut" not in answer["meta"]


def test_a_recording_longer_than_the_time_left_is_cut_before_transcription(timed, monkeypatch):
    from services import stt
    from ui import models

    app, at, store, sid = timed
    heard = []

    def transcribe(audio, **kwargs):
        heard.append(audio)
        samples = audio if isinstance(audio, np.ndarray) else None
        return Transcription(text="I would cache the hot keys.", seconds=len(samples) / 16000, samples=samples)

    monkeypatch.setattr(stt, "transcribe_detailed", transcribe)
    monkeypatch.setattr(models, "local_whisper", lambda language: None)
    # Six seconds of recording arriving half a second after the limit: it began 5.5 s before it.
    at(THINK + ANSWER + 0.5)
    recording = to_wav_bytes((np.sin(np.arange(16000 * 6) / 5) * 8000).astype(np.int16), 16000)
    app.audio_input[0].set_value(("answer.wav", recording, "audio/wav")).run()
    assert not app.exception, app.exception
    [samples] = heard
    assert len(samples) == int(5.5 * 16000)  # trimmed before transcription
    assert "Cut at the time limit: 6 s recorded, the first 5.5 s kept." in all_text(app)
    button(app, "Send answer").click().run()
    answer = [t for t in store.turns(sid) if t["role"] == "user"][0]
    assert answer["meta"]["cut"] and answer["meta"]["cut_reason"] == "recording_trimmed"
    assert (answer["meta"]["recorded_s"], answer["meta"]["kept_s"]) == (6, 5.5)
    assert "the recording after it was not used" in all_text(app)
