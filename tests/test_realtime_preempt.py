"""Preemptive generation (services.realtime.preempt and the turn worker): the reply starts on the
draft transcript, nothing is saved or spoken before the turn is confirmed, and it is discarded
when the user goes on or the confirmed words differ."""
from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from config import get_settings
from core.spec import PracticeSpec
from services.conversation import Conversation
from services.realtime.bridge import Draft, TurnTimings, Utterance, VoiceBridge
from services.realtime.pipeline import TurnWorker
from services.realtime.preempt import HELD_ID, HeldStore
from services.storage import Store
from tests.fakes.openai_server import app_on_fake_model

REPLY = "Oh, that sounds lovely. Which mountains did you climb?"
SAID = "I went hiking in the mountains with my brother."


@pytest.fixture
def store():
    return Store(get_settings().parley_db)


@pytest.fixture
def fake_llm(monkeypatch):
    with app_on_fake_model(monkeypatch, reply=REPLY, first_token_s=0.02, tokens_per_s=200) as server:
        yield server


def session(store) -> str:
    sid = store.create_session(PracticeSpec(mode="chat", seed=1))
    store.add_turn(sid, "assistant", "Hi! How was your weekend?")
    return sid


class Scripted:
    """A transcriber returning the given texts in order."""

    def __init__(self, *texts):
        self.texts, self.calls = list(texts), 0

    def __call__(self, samples, language, prompt):
        self.calls += 1
        return self.texts.pop(0)


class Sink:
    """Stands in for the voice: collects the text it is asked to speak (nothing is played)."""

    def __init__(self):
        self.spoken: list[str] = []

    def __call__(self, text):
        self.spoken.append(text)
        return iter(())


def setup(store, sid, *texts):
    bridge = VoiceBridge(endpoint=None)
    bridge._streaming = True  # as after the first frame of a call
    sink = Sink()
    worker = TurnWorker(bridge, lambda: Conversation(store, sid, get_settings()), transcribe=Scripted(*texts),
                        speak_for=lambda convo, tone: sink)
    return bridge, worker, sink


def pause(bridge: VoiceBridge) -> Draft:
    """The user paused: the bridge's draft of the audio so far."""
    bridge._draft()
    return bridge.jobs.get_nowait()


def drafted(store, *texts):
    """A chat whose user has paused once: the worker has handled the draft (and started a reply on it)."""
    sid = session(store)
    bridge, worker, sink = setup(store, sid, *texts)
    draft = pause(bridge)
    worker.handle(draft)
    return sid, bridge, worker, sink, draft


def end_turn(bridge: VoiceBridge, draft: Draft | None) -> Utterance:
    timings = TurnTimings(seq=0, end_of_speech=time.monotonic(), end_of_turn=time.monotonic())
    bridge._submit(lambda seq: Utterance(seq, np.zeros(16000, np.int16), timings,
                                         draft.id if draft is not None else None))
    job = bridge.jobs.get_nowait()
    job.timings.seq = job.seq
    return job


# HeldStore --------------------------------------------------------------------------------------
def test_held_store_shows_the_draft_and_holds_every_write_until_commit(store):
    sid = session(store)
    held = HeldStore(store, sid, SAID)
    turns = held.turns(sid)
    assert [t["role"] for t in turns] == ["assistant", "user"] and turns[-1]["content"] == SAID
    row = held.add_turn(sid, "assistant", "Oh,", {"status": "streaming"})
    held.update_turn_content(row["id"], "Oh, that sounds lovely.", {"status": "complete"})
    ran = []
    held.after_commit(lambda: ran.append(True))
    held.set_summary(sid, {"text": "never", "upto_id": 1})
    assert row["id"] == HELD_ID and len(store.turns(sid)) == 1 and not ran  # nothing written yet
    assert store.get_summary(sid) is None

    user = store.add_turn(sid, "user", SAID)  # the turn is confirmed: its user turn comes first
    held.commit()
    turns = store.turns(sid)
    assert [t["role"] for t in turns] == ["assistant", "user", "assistant"] and turns[1]["id"] == user["id"]
    assert turns[2]["content"] == "Oh, that sounds lovely." and turns[2]["meta"]["status"] == "complete"
    held.update_turn_content(HELD_ID, "Oh, that sounds lovely. Where?", {"status": "complete"})
    assert store.turns(sid)[2]["content"] == "Oh, that sounds lovely. Where?"  # later writes go through
    assert held.turns(sid) == store.turns(sid)  # the draft is no longer shown
    later = held.add_turn(sid, "assistant", "More", {})  # a row written after the commit…
    held.update_turn_content(later["id"], "More words", {})  # …is updated in place
    assert store.turns(sid)[-1]["content"] == "More words"
    assert held.delete_turn(later["id"]) and len(store.turns(sid)) == 3
    deadline = time.monotonic() + 5
    while not ran and time.monotonic() < deadline:
        time.sleep(0.01)
    assert ran  # the deferred summary update ran after the commit


def test_a_discarded_held_store_writes_nothing_ever(store):
    sid = session(store)
    held = HeldStore(store, sid, SAID)
    held.add_turn(sid, "assistant", "Oh, that", {})
    ran = []
    held.after_commit(lambda: ran.append(True))
    held.discard()
    held.update_turn_content(HELD_ID, "Oh, that sounds lovely.", {})
    held.commit()  # too late: discarded for good
    time.sleep(0.05)
    assert [t["role"] for t in store.turns(sid)] == ["assistant"] and not ran


# The worker -------------------------------------------------------------------------------------
def test_the_reply_starts_on_the_draft_and_is_kept_only_once_the_turn_is_confirmed(store, fake_llm):
    sid, bridge, worker, sink, draft = drafted(store, SAID)
    preempt = worker._preempt
    assert preempt is not None and preempt.user_text == SAID
    preempt.join(5)  # the whole reply arrived while the turn was still undecided
    assert len(fake_llm.requests) == 1  # the model was asked…
    assert len(store.turns(sid)) == 1 and not sink.spoken  # …but nothing is saved, nothing spoken

    job = end_turn(bridge, draft)
    worker.handle(job)
    turns = store.turns(sid)
    assert [t["role"] for t in turns] == ["assistant", "user", "assistant"]
    assert turns[1]["content"] == SAID and turns[2]["content"] == REPLY
    assert turns[2]["meta"]["status"] == "complete"
    assert len(fake_llm.requests) == 1  # not asked again
    assert job.timings.preempted and job.timings.first_token is not None
    assert "".join(sink.spoken).replace(" ", "") == REPLY.replace(" ", "")
    assert fake_llm.requests[0].body["messages"][-1]["content"] == SAID  # generated on the draft's words


def test_a_turn_confirmed_before_the_first_word_keeps_the_whole_reply(store, monkeypatch):
    with app_on_fake_model(monkeypatch, reply=REPLY, first_token_s=0.3, tokens_per_s=100) as server:
        sid, bridge, worker, _, draft = drafted(store, SAID)
        job = end_turn(bridge, draft)
        worker.handle(job)  # adopted at once: the reply's row is written after the commit
        assert job.timings.preempted and len(server.requests) == 1
        reply = store.turns(sid)[-1]
        assert reply["role"] == "assistant" and reply["content"] == REPLY
        assert reply["meta"]["status"] == "complete" and not reply["meta"]["partial"]


def test_the_draft_reply_is_dropped_when_the_user_goes_on(store, fake_llm):
    sid = session(store)
    bridge, worker, _ = setup(store, sid, "I went hiking in the mountains.", SAID + " It rained all day.")
    first = pause(bridge)
    worker.handle(first)
    preempt = worker._preempt
    assert preempt is not None
    deadline = time.monotonic() + 5
    while not fake_llm.requests and time.monotonic() < deadline:
        time.sleep(0.005)  # the model was asked on the first draft's words
    bridge._endpoint(True)  # the user goes on talking
    assert bridge.draft_abandoned(first.id)
    second = pause(bridge)  # …and pauses again
    worker.handle(second)
    preempt.join(5)
    assert preempt.cancel.is_set() and preempt.store.state == "dropped"
    worker.handle(end_turn(bridge, second))
    turns = store.turns(sid)
    assert [t["role"] for t in turns] == ["assistant", "user", "assistant"]  # no trace of the dropped reply
    assert turns[1]["content"] == SAID + " It rained all day."
    assert [r.body["messages"][-1]["content"] for r in fake_llm.requests] == [
        "I went hiking in the mountains.", SAID + " It rained all day."]


def test_no_draft_reply_for_words_that_stop_mid_sentence(store, fake_llm):
    sid = session(store)
    bridge, worker, _ = setup(store, sid, "The thing I enjoy most about")
    worker.handle(pause(bridge))
    assert worker._preempt is None and not fake_llm.requests


def test_a_turn_that_ends_on_other_words_gets_its_own_reply(store, fake_llm):
    sid, bridge, worker, _, draft = drafted(store, SAID, "Something else entirely.")
    preempt = worker._preempt
    job = end_turn(bridge, None)  # the turn ended without that draft (e.g. a forced cut)
    worker.handle(job)
    preempt.join(5)
    assert preempt.store.state == "dropped" and not job.timings.preempted
    turns = store.turns(sid)
    assert [t["content"] for t in turns[1:2]] == ["Something else entirely."]
    assert [t["role"] for t in turns] == ["assistant", "user", "assistant"]


def test_a_barge_in_stops_an_adopted_draft_reply(store, monkeypatch):
    long_reply = " ".join(["This is a long reply that keeps going."] * 30)
    with app_on_fake_model(monkeypatch, reply=long_reply, first_token_s=0.02, tokens_per_s=40) as server:
        sid, bridge, worker, sink, draft = drafted(store, SAID)
        job = end_turn(bridge, draft)
        done = threading.Event()
        threading.Thread(target=lambda: (worker.handle(job), done.set()), daemon=True).start()
        deadline = time.monotonic() + 5
        while not sink.spoken and time.monotonic() < deadline:
            time.sleep(0.01)
        bridge.barge_in()
        assert done.wait(5)
        assert server.tokens_sent < len(server.tokens())  # the model stopped writing
        # Nothing was played (this voice makes no sound), so the saved reply is cut to what was heard: none.
        assert [t["role"] for t in store.turns(sid)] == ["assistant", "user"]


def test_preemption_can_be_turned_off(store, fake_llm):
    sid = session(store)
    bridge, worker, _ = setup(store, sid, SAID)
    worker.preemptive = False
    draft = pause(bridge)
    worker.handle(draft)
    assert worker._preempt is None and not fake_llm.requests
    job = end_turn(bridge, draft)
    worker.handle(job)
    assert not job.timings.preempted and len(fake_llm.requests) == 1
    assert [t["role"] for t in store.turns(sid)] == ["assistant", "user", "assistant"]
