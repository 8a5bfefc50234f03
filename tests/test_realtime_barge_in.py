"""Barge-in that is real: echo, coughs and backchannels do not stop the bot; words do.

The bot's reply is real Piper speech in the playout, pulled one frame per incoming frame as the
WebRTC track would; the microphone hears the user, plus (in one test) the bot's own voice at −20 dB.
"""
from __future__ import annotations

import numpy as np

from services.realtime.bridge import GUARD_MS, Opening, Utterance, VoiceBridge
from services.realtime.frames import browser_frames, make_frame
from services.resample import resample

RATE = 48000


def speech(speak, text: str, rate: int = RATE) -> np.ndarray:
    pcm, r = speak(text)
    return resample(pcm, r, rate)


class Words:
    """Scripted transcription of speech over the bot."""

    def __init__(self, text: str):
        self.text, self.calls = text, 0

    def __call__(self, samples) -> str:
        self.calls += 1
        return self.text


def replying(speak, words=None, say_reply: bool = True) -> tuple[VoiceBridge, Utterance]:
    """A user turn ended; the bot is now saying a long reply (nothing played yet), or still writing it."""
    bridge = VoiceBridge(endpoint=None, words=words)
    for frame in browser_frames(np.zeros(RATE // 10, np.int16), RATE):
        bridge.on_frame(frame)
    bridge.finish(bridge.jobs.get().seq)  # the opening
    for frame in browser_frames(np.concatenate([speech(speak, "Tell me more."), np.zeros(2 * RATE, np.int16)]), RATE):
        bridge.on_frame(frame)
    job = bridge.jobs.get()
    while not isinstance(job, Utterance):
        job = bridge.jobs.get()
    assert bridge.start_reply(job.seq)
    bridge.playout.begin()
    if not say_reply:
        return bridge, job
    reply = "Sure. I started out as a backend engineer, and then I moved to data work for a few years."
    bridge.playout.push(speech(speak, reply), bridge.playout.segment(reply))
    return bridge, job


def talk(bridge: VoiceBridge, mic: np.ndarray, echo_db: float | None = None) -> None:
    """Real-time order: each 20 ms the track pulls one frame out and the microphone sends one in
    (the user's voice, plus the frame just played at `echo_db` when given)."""
    n = RATE // 50
    mic = np.pad(mic, (0, -len(mic) % n))
    for i in range(0, len(mic), n):
        out = bridge.playout.pull().astype(np.float32)
        heard = mic[i:i + n].astype(np.float32)
        if echo_db is not None:
            heard = heard + out * 10 ** (echo_db / 20)
        bridge.on_frame(make_frame(np.clip(heard, -32768, 32767).astype(np.int16), RATE))
        bridge.listener.wait_idle(5)


def quiet(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE), np.int16)


def test_the_bots_own_voice_at_minus_20_db_is_not_an_interruption(speak):
    bridge, job = replying(speak)
    talk(bridge, quiet(3.0), echo_db=-20)
    assert not bridge.interrupt.is_set() and bridge.playout.paused_at is None  # never even paused
    assert bridge.playout.audio_frames >= 140  # it kept talking the whole time
    assert bridge.jobs.empty()


def test_without_the_echo_check_the_same_echo_would_be_heard_as_speech(speak):
    """The test above can fail: the echo alone is loud enough for the VAD."""
    bridge, job = replying(speak)
    bridge._echo_ratio = 0.0
    talk(bridge, quiet(3.0), echo_db=-20)
    assert bridge.playout.paused_at is not None  # it stopped to listen to itself at least once


def test_a_backchannel_pauses_the_bot_for_a_moment_then_it_resumes(speak):
    words = Words("Mm-hmm.")
    bridge, job = replying(speak, words)
    talk(bridge, quiet(1.0))
    played = bridge.playout.segments()[0].played
    talk(bridge, np.concatenate([speech(speak, "Mm-hmm, right."), quiet(0.4)]))
    assert words.calls == 1
    assert not bridge.interrupt.is_set() and not bridge.interrupted(job.seq)
    assert bridge.false_interruptions == 1 and not bridge.playout.paused
    talk(bridge, quiet(0.5))
    assert bridge.playout.segments()[0].played > played  # going on from where it paused
    assert bridge.jobs.empty()  # the backchannel is not a turn
    assert bridge.snapshot()["timings"][-1]["barge-in → silence"] is None


def test_a_cough_with_no_words_does_not_stop_the_bot(speak):
    bridge, job = replying(speak, Words(""))
    talk(bridge, quiet(1.0))
    rng = np.random.default_rng(1)
    cough = (rng.standard_normal(int(0.45 * RATE)) * 6000 * np.hanning(int(0.45 * RATE))).astype(np.int16)
    talk(bridge, np.concatenate([cough, quiet(0.6)]))
    assert not bridge.interrupt.is_set() and not bridge.playout.paused
    assert bridge.jobs.empty()


def test_real_words_stop_the_bot_and_become_the_next_turn(speak):
    words = Words("Wait, can I ask something about that?")
    bridge, job = replying(speak, words)
    talk(bridge, quiet(1.0))
    talk(bridge, speech(speak, "Wait, can I ask something about that?"))
    assert bridge.interrupt.is_set() and bridge.interrupted(job.seq)
    assert not bridge.playout.busy
    assert bridge.current_timings.barge_in is not None and bridge.playout.silent_at is not None
    assert bridge.playout.silent_at - bridge.current_timings.barge_in <= 0.04  # silent at the next frame
    talk(bridge, quiet(1.7))
    turns = [j for j in list(bridge.jobs.queue) if isinstance(j, Utterance)]
    assert len(turns) == 1 and turns[0].seq > job.seq


def test_the_first_moments_of_a_reply_cannot_be_talked_over(speak):
    bridge, job = replying(speak)  # no words: duration alone would decide
    mic = speech(speak, "Sorry, one more thing.")
    onset = int(np.argmax(np.abs(mic) > 2000))
    talk(bridge, mic[onset:onset + int(GUARD_MS / 1000 * RATE)])  # speech only during the guard
    assert not bridge.playout.paused and not bridge.interrupt.is_set()
    talk(bridge, quiet(0.5))
    assert bridge.jobs.empty()


def test_words_over_the_bot_are_heard_with_a_backchannel_hint_and_silence_is_no_words():
    from core.errors import StageError
    from services.realtime.pipeline import BACKCHANNEL_PROMPTS, speech_words

    seen = []

    def transcribe(samples, language, prompt):
        seen.append((samples.dtype, language, prompt))
        if not samples.any():
            raise StageError("stt", "no_speech", "nothing")
        return " Mm-hmm. "

    words = speech_words(transcribe, "en")
    assert words(np.ones(1600, np.int16)) == "Mm-hmm."
    assert words(np.zeros(1600, np.int16)) == ""  # a cough the recognizer hears no words in
    assert seen[0] == (np.float32, "en", BACKCHANNEL_PROMPTS["en"])
    speech_words(transcribe, "fr")(np.ones(10, np.int16))
    assert seen[-1][2] is None  # no hint in other languages


def test_the_rest_of_an_answer_said_while_the_coach_thinks_stops_the_reply_and_is_the_next_turn(speak):
    """The turn ended at a pause and the user goes on before any reply is heard: the reply stops, the rest is a
    turn of its own (the coach joins the two, core.cues.latest_answer; tests/test_realtime_pipeline.py)."""
    words = Words("and bought some fish at the harbour.")
    bridge, job = replying(speak, words, say_reply=False)  # still thinking: nothing played yet
    talk(bridge, speech(speak, "And bought some fish at the harbour."))
    assert bridge.interrupted(job.seq) and words.calls == 1
    talk(bridge, quiet(1.7))
    turns = [j for j in list(bridge.jobs.queue) if isinstance(j, Utterance)]
    assert len(turns) == 1 and turns[0].seq > job.seq
