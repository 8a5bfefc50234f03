"""A timed interview in Live voice: the bridge ends the user's turn at the limit (an end of turn, marked cut),
the worker saves what was said by then marked cut, and the coach moves on. Synthetic browser frames through
the real bridge, a clock the test moves, a fake transcriber, the offline coach and SQLite."""
from __future__ import annotations

import numpy as np
import pytest

from config import get_settings
from core import clock
from core.spec import PracticeSpec
from services.conversation import Conversation
from services.realtime.bridge import Opening, Utterance, VoiceBridge
from services.realtime.pipeline import TurnWorker
from services.storage import Store
from tests.test_realtime_bridge import feed, jobs, silence, tone
from tests.test_realtime_pipeline import Puller, Scripted, tone_speak

SAID_BY_THEN = "I would put a read-through cache in front of the database and"


class LoudIsSpeech:
    """A stand-in for webrtcvad: any frame louder than a whisper is speech (a tone stands for a voice)."""

    energy = 0.0

    def is_speech(self, frame: np.ndarray) -> bool:
        self.energy = float(np.mean(frame.astype(np.float64) ** 2))
        return self.energy > 1e5


class Clock:
    """The bridge's clock, moved by the test (the bridge reads the server's time only through it)."""

    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def call(tmp_path):
    """A timed interview (3 s to think, 4 s to answer) whose coach has asked its first question in a call."""
    store = Store(get_settings().parley_db)
    sid = store.create_session(PracticeSpec(mode="interview", think_s=3, answer_s=4, seed=1))
    now = Clock()
    bridge = VoiceBridge(endpoint=None, vad=LoudIsSpeech(), clock=now)
    transcribe = Scripted(SAID_BY_THEN)
    worker = TurnWorker(bridge, lambda: Conversation(store, sid, get_settings()), transcribe=transcribe,
                        speak_for=lambda convo, tone_: tone_speak(0.01), preemptive=False)
    puller = Puller(bridge.playout, speed=50)
    feed(bridge, silence(0.1))  # the call connects
    [opening] = jobs(bridge, release=False)
    assert isinstance(opening, Opening)
    worker.handle(opening)  # the coach asks its first question, then tells the bridge the limit
    yield store, sid, bridge, worker, now, transcribe
    puller.stop()


def test_the_turn_ends_at_the_limit_and_what_was_said_by_then_is_saved_cut(call):
    store, sid, bridge, worker, now, transcribe = call
    [asked] = store.turns(sid)
    assert bridge._deadline is not None and 5.0 < bridge._deadline <= 7.0  # 3 + 4 s from the question's save
    now.now = 1.0
    feed(bridge, tone(1.0))  # the user starts answering…
    assert jobs(bridge, release=False) == []  # …and is still talking
    now.now = 7.5  # past the limit, on the server's clock
    feed(bridge, tone(0.1))
    [turn] = jobs(bridge, release=False)
    assert isinstance(turn, Utterance) and turn.cut  # ended by the bridge, as an end of turn
    assert 1.0 <= len(turn.samples) / 16000 <= 1.8  # the words said by then (with pre-roll and tail)
    feed(bridge, tone(1.0))  # talking on past the limit does not stop the coach moving on
    assert jobs(bridge, release=False) == []

    worker.handle(turn)
    turns = store.turns(sid)
    assert [t["role"] for t in turns] == ["assistant", "user", "assistant"]
    answer = turns[1]
    assert answer["content"] == SAID_BY_THEN
    assert answer["meta"]["cut"] is True and answer["meta"]["limit_s"] == 4
    assert answer["meta"]["cut_reason"] == "turn_ended" and answer["meta"]["live"]
    assert turns[2]["meta"]["asks"]["text"] != asked["meta"]["asks"]["text"]  # the coach moved on
    assert bridge._deadline is not None  # …and the next question's clock runs


def test_nothing_said_by_the_limit_ends_an_empty_turn_and_the_coach_moves_on(call):
    store, sid, bridge, worker, now, transcribe = call
    now.now = 2.0
    feed(bridge, silence(0.5))
    assert jobs(bridge, release=False) == []  # still thinking: the coach waits
    now.now = 8.0
    feed(bridge, silence(0.1))
    [turn] = jobs(bridge, release=False)
    assert isinstance(turn, Utterance) and turn.cut and len(turn.samples) == 0
    worker.handle(turn)
    turns = store.turns(sid)
    assert [t["role"] for t in turns] == ["assistant", "user", "assistant"]
    assert turns[1]["content"] == clock.TIMED_OUT_TEXT and turns[1]["meta"]["timed_out"]
    assert turns[1]["meta"]["cut"] and turns[1]["meta"]["input"] == "voice"
    assert transcribe.calls == []  # nothing to transcribe
    assert turns[2]["meta"]["asks"]["text"] != turns[0]["meta"]["asks"]["text"]


def test_an_answer_is_at_most_the_answer_time_long_even_when_begun_while_thinking():
    now = Clock()
    bridge = VoiceBridge(endpoint=None, vad=LoudIsSpeech(), clock=now)
    feed(bridge, silence(0.1))
    jobs(bridge)
    bridge.set_answer_limit(7.0, answer_s=4.0)  # 3 s to think, 4 to answer
    now.now = 0.5
    feed(bridge, tone(0.5))  # speech begins about 0.3 s in (the clock stood still while it was fed), while thinking
    now.now = 3.9
    feed(bridge, tone(0.1))
    assert jobs(bridge, release=False) == []  # under 4 s of answer: on
    now.now = 4.6
    feed(bridge, tone(0.1))
    [turn] = jobs(bridge, release=False)
    assert turn.cut  # 4 s from the first word, before the deadline at 7 s


def test_an_untimed_call_is_never_cut():
    now = Clock()
    bridge = VoiceBridge(endpoint=None, vad=LoudIsSpeech(), clock=now)
    feed(bridge, silence(0.1))
    jobs(bridge)
    bridge.set_answer_limit(None)
    now.now = 1000.0
    feed(bridge, np.concatenate([silence(0.5), tone(1.0)]))
    assert jobs(bridge, release=False) == []
