"""After a reconnect the coach says the pending question again (issue 11), instead of silence.

A call that drops and comes back is a new stream: the bridge queues an Opening on its first frame.
When the coach's question is the last turn, the worker speaks it again (captions too) and saves
nothing new; the user answers as usual."""
from __future__ import annotations

import numpy as np

from config import get_settings
from core.spec import PracticeSpec
from services.conversation import Conversation
from services.pending_question import pending_question
from services.realtime.bridge import Opening, VoiceBridge
from services.realtime.frames import browser_frames
from services.realtime.pipeline import TurnWorker
from services.storage import Store
from tests.test_realtime_pipeline import Puller, Scripted, tone_speak

QUESTION = "Thanks, that was clear. Now, which trail did you take, and how long was it?"


def connect(bridge: VoiceBridge) -> Opening:
    """The browser's first frames of a (re)connected call; returns the opening job they queue."""
    for frame in browser_frames(np.zeros(4800, np.int16), 48000):
        bridge.on_frame(frame)
    job = bridge.jobs.get_nowait()
    assert isinstance(job, Opening)
    return job


def test_a_reconnected_call_repeats_the_question_and_saves_nothing_new(tmp_path):
    store = Store(tmp_path / "live.db")
    sid = store.create_session(PracticeSpec(mode="chat", seed=1))
    store.add_turn(sid, "assistant", "Hi! How was your weekend?")
    store.add_turn(sid, "user", "I went hiking.", {"input": "voice", "live": True})
    store.add_turn(sid, "assistant", QUESTION)
    bridge = VoiceBridge()
    worker = TurnWorker(bridge, lambda: Conversation(store, sid, get_settings()), transcribe=Scripted(),
                        speak_for=lambda convo, tone: tone_speak())
    puller = Puller(bridge.playout, speed=20)
    try:
        connect(bridge)
        bridge.hang_up()  # the connection drops...
        worker.handle(connect(bridge))  # ...and comes back
    finally:
        puller.stop()
    spoken = "".join(s.text for s in bridge.playout.segments()).strip()
    assert spoken == "Now, which trail did you take, and how long was it?"
    assert all(s.played == s.pushed > 0 for s in bridge.playout.segments())  # said in full
    assert bridge.snapshot()["bot"].strip() == spoken  # and shown as the caption
    assert [t["content"] for t in store.turns(sid)][-1] == QUESTION and len(store.turns(sid)) == 3


def test_the_pending_question_is_the_last_question_or_the_whole_message():
    assert pending_question("Good. Next: how would you shard it? Take your time.") == \
        "Next: how would you shard it? Take your time."
    assert pending_question("Tell me about a time you led a team.") == "Tell me about a time you led a team."
    assert pending_question("Muy bien. ¿Qué hiciste ayer?") == "¿Qué hiciste ayer?"
    assert pending_question("很好。你昨天做了什么？") == "你昨天做了什么？"
    assert pending_question("جيد. ماذا فعلت أمس؟") == "ماذا فعلت أمس؟"
