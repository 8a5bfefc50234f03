"""services.realtime.bridge: turn-taking and barge-in on synthetic browser frames (48 kHz stereo s16)."""
from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from services.realtime.bridge import HEARING, IDLE, LISTENING, THINKING, Draft, Opening, Utterance, VoiceBridge
from core.unheard import HINT_MS, cannot_hear, unheard_ms
from services.realtime.frames import browser_frames

RATE = 48000


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE), np.int16)


def tone(seconds: float, freq: float = 220.0) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return (6000 * np.sin(2 * np.pi * freq * t)).astype(np.int16)


def speech(speak, text: str = "I went hiking in the mountains last weekend with my brother.") -> np.ndarray:
    from services.realtime.pipeline import resample

    pcm, rate = speak(text)
    return resample(pcm, rate, RATE)


def feed(bridge: VoiceBridge, samples: np.ndarray) -> int:
    frames = list(browser_frames(samples, RATE))
    for frame in frames:
        bridge.on_frame(frame)
    return len(frames)


def jobs(bridge: VoiceBridge, release: bool = True, drafts: list | None = None) -> list:
    """Take the queued turn jobs (early-STT drafts go to `drafts`); with `release`, play the
    worker that finishes them at once."""
    out = []
    while not bridge.jobs.empty():
        job = bridge.jobs.get()
        if isinstance(job, Draft):
            if drafts is not None:
                drafts.append(job)
            continue
        out.append(job)
        if release:
            bridge.finish(job.seq)
    return out


@pytest.fixture
def bridge():
    b = VoiceBridge(endpoint=None)  # silence alone (the fallback); the model path: test_realtime_endpoint.py
    feed(b, silence(0.1))  # the call connects
    [opening] = jobs(b)
    assert isinstance(opening, Opening)
    return b


def test_the_first_frame_opens_the_call():
    b = VoiceBridge(endpoint=None)  # silence alone (the fallback); the model path: test_realtime_endpoint.py
    assert b.snapshot()["state"] == IDLE
    feed(b, silence(0.04))
    assert b.snapshot()["state"] == THINKING  # the coach may speak first
    [job] = jobs(b)
    assert isinstance(job, Opening)
    assert b.snapshot()["state"] == LISTENING


def test_end_of_turn_after_the_default_silence_with_preroll(bridge, speak):
    words = speech(speak)
    feed(bridge, np.concatenate([silence(0.5), words]))
    assert bridge.snapshot()["state"] == HEARING
    feed(bridge, silence(1.3))
    assert jobs(bridge, release=False) == []  # 1.3 s of silence is still a pause
    feed(bridge, silence(0.3))
    [job] = jobs(bridge, release=False)
    assert isinstance(job, Utterance)
    assert bridge.snapshot()["state"] == THINKING
    assert job.timings.end_of_turn - job.timings.end_of_speech == pytest.approx(1.5)
    seconds = len(job.samples) / 16000
    assert len(words) / RATE + 0.3 < seconds < len(words) / RATE + 0.8  # pre-roll + speech + 300 ms tail
    head = np.abs(job.samples[:int(0.2 * 16000)]).max()
    assert head < 300  # the pre-roll is the quiet just before the first word…
    assert np.abs(job.samples[int(0.5 * 16000):int(1.0 * 16000)]).max() > 3000  # …then the words


def test_end_of_turn_silence_is_adjustable(bridge, speak):
    words = speech(speak, "Yes, absolutely.")
    bridge.set_end_silence(500)
    feed(bridge, np.concatenate([words, silence(0.6)]))
    assert len(jobs(bridge)) == 1
    bridge.set_end_silence(3000)
    feed(bridge, np.concatenate([words, silence(2.5)]))
    assert jobs(bridge) == []
    feed(bridge, silence(0.6))
    assert len(jobs(bridge)) == 1
    for bad in (100, 7000):
        with pytest.raises(ValueError):
            bridge.set_end_silence(bad)
    bridge.set_end_silence(5000)  # with the end-of-turn model: the wait after an unfinished sentence
    assert bridge.detector.end_silence_ms == 3000


def test_a_short_pause_stays_in_the_turn(bridge, speak):
    first, second = speech(speak, "Well."), speech(speak, "I think so.")
    feed(bridge, np.concatenate([first, silence(0.8), second, silence(1.6)]))
    [job] = jobs(bridge)
    assert len(job.samples) / 16000 > (len(first) + len(second)) / RATE + 0.8


def bot_speaks(bridge: VoiceBridge, speak) -> Utterance:
    """A user turn, then the bot holds the floor with 3 s of queued speech, partly played."""
    feed(bridge, np.concatenate([speech(speak, "Tell me more."), silence(1.6)]))
    [job] = jobs(bridge, release=False)
    assert bridge.start_reply(job.seq)
    bridge.playout.begin()
    bridge.playout.push(tone(3.0, 330), bridge.playout.segment("A rather long answer, that goes on."))
    for _ in range(60):  # 1.2 s of the 3 s are played: 40 % of the 7 words
        assert np.abs(bridge.playout.pull()).max() > 0
    return job


def test_barge_in_flushes_queued_audio_within_one_frame(bridge, speak):
    job = bot_speaks(bridge, speak)
    frames = list(browser_frames(np.concatenate([silence(0.1), speech(speak, "Sorry, one more thing.")]), RATE))
    fired_at = None
    for i, frame in enumerate(frames):
        bridge.on_frame(frame)
        if bridge.interrupt.is_set():
            fired_at = i
            break
    assert fired_at is not None and fired_at >= 5 + 15  # 300 ms of speech after the 100 ms gap
    assert not bridge.playout.busy  # flushed at once…
    assert not bridge.playout.pull().any()  # …so the very next frame is silent
    assert bridge.playout.silent_at is not None
    assert bridge.interrupted(job.seq) and not bridge.start_reply(job.seq)
    assert bridge.snapshot()["state"] == HEARING  # the interruption is the next user turn
    assert bridge.snapshot()["bot"] == "A rather—" and bridge.snapshot()["bot_cut"]  # what was heard
    assert bridge.snapshot()["timings"][-1]["turn"] == job.seq
    assert not bridge.playout.push(tone(0.1), bridge.playout.segment("late audio"))  # refused until begin()


def test_short_speech_over_the_bot_is_not_a_barge_in(bridge, speak):
    bot_speaks(bridge, speak)
    words = speech(speak, "Sorry, one more thing.")
    onset = int(np.argmax(np.abs(words) > 2000))
    blip = words[onset:onset + int(0.2 * RATE)]  # 200 ms of real speech: less than the 300 ms needed
    feed(bridge, np.concatenate([blip, silence(0.5)]))
    assert not bridge.interrupt.is_set()
    assert bridge.playout.busy
    assert jobs(bridge, release=False) == []  # and no turn either: an echo guard


def test_speech_while_the_bot_is_thinking_interrupts_it(bridge, speak):
    feed(bridge, np.concatenate([speech(speak, "Tell me more."), silence(1.6)]))
    [first] = jobs(bridge, release=False)
    feed(bridge, np.concatenate([speech(speak, "Actually, wait."), silence(1.6)]))
    assert bridge.interrupted(first.seq)
    [second] = jobs(bridge, release=False)
    assert second.seq > first.seq and not bridge.interrupted(second.seq)
    bridge.finish(first.seq)  # the stale job ending does not give the floor back
    assert bridge.snapshot()["state"] == THINKING


def test_sessions_never_share_audio_or_flags(speak):
    a, b = VoiceBridge(endpoint=None), VoiceBridge(endpoint=None)
    assert a.interrupt is not b.interrupt and a.playout is not b.playout
    for x in (a, b):
        feed(x, silence(0.1))
        jobs(x)
    bot_speaks(a, speak)
    bot_speaks(b, speak)
    feed(a, np.concatenate([speech(speak, "Sorry, one more thing."), silence(0.2)]))
    assert a.interrupt.is_set() and not a.playout.busy
    assert not b.interrupt.is_set() and b.playout.busy
    assert b.snapshot()["state"] != HEARING and jobs(b, release=False) == []


def test_hang_up_stops_the_reply_and_the_next_frame_reconnects(bridge, speak):
    job = bot_speaks(bridge, speak)
    bridge.hang_up()
    assert bridge.snapshot()["state"] == IDLE
    assert bridge.interrupt.is_set() and bridge.interrupted(job.seq) and not bridge.playout.busy
    feed(bridge, silence(0.04))
    assert isinstance(jobs(bridge)[0], Opening)


def test_the_frame_path_does_not_allocate_per_frame(bridge, speak):
    frames = list(browser_frames(np.concatenate([speech(speak), silence(1.0), speech(speak, "Tell me more.")]), RATE))
    for frame in frames[:50]:
        bridge.on_frame(frame)  # warm up
    tracemalloc.start()
    before, _ = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    for frame in frames[50:]:
        bridge.on_frame(frame)
    drafts: list = []
    turns = jobs(bridge, drafts=drafts)  # per pause / per turn: one copy of the utterance each
    after, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(frames) > 200
    copies = sum(j.samples.nbytes for j in turns + drafts)
    assert after - before - copies < 20_000  # nothing kept per frame (the utterance buffer is preallocated)
    assert peak - before < copies + 64_000  # and only small temporaries while working


def test_a_pause_starts_early_transcription_of_exactly_the_turn_audio(bridge, speak):
    words = speech(speak)
    feed(bridge, np.concatenate([words, silence(0.5)]))
    drafts: list = []
    assert jobs(bridge, release=False, drafts=drafts) == [] and len(drafts) == 1
    assert bridge.draft_is_current(drafts[0].id)
    feed(bridge, silence(1.2))
    [job] = jobs(bridge)
    assert job.draft == drafts[0].id  # no speech since: the draft's transcript is the turn's
    assert np.array_equal(job.samples, drafts[0].samples)


def test_speech_after_the_pause_makes_the_draft_stale(bridge, speak):
    feed(bridge, np.concatenate([speech(speak, "Well."), silence(0.6)]))
    drafts: list = []
    jobs(bridge, release=False, drafts=drafts)
    feed(bridge, speech(speak, "I think so."))
    assert not bridge.draft_is_current(drafts[0].id)
    feed(bridge, silence(1.6))
    [job] = jobs(bridge, drafts=drafts)
    assert len(drafts) == 2 and job.draft == drafts[1].id  # the second pause made a fresh one
    assert len(job.samples) > len(drafts[0].samples)


def test_the_input_meter_rises_with_sound_and_falls_back_in_silence(bridge):
    """The page's live input-level meter (issue 29: a newcomer saw no sign the microphone worked)."""
    assert bridge.snapshot()["level"] < 0.05  # the connecting silence
    feed(bridge, tone(0.3))
    loud = bridge.snapshot()["level"]
    assert loud > 0.5
    feed(bridge, silence(0.3))
    assert bridge.snapshot()["level"] < 0.05 < loud


def test_frames_with_no_speech_count_towards_the_cannot_hear_you_hint(bridge, speak):
    """Seconds of frames on the user's floor with no speech; 0 as soon as speech arrives."""
    feed(bridge, silence(2.0))
    assert bridge.snapshot()["unheard_ms"] == pytest.approx(2000, abs=40)  # (the 0.1 s that connected was the coach's)
    feed(bridge, speech(speak))
    assert bridge.snapshot()["unheard_ms"] == 0
    feed(bridge, silence(3.0))
    assert bridge.snapshot()["unheard_ms"] == 0  # a pause after speaking is not a dead microphone


def test_the_hint_counts_again_on_every_later_silent_turn_and_stops_when_speech_arrives(bridge, speak):
    """Issue 29: the hint came only when nothing at all had been heard in the call; a microphone that dies
    after the first answer left the page "Listening" forever."""
    feed(bridge, speech(speak))
    feed(bridge, silence(2.0))  # the turn ends: the coach has the floor, then replies and hands it back
    [turn] = jobs(bridge)
    assert isinstance(turn, Utterance) and bridge.snapshot()["unheard_ms"] == 0
    feed(bridge, silence(6.0))  # the coach listens for the next answer and hears nothing
    assert bridge.snapshot()["unheard_ms"] == pytest.approx(6000, abs=40)
    assert cannot_hear(bridge.snapshot()["unheard_ms"])
    feed(bridge, speech(speak)[: RATE // 2])  # half a second of speech: the hint goes
    assert bridge.snapshot()["unheard_ms"] == 0 and not cannot_hear(bridge.snapshot()["unheard_ms"])


def test_the_unheard_count_grows_only_while_the_coach_listens_with_no_speech():
    count = 0
    for _ in range(5):
        count = unheard_ms(count, 20, speech=False, in_turn=False, coach_has_floor=False)
    assert count == 100
    assert unheard_ms(count, 20, speech=True, in_turn=False, coach_has_floor=False) == 0  # speech arrives
    assert unheard_ms(count, 20, speech=False, in_turn=True, coach_has_floor=False) == 0  # a pause in a turn
    assert unheard_ms(count, 20, speech=False, in_turn=False, coach_has_floor=True) == 0  # the coach's turn
    assert not cannot_hear(HINT_MS - 20) and cannot_hear(HINT_MS)


def test_time_while_the_coach_holds_the_floor_is_not_unheard():
    b = VoiceBridge(endpoint=None)
    feed(b, silence(2.0))  # the coach's greeting is being prepared and spoken: the user is listening
    assert b.snapshot()["unheard_ms"] == 0
    jobs(b)
    feed(b, silence(1.0))
    assert b.snapshot()["unheard_ms"] == pytest.approx(1000, abs=40)
