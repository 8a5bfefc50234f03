"""Live voice answers carry the same delivery metrics as recorded ones (issue 11): pace, fillers and
long pauses are measured on the turn's own audio and saved with it, so the report's delivery
criterion covers live calls too. The audio is Piper speech written here (clean, so optimistic)."""
from __future__ import annotations

import numpy as np
import pytest

from config import get_settings
from core.feedback import offline_report
from core.spec import PracticeSpec
from services.conversation import Conversation
from services.realtime.bridge import TurnTimings, Utterance, VoiceBridge
from services.realtime.pipeline import TurnWorker
from services.report import session_turns
from services.resample import resample
from services.speech_metrics import answer_metrics, live_turn_meta
from services.storage import Store

pytestmark = pytest.mark.slow  # Piper speech

FIRST, SECOND = "Um, I went hiking in the mountains last weekend with my brother.", "It was, like, really steep."


def turn_audio(speak) -> np.ndarray:
    """16 kHz int16 as the bridge hands it over: pre-roll, speech, a 1.5 s pause, speech, a tail."""
    parts = []
    for part in (0.3, FIRST, 1.5, SECOND, 0.3):
        if isinstance(part, str):
            pcm, rate = speak(part)
            parts.append(resample(np.asarray(pcm), rate, 16000).astype(np.int16))
        else:
            parts.append(np.zeros(int(part * 16000), np.int16))
    return np.concatenate(parts)


def test_a_live_turn_is_saved_with_pace_fillers_and_pauses(tmp_path, speak):
    store = Store(tmp_path / "live.db")
    sid = store.create_session(PracticeSpec(mode="chat", seed=1))
    store.add_turn(sid, "assistant", "Hi! How was your weekend?")
    bridge = VoiceBridge()
    worker = TurnWorker(bridge, lambda: Conversation(store, sid, get_settings()),
                        transcribe=lambda samples, language, prompt: f"{FIRST} {SECOND}",
                        speak_for=lambda convo, tone: (lambda text: iter(())))
    bridge.start_reply = lambda seq: False  # the reply is not under test here
    audio = turn_audio(speak)
    worker.handle(Utterance(seq=1, samples=audio, timings=TurnTimings(seq=1)))

    user = store.turns(sid)[1]
    assert user["meta"]["input"] == "voice" and user["meta"]["live"]
    metrics = user["meta"]["metrics"]
    assert metrics == answer_metrics(user["content"], audio, "en")  # exactly what a recording would get
    assert user["meta"]["seconds"] == pytest.approx(len(audio) / 16000, abs=0.01)
    assert metrics["filler_total"] >= 2 and metrics["long_pauses"] == 1
    assert 100 <= metrics["wpm"] <= 260  # Piper's pace, timed between the first and last voiced moments

    report = offline_report(session_turns(store.turns(sid), "chat"), "chat")
    assert "delivery" in report["criteria"], report["criteria"].keys()
    assert "words per minute" in " ".join(report["criteria"]["delivery"]["evidence"])


def test_the_interrupted_tag_is_not_counted_as_words(speak):
    audio = turn_audio(speak)
    tagged = live_turn_meta(f"[INTERRUPTED] {FIRST} {SECOND}", audio)
    plain = live_turn_meta(f"{FIRST} {SECOND}", audio)
    assert tagged["metrics"]["words"] == plain["metrics"]["words"] and tagged["metrics"]["wpm"] == plain["metrics"]["wpm"]


def test_a_turn_is_never_lost_to_its_measurements():
    meta = live_turn_meta("Hello.", np.zeros(0, np.int16))  # nothing to measure
    assert meta["input"] == "voice" and meta["live"]
